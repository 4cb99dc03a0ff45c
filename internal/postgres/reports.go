package postgres

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"meldpunt/internal/casework"
)

// ReportState is what staff decided about one year's report: the closing text and whether the
// report is final. A year nobody touched yet has the zero state.
type ReportState struct {
	Year        int        `json:"year" db:"year"`
	ClosingNL   string     `json:"closing_nl" db:"closing_nl"`
	ClosingEN   string     `json:"closing_en" db:"closing_en"`
	UpdatedAt   *time.Time `json:"updated_at,omitempty" db:"updated_at"`
	FinalisedAt *time.Time `json:"finalised_at,omitempty" db:"finalised_at"`
	// Figures are the figures frozen when the report was finalised (JSON of
	// casework.AnnualFigures); nil before.
	Figures []byte `json:"-" db:"figures"`
}

// Final reports whether the report has been finalised.
func (s ReportState) Final() bool { return s.FinalisedAt != nil }

// Closing returns the closing text in lang; the English edition falls back to the Dutch text.
func (s ReportState) Closing(lang casework.Language) string {
	if lang == casework.LanguageEnglish && s.ClosingEN != "" {
		return s.ClosingEN
	}
	return s.ClosingNL
}

// ReportState returns the state of year's report.
func (db *DB) ReportState(ctx context.Context, year int) (ReportState, error) {
	s := ReportState{Year: year}
	err := db.db.GetContext(ctx, &s, `
		SELECT year, closing_nl, closing_en, updated_at, finalised_at, figures FROM annual_reports WHERE year = $1`, year)
	if errors.Is(err, sql.ErrNoRows) {
		return ReportState{Year: year}, nil
	}
	return s, err
}

// SetClosingText stores the meldpunt's closing text of year's report in one language. A final
// report's text cannot change.
func (db *DB) SetClosingText(ctx context.Context, actor casework.Actor, year int, c casework.ClosingText) (ReportState, error) {
	return db.SetClosingTexts(ctx, actor, year, c)
}

// SetClosingTexts stores closing texts of year's report (one per language) in one transaction:
// all are stored or none. A final report's text cannot change.
func (db *DB) SetClosingTexts(ctx context.Context, actor casework.Actor, year int, texts ...casework.ClosingText) (ReportState, error) {
	for _, c := range texts {
		if err := c.Validate(); err != nil {
			return ReportState{}, err
		}
	}
	var s ReportState
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		now := db.now()
		if _, err := tx.ExecContext(ctx, `
			INSERT INTO annual_reports (year, updated_at, updated_by) VALUES ($1, $2, $3)
			ON CONFLICT (year) DO NOTHING`, year, now, userID(actor)); err != nil {
			return fmt.Errorf("report state: %w", err)
		}
		for _, c := range texts {
			column := "closing_nl"
			if c.Language == casework.LanguageEnglish {
				column = "closing_en"
			}
			// Blank is no text: a report cannot be finalised on spaces.
			res, err := tx.ExecContext(ctx, `UPDATE annual_reports SET `+column+` = $2, updated_at = $3, updated_by = $4
				WHERE year = $1 AND finalised_at IS NULL`, year, strings.TrimSpace(c.Text), now, userID(actor))
			if err != nil {
				return fmt.Errorf("closing text: %w", err)
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return casework.Errorf(casework.CodeInvalidTransition, "The report on %d is final; its closing text can no longer change.", year)
			}
		}
		return tx.GetContext(ctx, &s, `SELECT year, closing_nl, closing_en, updated_at, finalised_at
			FROM annual_reports WHERE year = $1`, year)
	})
	return s, err
}

