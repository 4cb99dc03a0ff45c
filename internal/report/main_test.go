package report_test

import (
	"testing"

	"meldpunt/internal/pgtest"
)

// TestMain runs the package's tests against a real PostgreSQL (a throw-away cluster, or
// TEST_DATABASE_URL), one fresh database per test.
func TestMain(m *testing.M) { pgtest.Main(m) }
