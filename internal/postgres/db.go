// Package postgres is the meldpunt's storage: all SQL lives here, beside the method that runs it.
// Public methods own their transaction; lowercase helpers take the *sqlx.Tx. Every state change is a
// compare-and-set on the status, written with its audit event in one transaction.
package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"

	"meldpunt/internal/casework"
	"meldpunt/internal/secret"
	"meldpunt/internal/term"
	"meldpunt/migrations"
)

// Terms configures the legal terms.
type Terms struct {
	// HandlingDays is the meldpunt's own term to rule, counted from receipt (Awb 9:11: six weeks).
	HandlingDays int
	// AdviceDays is the organisation's term to respond to binding advice.
	AdviceDays int
	// Termijnenwet applies the Algemene termijnenwet to both terms.
	Termijnenwet bool
}

// DefaultTerms are the terms of DOMAIN.md: six weeks to rule, two weeks to respond, Termijnenwet on.
var DefaultTerms = Terms{HandlingDays: 42, AdviceDays: 14, Termijnenwet: true}

// DB is the meldpunt's store.
type DB struct {
	db    *sqlx.DB
	now   func() time.Time
	terms Terms
	// sealer encrypts the keys of two-step sign-in; nil stores them as they are (SetSealer).
	sealer *secret.Sealer
}

// SetSealer makes the store encrypt the keys of two-step sign-in with s from now on (nil: store
// them as they are). Keys stored earlier without encryption are still read.
func (db *DB) SetSealer(s *secret.Sealer) { db.sealer = s }

// New returns a store on db; now is the clock every time-dependent rule reads. Its readings are
// cut to microseconds, PostgreSQL's resolution, so that what a rule decided on is what is stored.
func New(db *sqlx.DB, now func() time.Time, terms Terms) *DB {
	return &DB{db: db, now: func() time.Time { return now().Truncate(time.Microsecond) }, terms: terms}
}

// Open connects to the database at url with a pool of at most maxConns connections.
func Open(ctx context.Context, url string, maxConns int) (*sqlx.DB, error) {
	db, err := sqlx.Open("postgres", url)
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	db.SetMaxOpenConns(maxConns)
	db.SetMaxIdleConns(maxConns)
	db.SetConnMaxIdleTime(5 * time.Minute)
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("connect to database: %w", err)
	}
	return db, nil
}

// SQL returns the underlying connection pool.
func (db *DB) SQL() *sqlx.DB { return db.db }

// Now returns the store's clock reading.
func (db *DB) Now() time.Time { return db.now() }

// Terms returns the configured terms.
func (db *DB) Terms() Terms { return db.terms }

func provider(db *sql.DB) (*goose.Provider, error) {
	locker, err := lock.NewPostgresSessionLocker()
	if err != nil {
		return nil, err
	}
	return goose.NewProvider(goose.DialectPostgres, db, migrations.FS, goose.WithSessionLocker(locker))
}

// Migrate brings the schema up to date. Several processes may call it at once: a session lock
// serialises them.
func Migrate(ctx context.Context, db *sql.DB) (applied []string, err error) {
	p, err := provider(db)
	if err != nil {
		return nil, fmt.Errorf("prepare migrations: %w", err)
	}
	results, err := p.Up(ctx)
	if err != nil {
		return nil, fmt.Errorf("migrate: %w", err)
	}
	for _, r := range results {
		applied = append(applied, r.Source.Path)
	}
	return applied, nil
}

// SchemaVersion returns the schema version of the database and the newest version this binary knows.
func SchemaVersion(ctx context.Context, db *sql.DB) (current, target int64, err error) {
	p, err := goose.NewProvider(goose.DialectPostgres, db, migrations.FS)
	if err != nil {
		return 0, 0, fmt.Errorf("prepare migrations: %w", err)
	}
	return p.GetVersions(ctx)
}

