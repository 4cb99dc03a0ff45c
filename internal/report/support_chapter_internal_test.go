package report

import (
	"encoding/json"
	"testing"

	"meldpunt/internal/casework"
	"meldpunt/internal/pdf"
)

// TestClientSupportChapterOfOldFigures: figures frozen in a final report before the chapter
// existed have no client_support; the chapter then says so instead of showing zeros.
func TestClientSupportChapterOfOldFigures(t *testing.T) {
	var f casework.AnnualFigures
	if err := json.Unmarshal([]byte(`{"year": 2024, "summary": {"year": 2024}}`), &f); err != nil {
		t.Fatal(err)
	}
	all, err := embeddedTexts()
	if err != nil {
		t.Fatal(err)
	}
	tx := all[casework.LanguageDutch].fresh()
	s := supportSection(tx, f)
	if err := tx.err(); err != nil {
		t.Fatal(err)
	}
	if s.Title != "Cliëntondersteuning" || len(s.Blocks) != 1 || s.Blocks[0].Kind != pdf.NoteBlock ||
		s.Blocks[0].Text != tx.T("support.not_counted") {
		t.Errorf("chapter of old figures: %+v", s)
	}
}