// FinaliseReport marks year's report final: the closing text and the figures as they are now are
// fixed, and every later generation is a final edition of those. Only a year that has ended, with a
// Dutch closing text, can be finalised.
func (db *DB) FinaliseReport(ctx context.Context, actor casework.Actor, year int) (ReportState, error) {
	var s ReportState
	if _, end := yearBounds(year); db.now().Before(end) {
		return s, casework.Errorf(casework.CodeInvalidTransition, "The year %d has not ended; its report can be finalised from 1 January %d.", year, year+1)
	}
	figures, err := db.AnnualFigures(ctx, year)
	if err != nil {
		return s, err
	}
	frozen, err := json.Marshal(figures)
	if err != nil {
		return s, fmt.Errorf("figures: %w", err)
	}
	err = db.inTx(ctx, func(tx *sqlx.Tx) error {
		now := db.now()
		err := tx.GetContext(ctx, &s, `SELECT year, closing_nl, closing_en, updated_at, finalised_at
			FROM annual_reports WHERE year = $1 FOR UPDATE`, year)
		switch {
		case errors.Is(err, sql.ErrNoRows) || (err == nil && s.ClosingNL == ""):
			return &casework.Error{Code: casework.CodeValidation, Message: "Write the meldpunt's closing text before finalising the report.",
				Fields: []casework.FieldError{{Field: "closing_nl", Message: "is required before the report is final"}}}
		case err != nil:
			return fmt.Errorf("report state: %w", err)
		case s.Final():
			return casework.Errorf(casework.CodeInvalidTransition, "The report on %d is already final.", year)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE annual_reports SET finalised_at = $2, finalised_by = $3, figures = $4
			WHERE year = $1`, year, now, userID(actor), frozen); err != nil {
			return fmt.Errorf("finalise: %w", err)
		}
		s.FinalisedAt, s.Figures = &now, frozen
		return nil
	})
	return s, err
}

func userID(a casework.Actor) *int64 {
	if a.UserID == 0 {
		return nil
	}
	return &a.UserID
}

// ReportVersion describes one stored generation of a report.
type ReportVersion struct {
	ID            int64     `json:"id" db:"id"`
	Year          int       `json:"year" db:"year"`
	Format        string    `json:"format" db:"format"`
	Language      string    `json:"language" db:"language"`
	Version       int       `json:"version" db:"version"`
	Draft         bool      `json:"draft" db:"draft"`
	Trigger       string    `json:"trigger" db:"trigger"`
	GeneratedAt   time.Time `json:"generated_at" db:"generated_at"`
	SHA256        Hex       `json:"sha256" db:"sha256"`
	FiguresSHA256 Hex       `json:"figures_sha256" db:"figures_sha256"`
	Size          int       `json:"size" db:"size"`
}

// Hex is a hash written as lowercase hexadecimal in JSON.
type Hex []byte

// MarshalText writes h as hexadecimal.
func (h Hex) MarshalText() ([]byte, error) { return fmt.Appendf(nil, "%x", []byte(h)), nil }

// NewReport is a report to store.
type NewReport struct {
	Year        int
	Format      string // pdf, csv, json
	Language    casework.Language
	Draft       bool
	Trigger     string // request, schedule, command
	GeneratedAt time.Time
	// Figures is the canonical JSON of the figures the report shows: equal figures give an equal
	// hash, whatever the format and whenever it was generated.
	Figures []byte
	// FirstOnly stores the report only when no edition of it is stored yet (for a final report: no
	// final edition); otherwise StoreReport returns the newest stored one and renders nothing.
	FirstOnly bool
}

// StoreReport keeps a generated report as the next version of its year, format and language.
// render writes the report for the version number it will be stored under; it runs while the
// numbering of that report is locked, so concurrent generations get consecutive versions.
func (db *DB) StoreReport(ctx context.Context, actor casework.Actor, r NewReport,
	render func(version int) ([]byte, error)) (ReportVersion, []byte, error) {
	var v ReportVersion
	var content []byte
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		// One numbering per year, format and language: generations of the same report wait for
		// each other here instead of racing for the same number.
		if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(hashtext('report_versions'), $1)`, r.Year); err != nil {
			return fmt.Errorf("lock report versions: %w", err)
		}
		if r.FirstOnly {
			stored, err := newestReport(ctx, tx, r.Year, r.Format, r.Language, r.Draft)
			if err == nil {
				v, content = stored.ReportVersion, stored.Content
				return nil
			}
			if !errors.Is(err, sql.ErrNoRows) {
				return fmt.Errorf("newest report: %w", err)
			}
		}
		var next int
		if err := tx.GetContext(ctx, &next, `SELECT coalesce(max(version), 0) + 1 FROM report_versions
			WHERE year = $1 AND format = $2 AND language = $3`, r.Year, r.Format, r.Language); err != nil {
			return fmt.Errorf("next version: %w", err)
		}
		var err error
		if content, err = render(next); err != nil {
			return err
		}
		sum, figures := sha256.Sum256(content), sha256.Sum256(r.Figures)
		return tx.GetContext(ctx, &v, `
			INSERT INTO report_versions (year, format, language, version, draft, trigger, generated_at, generated_by,
				sha256, figures_sha256, size, content)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
			RETURNING `+versionColumns,
			r.Year, r.Format, r.Language, next, r.Draft, r.Trigger, r.GeneratedAt, userID(actor), sum[:], figures[:],
			len(content), content)
	})
	return v, content, err
}

