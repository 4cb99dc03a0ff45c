package pdf

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// sampleReport is a small but complete annual report with every kind of block.
func sampleReport() ReportDoc {
	return ReportDoc{
		Sender:   Sender{Name: "Meldpunt Sociaal Domein", Tagline: "Onafhankelijk meldpunt voor klachten over zorg, werk en inkomen"},
		Language: "nl",
		Labels:   DutchReportLabels(),
		Title:    "Jaarrapportage 2025",
		Subtitle: "Klachten over het sociaal domein, aan de gemeenteraad van Haarlem",
		CoverLines: []string{"Versie 1.2 · vastgesteld op 12 februari 2026",
			"Gegenereerd op 12 februari 2026 om 09:30"},
		Sections: []ReportSection{
			{Title: "Inleiding", Blocks: []Block{
				{Kind: TextBlock, Text: "Het meldpunt ontving dit jaar meer klachten dan vorig jaar. De cliënt staat centraal.\n\nIn dit verslag leest u hoe de coördinatie verliep: één loket, € 161.500 aan vergoedingen."},
				{Kind: SubheadingBlock, Text: "Kerncijfers"},
				{Kind: FiguresBlock, Figures: []KeyFigure{
					{Value: "237", Label: "klachten ontvangen", Note: "2024: 198"},
					{Value: "41 %", Label: "geheel of deels gegrond"},
					{Value: "18 dagen", Label: "mediane behandelduur van klachten die formeel zijn behandeld", Note: "wettelijke termijn: 6 weken"},
				}},
				{Kind: NoteBlock, Text: "Bron: registratie van het meldpunt. \"<5\" betekent: minder dan vijf, niet getoond om cliënten te beschermen."},
			}},
			{Title: "Klachten per thema", Blocks: []Block{
				{Kind: TableBlock, Table: &Table{
					Caption: "Tabel 1. Klachten per thema",
					Columns: []Column{{Title: "Thema", Width: 3}, {Title: "2025", Align: AlignRight, Width: 1}, {Title: "2024", Align: AlignRight, Width: 1}},
					Rows:    [][]string{{"Wmo en hulpmiddelen", "96", "80"}, {"Jeugdhulp", "61", "52"}, {"Participatiewet", "<5", "7"}, {"Totaal", "237", "198"}},
					Bold:    []bool{false, false, false, true},
				}},
				{Kind: BarsBlock, Bars: &BarChart{
					Caption: "Figuur 1. Klachten per thema",
					Compare: true,
					Legend:  [2]string{"2025", "2024"},
					Items: []Bar{
						{Label: "Wmo en hulpmiddelen", Value: 96, Display: "96", CompareValue: 80, CompareDisplay: "80"},
						{Label: "Jeugdhulp", Value: 61, Display: "61", CompareValue: 52, CompareDisplay: "52"},
						{Label: "Participatiewet", Display: "<5", Suppressed: true, CompareValue: 7, CompareDisplay: "7"},
					},
				}},
			}},
			{Title: "Aanbevelingen: één loket", Blocks: []Block{
				{Kind: ListBlock, Items: []string{"Zorg voor één aanspreekpunt per gezin.", "Beslis binnen de wettelijke termijn."}},
			}},
		},
		Created: time.Date(2026, 2, 12, 9, 30, 0, 0, time.UTC),
	}
}

func mustReport(t *testing.T, doc ReportDoc) []byte {
	t.Helper()
	b, err := Report(doc)
	if err != nil {
		t.Fatalf("Report: %v", err)
	}
	return b
}

// pdfinfo runs poppler's pdfinfo and returns its fields ("Pages", "Title" …). It fails the test
// when pdfinfo reports any error: the PDF must be well-formed, not merely repairable.
func pdfinfo(t *testing.T, pdf []byte) map[string]string {
	t.Helper()
	bin, err := exec.LookPath("pdfinfo")
	if err != nil {
		t.Fatal("pdfinfo not found: install poppler-utils (apt-get install -y poppler-utils)")
	}
	file := filepath.Join(t.TempDir(), "report.pdf")
	if err := os.WriteFile(file, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd := exec.Command(bin, "-isodates", file)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil || stderr.Len() > 0 {
		t.Fatalf("pdfinfo: %v\n%s", err, stderr.String())
	}
	fields := map[string]string{}
	for _, line := range strings.Split(string(out), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok {
			fields[k] = strings.TrimSpace(v)
		}
	}
	return fields
}

func pageCount(t *testing.T, pdf []byte) int {
	t.Helper()
	n, err := strconv.Atoi(pdfinfo(t, pdf)["Pages"])
	if err != nil {
		t.Fatalf("pdfinfo gives no page count: %v", err)
	}
	return n
}

// reportPages returns the text of each page (pdftotext -layout), white space collapsed.
func reportPages(t *testing.T, pdf []byte) []string {
	t.Helper()
	pages := strings.Split(strings.TrimSuffix(pdftotext(t, pdf, "-layout"), "\f"), "\f")
	for i := range pages {
		pages[i] = flat(pages[i])
	}
	return pages
}

func TestReportKeepsTheTextOfEveryBlockExact(t *testing.T) {
	t.Parallel()
	text := flat(pdftotext(t, mustReport(t, sampleReport())))
	for _, want := range []string{
		// cover
		"Meldpunt Sociaal Domein", "Onafhankelijk meldpunt voor klachten over zorg, werk en inkomen",
		"Jaarrapportage 2025", "Klachten over het sociaal domein, aan de gemeenteraad van Haarlem",
		"Versie 1.2 · vastgesteld op 12 februari 2026", "Gegenereerd op 12 februari 2026 om 09:30",
		// contents and headings
		"Inhoud", "1 Inleiding", "2 Klachten per thema", "3 Aanbevelingen: één loket",
		// text, with the Dutch exactly
		"De cliënt staat centraal.", "hoe de coördinatie verliep: één loket, € 161.500 aan vergoedingen.",
		// subheading, figures, note
		"Kerncijfers", "237", "klachten ontvangen", "2024: 198", "41 %", "geheel of deels gegrond",
		"18 dagen", "wettelijke termijn: 6 weken",
		`"<5" betekent: minder dan vijf, niet getoond om cliënten te beschermen.`,
		// table
		"Tabel 1. Klachten per thema", "Thema 2025 2024", "Wmo en hulpmiddelen 96 80", "Participatiewet <5 7",
		"Totaal 237 198",
		// chart
		"Figuur 1. Klachten per thema",
		// list
		"• Zorg voor één aanspreekpunt per gezin.", "• Beslis binnen de wettelijke termijn.",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("report text lacks %q:\n%s", want, text)
		}
	}
}

