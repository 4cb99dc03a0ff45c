package loadtest_test

import (
	"testing"

	"meldpunt/internal/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }
