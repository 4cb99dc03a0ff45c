package demo_test

import (
	"context"
	"testing"

	"github.com/jmoiron/sqlx"
)

// checkDemoRetention: the loaded demo has files due for destruction today, exactly one of them on
// hold with its reason, and one handled file that went on to the ombudsman (kept 10 years).
func checkDemoRetention(t *testing.T, db *sqlx.DB, today string) {
	t.Helper()
	var due, held, ombudsman int
	err := db.QueryRowContext(context.Background(), `SELECT
		(SELECT count(*) FROM complaints WHERE destroy_on <= $1::date),
		(SELECT count(*) FROM complaints WHERE destroy_on <= $1::date AND hold_reason <> ''),
		(SELECT count(*) FROM complaints WHERE retention_category = 'ombudsman' AND ombudsman_on IS NOT NULL)`, today).
		Scan(&due, &held, &ombudsman)
	if err != nil {
		t.Fatal(err)
	}
	if due < 3 || held != 1 || ombudsman != 1 {
		t.Errorf("demo retention: %d due, %d of them on hold, %d via the ombudsman; want at least 3, 1 and 1", due, held, ombudsman)
	}
}
