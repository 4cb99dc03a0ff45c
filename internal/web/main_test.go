package web_test

import (
	"testing"

	"meldpunt/internal/pgtest"
)

// TestMain runs every test of the package (package web and package web_test) against a real
// PostgreSQL: a throw-away cluster, or TEST_DATABASE_URL.
func TestMain(m *testing.M) { pgtest.Main(m) }
