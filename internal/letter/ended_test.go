package letter

import (
	"strings"
	"testing"

	"meldpunt/internal/casework"
	"meldpunt/internal/pdf"
)

// TestCopyLetterAfterTheCaseEnded: a copy of the complaint that goes out after the case ended
// early says so, instead of promising a hearing and a ruling by a date.
func TestCopyLetterAfterTheCaseEnded(t *testing.T) {
	running := SampleData(CopyToOrganisation, casework.LanguageDutch)
	b, err := PDF(CopyToOrganisation, running)
	if err != nil {
		t.Fatal(err)
	}
	if text := pdfText(t, b); !strings.Contains(text, "Wij doen uiterlijk op maandag 7 december 2026 een uitspraak") {
		t.Fatalf("copy of a running case does not promise the ruling:\n%s", text)
	}
	cases := []struct {
		ended  casework.Status
		ground casework.InadmissibleGround
		lang   casework.Language
		want   string
	}{
		{casework.StatusWithdrawn, "", casework.LanguageDutch, "De klager heeft de klacht op maandag 7 december 2026 ingetrokken."},
		{casework.StatusResolved, "", casework.LanguageDutch, "De klacht is op maandag 7 december 2026 opgelost"},
		{casework.StatusInadmissible, casework.InadmissibleOlderThanYear, casework.LanguageDutch,
			"meer dan een jaar voordat de klacht bij ons binnenkwam"},
		{casework.StatusWithdrawn, "", casework.LanguageEnglish, "The complainant withdrew the complaint on Monday 7 December 2026."},
	}
	for _, tc := range cases {
		t.Run(string(tc.lang)+"/"+string(tc.ended)+"_says_so", func(t *testing.T) {
			d := SampleData(CopyToOrganisation, tc.lang)
			d.CaseEnded, d.EndedOn, d.InadmissibleGround = tc.ended, d.Date, tc.ground
			b, err := PDF(CopyToOrganisation, d)
			if err != nil {
				t.Fatal(err)
			}
			text := pdfText(t, b)
			if !strings.Contains(text, tc.want) {
				t.Errorf("letter lacks %q:\n%s", tc.want, text)
			}
			for _, promise := range []string{"uiterlijk op", "Wat gaat er gebeuren", "at the latest", "What will happen", "contactpersoon", "contact person"} {
				if strings.Contains(text, promise) {
					t.Errorf("copy of an ended case still promises %q:\n%s", promise, text)
				}
			}
		})
	}
	t.Run("case_ended_letter_without_an_end_is_refused", func(t *testing.T) {
		d := SampleData(CaseEnded, casework.LanguageDutch)
		d.CaseEnded = ""
		if _, err := Render(CaseEnded, d); err == nil {
			t.Fatal("a case_ended letter rendered without saying how the case ended")
		}
	})
}

// TestEveryGroundOfAnEndedCaseHasWords: the letter to an organisation names each ground for
// inadmissibility in its own sentence.
func TestEveryGroundOfAnEndedCaseHasWords(t *testing.T) {
	for _, lang := range casework.Languages {
		seen := map[string]bool{}
		for _, g := range casework.InadmissibleGrounds {
			d := SampleData(CaseEnded, lang)
			d.CaseEnded, d.InadmissibleGround = casework.StatusInadmissible, g
			doc, err := Render(CaseEnded, d)
			if err != nil {
				t.Fatalf("%s/%s: %v", lang, g, err)
			}
			text := plain(doc.Body)
			if seen[text] {
				t.Errorf("%s/%s: the letter says the same as for another ground", lang, g)
			}
			seen[text] = true
		}
	}
}

// TestInadmissibleLetterNamesTheEarlierComplaint: handled before names the earlier reference.
func TestInadmissibleLetterNamesTheEarlierComplaint(t *testing.T) {
	d := SampleData(Inadmissible, casework.LanguageDutch)
	d.InadmissibleGround, d.EarlierReference = casework.InadmissibleHandledBefore, "MP-2025-000123"
	b, err := PDF(Inadmissible, d)
	if err != nil {
		t.Fatal(err)
	}
	if text := pdfText(t, b); !strings.Contains(text, "De eerdere klacht heeft het kenmerk MP-2025-000123.") {
		t.Fatalf("letter does not name the earlier complaint:\n%s", text)
	}
}

// plain joins the texts of a letter's body.
func plain(body []pdf.Paragraph) string {
	var b strings.Builder
	for _, p := range body {
		b.WriteString(p.Text + "\n" + strings.Join(p.Items, "\n") + "\n")
	}
	return b.String()
}
