package letter

import (
	"strings"
	"testing"

	"meldpunt/internal/casework"
)

// TestImplausibleNameNeverAddressesTheReader: a name typed as a phone number and a link is used
// neither in the salutation nor in the address block, in any kind, in both languages; a plausible
// name still is.
func TestImplausibleNameNeverAddressesTheReader(t *testing.T) {
	const typed = "Bel 0612345678 http://x.example"
	for _, lang := range casework.Languages {
		for _, kind := range Kinds {
			if kind.ForOrganisation() {
				continue
			}
			for _, d := range []Data{SampleData(kind, lang), SampleSupporterCopy(kind, lang)} {
				d.Recipient.Name = typed
				file, err := PDF(kind, d)
				if err != nil {
					t.Fatalf("%s %s: %v", kind, lang, err)
				}
				text := pdfText(t, file)
				for _, bad := range []string{"0612345678", "x.example", "http"} {
					if strings.Contains(text, bad) {
						t.Errorf("%s %s: the letter shows %q:\n%s", kind, lang, bad, text)
					}
				}
				want := map[casework.Language]string{casework.LanguageDutch: "Beste heer of mevrouw,", casework.LanguageEnglish: "Dear Sir or Madam,"}[lang]
				if !strings.Contains(text, want) {
					t.Errorf("%s %s: no neutral salutation %q:\n%s", kind, lang, want, text)
				}
			}
		}
	}
	doc, err := Render(Acknowledgement, SampleData(Acknowledgement, casework.LanguageDutch))
	if err != nil {
		t.Fatal(err)
	}
	if doc.Opening != "Beste Fatima el Amrani," || doc.Recipient.Name != "Fatima el Amrani" {
		t.Errorf("a plausible name is no longer used: %q, %q", doc.Opening, doc.Recipient.Name)
	}
}

// TestNoticeHoldsNothingOfTheCase: the short e-mail holds the reference, the status page and the
// meldpunt's contact details, and nothing of the case: no name, summary, findings or organisation.
func TestNoticeHoldsNothingOfTheCase(t *testing.T) {
	tpl, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range casework.Languages {
		for _, kind := range Kinds {
			if kind.ForOrganisation() {
				continue
			}
			d := SampleData(kind, lang)
			d.Summary = "Betaal via http://pay.example of bel 0612345678"
			d.Recipient.Name = "Bel 0612345678"
			for _, byPost := range []bool{false, true} {
				subject, text, err := tpl.Notice(kind, d, byPost)
				if err != nil {
					t.Fatalf("%s %s: %v", kind, lang, err)
				}
				all := subject + "\n" + text
				for _, bad := range []string{"0612345678", "pay.example", "Fatima", "Amrani", "Kleverparkweg", d.Findings, d.Organisation} {
					if bad != "" && strings.Contains(all, bad) {
						t.Errorf("%s %s: the notice shows %q:\n%s", kind, lang, bad, all)
					}
				}
				for _, want := range []string{d.Reference, d.Sender.Website + "/status", d.Sender.Phone} {
					if !strings.Contains(all, want) {
						t.Errorf("%s %s: the notice lacks %q:\n%s", kind, lang, want, all)
					}
				}
				post := map[casework.Language]string{casework.LanguageDutch: "ook per post", casework.LanguageEnglish: "also get the letter by post"}[lang]
				if strings.Contains(text, post) != byPost {
					t.Errorf("%s %s: by post %v, text:\n%s", kind, lang, byPost, text)
				}
			}
		}
	}
}
