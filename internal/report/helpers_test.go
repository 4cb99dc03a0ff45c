package report_test

import (
	"bytes"
	"os/exec"
	"strconv"
	"strings"
	"testing"

	"meldpunt/internal/casework"
)

// pdftotext returns the text of a PDF as poppler reads it, with runs of white space folded to one
// space, so that tests can look for phrases whatever the line breaks.
func pdftotext(t *testing.T, pdf []byte, options ...string) string {
	t.Helper()
	args := append(append([]string{}, options...), "-enc", "UTF-8", "-", "-")
	cmd := exec.Command("pdftotext", args...)
	cmd.Stdin = bytes.NewReader(pdf)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		t.Fatalf("pdftotext: %v: %s", err, errOut.String())
	}
	return flat(out.String())
}

// pdfPages returns the number of pages pdfinfo finds, failing the test when it cannot parse the PDF.
func pdfPages(t *testing.T, pdf []byte) int {
	t.Helper()
	info := pdfinfo(t, pdf)
	for line := range strings.SplitSeq(info, "\n") {
		if rest, ok := strings.CutPrefix(line, "Pages:"); ok {
			if n, err := strconv.Atoi(strings.TrimSpace(rest)); err == nil {
				return n
			}
		}
	}
	t.Fatalf("pdfinfo gave no page count: %s", info)
	return 0
}

// pdfinfo returns what pdfinfo says about a PDF (its metadata), failing the test when it cannot
// parse it.
func pdfinfo(t *testing.T, pdf []byte) string {
	t.Helper()
	cmd := exec.Command("pdfinfo", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("pdfinfo: %v: %s", err, out)
	}
	return string(out)
}

func flat(s string) string { return strings.Join(strings.Fields(s), " ") }

func contains(text, phrase string) bool { return strings.Contains(text, flat(phrase)) }

// sectionTitles are the headings every report has, in each language.
var sectionTitles = map[casework.Language][]string{
	casework.LanguageDutch: {"Inhoud", "Samenvatting", "Waarover gaan de klachten?", "Over welke organisaties?",
		"Hoe en wanneer kwamen de klachten binnen?", "Bindende adviezen per organisatie", "Beleidsaanbevelingen",
		"Slotbeschouwing van het meldpunt", "Vergelijking met", "Verantwoording"},
	casework.LanguageEnglish: {"Contents", "Summary", "What are the complaints about?", "About which organisations?",
		"How and when did the complaints come in?", "Binding advice by organisation", "Policy recommendations",
		"Closing remarks of the meldpunt", "Comparison with", "How the figures are counted"},
}