func TestReportStartsEachSectionOnItsOwnPage(t *testing.T) {
	t.Parallel()
	pages := reportPages(t, mustReport(t, sampleReport()))
	// cover, contents, then one page per section
	if len(pages) != 5 {
		t.Fatalf("got %d pages, want 5", len(pages))
	}
	for i, want := range []string{"1 Inleiding", "2 Klachten per thema", "3 Aanbevelingen"} {
		if page := pages[2+i]; !strings.Contains(page, want) {
			t.Errorf("page %d does not start section %q:\n%s", 3+i, want, page)
		}
	}
	if !strings.Contains(pages[1], "Inhoud") {
		t.Errorf("page 2 is not the table of contents:\n%s", pages[1])
	}
}

// longReport has a long second section: the sections start on pages 3, 4 and after.
func longReport() ReportDoc {
	doc := sampleReport()
	var blocks []Block
	for i := range 40 {
		blocks = append(blocks, Block{Kind: TextBlock,
			Text: fmt.Sprintf("Alinea %d. %s", i+1, strings.Repeat("Het meldpunt sprak met cliënten en aanbieders. ", 8))})
	}
	doc.Sections[1].Blocks = append(blocks, doc.Sections[1].Blocks...)
	return doc
}

var contentsEntryRE = regexp.MustCompile(`(\d+) (.+?) (\d+)$`)

func TestContentsGivesThePageEachSectionStartsOn(t *testing.T) {
	t.Parallel()
	doc := longReport()
	pdf := mustReport(t, doc)
	n := pageCount(t, pdf)
	contents := strings.Split(strings.TrimSpace(pdftotext(t, pdf, "-layout", "-f", "2", "-l", "2")), "\n")
	got := map[string]int{}
	for _, line := range contents {
		if m := contentsEntryRE.FindStringSubmatch(flat(line)); m != nil {
			page, _ := strconv.Atoi(m[3])
			got[m[1]+" "+m[2]] = page
		}
	}
	last := 2
	for i, sec := range doc.Sections {
		heading := fmt.Sprintf("%d %s", i+1, sec.Title)
		page, ok := got[heading]
		if !ok {
			t.Fatalf("contents lack %q:\n%s", heading, strings.Join(contents, "\n"))
		}
		if page <= last || page > n {
			t.Errorf("contents give page %d for %q, after page %d of %d", page, heading, last, n)
		}
		text := flat(pdftotext(t, pdf, "-layout", "-f", strconv.Itoa(page), "-l", strconv.Itoa(page)))
		if !strings.Contains(text, heading) {
			t.Errorf("contents give page %d for %q, but that page does not hold the heading:\n%s", page, heading, text)
		}
		last = page
	}
	if page := got["3 "+doc.Sections[2].Title]; page < 5 {
		t.Errorf("section 3 starts on page %d; the long section 2 should push it to page 5 or later", page)
	}
}

var (
	outlineItemRE = regexp.MustCompile(`<item page="(\d+)">([^<]*)</item>`)
	linkRE        = regexp.MustCompile(`<a href="[^"#]*#(\d+)">([^<]*)</a>`)
)

