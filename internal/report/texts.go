package report

import (
	"bufio"
	"bytes"
	"fmt"
	"io/fs"
	"maps"
	"slices"
	"strconv"
	"strings"

	"meldpunt/internal/casework"
	"meldpunt/reports"
)

// texts are the fixed words of the report in one language, read from reports/annual/<lang>.txt.
type texts struct {
	lang    casework.Language
	entries map[string]string
	missing map[string]bool // keys asked for that the file lacks
}

// loadTexts reads the texts of both languages from fsys and checks that each language has the
// same keys.
func loadTexts(fsys fs.FS) (map[casework.Language]*texts, error) {
	out := map[casework.Language]*texts{}
	for _, lang := range casework.Languages {
		b, err := fs.ReadFile(fsys, "annual/"+string(lang)+".txt")
		if err != nil {
			return nil, fmt.Errorf("report texts: %w", err)
		}
		entries, err := parseTexts(b)
		if err != nil {
			return nil, fmt.Errorf("report texts %s: %w", lang, err)
		}
		out[lang] = &texts{lang: lang, entries: entries}
	}
	nl, en := out[casework.LanguageDutch].entries, out[casework.LanguageEnglish].entries
	for _, k := range slices.Sorted(maps.Keys(nl)) {
		if _, ok := en[k]; !ok {
			return nil, fmt.Errorf("report texts: %q is in nl.txt but not in en.txt", k)
		}
	}
	for _, k := range slices.Sorted(maps.Keys(en)) {
		if _, ok := nl[k]; !ok {
			return nil, fmt.Errorf("report texts: %q is in en.txt but not in nl.txt", k)
		}
	}
	return out, nil
}

// parseTexts reads "key = text" lines; "\n" in a text is a line break.
func parseTexts(b []byte) (map[string]string, error) {
	entries := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		key, text, ok := strings.Cut(line, "=")
		key = strings.TrimSpace(key)
		if !ok || key == "" || strings.ContainsAny(key, " \t") {
			return nil, fmt.Errorf("line %d: want \"key = text\"", n)
		}
		if _, dup := entries[key]; dup {
			return nil, fmt.Errorf("line %d: %q defined twice", n, key)
		}
		entries[key] = strings.ReplaceAll(strings.TrimSpace(text), `\n`, "\n")
	}
	return entries, sc.Err()
}

// embeddedTexts are the texts built into the binary.
func embeddedTexts() (map[casework.Language]*texts, error) { return loadTexts(reports.Annual) }

// fresh returns a copy of t that records its own missing keys, for one document.
func (t *texts) fresh() *texts {
	return &texts{lang: t.lang, entries: t.entries, missing: map[string]bool{}}
}

// T returns the text of key with each {name} replaced by the value after it in kv.
func (t *texts) T(key string, kv ...any) string {
	s, ok := t.entries[key]
	if !ok {
		t.missing[key] = true
		return "[" + key + "]"
	}
	if len(kv) == 0 {
		return s
	}
	pairs := make([]string, 0, len(kv))
	for i := 0; i+1 < len(kv); i += 2 {
		pairs = append(pairs, "{"+fmt.Sprint(kv[i])+"}", fmt.Sprint(kv[i+1]))
	}
	return strings.NewReplacer(pairs...).Replace(s)
}

// err reports the keys a document asked for that the texts lack.
func (t *texts) err() error {
	if len(t.missing) == 0 {
		return nil
	}
	return fmt.Errorf("report texts %s lack %s", t.lang, strings.Join(slices.Sorted(maps.Keys(t.missing)), ", "))
}

// num writes an integer with the language's thousands separator: 1.000.000 or 1,000,000.
func (t *texts) num(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	sep := "."
	if t.lang == casework.LanguageEnglish {
		sep = ","
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// dec writes a number with at most one decimal, with a decimal comma in Dutch.
func (t *texts) dec(f float64) string {
	s := strconv.FormatFloat(f, 'f', 1, 64)
	s = strings.TrimSuffix(s, ".0")
	if t.lang == casework.LanguageDutch {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// percent writes a share as "41,2 %", or "–" when there is none.
func (t *texts) percent(p *float64) string {
	if p == nil {
		return "–"
	}
	return t.T("unit.percent", "value", t.dec(*p))
}

// days writes a number of days, or "–" when there is none.
func (t *texts) days(d *float64) string {
	if d == nil {
		return "–"
	}
	return t.T("unit.days", "value", t.dec(*d))
}

// diff writes a difference with its sign: +12, −3, 0.
func (t *texts) diff(n int) string {
	switch {
	case n > 0:
		return "+" + t.num(n)
	case n < 0:
		return "−" + t.num(-n)
	}
	return "0"
}
