package report_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"meldpunt/internal/casework"
	"meldpunt/internal/report"
)

// TestFeedbackSection: the CSV carries the figures of the residents' answers after the ruling
// (figures_test.go); the Dutch and English PDFs print the section with them and never the
// resident's comment nor staff's note; a page is rendered to PNG for a look when
// MELDPUNT_FEEDBACK_PNG names a directory.
func TestFeedbackSection(t *testing.T) {
	f := newFixture(t, at(2024, 1, 1, 9, 0))
	f.build()
	csv, err := f.gen.Generate(f.ctx, report.Request{Year: 2025, Format: report.CSV})
	f.must(err)
	for _, line := range []string{"feedback,,,answers,5", "feedback,,,advice_answers,5", "feedback,,,mean_satisfaction,",
		"feedback,,,not_carried_out_reports,2", "feedback,,,not_carried_out_dealt_with,1", "feedback,,no,carried_out,<5",
		"feedback,,3,satisfaction,<5"} {
		if !strings.Contains(string(csv.Content), line+"\n") {
			t.Errorf("the CSV lacks %q", line)
		}
	}
	for _, tc := range []struct {
		lang    casework.Language
		phrases []string
	}{
		{casework.LanguageDutch, []string{"Na de uitspraak", "Over de klachten van 2025 deden 5 klagers dat.",
			// The tiles two by two: the values, then their labels.
			"5 x klagers gaven antwoord gemiddelde tevredenheid (1 tot 5)", "2 1 meldingen 'niet uitgevoerd' daarvan afgehandeld",
			"Weet ik niet <5", "Adviezen met een antwoord 5", "1 – heel ontevreden <5", "Antwoorden samen 5"}},
		{casework.LanguageEnglish, []string{"After the ruling", "Of the complaints of 2025, 5 complainants did so.",
			"Don't know <5", "Advices answered on 5", "5 – very satisfied <5", "Answers in all 5"}},
	} {
		pdf, err := f.gen.Generate(f.ctx, report.Request{Year: 2025, Format: report.PDF, Language: tc.lang})
		f.must(err)
		text := flat(pdftotext(t, pdf.Content))
		for _, p := range tc.phrases {
			if !contains(text, p) {
				t.Errorf("%s PDF lacks %q", tc.lang, p)
			}
		}
		for _, words := range []string{"TERUGKOPPELING-Qz", "AFHANDELING-Qz"} {
			if strings.Contains(text, words) {
				t.Errorf("%s PDF shows %q", tc.lang, words)
			}
		}
		if dir := os.Getenv("MELDPUNT_FEEDBACK_PNG"); dir != "" {
			renderChapter(t, pdf.Content, filepath.Join(dir, "na-de-uitspraak-"+string(tc.lang)), text)
		}
	}
}