func TestReportOutlineAndContentsLinkToEachSection(t *testing.T) {
	t.Parallel()
	doc := longReport()
	pdf := mustReport(t, doc)
	file := filepath.Join(t.TempDir(), "report.pdf")
	if err := os.WriteFile(file, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftohtml", "-xml", "-i", "-q", "-stdout", file).Output()
	if err != nil {
		t.Fatalf("pdftohtml: %v", err)
	}
	items := outlineItemRE.FindAllStringSubmatch(string(out), -1)
	if len(items) != len(doc.Sections) {
		t.Fatalf("outline has %d entries, want %d: %q", len(items), len(doc.Sections), items)
	}
	pages := reportPages(t, pdf)
	for i, it := range items {
		heading := fmt.Sprintf("%d %s", i+1, doc.Sections[i].Title)
		if it[2] != heading {
			t.Errorf("outline entry %d is %q, want %q", i+1, it[2], heading)
		}
		page, _ := strconv.Atoi(it[1])
		if page < 1 || page > len(pages) || !strings.Contains(pages[page-1], heading) {
			t.Errorf("outline entry %q points to page %d, which does not hold it", heading, page)
		}
	}
	// In the contents, each title is a link to the page its section starts on.
	links := map[string]string{}
	for _, m := range linkRE.FindAllStringSubmatch(string(out), -1) {
		if _, seen := links[m[2]]; !seen {
			links[m[2]] = m[1]
		}
	}
	for i, sec := range doc.Sections {
		page, err := strconv.Atoi(links[sec.Title])
		heading := fmt.Sprintf("%d %s", i+1, sec.Title)
		if err != nil || page < 1 || page > len(pages) || !strings.Contains(pages[page-1], heading) {
			t.Errorf("the contents entry %q links to page %q, which does not hold the section", sec.Title, links[sec.Title])
		}
	}
}

func TestEveryPageButTheCoverHasHeaderAndPageNumber(t *testing.T) {
	t.Parallel()
	pdf := mustReport(t, longReport())
	n := pageCount(t, pdf)
	pages := reportPages(t, pdf)
	if len(pages) != n {
		t.Fatalf("pdftotext finds %d pages, pdfinfo %d", len(pages), n)
	}
	if strings.Contains(pages[0], "pagina") {
		t.Errorf("the cover has a page number:\n%s", pages[0])
	}
	for i, page := range pages[1:] {
		want := fmt.Sprintf("pagina %d van %d", i+2, n)
		if !strings.Contains(page, want) {
			t.Errorf("page %d lacks %q:\n%s", i+2, want, page)
		}
		if !strings.HasPrefix(page, "Meldpunt Sociaal Domein Jaarrapportage 2025") {
			t.Errorf("page %d lacks the running header:\n%s", i+2, page)
		}
	}
}

func TestLongTableRepeatsItsHeaderAndNeverSplitsARow(t *testing.T) {
	t.Parallel()
	doc := sampleReport()
	rows := make([][]string, 300)
	for i := range rows {
		// Every fifth row has a cell that wraps over three lines.
		name := fmt.Sprintf("Rij%03d", i+1)
		if i%5 == 0 {
			name += " " + strings.Repeat("met een lange omschrijving die over meerdere regels loopt ", 2)
		}
		rows[i] = []string{name, strconv.Itoa(i * 7), fmt.Sprintf("%d,%d %%", i%100, i%10)}
	}
	doc.Sections = []ReportSection{{Title: "Alle meldingen", Blocks: []Block{
		{Kind: TableBlock, Table: &Table{Caption: "Tabel 9. Alle meldingen",
			Columns: []Column{{Title: "Omschrijving melding", Width: 2}, {Title: "Aantal", Align: AlignRight}, {Title: "Aandeel", Align: AlignRight}},
			Rows:    rows}},
		{Kind: TextBlock, Text: "Na de tabel."},
	}}}
	pdf := mustReport(t, doc)
	words := bboxWords(t, pdf)
	pages := reportPages(t, pdf)
	if len(pages) < 6 {
		t.Fatalf("300 rows took only %d pages", len(pages))
	}
	rowPage := map[string]int{}
	for _, w := range words {
		if strings.HasPrefix(w.text, "Rij") {
			rowPage[w.text] = w.page
		}
	}
	for i := range rows {
		name := fmt.Sprintf("Rij%03d", i+1)
		if _, ok := rowPage[name]; !ok {
			t.Fatalf("row %s is missing", name)
		}
	}
	// The header row heads every page the table is on.
	tablePages := map[int]bool{}
	for _, p := range rowPage {
		tablePages[p] = true
	}
	for p := range tablePages {
		if !strings.Contains(pages[p-1], "Omschrijving melding Aantal Aandeel") {
			t.Errorf("page %d holds rows but not the header row:\n%.300s", p, pages[p-1])
		}
	}
	// A wrapped row stays on one page: its last line is on the page of its first.
	for i := 0; i < len(rows); i += 5 {
		name := fmt.Sprintf("Rij%03d", i+1)
		page := pages[rowPage[name]-1]
		start := strings.Index(page, name)
		if start < 0 || !strings.Contains(page[start:], "regels loopt") {
			t.Errorf("row %s is split over two pages", name)
		}
	}
	// Right-aligned columns end at the right margin.
	for _, w := range words {
		if w.text == "2093" { // 299 × 7, in the last column but one
			if w.box.X+w.box.W > rightEdge {
				t.Errorf("the number %q runs past the right margin", w.text)
			}
		}
	}
	if !strings.Contains(pages[len(pages)-1], "Na de tabel.") {
		t.Errorf("the text after the table is not on the last page")
	}
}

func TestRightAlignedColumnsLineUpOnTheRight(t *testing.T) {
	t.Parallel()
	words := bboxWords(t, mustReport(t, sampleReport()))
	var rights []float64
	for _, w := range words {
		if w.text == "80" || w.text == "52" || w.text == "198" {
			if w.page == 4 && w.box.X+w.box.W > rightEdge-5 { // not the chart's values
				rights = append(rights, w.box.X+w.box.W)
			}
		}
	}
	if len(rights) != 3 {
		t.Fatalf("found %d cells of the 2024 column on page 4, want 3", len(rights))
	}
	for _, r := range rights[1:] {
		if math.Abs(r-rights[0]) > 0.3 {
			t.Errorf("the 2024 column is not right-aligned: right edges %v", rights)
		}
	}
	if math.Abs(rights[0]-(rightEdge-tablePadX)) > 0.5 {
		t.Errorf("the last column ends at %.1f mm, want %.1f", rights[0], rightEdge-tablePadX)
	}
}

func TestDraftLabelIsOnEveryPageOnlyForADraft(t *testing.T) {
	t.Parallel()
	doc := longReport()
	doc.Draft = true
	for i, page := range reportPages(t, mustReport(t, doc)) {
		if !strings.Contains(page, "CONCEPT") {
			t.Errorf("page %d of the draft lacks CONCEPT:\n%s", i+1, page)
		}
	}
	doc.Draft = false
	for i, page := range reportPages(t, mustReport(t, doc)) {
		if strings.Contains(page, "CONCEPT") {
			t.Errorf("page %d of the final report says CONCEPT:\n%s", i+1, page)
		}
	}
}

func TestDraftWatermarkIsDrawnButStaysOutOfTheText(t *testing.T) {
	t.Parallel()
	final := sampleReport()
	draft := sampleReport()
	draft.Draft = true
	finalPDF, draftPDF := mustReport(t, final), mustReport(t, draft)
	// The text layer of a draft is the final report's plus the draft labels: the watermark adds
	// no stray letters between the lines.
	finalPages, draftPages := reportPages(t, finalPDF), reportPages(t, draftPDF)
	if len(finalPages) != len(draftPages) {
		t.Fatalf("the draft has %d pages, the final report %d", len(draftPages), len(finalPages))
	}
	for i := range draftPages {
		if got := flat(strings.ReplaceAll(draftPages[i], "CONCEPT", "")); got != finalPages[i] {
			t.Errorf("page %d of the draft reads differently from the final report beyond its label:\ndraft: %s\nfinal: %s",
				i+1, got, finalPages[i])
		}
	}
	// On paper, the watermark covers a good part of every page, the cover included.
	for _, page := range []int{1, 2, 5} {
		plain, marked := inkedPixels(t, finalPDF, page), inkedPixels(t, draftPDF, page)
		if marked < plain+500 { // the watermark inks about 1100 pixels, the cover's draft marker about 150
			t.Errorf("page %d: %d inked pixels in the draft, %d in the final report: no watermark", page, marked, plain)
		}
	}
}

// inkedPixels renders one page in grey at 20 dpi and counts the pixels that are not white.
func inkedPixels(t *testing.T, pdf []byte, page int) int {
	t.Helper()
	dir := t.TempDir()
	file := filepath.Join(dir, "report.pdf")
	if err := os.WriteFile(file, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	p := strconv.Itoa(page)
	out, err := exec.Command("pdftoppm", "-gray", "-r", "20", "-f", p, "-l", p, "-singlefile", file, filepath.Join(dir, "page")).CombinedOutput()
	if err != nil {
		t.Fatalf("pdftoppm: %v\n%s", err, out)
	}
	img, err := os.ReadFile(filepath.Join(dir, "page.pgm"))
	if err != nil {
		t.Fatal(err)
	}
	// A binary PGM: "P5", width, height, maximum value, each followed by white space, then pixels.
	fields := 0
	i := 0
	for fields < 4 && i < len(img) {
		for i < len(img) && (img[i] == ' ' || img[i] == '\n') {
			i++
		}
		for i < len(img) && img[i] != ' ' && img[i] != '\n' {
			i++
		}
		fields++
	}
	if fields < 4 || i >= len(img) {
		t.Fatalf("pdftoppm wrote no grey image: %.20q", img)
	}
	n := 0
	for _, px := range img[i+1:] {
		if px < 250 {
			n++
		}
	}
	return n
}

func TestComparedBarsHaveALegendAndBothValues(t *testing.T) {
	t.Parallel()
	words := bboxWords(t, mustReport(t, sampleReport()))
	find := func(text string) bboxWord {
		t.Helper()
		for _, w := range words {
			if w.page == 4 && w.text == text {
				return w
			}
		}
		t.Fatalf("%q is not on page 4", text)
		return bboxWord{}
	}
	// The chart is under the table: take the words below the table's last row.
	var chart []bboxWord
	total := find("Totaal")
	for _, w := range words {
		if w.page == 4 && w.box.Y > total.box.Y+5 {
			chart = append(chart, w)
		}
	}
	var texts []string
	for _, w := range chart {
		texts = append(texts, w.text)
	}
	got := strings.Join(texts, " ")
	for _, want := range []string{"2025 2024", "Wmo en hulpmiddelen 96 80", "Jeugdhulp 61 52", "Participatiewet <5 7"} {
		if !strings.Contains(got, want) {
			t.Errorf("chart text %q lacks %q", got, want)
		}
	}
	// Bars are scaled to the largest value: the value after a longer bar stands further right,
	// and a suppressed value stands right at the start of the bars.
	x := func(text string) float64 {
		for _, w := range chart {
			if w.text == text {
				return w.box.X
			}
		}
		t.Fatalf("%q is not in the chart", text)
		return 0
	}
	if !(x("96") > x("80") && x("80") > x("61") && x("61") > x("52") && x("52") > x("7") && x("7") > x("<5")) {
		t.Errorf("values do not stand after bars scaled to them: 96@%.1f 80@%.1f 61@%.1f 52@%.1f 7@%.1f <5@%.1f",
			x("96"), x("80"), x("61"), x("52"), x("7"), x("<5"))
	}
	if labels := []float64{x("Wmo"), x("Jeugdhulp"), x("Participatiewet")}; labels[0] != labels[1] || labels[1] != labels[2] {
		t.Errorf("labels are not aligned on the left: %v", labels)
	}
}

func TestBarLabelsAreShortenedWithinTheirColumn(t *testing.T) {
	t.Parallel()
	doc := sampleReport()
	long := strings.Repeat("Zeer lange omschrijving van een thema ", 10)
	doc.Sections = []ReportSection{{Title: "Grafiek", Blocks: []Block{{Kind: BarsBlock, Bars: &BarChart{
		Items: []Bar{{Label: long, Value: 10, Display: "10"}, {Label: "Kort", Value: 5, Display: "5"}}}}}}}
	pdf := mustReport(t, doc)
	text := flat(pdftotext(t, pdf, "-f", "3", "-l", "3"))
	if !strings.Contains(text, "…") || !strings.Contains(text, "Zeer lange omschrijving") {
		t.Errorf("the long label is not shortened with an ellipsis:\n%s", text)
	}
	for _, w := range bboxWords(t, pdf) {
		if w.page == 3 && w.box.Y < bodyBottom && strings.Contains(long, strings.TrimSuffix(w.text, "…")) && w.box.X+w.box.W > marginLeft+textWidth*0.38+0.5 {
			t.Errorf("label word %q runs into the bars (ends at %.1f mm)", w.text, w.box.X+w.box.W)
		}
	}
}

func TestSubheadingIsNeverLeftAtTheFootOfAPage(t *testing.T) {
	t.Parallel()
	// Sections of growing length: for some of them the page break falls right after the
	// subheading, unless it is kept with the table it introduces.
	moved := make([]bool, 9)
	t.Run("lengths", func(t *testing.T) {
		for i := range moved {
			n := 21 + i
			t.Run(strconv.Itoa(n), func(t *testing.T) {
				t.Parallel()
				moved[i] = subheadingStaysWithTable(t, n)
			})
		}
	})
	if !slices.Contains(moved, true) {
		t.Error("no length put the subheading at the foot of the page: the test proves nothing")
	}
}

// subheadingStaysWithTable renders a section of n paragraphs and then a subheading and a table,
// fails when the subheading is not on the page of the table's header and first row, and reports
// whether the subheading went to the next page.
func subheadingStaysWithTable(t *testing.T, n int) bool {
	doc := sampleReport()
	var blocks []Block
	for i := range n {
		blocks = append(blocks, Block{Kind: TextBlock, Text: fmt.Sprintf("Regel %d van de tekst.", i+1)})
	}
	blocks = append(blocks,
		Block{Kind: SubheadingBlock, Text: "Tussenkop die bij de tabel hoort"},
		Block{Kind: TableBlock, Table: &Table{Columns: []Column{{Title: "Kolomkop"}}, Rows: [][]string{{"eerste rij"}, {"tweede rij"}}}})
	doc.Sections = []ReportSection{{Title: "Opvulling", Blocks: blocks}}
	pages := reportPages(t, mustReport(t, doc))
	for i, page := range pages {
		if strings.Contains(page, "Tussenkop die bij de tabel hoort") {
			if !strings.Contains(page, "Tussenkop die bij de tabel hoort Kolomkop eerste rij") {
				t.Errorf("%d paragraphs: the subheading on page %d is not followed by the table's header and first row:\n%s", n, i+1, page)
			}
			return i+1 > 3
		}
	}
	t.Fatalf("%d paragraphs: the subheading is missing", n)
	return false
}

func TestReportInEnglishUsesEnglishLabels(t *testing.T) {
	t.Parallel()
	doc := sampleReport()
	doc.Language = "en"
	doc.Labels = EnglishReportLabels()
	doc.Draft = true
	pages := reportPages(t, mustReport(t, doc))
	if !strings.Contains(pages[1], "Contents") {
		t.Errorf("contents are not headed Contents:\n%s", pages[1])
	}
	for i, page := range pages {
		if !strings.Contains(page, "DRAFT") {
			t.Errorf("page %d lacks DRAFT", i+1)
		}
		if i > 0 && !strings.Contains(page, fmt.Sprintf("page %d of %d", i+1, len(pages))) {
			t.Errorf("page %d lacks %q:\n%s", i+1, fmt.Sprintf("page %d of %d", i+1, len(pages)), page)
		}
		if strings.Contains(page, "pagina") || strings.Contains(page, "CONCEPT") {
			t.Errorf("page %d has Dutch labels:\n%s", i+1, page)
		}
	}
}

func TestMissingLabelsFollowTheLanguage(t *testing.T) {
	t.Parallel()
	doc := sampleReport()
	doc.Language = "en-GB"
	doc.Labels = ReportLabels{Draft: "PREVIEW"}
	doc.Draft = true
	text := flat(pdftotext(t, mustReport(t, doc)))
	for _, want := range []string{"Contents", "page 2 of 5", "PREVIEW"} {
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %q:\n%s", want, text)
		}
	}
}

func TestReportMetadata(t *testing.T) {
	t.Parallel()
	pdf := mustReport(t, sampleReport())
	info := pdfinfo(t, pdf)
	for key, want := range map[string]string{
		"Title":        "Jaarrapportage 2025",
		"Subject":      "Jaarrapportage 2025: Klachten over het sociaal domein, aan de gemeenteraad van Haarlem",
		"Author":       "Meldpunt Sociaal Domein",
		"Creator":      "Meldpunt Sociaal Domein",
		"CreationDate": "2026-02-12T09:30:00",
		"ModDate":      "2026-02-12T09:30:00",
		"Pages":        "5",
	} {
		if got := info[key]; !strings.HasPrefix(got, want) {
			t.Errorf("pdfinfo %s = %q, want %q", key, got, want)
		}
	}
	if !bytes.Contains(pdf, []byte("/Lang (nl)")) {
		t.Error("the catalog does not give the language")
	}
}

func TestCatalogLanguageKeepsTheCrossReferenceTableValid(t *testing.T) {
	t.Parallel()
	for _, lang := range []string{"nl", "en-GB"} {
		doc := sampleReport()
		doc.Language = lang
		pdf := mustReport(t, doc)
		if !bytes.Contains(pdf, []byte("/Lang ("+lang+")")) {
			t.Errorf("%s: no /Lang in the catalog", lang)
		}
		// startxref must point exactly at the "xref" keyword.
		m := regexp.MustCompile(`startxref\n(\d+)\n%%EOF`).FindSubmatch(pdf)
		if m == nil {
			t.Fatalf("%s: no startxref", lang)
		}
		at, _ := strconv.Atoi(string(m[1]))
		if !bytes.HasPrefix(pdf[at:], []byte("xref\n")) {
			t.Errorf("%s: startxref %d does not point at the cross-reference table", lang, at)
		}
		pdfinfo(t, pdf) // fails on any complaint
	}
	// A tag that is not a language tag is left out rather than written into the PDF.
	doc := sampleReport()
	doc.Language = "nl) /JavaScript (x"
	if pdf := mustReport(t, doc); bytes.Contains(pdf, []byte("/Lang")) {
		t.Error("a malformed language went into the catalog")
	}
}

func TestHostileInputsStillMakeAValidReport(t *testing.T) {
	t.Parallel()
	word := strings.Repeat("Cliëntenbelangbehartigingsorganisatie", 140) // 5040 characters
	long300 := strings.Repeat("Coördinatie ", 25)                        // 300 characters
	name300 := strings.Repeat("x", 120) + " " + strings.Repeat("Stichting Cliëntenbelang ", 7)
	tests := []struct {
		name   string
		change func(*ReportDoc)
		want   []string
	}{
		{"emoji everywhere", func(d *ReportDoc) {
			d.Title = "Jaarrapportage 😀 2025"
			d.Sender.Name = "Meldpunt 🌸 Sociaal Domein"
			d.Labels.Draft = "CONCEPT 🚧"
			d.Draft = true
			d.CoverLines = []string{"👩‍👩‍👧 ❤️"}
			d.Sections = []ReportSection{{Title: "Inleiding 🙂", Blocks: []Block{
				{Kind: TextBlock, Text: "Boos 😡 en blij 😀."},
				{Kind: SubheadingBlock, Text: "🙂"},
				{Kind: ListBlock, Items: []string{"😀", "punt 😀 twee"}},
				{Kind: FiguresBlock, Figures: []KeyFigure{{Value: "😀", Label: "🙂"}, {Value: "12 😀", Label: "klachten 😀"}}},
				{Kind: TableBlock, Table: &Table{Caption: "😀", Columns: []Column{{Title: "😀"}}, Rows: [][]string{{"cel 😀"}}}},
				{Kind: BarsBlock, Bars: &BarChart{Caption: "😀", Compare: true, Legend: [2]string{"😀", "🙂"},
					Items: []Bar{{Label: "😀", Value: 3, Display: "😀 3"}}}},
			}}}
		}, []string{"Jaarrapportage 2025", "Meldpunt Sociaal Domein", "1 Inleiding", "Boos en blij .", "punt twee", "cel", "12", "klachten"}},
		{"5000-character words", func(d *ReportDoc) {
			d.Title = word
			d.Subtitle = word
			d.Sender.Name = word
			d.CoverLines = []string{word}
			d.Sections = []ReportSection{{Title: word, Blocks: []Block{
				{Kind: TextBlock, Text: "Voor " + word + " na."},
				{Kind: SubheadingBlock, Text: word},
				{Kind: NoteBlock, Text: word},
				{Kind: ListBlock, Items: []string{word}},
				{Kind: FiguresBlock, Figures: []KeyFigure{{Value: word, Label: word, Note: word}}},
				{Kind: TableBlock, Table: &Table{Caption: word, Columns: []Column{{Title: word}, {Title: "n", Align: AlignRight}},
					Rows: [][]string{{word, word}, {"kort", "1"}}}},
				{Kind: BarsBlock, Bars: &BarChart{Caption: word, Compare: true, Legend: [2]string{word, word},
					Items: []Bar{{Label: word, Value: 1, Display: word, CompareDisplay: word}}}},
			}}}
		}, []string{"Voor", "na.", "kort"}},
		{"300-character names and labels", func(d *ReportDoc) {
			d.Sender.Name = name300
			d.Title = long300
			d.Sections[1].Title = long300
			d.Sections[1].Blocks[1].Bars.Items[0].Label = long300
			d.Sections[1].Blocks[0].Table.Rows[0][0] = long300
		}, []string{"Stichting Cliëntenbelang", "Coördinatie Coördinatie"}},
		{"zero values", func(d *ReportDoc) {
			d.Sections = []ReportSection{{Title: "Nul", Blocks: []Block{
				{Kind: BarsBlock, Bars: &BarChart{Caption: "Alles nul", Items: []Bar{{Label: "a", Display: "0"}, {Label: "b", Value: 0}}}},
				{Kind: BarsBlock, Bars: &BarChart{Caption: "Alles nul, vergeleken", Compare: true,
					Items: []Bar{{Label: "c", Suppressed: true, Display: "<5", CompareSuppressed: true, CompareDisplay: "<5"}}}},
				{Kind: BarsBlock, Bars: &BarChart{Caption: "Vreemde getallen", Items: []Bar{
					{Label: "nan", Value: math.NaN()}, {Label: "inf", Value: math.Inf(1)}, {Label: "neg", Value: -4}, {Label: "half", Value: 2.5}}}},
			}}}
		}, []string{"Alles nul", "a 0", "b 0", "c <5 <5", "half 2,5"}},
		{"empty everything", func(d *ReportDoc) {
			title := d.Title
			*d = ReportDoc{Title: title, Sections: []ReportSection{
				{},
				{Title: "Leeg", Blocks: []Block{{}, {Kind: SubheadingBlock}, {Kind: ListBlock}, {Kind: ListBlock, Items: []string{"", " "}},
					{Kind: FiguresBlock}, {Kind: FiguresBlock, Figures: []KeyFigure{{}}}, {Kind: TableBlock}, {Kind: TableBlock, Table: &Table{}},
					{Kind: BarsBlock}, {Kind: BarsBlock, Bars: &BarChart{}}, {Kind: BlockKind(99)}, {Kind: NoteBlock, Text: " \n "}}},
				{Title: "Tabel zonder rijen", Blocks: []Block{{Kind: TableBlock, Table: &Table{Caption: "Geen rijen", Columns: []Column{{Title: "Kop"}}}}}},
				{Title: "Grafiek zonder items", Blocks: []Block{{Kind: BarsBlock, Bars: &BarChart{Caption: "Geen items", Compare: true}}}},
				{Title: "Subkop als laatste", Blocks: []Block{{Kind: SubheadingBlock, Text: "Alleen een kop"}}},
			}}
		}, []string{"Jaarrapportage 2025", "Inhoud", "2 Leeg", "Geen rijen Kop", "Geen items", "Alleen een kop", "pagina 2 van 7"}},
		{"no sections at all", func(d *ReportDoc) { d.Sections = nil }, []string{"Jaarrapportage 2025"}},
		{"control characters and odd line endings", func(d *ReportDoc) {
			d.Sections[0].Blocks = []Block{{Kind: TextBlock, Text: "regel\r\neen\rtwee\x00\x07\x1b drie\u2028vier\ttab\xff"}}
		}, []string{"regel een twee drie vier tab"}},
		{"ragged and oversized tables", func(d *ReportDoc) {
			d.Sections = []ReportSection{{Title: "Tabellen", Blocks: []Block{
				{Kind: TableBlock, Table: &Table{Rows: [][]string{{"a"}, {"b", "c", "d"}, nil}, Bold: []bool{true, false, true, true, true}}},
				{Kind: TableBlock, Table: &Table{Columns: []Column{{Title: "x", Width: -1}, {Title: "y", Width: math.NaN()}, {Title: "z", Width: math.Inf(1)}},
					Rows: [][]string{{"1", "2", "3"}}}},
				{Kind: TableBlock, Table: &Table{Columns: make([]Column, 40), Rows: [][]string{slices.Repeat([]string{"cel"}, 40)}}},
				{Kind: TableBlock, Table: &Table{Columns: []Column{{Title: "hoog"}}, Rows: [][]string{{strings.Repeat("regel\n", 200)}}}},
			}}}
		}, []string{"b c d", "x y z", "1 2 3"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			doc := sampleReport()
			tt.change(&doc)
			pdf := mustReport(t, doc)
			n := pageCount(t, pdf)
			text := flat(pdftotext(t, pdf, "-layout"))
			for _, want := range tt.want {
				if !strings.Contains(text, want) {
					t.Errorf("text lacks %q:\n%.3000s", want, text)
				}
			}
			if len(doc.Sections) > 0 && !strings.Contains(text, fmt.Sprintf("van %d", n)) {
				t.Errorf("footer does not count %d pages", n)
			}
			for _, w := range bboxWords(t, pdf) {
				if w.box.X < marginLeft-0.5 || w.box.X+w.box.W > rightEdge+0.5 {
					if !strings.Contains("CONCEPT", w.text) { // the diagonal watermark is wider
						t.Errorf("%q on page %d runs outside the margins: %+v", w.text, w.page, w.box)
						break
					}
				}
			}
		})
	}
}

func TestReportRefusesWhatCannotBeAReport(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		change func(*ReportDoc)
		is     error
	}{
		{"no title", func(d *ReportDoc) { d.Title = "" }, nil},
		{"a title of emoji and spaces only", func(d *ReportDoc) { d.Title = " 😀\u200b\n" }, nil},
		{"too many sections", func(d *ReportDoc) {
			d.Sections = make([]ReportSection, MaxReportPages)
		}, ErrTooLong},
		{"too many table rows", func(d *ReportDoc) {
			d.Sections = []ReportSection{{Title: "Lang", Blocks: []Block{{Kind: TableBlock, Table: &Table{
				Columns: []Column{{Title: "n"}}, Rows: slices.Repeat([][]string{{"rij"}}, 30000)}}}}}
		}, ErrTooLong},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			doc := sampleReport()
			tt.change(&doc)
			b, err := Report(doc)
			if err == nil {
				t.Fatalf("Report returned %d bytes and no error", len(b))
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Fatalf("error %v, want %v", err, tt.is)
			}
			if tt.is != nil && !strings.Contains(err.Error(), "report longer than the page limit (400 pages)") {
				t.Errorf("error %q does not say the report is too long", err)
			}
		})
	}
}