const versionColumns = `id, year, format, language, version, draft, trigger, generated_at, sha256, figures_sha256, size`

// storedReport is a stored generation with its bytes.
type storedReport struct {
	ReportVersion
	Content []byte `db:"content"`
}

// newestReport reads the newest stored edition of year's report in format and language; with
// draftToo false only a final edition counts. None is sql.ErrNoRows.
func newestReport(ctx context.Context, q sqlx.QueryerContext, year int, format string, lang casework.Language,
	draftToo bool) (storedReport, error) {
	var row storedReport
	err := sqlx.GetContext(ctx, q, &row, `SELECT `+versionColumns+`, content FROM report_versions
		WHERE year = $1 AND format = $2 AND language = $3 AND ($4 OR NOT draft)
		ORDER BY version DESC LIMIT 1`, year, format, lang, draftToo)
	return row, err
}

// LatestReport returns the newest stored edition of year's report in format and language, and its
// bytes; with draftToo false (the report is final) only a final edition counts. None is not_found.
func (db *DB) LatestReport(ctx context.Context, year int, format string, lang casework.Language,
	draftToo bool) (ReportVersion, []byte, error) {
	row, err := newestReport(ctx, db.db, year, format, lang, draftToo)
	if err != nil {
		return ReportVersion{}, nil, mapError(err)
	}
	return row.ReportVersion, row.Content, nil
}

// ReportVersions lists the stored generations of year's report, newest first.
func (db *DB) ReportVersions(ctx context.Context, year int) ([]ReportVersion, error) {
	vs := []ReportVersion{}
	err := db.db.SelectContext(ctx, &vs, `SELECT `+versionColumns+` FROM report_versions
		WHERE year = $1 ORDER BY id DESC`, year)
	return vs, err
}

// ReportContent returns a stored generation and its bytes, exactly as they were generated.
func (db *DB) ReportContent(ctx context.Context, id int64) (ReportVersion, []byte, error) {
	var row storedReport
	err := db.db.GetContext(ctx, &row, `SELECT `+versionColumns+`, content FROM report_versions WHERE id = $1`, id)
	if err != nil {
		return ReportVersion{}, nil, mapError(err)
	}
	return row.ReportVersion, row.Content, nil
}

// ScheduledEditions returns the editions ("pdf/nl", "csv/nl", …) of year's report that the
// scheduled job has already stored.
func (db *DB) ScheduledEditions(ctx context.Context, year int) (map[string]bool, error) {
	var editions []string
	err := db.db.SelectContext(ctx, &editions, `SELECT DISTINCT format || '/' || language FROM report_versions
		WHERE year = $1 AND trigger = 'schedule'`, year)
	done := map[string]bool{}
	for _, e := range editions {
		done[e] = true
	}
	return done, err
}

