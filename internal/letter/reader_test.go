package letter

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"meldpunt/internal/casework"
	"meldpunt/internal/term"
)

// complainantKinds are the kinds of letter that go to the complainant, with a copy to the supporter.
func complainantKinds() []Kind {
	var kinds []Kind
	for _, k := range Kinds {
		// A new tracking code goes to the complainant alone: no copy.
		if !k.ForOrganisation() && k != NewTrackingCode {
			kinds = append(kinds, k)
		}
	}
	return kinds
}

// TestSupporterCopyIsAddressedToTheSupporterAboutTheClient: every letter to the complainant has a
// copy for the supporter, addressed to the supporter at the supporter's own address, that speaks of
// "uw cliënt" and never greets the complainant.
func TestSupporterCopyIsAddressedToTheSupporterAboutTheClient(t *testing.T) {
	want := map[casework.Language][]string{
		casework.LanguageDutch:   {"Beste Jan de Wit,", "Uw cliënt Fatima el Amrani heeft een klacht bij ons ingediend", "Kopie: "},
		casework.LanguageEnglish: {"Dear Jan de Wit,", "Your client Fatima el Amrani has made a complaint to us", "Copy: "},
	}
	ownWords := map[casework.Language]*regexp.Regexp{
		// The letter to the complainant says "uw klacht" and "u heeft"; the copy must not.
		casework.LanguageDutch:   regexp.MustCompile(`\b(uw klacht|u heeft gelijk|Bent u|Kunt u niet|Dank u wel)\b`),
		casework.LanguageEnglish: regexp.MustCompile(`\b(your complaint|you are right|Are you not|Can you not come|Thank you for)\b`),
	}
	for _, lang := range casework.Languages {
		for _, kind := range complainantKinds() {
			t.Run(string(lang)+"/"+string(kind), func(t *testing.T) {
				t.Parallel()
				// What staff wrote to the complainant (a postponement's reason) is theirs; the letter's own words are tested.
				d := SampleSupporterCopy(kind, lang)
				d.PostponementReason, d.InadmissibleReasons = "Tekst.", "Tekst."
				doc, err := Render(kind, d)
				if err != nil {
					t.Fatal(err)
				}
				if got := strings.Join(doc.Recipient.Lines(), "|"); got != "Jan de Wit|Spaarne 96|2011 CL  HAARLEM" {
					t.Errorf("addressed to %q, want the supporter at the supporter's address", got)
				}
				if len(doc.CopyTo) != 0 {
					t.Errorf("the copy lists copies itself: %v", doc.CopyTo)
				}
				b, err := PDF(kind, d)
				if err != nil {
					t.Fatal(err)
				}
				text := pdfText(t, b)
				for _, p := range want[lang] {
					if !strings.Contains(text, p) {
						t.Errorf("copy lacks %q:\n%s", p, text)
					}
				}
				if strings.Contains(text, "Kleverparkweg") || strings.Contains(text, "Beste Fatima") || strings.Contains(text, "Dear Fatima") {
					t.Errorf("the copy shows the complainant's address or greets the complainant:\n%s", text)
				}
				if m := ownWords[lang].FindString(text); m != "" {
					t.Errorf("the copy speaks to the complainant (%q):\n%s", m, text)
				}
			})
		}
	}
}

// TestComplainantLetterListsTheSupportersCopy: the complainant's letter says who gets a copy.
func TestComplainantLetterListsTheSupportersCopy(t *testing.T) {
	d := SampleData(Ruling, casework.LanguageDutch)
	d.CopyTo = []string{"Jan de Wit"}
	b, err := PDF(Ruling, d)
	if err != nil {
		t.Fatal(err)
	}
	if text := pdfText(t, b); !strings.Contains(text, "Kopie aan: Jan de Wit") {
		t.Errorf("the letter does not list the copy:\n%s", text)
	}
}

// TestRulingNamesExactlyTheAdvisedOrganisations: the ruling names the organisations that got
// binding advice, each with its own text and last day as a date, and no other; an organisation
// reads only its own advice.
func TestRulingNamesExactlyTheAdvisedOrganisations(t *testing.T) {
	build := func(lang casework.Language) Data {
		d := SampleData(Ruling, lang)
		d.Organisations = []string{"CJG Haarlem", "Sociaal Wijkteam Noord", "Thuiszorg Kennemerland"}
		d.Advices = []AdviceLine{
			{Organisation: "Sociaal Wijkteam Noord", Text: "Bel mevrouw binnen een week terug.", RespondBy: term.NewDate(2026, time.December, 21)},
			{Organisation: "Thuiszorg Kennemerland", Text: "Zet een vast team in.", RespondBy: term.NewDate(2026, time.December, 22)},
		}
		return d
	}
	for _, tc := range []struct {
		lang    casework.Language
		want    []string
		advised string
	}{
		{casework.LanguageDutch, []string{
			"Wij geven een bindend advies aan Sociaal Wijkteam Noord en Thuiszorg Kennemerland.",
			"Advies aan Sociaal Wijkteam Noord Bel mevrouw binnen een week terug.",
			"Sociaal Wijkteam Noord moet ons uiterlijk 21 december 2026 laten weten",
			"Advies aan Thuiszorg Kennemerland Zet een vast team in.",
			"Thuiszorg Kennemerland moet ons uiterlijk 22 december 2026 laten weten",
		}, "Advies aan"},
		{casework.LanguageEnglish, []string{
			"We are giving a binding advice to Sociaal Wijkteam Noord and Thuiszorg Kennemerland.",
			"Sociaal Wijkteam Noord must tell us by 21 December 2026 at the latest",
			"Thuiszorg Kennemerland must tell us by 22 December 2026 at the latest",
		}, "Advice to"},
	} {
		b, err := PDF(Ruling, build(tc.lang))
		if err != nil {
			t.Fatal(err)
		}
		text := pdfText(t, b)
		for _, p := range tc.want {
			if !strings.Contains(text, p) {
				t.Errorf("%s ruling lacks %q:\n%s", tc.lang, p, text)
			}
		}
		if strings.Contains(text, tc.advised+" CJG Haarlem") || strings.Count(text, tc.advised+" ") != 2 {
			t.Errorf("%s ruling names other advices than the two given:\n%s", tc.lang, text)
		}
	}

	// The organisation's own letter holds its own advice only.
	d := build(casework.LanguageDutch)
	d = toOrganisation(d)
	d.Organisation = "Thuiszorg Kennemerland"
	d.Advices = d.Advices[1:]
	b, err := PDF(Ruling, d)
	if err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, b)
	if !strings.Contains(text, "Wij geven uw organisatie een bindend advies.") || !strings.Contains(text, "uiterlijk 22 december 2026") ||
		strings.Contains(text, "Bel mevrouw") {
		t.Errorf("the organisation's ruling does not hold exactly its own advice:\n%s", text)
	}
}

