package report

import (
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"meldpunt/internal/casework"
)

// TestEveryCategoryHasWordsInBothLanguages: every value the figures can hold has a label.
func TestEveryCategoryHasWordsInBothLanguages(t *testing.T) {
	all, err := embeddedTexts()
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, d := range casework.LifeDomains {
		keys = append(keys, "domain."+string(d))
	}
	for _, g := range casework.Grounds {
		keys = append(keys, "ground."+string(g))
	}
	for _, c := range casework.Channels {
		keys = append(keys, "channel."+string(c))
	}
	for _, k := range casework.OrgKinds {
		keys = append(keys, "kind."+string(k))
	}
	for _, g := range casework.RejectionGrounds {
		keys = append(keys, "rejection."+string(g))
	}
	for _, s := range casework.RecommendationStatuses {
		keys = append(keys, "status."+string(s))
	}
	for m := 1; m <= 12; m++ {
		keys = append(keys, "month."+strconv.Itoa(m))
	}
	for lang, tx := range all {
		for _, k := range keys {
			if v, ok := tx.entries[k]; !ok || strings.TrimSpace(v) == "" {
				t.Errorf("%s: no words for %s", lang, k)
			}
		}
	}
}

func TestTextsRefuseBrokenFiles(t *testing.T) {
	for name, files := range map[string]map[string]string{
		"missing key in en": {"annual/nl.txt": "a = A\nb = B\n", "annual/en.txt": "a = A\n"},
		"defined twice":     {"annual/nl.txt": "a = A\na = B\n", "annual/en.txt": "a = A\n"},
		"no equals sign":    {"annual/nl.txt": "a A\n", "annual/en.txt": "a = A\n"},
		"missing file":      {"annual/nl.txt": "a = A\n"},
	} {
		fsys := fstest.MapFS{}
		for p, c := range files {
			fsys[p] = &fstest.MapFile{Data: []byte(c)}
		}
		if _, err := loadTexts(fsys); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	good := fstest.MapFS{"annual/nl.txt": {Data: []byte("# comment\n\ngreet = Dag {name},\\nwelkom.\n")},
		"annual/en.txt": {Data: []byte("greet = Hello {name}.\n")}}
	all, err := loadTexts(good)
	if err != nil {
		t.Fatal(err)
	}
	nl := all[casework.LanguageDutch].fresh()
	if got := nl.T("greet", "name", "Fatima"); got != "Dag Fatima,\nwelkom." {
		t.Errorf("T = %q", got)
	}
	if nl.T("absent") != "[absent]" || nl.err() == nil {
		t.Error("a missing key is not reported")
	}
}

func TestNumbersInBothLanguages(t *testing.T) {
	nl, en := &texts{lang: casework.LanguageDutch, entries: map[string]string{"unit.percent": "{value} %"}},
		&texts{lang: casework.LanguageEnglish, entries: map[string]string{"unit.percent": "{value} %"}}
	for _, c := range []struct {
		n      int
		nl, en string
	}{{0, "0", "0"}, {999, "999", "999"}, {1000, "1.000", "1,000"}, {1000000, "1.000.000", "1,000,000"}, {-12345, "-12.345", "-12,345"}} {
		if nl.num(c.n) != c.nl || en.num(c.n) != c.en {
			t.Errorf("%d: %q %q", c.n, nl.num(c.n), en.num(c.n))
		}
	}
	p := 22.2
	if nl.percent(&p) != "22,2 %" || en.percent(&p) != "22.2 %" || nl.percent(nil) != "–" {
		t.Errorf("percent: %q %q", nl.percent(&p), en.percent(&p))
	}
	if nl.diff(3) != "+3" || nl.diff(-3) != "−3" || nl.diff(0) != "0" {
		t.Error("diff")
	}
}
