package postgres_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"meldpunt/internal/pgtest"
	"meldpunt/internal/postgres"
)

// TestLoggedErrorsDropQuotedData: errors PostgreSQL raises quote what they refused, in the message
// and in the detail; logged through RedactAttr they keep the SQLSTATE and the schema names, not
// the data.
func TestLoggedErrorsDropQuotedData(t *testing.T) {
	db := pgtest.NewDB(t)
	ctx := context.Background()
	const secret = "jan.jansen@voorbeeld.nl"
	if _, err := db.ExecContext(ctx, `CREATE TEMP TABLE people (email text UNIQUE CHECK (email NOT LIKE '%@%'))`); err != nil {
		t.Fatal(err)
	}
	var errs []error
	_, err := db.ExecContext(ctx, `SELECT $1::integer`, secret)
	errs = append(errs, err)
	_, err = db.ExecContext(ctx, `INSERT INTO people (email) VALUES ($1)`, secret) // Detail: Failing row contains (…)
	errs = append(errs, err)
	_, err = db.ExecContext(ctx, `SELECT $1::date`, "0000-01-01 "+secret)
	errs = append(errs, err)
	quoted := 0
	for i, err := range errs {
		if err == nil {
			t.Fatalf("query %d did not fail", i)
		}
		wrapped := fmt.Errorf("file complaint: %w", err)
		if strings.Contains(wrapped.Error(), "jansen") {
			quoted++
		}
		var buf bytes.Buffer
		log := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{ReplaceAttr: postgres.RedactAttr}))
		log.Error("request failed", "err", wrapped)
		out := buf.String()
		if strings.Contains(out, "jansen") {
			t.Errorf("the log quotes the data: %s", out)
		}
		if !strings.Contains(out, "file complaint: pq: ") || !strings.Contains(out, "SQLSTATE") {
			t.Errorf("the log lost what failed: %s", out)
		}
		if got := postgres.RedactError(wrapped); strings.Contains(got, "jansen") {
			t.Errorf("RedactError quotes the data: %s", got)
		}
	}
	if quoted == 0 {
		t.Fatal("no driver error quoted the value: this test shows nothing")
	}
	// Errors that are not PostgreSQL's pass unchanged.
	var buf bytes.Buffer
	slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{ReplaceAttr: postgres.RedactAttr})).
		Error("x", "err", fmt.Errorf("render letter: %w", context.Canceled))
	if !strings.Contains(buf.String(), "render letter: context canceled") {
		t.Errorf("a plain error changed: %s", buf.String())
	}
}