// TestRulingReportsEveryHearingInTheReadersWords: a hearing held is named with its day and its
// record; a hearing skipped is explained by its reason in plain words.
func TestRulingReportsEveryHearingInTheReadersWords(t *testing.T) {
	d := SampleData(Ruling, casework.LanguageDutch)
	d.Hearings = []HearingLine{
		{Party: casework.PartyComplainant, Skipped: casework.SkipWaived},
		{Party: casework.PartyOrganisation, Organisation: "CJG Haarlem", HeldOn: term.NewDate(2026, time.November, 30),
			Record: "Het CJG erkent dat de terugbelafspraak is vergeten."},
		{Party: casework.PartyOrganisation, Organisation: "Thuiszorg Kennemerland", Skipped: casework.SkipNoResponse},
	}
	b, err := PDF(Ruling, d)
	if err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, b)
	for _, p := range []string{
		"U wilde geen gesprek. Daarom hebben wij u niet gehoord.",
		"Wij hebben met CJG Haarlem gesproken op maandag 30 november 2026.",
		"Wij hebben Thuiszorg Kennemerland uitgenodigd voor een gesprek. Wij kregen geen antwoord.",
		"Verslag van het gesprek met CJG Haarlem op 30 november 2026 Het CJG erkent dat de terugbelafspraak is vergeten.",
	} {
		if !strings.Contains(text, p) {
			t.Errorf("ruling lacks %q:\n%s", p, text)
		}
	}
}

// relativeTerm is a term counted from some other day instead of given as a date.
var relativeTerm = regexp.MustCompile(`(?i)\b(binnen|within) (\d+|één|een|one) (dagen|dag|weken|week|jaar|days|day|weeks|year)\b`)

// TestLettersGiveDatesNotRelativeTerms: a letter gives the day a term ends, never "binnen 14
// dagen" or "binnen één jaar" alone. The texts that staff wrote (the advice "binnen twee weken")
// are not the template's words, so they are left out here.
func TestLettersGiveDatesNotRelativeTerms(t *testing.T) {
	for _, lang := range casework.Languages {
		for _, kind := range Kinds {
			for _, d := range []Data{SampleData(kind, lang), SampleSupporterCopy(kind, lang), SampleToOrganisation(kind, lang)} {
				d.Advice, d.Findings, d.Conclusions, d.RejectionReasons, d.InadmissibleReasons = "Tekst.", "Tekst.", "Tekst.", "Tekst.", "Tekst."
				for i := range d.Advices {
					d.Advices[i].Text = "Tekst."
				}
				doc, err := Render(kind, d)
				if err != nil {
					t.Fatal(err)
				}
				if m := relativeTerm.FindString(bodyText(doc) + " " + doc.Subject); m != "" {
					t.Errorf("%s/%s: %q instead of a date:\n%s", lang, kind, m, bodyText(doc))
				}
			}
		}
	}
}

// TestResidentLettersPointToTheDirectory: every letter to the complainant ends its contact details
// with the directory of client supporters at the letterhead's website (in English for an English
// letter); letters to organisations and the supporter's copies do not.
func TestResidentLettersPointToTheDirectory(t *testing.T) {
	want := map[casework.Language]string{
		casework.LanguageDutch:   "Kijk op www.example.nl/meldpunt/ondersteuning.",
		casework.LanguageEnglish: "See www.example.nl/meldpunt/ondersteuning?lang=en.",
	}
	for _, lang := range casework.Languages {
		for _, kind := range Kinds {
			t.Run(string(lang)+"/"+string(kind), func(t *testing.T) {
				t.Parallel()
				b, err := PDF(kind, testData(kind, lang))
				if err != nil {
					t.Fatal(err)
				}
				text := pdfText(t, b)
				if got := strings.Contains(text, want[lang]); got == kind.ForOrganisation() {
					t.Errorf("points to the directory: %v, want %v:\n%s", got, !kind.ForOrganisation(), text)
				}
				if kind.ForOrganisation() {
					return
				}
				b, err = PDF(kind, SampleSupporterCopy(kind, lang))
				if err != nil {
					t.Fatal(err)
				}
				if text := pdfText(t, b); strings.Contains(text, "/ondersteuning") {
					t.Errorf("the supporter's copy points to the directory:\n%s", text)
				}
			})
		}
	}
}