// CheckSchema returns an error unless the schema is exactly the version this binary expects.
func CheckSchema(ctx context.Context, db *sql.DB) error {
	current, target, err := SchemaVersion(ctx, db)
	if err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	if current != target {
		return fmt.Errorf("database schema is at version %d, this binary needs %d: run `meldpunt migrate`", current, target)
	}
	return nil
}

// Ready reports whether the database answers and the schema is current.
func (db *DB) Ready(ctx context.Context) error {
	if err := db.db.PingContext(ctx); err != nil {
		return fmt.Errorf("ping database: %w", err)
	}
	return CheckSchema(ctx, db.db.DB)
}

// inTx runs fn in a transaction that is committed when fn returns nil.
func (db *DB) inTx(ctx context.Context, fn func(tx *sqlx.Tx) error) error {
	tx, err := db.db.BeginTxx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return mapError(fmt.Errorf("commit: %w", err))
	}
	return nil
}

// mapError turns driver errors that mean something to the user into domain errors.
func mapError(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, sql.ErrNoRows) {
		return casework.Errorf(casework.CodeNotFound, "Not found.")
	}
	var pqErr *pq.Error
	if errors.As(err, &pqErr) {
		switch pqErr.Code {
		case "23505": // unique_violation
			return &casework.Error{Code: casework.CodeConflict, Message: "This already exists."}
		case "40001", "40P01": // serialization_failure, deadlock_detected
			return &casework.Error{Code: casework.CodeConflict, Message: "Another change happened at the same time; try again."}
		case "23503": // foreign_key_violation
			return &casework.Error{Code: casework.CodeValidation, Message: "A referenced record does not exist."}
		}
	}
	return err
}

// calendar returns the term calendar with the equated days stored in the database.
func (db *DB) calendar(ctx context.Context, q sqlx.QueryerContext) (term.Calendar, error) {
	var rows []struct {
		Day   time.Time `db:"day"`
		Label string    `db:"label"`
	}
	if err := sqlx.SelectContext(ctx, q, &rows, `SELECT day, label FROM equated_days`); err != nil {
		return term.Calendar{}, fmt.Errorf("load equated days: %w", err)
	}
	cal := term.Calendar{Termijnenwet: db.terms.Termijnenwet, Equated: make(map[term.Date]string, len(rows))}
	for _, r := range rows {
		cal.Equated[term.NewDate(r.Day.Year(), r.Day.Month(), r.Day.Day())] = r.Label
	}
	return cal, nil
}

// Calendar returns the term calendar in force.
func (db *DB) Calendar(ctx context.Context) (term.Calendar, error) { return db.calendar(ctx, db.db) }

// EquatedDay is a day equated to a holiday by Royal Decree.
type EquatedDay struct {
	Day   term.Date `json:"day" db:"day"`
	Label string    `json:"label" db:"label"`
}

// EquatedDays lists the equated days in date order.
func (db *DB) EquatedDays(ctx context.Context) ([]EquatedDay, error) {
	days := []EquatedDay{}
	err := db.db.SelectContext(ctx, &days, `SELECT day, label FROM equated_days ORDER BY day`)
	return days, err
}

// AddEquatedDay records a day equated to a holiday; a day already known gets the new label.
func (db *DB) AddEquatedDay(ctx context.Context, d EquatedDay) error {
	var v casework.Validator
	today := term.LocalDate(db.now())
	if d.Day.IsZero() {
		v.Add("day", "must be a date as YYYY-MM-DD")
	} else if d.Day.Before(today.AddDays(-366)) || d.Day.After(today.AddDays(5*366)) {
		// Equated days are decreed a few years ahead at most; one far off is a typing error.
		v.Add("day", "must lie between a year ago and five years ahead")
	}
	casework.CheckText(&v, "label", d.Label, true, casework.MaxShortText)
	if err := v.Err(); err != nil {
		return err
	}
	_, err := db.db.ExecContext(ctx, `
		INSERT INTO equated_days (day, label, created_at) VALUES ($1, $2, $3)
		ON CONFLICT (day) DO UPDATE SET label = EXCLUDED.label`, d.Day, d.Label, db.now())
	return mapError(err)
}