func TestContentsRunOverSeveralPages(t *testing.T) {
	t.Parallel()
	doc := sampleReport()
	doc.Sections = nil
	for i := range 70 {
		doc.Sections = append(doc.Sections, ReportSection{Title: fmt.Sprintf("Hoofdstuk %d", i+1)})
	}
	pdf := mustReport(t, doc)
	pages := reportPages(t, pdf)
	// 70 entries take three pages of contents, so section N starts on page 4 + N.
	if len(pages) != 1+3+70 {
		t.Fatalf("got %d pages, want 74", len(pages))
	}
	contents := strings.Join(pages[1:4], " ")
	for i := range 70 {
		entry := fmt.Sprintf("%d Hoofdstuk %d %d", i+1, i+1, 5+i)
		if !strings.Contains(contents, entry) {
			t.Errorf("contents lack %q", entry)
		}
		if heading := fmt.Sprintf("%d Hoofdstuk %d pagina %d van 74", i+1, i+1, 5+i); !strings.Contains(pages[4+i], heading) {
			t.Errorf("page %d lacks %q:\n%s", 5+i, heading, pages[4+i])
		}
	}
	if strings.Contains(pages[4], "Hoofdstuk 70 ") {
		t.Error("the contents run onto the first section's page")
	}
}

func TestReportOfTheMaximumLengthIsAllowedAndOneMorePageIsNot(t *testing.T) {
	t.Parallel()
	// n sections take 1 + 13 + n pages: a cover, 13 pages of contents (29 entries on the
	// first, 31 on the others) and a page per section.
	report := func(n int) ReportDoc {
		doc := sampleReport()
		doc.Sections = make([]ReportSection, n)
		for i := range doc.Sections {
			doc.Sections[i].Title = "Deel"
		}
		return doc
	}
	if n := pageCount(t, mustReport(t, report(MaxReportPages-14))); n != MaxReportPages {
		t.Fatalf("got %d pages, want %d", n, MaxReportPages)
	}
	if _, err := Report(report(MaxReportPages - 13)); !errors.Is(err, ErrTooLong) {
		t.Fatalf("a report of %d pages: error %v, want ErrTooLong", MaxReportPages+1, err)
	}
}

