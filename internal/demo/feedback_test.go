package demo_test

import (
	"context"
	"testing"

	"github.com/jmoiron/sqlx"
)

// checkDemoFeedback: residents of the loaded demo answered after the ruling with every answer and
// several scores; exactly one "not carried out" report waits on the worklist and others were dealt
// with, each with its note.
func checkDemoFeedback(t *testing.T, db *sqlx.DB) {
	t.Helper()
	var answers, scores, kinds, open, dealt, notes int
	err := db.QueryRowContext(context.Background(), `SELECT
		(SELECT count(*) FROM feedback),
		(SELECT count(DISTINCT satisfaction) FROM feedback),
		(SELECT count(DISTINCT carried_out) FROM feedback_advices),
		(SELECT count(*) FROM feedback WHERE reported_at IS NOT NULL AND dealt_with_at IS NULL),
		(SELECT count(*) FROM feedback WHERE dealt_with_at IS NOT NULL),
		(SELECT count(*) FROM feedback WHERE dealt_with_at IS NOT NULL AND dealt_with_note <> '')`).
		Scan(&answers, &scores, &kinds, &open, &dealt, &notes)
	if err != nil {
		t.Fatal(err)
	}
	if answers < 10 || scores < 4 || kinds != 4 || open != 1 || dealt < 1 || notes != dealt {
		t.Errorf("demo feedback: %d answers, %d scores, %d kinds of answer, %d reports open, %d dealt with (%d with a note)",
			answers, scores, kinds, open, dealt, notes)
	}
	t.Logf("demo feedback: %d answers, %d reports dealt with", answers, dealt)
}
