package report_test

import (
	"context"
	"os"
	"testing"
	"time"

	"meldpunt/internal/casework"
	"meldpunt/internal/demo"
	"meldpunt/internal/letter"
	"meldpunt/internal/pgtest"
	"meldpunt/internal/postgres"
	"meldpunt/internal/report"
	"meldpunt/internal/term"
)

// TestDemoYearGivesAFullReport loads the demo data and makes last year's report in every
// edition: the figures add up and every section is in the PDF, in Dutch and in English.
func TestDemoYearGivesAFullReport(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, time.November, 23, 10, 0, 0, 0, term.Amsterdam())
	clock := pgtest.NewClock(now)
	db := pgtest.NewDB(t)
	if _, err := demo.Load(ctx, db, clock.Now, postgres.DefaultTerms); err != nil {
		t.Fatal(err)
	}
	store := postgres.New(db, clock.Now, postgres.DefaultTerms)
	gen, err := report.New(store, letter.SampleSender())
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range casework.Languages {
		res, err := gen.Generate(ctx, report.Request{Year: 2025, Format: report.PDF, Language: lang})
		if err != nil {
			t.Fatal(err)
		}
		if dir := os.Getenv("REPORT_SAMPLE_DIR"); dir != "" {
			os.WriteFile(dir+"/demo-2025-"+string(lang)+".pdf", res.Content, 0o644)
		}
		text := pdftotext(t, res.Content)
		for _, want := range sectionTitles[lang] {
			if !contains(text, want) {
				t.Errorf("%s: the PDF lacks %q", lang, want)
			}
		}
	}
}