func TestReportIsReproducible(t *testing.T) {
	t.Parallel()
	doc := longReport()
	doc.Draft = true
	a, b := mustReport(t, doc), mustReport(t, doc)
	if !bytes.Equal(a, b) {
		t.Fatal("two renderings of the same report differ")
	}
}

func TestReportLeavesTheCallersDocumentAlone(t *testing.T) {
	t.Parallel()
	doc := sampleReport()
	doc.Sections[1].Blocks[0].Table.Rows[0][0] = "Wmo 😀"
	doc.Sections[1].Blocks[1].Bars.Items[0].Label = "Wmo 😀"
	mustReport(t, doc)
	if doc.Sections[1].Blocks[0].Table.Rows[0][0] != "Wmo 😀" || doc.Sections[1].Blocks[1].Bars.Items[0].Label != "Wmo 😀" {
		t.Fatal("Report changed the caller's table or chart")
	}
}

func TestColumnWidths(t *testing.T) {
	tests := []struct {
		name   string
		shares []float64
		want   []float64 // shares of the text width
	}{
		{"no shares: even", []float64{0, 0, 0, 0}, []float64{0.25, 0.25, 0.25, 0.25}},
		{"shares are scaled", []float64{3, 1}, []float64{0.75, 0.25}},
		{"zero shares split what is left", []float64{0.5, 0, 0}, []float64{0.5, 0.25, 0.25}},
		{"zero shares get the average when nothing is left", []float64{2, 0, 1, 0}, []float64{2.0 / 6, 1.5 / 6, 1.0 / 6, 1.5 / 6}},
		{"one column", []float64{7}, []float64{1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cols := make([]Column, len(tt.shares))
			for i, s := range tt.shares {
				cols[i].Width = s
			}
			got := columnWidths(cols)
			sum := 0.0
			for i := range got {
				sum += got[i]
				if math.Abs(got[i]-tt.want[i]*textWidth) > 0.01 {
					t.Errorf("column %d: %.2f mm, want %.2f", i, got[i], tt.want[i]*textWidth)
				}
			}
			if math.Abs(sum-textWidth) > 0.01 {
				t.Errorf("columns add up to %.2f mm, want %.2f", sum, textWidth)
			}
		})
	}
}

