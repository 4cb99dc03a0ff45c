// Package report makes the annual report to the council: the figures come from SQL (package
// postgres, one definition each), and this package writes the same figures as a PDF (through
// package pdf), a CSV and a JSON document. Every generation is stored as a new version with its
// SHA-256; nothing is overwritten. Making a new edition is an explicit act (Generate); reading one
// (Latest) serves the newest stored edition and stores nothing, but the very first.
package report

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"meldpunt/internal/casework"
	"meldpunt/internal/pdf"
	"meldpunt/internal/postgres"
	"meldpunt/internal/term"
)

// Format is an edition of the report.
type Format string

// Editions of the report.
const (
	PDF  Format = "pdf"
	CSV  Format = "csv"
	JSON Format = "json"
)

// Formats lists every edition.
var Formats = []Format{PDF, CSV, JSON}

// ContentType is the media type of the edition.
func (f Format) ContentType() string {
	switch f {
	case PDF:
		return "application/pdf"
	case CSV:
		return "text/csv; charset=utf-8"
	default:
		return "application/json"
	}
}

// Triggers of a generation, as stored with each version.
const (
	TriggerRequest  = "request"
	TriggerSchedule = "schedule"
	TriggerCommand  = "command"
)

// FirstYear is the earliest year a report can be asked for.
const FirstYear = 2000

// ParseYear checks a year asked for in a request or on the command line: four digits, not before
// FirstYear, and not after the current year in Europe/Amsterdam (the current year gives a report
// on the year so far, always a draft).
func ParseYear(s string, now time.Time) (int, error) {
	bad := func(msg string, args ...any) error {
		return &casework.Error{Code: casework.CodeValidation, Message: "The year is not valid.",
			Fields: []casework.FieldError{{Field: "year", Message: fmt.Sprintf(msg, args...)}}}
	}
	if len(s) != 4 || strings.Trim(s, "0123456789") != "" {
		return 0, bad("must be a year of four digits, such as %d", now.In(term.Amsterdam()).Year()-1)
	}
	year, _ := strconv.Atoi(s)
	current := now.In(term.Amsterdam()).Year()
	switch {
	case year < FirstYear:
		return 0, bad("must be %d or later", FirstYear)
	case year > current:
		return 0, bad("%d has not begun; the latest report is on %d (so far)", year, current)
	}
	return year, nil
}

// Generator makes and stores reports.
type Generator struct {
	store *postgres.DB
	texts map[casework.Language]*texts
	// Sender is the meldpunt as it appears on the cover and in the running header.
	sender pdf.Sender
	// busy lets one report be made at a time: a report on a large year keeps three database
	// connections busy for seconds, and asking for it again and again must not multiply that.
	busy chan struct{}
}

// New returns a generator on store with the embedded texts; sender names the meldpunt and its
// City the municipality whose council gets the report.
func New(store *postgres.DB, sender pdf.Sender) (*Generator, error) {
	t, err := embeddedTexts()
	if err != nil {
		return nil, err
	}
	if sender.Name == "" {
		sender.Name = "Meldpunt Sociaal Domein"
	}
	return &Generator{store: store, texts: t, sender: sender, busy: make(chan struct{}, 1)}, nil
}

// Request says which report to make.
type Request struct {
	Year     int
	Format   Format
	Language casework.Language // "" is Dutch; CSV and JSON are language-neutral and stored as "nl"
	Trigger  string
	Actor    casework.Actor
}

// Result is a generated, stored report.
type Result struct {
	Version postgres.ReportVersion
	Content []byte
}

// Generate computes the figures, renders the edition asked for, stores it as a new version and
// returns it. It is the explicit "make a new edition": a POST of staff or admin, the January job,
// the command line.
func (g *Generator) Generate(ctx context.Context, r Request) (Result, error) {
	return g.generate(ctx, r, false)
}

// Latest returns the newest stored edition of the report asked for, as it was stored: what a GET
// serves, storing nothing. Only when no edition is stored yet (for a final report: no final
// edition, since a draft made before finalising is not the report the council gets) does it make
// and store the first one; requests that ask at the same moment, on any replica, wait for each
// other and get that same edition.
func (g *Generator) Latest(ctx context.Context, r Request) (Result, error) {
	if r.Language == "" || r.Format != PDF {
		r.Language = casework.LanguageDutch
	}
	if _, ok := g.texts[r.Language]; !ok {
		return Result{}, casework.Errorf(casework.CodeValidation, "No report in language %q.", r.Language)
	}
	state, err := g.store.ReportState(ctx, r.Year)
	if err != nil {
		return Result{}, err
	}
	v, content, err := g.store.LatestReport(ctx, r.Year, string(r.Format), r.Language, !state.Final())
	if err == nil {
		return Result{Version: v, Content: content}, nil
	}
	if casework.ErrorCode(err) != casework.CodeNotFound {
		return Result{}, err
	}
	return g.generate(ctx, r, true)
}

