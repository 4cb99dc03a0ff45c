package core

import (
	"net/url"
	"strings"
	"testing"
)

// A page package that still writes its texts as a Go map.
func init() {
	AddTexts(map[string][2]string{"test.transitional": {"Overgang %s", "Transition %s"}})
}

// TestAddTextsIsADoorIntoTheCatalogue: texts added as a Go map are in the Dutch and English
// catalogues, shown in Dutch in the other languages, and count as missing there when public; adding
// after the catalogue is in use is refused.
func TestAddTextsIsADoorIntoTheCatalogue(t *testing.T) {
	if got := LangEN.T("test.transitional"); got != "Transition %s" {
		t.Errorf("en: %q", got)
	}
	if got := Lang("tr").T("test.transitional"); got != "Overgang %s" {
		t.Errorf("tr: %q, want the Dutch text", got)
	}
	if !Has("test.transitional") || !Catalogue().Has("en", "test.transitional") || Catalogue().Has("tr", "test.transitional") {
		t.Error("the catalogue does not carry the text in Dutch and English only")
	}
	defer func() {
		if recover() == nil {
			t.Error("AddTexts after the catalogue was first used did not panic")
		}
	}()
	AddTexts(map[string][2]string{"test.late": {"a", "b"}})
}

// TestLanguages: known codes are the page's language, unknown ones Dutch; signed-in pages take the
// full languages only; Arabic is right to left, and F isolates its string arguments there.
func TestLanguages(t *testing.T) {
	for code, want := range map[string]Lang{"": "nl", "nl": "nl", "en": "en", "tr": "tr", "ar": "ar", "xx": "nl", "AR": "nl"} {
		if got := LangOf(code); got != want {
			t.Errorf("LangOf(%q) = %q, want %q", code, got, want)
		}
	}
	for code, want := range map[string]Lang{"en": "en", "tr": "nl", "ar": "nl", "xx": "nl"} {
		if got := StaffLangOf(code); got != want {
			t.Errorf("StaffLangOf(%q) = %q, want %q", code, got, want)
		}
	}
	if Lang("ar").Dir() != "rtl" || Lang("tr").Dir() != "ltr" || LangNL.Dir() != "ltr" {
		t.Error("directions")
	}
	if got := Lang("ar").F("test.transitional", "MP-2026-000123"); got != "Overgang \u2068MP-2026-000123\u2069" {
		t.Errorf("F in Arabic: %q", got)
	}
	if got := LangEN.F("test.transitional", "MP-2026-000123"); got != "Transition MP-2026-000123" {
		t.Errorf("F in English: %q", got)
	}
	if got := Lang("tr").URL("/klacht"); got != "/klacht?lang=tr" {
		t.Error(got)
	}
	if got := Lang("ar").URL("/inloggen?next=%2Fwerk"); got != "/inloggen?next=%2Fwerk&lang=ar" {
		t.Error(got)
	}
	if got := LangNL.URL("/klacht"); got != "/klacht" {
		t.Error(got)
	}
	for l, want := range map[Lang]string{"nl": "3 maart 2026", "en": "3 March 2026", "tr": "3 Mart 2026"} {
		if got := l.Date("2026-03-03"); got != want {
			t.Errorf("%s: %q, want %q", l, got, want)
		}
	}
	var names []string
	for _, m := range Lang("tr").Menu("/ondersteuning", url.Values{"taal": {"ar"}, "lang": {"tr"}}, false) {
		names = append(names, m.Code+"="+m.URL)
		if m.Current != (m.Code == "tr") {
			t.Errorf("%s current=%v", m.Code, m.Current)
		}
	}
	if got := strings.Join(names, " "); got != "nl=/ondersteuning?taal=ar en=/ondersteuning?lang=en&taal=ar ar=/ondersteuning?lang=ar&taal=ar tr=/ondersteuning?lang=tr&taal=ar" {
		t.Errorf("menu %s", got)
	}
	if m := LangNL.Menu("/werk", nil, true); len(m) != 2 || m[0].Name != "Nederlands" || m[1].Name != "English" {
		t.Errorf("staff menu %+v", m)
	}
}
