package report_test

import (
	"context"
	"encoding/json"
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
	// 2025 has a full year to compare with; the demo's earliest year, 2024, is followed up and final.
	js, err := gen.Generate(ctx, report.Request{Year: 2025, Format: report.JSON})
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Figures casework.AnnualFigures `json:"figures"`
	}
	if err := json.Unmarshal(js.Content, &doc); err != nil {
		t.Fatal(err)
	}
	f := doc.Figures
	if f.Summary.Received < 100 || f.Previous.Received < 100 || f.Summary.AdvicesEnforced == 0 ||
		f.Summary.AdvicesRejected == 0 || len(f.EarlierRecommendations) == 0 {
		t.Errorf("the demo's 2025 lacks something to show: %+v, %d earlier recommendations", f.Summary, len(f.EarlierRecommendations))
	}
	final, err := gen.Generate(ctx, report.Request{Year: 2024, Format: report.PDF})
	if err != nil {
		t.Fatal(err)
	}
	if text := pdftotext(t, final.Content); final.Version.Draft || !contains(text, "Vastgesteld op 23 november 2026") ||
		!contains(text, "vaste doorlooptijden in de verordening") {
		t.Errorf("the demo's 2024 report is not final with its closing text")
	}
}