// generate makes and stores the report; with firstOnly it stores nothing when an edition is
// stored already (checked under the lock of the report's numbering) and returns that one.
func (g *Generator) generate(ctx context.Context, r Request, firstOnly bool) (Result, error) {
	if r.Language == "" || r.Format != PDF {
		r.Language = casework.LanguageDutch
	}
	if r.Trigger == "" {
		r.Trigger = TriggerRequest
	}
	tx, ok := g.texts[r.Language]
	if !ok {
		return Result{}, casework.Errorf(casework.CodeValidation, "No report in language %q.", r.Language)
	}
	select {
	case g.busy <- struct{}{}:
		defer func() { <-g.busy }()
	case <-ctx.Done():
		return Result{}, ctx.Err()
	}
	figures, state, err := g.figures(ctx, r.Year)
	if err != nil {
		return Result{}, err
	}
	canonical, err := json.Marshal(figures)
	if err != nil {
		return Result{}, fmt.Errorf("figures: %w", err)
	}
	now := g.store.Now()
	meta := Meta{
		Year: r.Year, Language: r.Language, Generated: now, Draft: !state.Final(),
		FinalisedAt: state.FinalisedAt, Closing: state.Closing(r.Language), ClosingTranslated: r.Language == casework.LanguageDutch || state.ClosingEN != "",
		FiguresSHA256: fmt.Sprintf("%x", sha256Sum(canonical)),
	}
	v, content, err := g.store.StoreReport(ctx, r.Actor, postgres.NewReport{Year: r.Year, Format: string(r.Format),
		Language: r.Language, Draft: meta.Draft, Trigger: r.Trigger, GeneratedAt: now, Figures: canonical,
		FirstOnly: firstOnly},
		func(version int) ([]byte, error) {
			meta.Version = version
			switch r.Format {
			case PDF:
				return g.renderPDF(tx.fresh(), figures, meta)
			case CSV:
				return renderCSV(figures, meta)
			case JSON:
				return renderJSON(figures, meta)
			}
			return nil, errors.New("report: unknown format " + string(r.Format))
		})
	if err != nil {
		return Result{}, err
	}
	return Result{Version: v, Content: content}, nil
}

// Figures returns the figures a report on year would show now, and the year's report state: the
// figures frozen at finalising when the report is final, today's otherwise. It waits its turn
// with the generations (one at a time), since computing a large year's figures is their main cost.
func (g *Generator) Figures(ctx context.Context, year int) (casework.AnnualFigures, postgres.ReportState, error) {
	select {
	case g.busy <- struct{}{}:
		defer func() { <-g.busy }()
	case <-ctx.Done():
		return casework.AnnualFigures{}, postgres.ReportState{}, ctx.Err()
	}
	return g.figures(ctx, year)
}

// figures is Figures for a caller that holds the turn.
func (g *Generator) figures(ctx context.Context, year int) (casework.AnnualFigures, postgres.ReportState, error) {
	var figures casework.AnnualFigures
	state, err := g.store.ReportState(ctx, year)
	if err != nil {
		return figures, state, err
	}
	// A final report shows the figures frozen when it was finalised; a draft, today's.
	if state.Final() {
		err = json.Unmarshal(state.Figures, &figures)
	} else {
		figures, err = g.store.AnnualFigures(ctx, year)
	}
	if err != nil {
		return figures, state, fmt.Errorf("figures %d: %w", year, err)
	}
	return figures, state, nil
}

// Meta is what a report says about itself besides the figures.
type Meta struct {
	Year        int
	Language    casework.Language
	Version     int
	Generated   time.Time
	Draft       bool
	FinalisedAt *time.Time
	// Closing is the meldpunt's closing text; ClosingTranslated is false when an English edition
	// shows the Dutch text for want of an English one.
	Closing           string
	ClosingTranslated bool
	FiguresSHA256     string
}