// Exclusively runs fn unless another process is running it for the same name and year at the
// same time (a PostgreSQL advisory lock held for the duration); ran tells whether fn ran.
func (db *DB) Exclusively(ctx context.Context, name string, year int, fn func() error) (ran bool, err error) {
	conn, err := db.db.Connx(ctx)
	if err != nil {
		return false, err
	}
	defer conn.Close()
	if err := conn.GetContext(ctx, &ran, `SELECT pg_try_advisory_lock(hashtext($1), $2)`, name, year); err != nil || !ran {
		return false, err
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock(hashtext($1), $2)`, name, year)
	return true, fn()
}

// RecommendationView is a policy recommendation with its follow-up, for staff.
type RecommendationView struct {
	ID int64 `json:"id" db:"id"`
	// Reference is empty once the complaint's file is destroyed (FileDestroyed): the recommendation,
	// published in the annual report, outlives it.
	Reference     string                        `json:"reference,omitempty" db:"reference"`
	FileDestroyed bool                          `json:"file_destroyed,omitempty" db:"file_destroyed"`
	Year          int                           `json:"year" db:"year"`
	LifeDomain    casework.LifeDomain           `json:"life_domain" db:"life_domain"`
	Text          string                        `json:"text" db:"text"`
	Status        casework.RecommendationStatus `json:"status" db:"status"`
	Note          string                        `json:"note" db:"note"`
	CreatedAt     time.Time                     `json:"created_at" db:"created_at"`
	UpdatedAt     *time.Time                    `json:"updated_at,omitempty" db:"updated_at"`
}

const recommendationColumns = `r.id, CASE WHEN c.destroyed_at IS NULL THEN c.reference ELSE '' END AS reference,
	c.destroyed_at IS NOT NULL AS file_destroyed, extract(year FROM r.created_at AT TIME ZONE 'Europe/Amsterdam')::int AS year,
	r.life_domain, r.text, r.status, r.note, r.created_at, r.updated_at`

// RecommendationFilter narrows the list of recommendations; zero values do not filter.
type RecommendationFilter struct {
	Year   int
	Status casework.RecommendationStatus
	// ID picks one recommendation.
	ID int64
	// Limit bounds the list (1 to 1000; 0 is 1000).
	Limit int
}

// Recommendations lists policy recommendations, newest first.
func (db *DB) Recommendations(ctx context.Context, f RecommendationFilter) ([]RecommendationView, error) {
	var from, to *time.Time
	if f.Year != 0 {
		a, b := yearBounds(f.Year)
		from, to = &a, &b
	}
	var status *string
	if f.Status != "" {
		s := string(f.Status)
		status = &s
	}
	if f.Limit <= 0 || f.Limit > 1000 {
		f.Limit = 1000
	}
	out := []RecommendationView{}
	err := db.db.SelectContext(ctx, &out, `SELECT `+recommendationColumns+`
		FROM recommendations r JOIN complaints c ON c.id = r.complaint_id
		WHERE ($1::timestamptz IS NULL OR r.created_at >= $1) AND ($2::timestamptz IS NULL OR r.created_at < $2)
			AND ($3::text IS NULL OR r.status = $3) AND ($4 = 0 OR r.id = $4)
		ORDER BY r.created_at DESC, r.id DESC LIMIT $5`, from, to, status, f.ID, f.Limit)
	return out, err
}

// UpdateRecommendation records the follow-up of a recommendation, with an internal event in the
// audit trail of the complaint it was made on.
func (db *DB) UpdateRecommendation(ctx context.Context, actor casework.Actor, id int64, f casework.FollowUp) (RecommendationView, error) {
	if err := f.Validate(); err != nil {
		return RecommendationView{}, err
	}
	var v RecommendationView
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		var cur struct {
			ComplaintID int64                         `db:"complaint_id"`
			Status      casework.RecommendationStatus `db:"status"`
			Destroyed   bool                          `db:"destroyed"`
		}
		err := tx.GetContext(ctx, &cur, `SELECT r.complaint_id, r.status, c.destroyed_at IS NOT NULL AS destroyed
			FROM recommendations r JOIN complaints c ON c.id = r.complaint_id WHERE r.id = $1
			FOR UPDATE OF r FOR KEY SHARE OF c`, id) // c held: a destruction under way is waited for and seen
		if errors.Is(err, sql.ErrNoRows) {
			return casework.Errorf(casework.CodeNotFound, "No such recommendation.")
		}
		if err != nil {
			return fmt.Errorf("load recommendation: %w", err)
		}
		now := db.now()
		if _, err := tx.ExecContext(ctx, `UPDATE recommendations SET status = $2, note = $3, updated_at = $4, updated_by = $5
			WHERE id = $1`, id, f.Status, f.Note, now, userID(actor)); err != nil {
			return fmt.Errorf("update recommendation: %w", err)
		}
		// The follow-up goes into the case's audit trail, unless the file was destroyed: nothing is
		// written about a destroyed case again.
		if !cur.Destroyed {
			if err := insertEvent(ctx, tx, event{complaintID: cur.ComplaintID, action: "recommendation_follow_up", actor: actor,
				at: now, reason: fmt.Sprintf("recommendation %d: %s → %s", id, cur.Status, f.Status), internal: true}); err != nil {
				return err
			}
		}
		return tx.GetContext(ctx, &v, `SELECT `+recommendationColumns+`
			FROM recommendations r JOIN complaints c ON c.id = r.complaint_id WHERE r.id = $1`, id)
	})
	return v, err
}
