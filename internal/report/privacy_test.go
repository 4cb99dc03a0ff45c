package report_test

import (
	"strings"
	"testing"

	"meldpunt/internal/casework"
	"meldpunt/internal/report"
)

// TestNoPersonalDataInAnyEdition plants distinctive names, contact details and texts in every
// free field of the fixture year and proves that none of them appears in the PDF (its text and
// its metadata), the CSV or the JSON.
func TestNoPersonalDataInAnyEdition(t *testing.T) {
	f := newFixture(t, at(2024, 1, 1, 9, 0))
	f.build()
	// The plant worked: every planted string is in the database somewhere.
	for _, p := range planted {
		var found bool
		f.must(f.store.SQL().Get(&found, `SELECT
			EXISTS (SELECT 1 FROM complaints c WHERE c::text ILIKE '%' || $1 || '%') OR
			EXISTS (SELECT 1 FROM hearings h WHERE h::text ILIKE '%' || $1 || '%') OR
			EXISTS (SELECT 1 FROM advices a WHERE a::text ILIKE '%' || $1 || '%') OR
			EXISTS (SELECT 1 FROM postponements p WHERE p::text ILIKE '%' || $1 || '%') OR
			EXISTS (SELECT 1 FROM events e WHERE e::text ILIKE '%' || $1 || '%') OR
			EXISTS (SELECT 1 FROM users u WHERE u::text ILIKE '%' || $1 || '%')`, p))
		if !found {
			t.Fatalf("the fixture did not plant %q", p)
		}
	}
	editions := map[string]string{}
	for _, r := range []report.Request{
		{Year: 2025, Format: report.PDF, Language: casework.LanguageDutch},
		{Year: 2025, Format: report.PDF, Language: casework.LanguageEnglish},
		{Year: 2025, Format: report.CSV},
		{Year: 2025, Format: report.JSON},
	} {
		res, err := f.gen.Generate(f.ctx, r)
		f.must(err)
		name := string(r.Format) + "/" + string(r.Language)
		if r.Format == report.PDF {
			editions[name] = pdftotext(t, res.Content, "-layout") + " " + pdfinfo(t, res.Content)
			editions[name+"/raw"] = string(res.Content)
		} else {
			editions[name] = string(res.Content)
		}
	}
	for name, text := range editions {
		lower := strings.ToLower(text)
		for _, p := range planted {
			if strings.Contains(lower, strings.ToLower(p)) {
				t.Errorf("%s shows planted personal data or free text %q", name, p)
			}
		}
		// Pieces of the planted texts, in case a text were cut or wrapped.
		for _, p := range []string{"Vogelenzang", "Supporterkamp", "Geheim", "-Qz"} {
			if strings.Contains(lower, strings.ToLower(p)) {
				t.Errorf("%s shows a piece of planted data %q", name, p)
			}
		}
	}
	// And the check can see: the organisation's name, which belongs in the report, is found.
	if !strings.Contains(editions["json/"], "Zorggroep Ëlan") || !strings.Contains(editions["pdf/nl"], "Zorggroep Ëlan") {
		t.Error("the editions do not name the organisation; the search above would prove nothing")
	}
}
