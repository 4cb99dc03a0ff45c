package postgres

import (
	"errors"
	"fmt"
	"log/slog"
	"strings"

	"github.com/lib/pq"
)

// RedactAttr is a slog ReplaceAttr function that keeps the personal data PostgreSQL quotes out of
// the log. A *pq.Error's message may quote the value it refused (`invalid input syntax for type
// integer: "…"`), and its Detail, Where and Hint the row it was writing (`Failing row contains (…)`,
// `Key (email)=(…) already exists`). RedactAttr writes every error attribute whose chain holds a
// *pq.Error with that part replaced by the error's code, condition name and schema names only.
func RedactAttr(_ []string, a slog.Attr) slog.Attr {
	if a.Value.Kind() != slog.KindAny {
		return a
	}
	err, ok := a.Value.Any().(error)
	if !ok {
		return a
	}
	if s, ok := redact(err); ok {
		return slog.String(a.Key, s)
	}
	return a
}

// RedactError returns err's text without what PostgreSQL quoted of the data (see RedactAttr).
func RedactError(err error) string {
	if s, ok := redact(err); ok {
		return s
	}
	return err.Error()
}

func redact(err error) (string, bool) {
	var pqErr *pq.Error
	if !errors.As(err, &pqErr) {
		return "", false
	}
	safe := describe(pqErr)
	text := err.Error()
	if full := pqErr.Error(); full != "" && strings.Contains(text, full) {
		return strings.ReplaceAll(text, full, safe), true
	}
	// The chain does not show the driver's text as such: keep only the wrappers' own words.
	return safe, true
}

// describe names a PostgreSQL error by what is safe to log: SQLSTATE, condition and schema names.
func describe(e *pq.Error) string {
	var b strings.Builder
	fmt.Fprintf(&b, "pq: %s (SQLSTATE %s)", e.Code.Name(), e.Code)
	for _, kv := range [][2]string{{"table", e.Table}, {"column", e.Column}, {"constraint", e.Constraint}, {"routine", e.Routine}} {
		if kv[1] != "" {
			fmt.Fprintf(&b, " %s=%s", kv[0], kv[1])
		}
	}
	return b.String()
}