func TestFormatValue(t *testing.T) {
	for _, tt := range []struct {
		v          float64
		lang, want string
	}{{12, "nl", "12"}, {2.5, "nl", "2,5"}, {2.5, "en", "2.5"}, {0, "", "0"}} {
		if got := formatValue(tt.v, tt.lang); got != tt.want {
			t.Errorf("formatValue(%v, %q) = %q, want %q", tt.v, tt.lang, got, tt.want)
		}
	}
}

func FuzzReport(f *testing.F) {
	for _, s := range []string{"", "cliënt € 161.500", "😡\r\n\x00", "مرحبا שלום", strings.Repeat("x", 300), "\xff\xfe\u202e"} {
		f.Add(s, 3.0)
	}
	f.Fuzz(func(t *testing.T, s string, v float64) {
		doc := sampleReport()
		doc.Title = "T " + s
		doc.Sections = append(doc.Sections, ReportSection{Title: s, Blocks: []Block{
			{Kind: TextBlock, Text: s}, {Kind: SubheadingBlock, Text: s}, {Kind: NoteBlock, Text: s},
			{Kind: ListBlock, Items: []string{s}}, {Kind: FiguresBlock, Figures: []KeyFigure{{Value: s, Label: s, Note: s}}},
			{Kind: TableBlock, Table: &Table{Caption: s, Columns: []Column{{Title: s, Width: v}}, Rows: [][]string{{s}}}},
			{Kind: BarsBlock, Bars: &BarChart{Caption: s, Compare: true, Legend: [2]string{s, s},
				Items: []Bar{{Label: s, Value: v, Display: s, CompareValue: -v}}}},
		}})
		b, err := Report(doc)
		if err != nil {
			if errors.Is(err, ErrTooLong) {
				return
			}
			t.Fatalf("Report: %v", err)
		}
		if !bytes.HasPrefix(b, []byte("%PDF-")) {
			t.Fatal("not a PDF")
		}
	})
}

// benchmarkReport is a realistic annual report: ten sections of text, figures, a 100-row table
// and charts.
func benchmarkReport() ReportDoc {
	doc := sampleReport()
	rows := make([][]string, 100)
	for i := range rows {
		rows[i] = []string{fmt.Sprintf("Aanbieder %d in de regio Zuid-Kennemerland", i+1), strconv.Itoa(i * 3), strconv.Itoa(i * 2)}
	}
	var items []Bar
	for i := range 12 {
		items = append(items, Bar{Label: fmt.Sprintf("Thema %d", i+1), Value: float64(i * 5), Display: strconv.Itoa(i * 5),
			CompareValue: float64(i * 4), CompareDisplay: strconv.Itoa(i * 4)})
	}
	doc.Sections = nil
	for s := range 10 {
		sec := ReportSection{Title: fmt.Sprintf("Hoofdstuk %d over de klachten", s+1)}
		for range 4 {
			sec.Blocks = append(sec.Blocks, Block{Kind: TextBlock, Text: strings.Repeat("Het meldpunt sprak met cliënten en aanbieders over de coördinatie van zorg. ", 6)})
		}
		sec.Blocks = append(sec.Blocks, sampleReport().Sections[0].Blocks...)
		if s%3 == 0 {
			sec.Blocks = append(sec.Blocks, Block{Kind: BarsBlock, Bars: &BarChart{Caption: "Klachten per thema", Compare: true,
				Legend: [2]string{"2025", "2024"}, Items: items}})
		}
		if s == 5 {
			sec.Blocks = append(sec.Blocks, Block{Kind: TableBlock, Table: &Table{Caption: "Klachten per aanbieder",
				Columns: []Column{{Title: "Aanbieder", Width: 3}, {Title: "2025", Align: AlignRight, Width: 1}, {Title: "2024", Align: AlignRight, Width: 1}},
				Rows:    rows}})
		}
		doc.Sections = append(doc.Sections, sec)
	}
	return doc
}

func BenchmarkReport(b *testing.B) {
	doc := benchmarkReport()
	for b.Loop() {
		if _, err := Report(doc); err != nil {
			b.Fatal(err)
		}
	}
}
