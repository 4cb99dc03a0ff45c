package pdf

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jung-kurt/gofpdf"
)

func sampleDoc() LetterDoc {
	return LetterDoc{
		Sender: Sender{Name: "Meldpunt Sociaal Domein", Tagline: "Onafhankelijk meldpunt",
			Street: "Postbus 511", Postal: "2003 PB", City: "Haarlem", Phone: "023 511 5000",
			Email: "meldpunt@example.nl", Website: "www.example.nl/meldpunt"},
		Recipient: Address{Name: "Fatima el Amrani", Street: "Kleverparkweg 12 zwart", Postal: "2023 CE", City: "Haarlem"},
		Place:     "Haarlem",
		Date:      "7 december 2026",
		Reference: "MSD-2026-0042",
		HandledBy: "Anouk de Vries",
		Subject:   "Onze uitspraak over uw klacht",
		Opening:   "Beste Fatima el Amrani,",
		Body: []Paragraph{
			{Text: "De cliënt vroeg om coördinatie van de zorg. Het ging om € 161.500, één keer."},
			{Kind: Heading, Text: "Wat kunt u nu doen?"},
			{Kind: List, Items: []string{"Bel ons.", "Kijk op de website."}},
			{Kind: Quote, Text: "Wij wijzen het advies af.\nDe middelen ontbreken."},
		},
		Closing:   "Met vriendelijke groet,",
		Signature: []string{"Anouk de Vries", "Meldpunt Sociaal Domein"},
		CopyTo:    []string{"Cliëntenbelang Haarlem"},
		Created:   time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC),
	}
}

// pdftotext runs poppler's pdftotext on the PDF with the given options and returns its output.
// It fails the test when the PDF does not start like a PDF or pdftotext rejects it.
func pdftotext(t *testing.T, pdf []byte, options ...string) string {
	t.Helper()
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("output does not start with %%PDF-: %q", pdf[:min(len(pdf), 20)])
	}
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Fatal("pdftotext not found: install poppler-utils (apt-get install -y poppler-utils)")
	}
	file := filepath.Join(t.TempDir(), "letter.pdf")
	if err := os.WriteFile(file, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	args := append(append([]string{}, options...), file, "-")
	out, err := exec.Command(bin, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext %v: %v\n%s", options, err, out)
	}
	if bytes.Contains(out, []byte("Syntax Error")) {
		t.Fatalf("pdftotext reports a broken PDF:\n%s", out)
	}
	return string(out)
}

// flat collapses every run of white space to one space, so text that wrapped compares as one line.
func flat(s string) string { return strings.Join(strings.Fields(s), " ") }

func render(t *testing.T, doc LetterDoc) []byte {
	t.Helper()
	b, err := Letter(doc)
	if err != nil {
		t.Fatalf("Letter: %v", err)
	}
	return b
}

func TestLetterKeepsDutchTextExact(t *testing.T) {
	text := flat(pdftotext(t, render(t, sampleDoc()), "-layout"))
	for _, want := range []string{
		"cliënt", "coördinatie", "€ 161.500", "één", "MSD-2026-0042", "Haarlem, 7 december 2026",
		"Onze uitspraak over uw klacht", "Beste Fatima el Amrani,", "Ons kenmerk", "Behandeld door", "Anouk de Vries",
		"Wat kunt u nu doen?", "• Bel ons.", "Wij wijzen het advies af. De middelen ontbreken.",
		"Met vriendelijke groet,", "Kopie aan: Cliëntenbelang Haarlem", "pagina 1 van 1",
		"Meldpunt Sociaal Domein · Postbus 511 · 2003 PB Haarlem",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("letter text lacks %q:\n%s", want, text)
		}
	}
}

func TestLetterInEnglishUsesEnglishLabels(t *testing.T) {
	doc := sampleDoc()
	doc.Labels = EnglishLabels()
	text := flat(pdftotext(t, render(t, doc), "-layout"))
	for _, want := range []string{"Our reference", "Handled by", "page 1 of 1", "Copy to:"} {
		if !strings.Contains(text, want) {
			t.Errorf("letter text lacks %q:\n%s", want, text)
		}
	}
}

func TestLongLetterRunsOverPagesWithHeaderAndPageNumbers(t *testing.T) {
	doc := sampleDoc()
	for i := range 60 {
		doc.Body = append(doc.Body, Paragraph{Text: fmt.Sprintf("Alinea %d. %s", i+1, strings.Repeat("Dit is een zin met wat tekst. ", 6))})
	}
	out := pdftotext(t, render(t, doc), "-layout")
	pages := strings.Split(strings.TrimSuffix(out, "\f"), "\f")
	if len(pages) < 3 {
		t.Fatalf("got %d pages, want at least 3", len(pages))
	}
	for i, page := range pages {
		want := fmt.Sprintf("pagina %d van %d", i+1, len(pages))
		if !strings.Contains(page, want) {
			t.Errorf("page %d lacks %q", i+1, want)
		}
		if i > 0 && !strings.Contains(flat(page), "Ons kenmerk MSD-2026-0042 · 7 december 2026") {
			t.Errorf("page %d lacks the running header", i+1)
		}
	}
	all := flat(out)
	for i := range 60 {
		if !strings.Contains(all, fmt.Sprintf("Alinea %d.", i+1)) {
			t.Errorf("paragraph %d is missing", i+1)
		}
	}
	if !strings.Contains(flat(pages[len(pages)-1]), "Met vriendelijke groet, Anouk de Vries") {
		t.Errorf("closing and signature are not together on the last page")
	}
	if !strings.Contains(flat(pages[len(pages)-1]), "Alinea 60.") {
		t.Errorf("the closing stands alone on the last page, without the last paragraph")
	}
}

func TestHostileTextNeverBreaksTheLetter(t *testing.T) {
	longWord := strings.Repeat("klachtenbehandeling", 15) + "slot" // 289 characters
	longWord += strings.Repeat("x", 300-len([]rune(longWord)))
	tests := []struct {
		name   string
		change func(*LetterDoc)
		want   []string // must appear in the text layer (white space collapsed)
	}{
		{"emoji everywhere", func(d *LetterDoc) {
			d.Recipient.Name = "Fatima 🌸 el Amrani"
			d.Subject = "Uw klacht 😡 is ontvangen"
			d.Body = []Paragraph{{Text: "Ik ben heel boos 😡😡 👩‍👩‍👧 ❤️ en verdrietig."}, {Kind: List, Items: []string{"🙂", "punt 😀 twee"}}}
			d.Signature = []string{"🙂"}
		}, []string{"Fatima el Amrani", "Uw klacht is ontvangen", "Ik ben heel boos", "punt twee"}},
		{"Arabic and Hebrew", func(d *LetterDoc) {
			d.Recipient.Name = "محمد العلي"
			d.Recipient.Street = "רחוב הרצל 1"
			d.Body = []Paragraph{{Text: "مرحبا بالعالم — שלום עולם — mixed with Nederlands."}, {Kind: Quote, Text: "النص العربي\nטקסט עברי"}}
		}, []string{"mixed with Nederlands", "ש", "ل"}},
		{"a 300-character word", func(d *LetterDoc) {
			d.Body = []Paragraph{{Text: "Voor " + longWord + " na."}, {Kind: List, Items: []string{longWord}}, {Kind: Quote, Text: longWord}}
			d.Subject = longWord
			d.Recipient.Street = longWord
			d.Reference = longWord
		}, []string{"Voor", "na."}},
		{"control characters and odd line endings", func(d *LetterDoc) {
			d.Body = []Paragraph{{Text: "regel\r\neen\rtwee\x00\x07\x1b drie\u2028vier\ttab"}}
		}, []string{"regel een twee drie vier tab"}},
		{"empty optional fields", func(d *LetterDoc) {
			d.Sender = Sender{Name: "Meldpunt Sociaal Domein"}
			d.Recipient = Address{Name: "Fatima el Amrani"}
			d.Place, d.Date, d.Reference, d.HandledBy, d.Opening, d.Closing = "", "", "", "", "", ""
			d.Body, d.Signature, d.CopyTo = nil, nil, nil
			d.Labels = Labels{}
		}, []string{"Fatima el Amrani", "Onze uitspraak over uw klacht", "pagina 1 van 1"}},
		{"postal code without city and city without street", func(d *LetterDoc) {
			d.Recipient = Address{Name: "J. Jansen", Postal: "2011 AB"}
		}, []string{"J. Jansen", "2011 AB"}},
		{"blank paragraphs and items", func(d *LetterDoc) {
			d.Body = []Paragraph{{Text: "  \n \n"}, {Kind: List, Items: []string{"", " "}}, {Kind: Heading}, {Text: "Wel tekst."}}
		}, []string{"Wel tekst."}},
		{"a huge address", func(d *LetterDoc) {
			d.Recipient = Address{Name: strings.Repeat("Naam ", 40), Attention: "t.a.v. " + strings.Repeat("afdeling ", 20),
				Street: longWord, Postal: "2011 AB", City: strings.Repeat("Haarlem", 20), Country: "NEDERLAND"}
		}, []string{"Naam Naam"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := sampleDoc()
			tt.change(&doc)
			text := flat(pdftotext(t, render(t, doc), "-layout"))
			for _, want := range tt.want {
				if !strings.Contains(text, want) {
					t.Errorf("text lacks %q:\n%s", want, text)
				}
			}
		})
	}
}

func TestLongWordWrapsInsteadOfRunningOffThePage(t *testing.T) {
	word := strings.Repeat("abcdefghij", 30)
	doc := sampleDoc()
	doc.Body = []Paragraph{{Text: word}}
	words := bboxWords(t, render(t, doc))
	var pieces []bboxWord
	for _, w := range words {
		if strings.Contains(word, w.text) && len(w.text) > 10 {
			pieces = append(pieces, w)
		}
	}
	if len(pieces) < 2 {
		t.Fatalf("the 300-character word was not broken over lines: %v", pieces)
	}
	var joined string
	for _, p := range pieces {
		joined += p.text
		if p.box.X+p.box.W > rightEdge+0.5 {
			t.Errorf("piece %q runs past the right margin: ends at %.1f mm", p.text, p.box.X+p.box.W)
		}
	}
	if joined != word {
		t.Errorf("pieces join to %q, want the word", joined)
	}
}

func TestLetterRefusesWhatCannotBeALetter(t *testing.T) {
	tests := []struct {
		name   string
		change func(*LetterDoc)
		is     error
	}{
		{"no recipient", func(d *LetterDoc) { d.Recipient.Name = "" }, nil},
		{"a recipient made of emoji only", func(d *LetterDoc) { d.Recipient.Name = "😀 🙂" }, nil},
		{"no sender", func(d *LetterDoc) { d.Sender.Name = " " }, nil},
		{"no subject", func(d *LetterDoc) { d.Subject = "\x00" }, nil},
		{"too many pages", func(d *LetterDoc) {
			d.Body = []Paragraph{{Text: strings.Repeat("Heel veel tekst. ", 40000)}}
		}, ErrTooLong},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := sampleDoc()
			tt.change(&doc)
			b, err := Letter(doc)
			if err == nil {
				t.Fatalf("Letter returned %d bytes and no error", len(b))
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Fatalf("error %v, want %v", err, tt.is)
			}
		})
	}
}

func TestProtectTurnsPanicsIntoErrors(t *testing.T) {
	t.Run("a plain panic", func(t *testing.T) {
		err := protect(func() error { panic("boom") })
		if err == nil || !strings.Contains(err.Error(), "boom") {
			t.Fatalf("got %v, want an error mentioning the panic", err)
		}
	})
	t.Run("a real gofpdf panic on uncleaned text", func(t *testing.T) {
		err := protect(func() error {
			f := newDocument()
			f.AddPage()
			f.SetFont(family, styleRegular, 11)
			f.CellFormat(50, 5, "emoji 😀 panics gofpdf", "", 0, "L", false, 0, "")
			return f.Output(io.Discard)
		})
		if err == nil || !strings.Contains(err.Error(), "panicked") {
			t.Fatalf("got %v, want the recovered gofpdf panic", err)
		}
	})
	t.Run("an error passes through", func(t *testing.T) {
		want := errors.New("plain")
		if err := protect(func() error { return want }); err != want {
			t.Fatalf("got %v, want %v", err, want)
		}
	})
	t.Run("an unregistered style fails the document", func(t *testing.T) {
		f := gofpdf.New("P", "mm", "A4", "")
		registerFonts(f)
		f.AddPage()
		f.SetFont(family, "BI", 11)
		if f.Error() == nil {
			t.Fatal("gofpdf accepted a style that was never registered; registerFonts may register too much")
		}
	})
}

func TestLetterIsReproducible(t *testing.T) {
	a, b := render(t, sampleDoc()), render(t, sampleDoc())
	if !bytes.Equal(a, b) {
		t.Fatal("two renderings of the same letter differ")
	}
}

func TestLayoutFitsAWindowEnvelope(t *testing.T) {
	l := LetterLayout()
	if l.Window != (Rect{X: 20, Y: 45, W: 85, H: 45}) {
		t.Errorf("window %+v is not DIN 5008 form B (20, 45, 85 × 45 mm)", l.Window)
	}
	if !l.Window.Contains(l.ReturnLine) || !l.Window.Contains(l.Recipient) {
		t.Errorf("return line %+v or recipient %+v lies outside the window %+v", l.ReturnLine, l.Recipient, l.Window)
	}
	if l.ReturnLine.Y+l.ReturnLine.H > l.Recipient.Y {
		t.Errorf("return line overlaps the recipient")
	}
	if l.Info.X < l.Window.X+l.Window.W {
		t.Errorf("reference block %+v overlaps the window", l.Info)
	}
	if maxAddressLines < 6 {
		t.Errorf("only %d address lines fit", maxAddressLines)
	}
}

type bboxWord struct {
	text string
	page int
	box  Rect // millimetres
}

var (
	bboxPageRE = regexp.MustCompile(`<page `)
	bboxWordRE = regexp.MustCompile(`<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>`)
)

// bboxWords returns every word pdftotext finds with its box in millimetres.
func bboxWords(t *testing.T, pdf []byte) []bboxWord {
	t.Helper()
	out := pdftotext(t, pdf, "-bbox")
	const mm = 25.4 / 72
	var words []bboxWord
	page := 0
	for _, line := range strings.Split(out, "\n") {
		if bboxPageRE.MatchString(line) {
			page++
		}
		m := bboxWordRE.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		var v [4]float64
		for i := range v {
			v[i], _ = strconv.ParseFloat(m[i+1], 64)
		}
		text := strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">", "&quot;", `"`).Replace(m[5])
		words = append(words, bboxWord{text: text, page: page,
			box: Rect{X: v[0] * mm, Y: v[1] * mm, W: (v[2] - v[0]) * mm, H: (v[3] - v[1]) * mm}})
	}
	return words
}

// inside reports whether a word equal to text lies within area on page 1, and where the words
// equal to text are.
func inside(words []bboxWord, text string, area Rect) (bool, []Rect) {
	var seen []Rect
	for _, w := range words {
		if w.page == 1 && w.text == text {
			if area.Contains(w.box) {
				return true, nil
			}
			seen = append(seen, w.box)
		}
	}
	return false, seen
}

func TestAddressSitsInTheEnvelopeWindow(t *testing.T) {
	lay := LetterLayout()
	tests := []struct {
		name  string
		addr  Address
		words []string
	}{
		{"a full address", Address{Name: "Fatima el Amrani", Street: "Kleverparkweg 12 zwart", Postal: "2023 CE", City: "Haarlem"},
			[]string{"Fatima", "Amrani", "Kleverparkweg", "2023", "HAARLEM"}},
		{"a name only", Address{Name: "Fatima el Amrani"}, []string{"Fatima", "Amrani"}},
		{"an address in one multi-line field", Address{Name: "Zorggroep De Linde", Street: "Lindelaan 1\r\n1234 AB  Heemstede"},
			[]string{"Zorggroep", "Lindelaan", "1234", "Heemstede"}},
		{"an organisation with attention line and country", Address{Name: "Zorggroep De Linde", Attention: "t.a.v. de directie",
			Street: "Lindelaan 1", Postal: "1234 AB", City: "Heemstede", Country: "NEDERLAND"},
			[]string{"Zorggroep", "directie", "Lindelaan", "HEEMSTEDE", "NEDERLAND"}},
		{"too many long lines", Address{Name: strings.Repeat("Heel-lange-naam ", 8), Attention: "t.a.v. " + strings.Repeat("x", 120),
			Street: strings.Repeat("Straat ", 30), Postal: "1234 AB", City: strings.Repeat("Stad", 40), Country: "BELGIË"},
			[]string{"Heel-lange-naam"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := sampleDoc()
			doc.Recipient = tt.addr
			words := bboxWords(t, render(t, doc))
			for _, w := range tt.words {
				if ok, seen := inside(words, w, lay.Recipient); !ok {
					t.Errorf("%q (found at %+v) is not in the recipient area %+v", w, seen, lay.Recipient)
				}
			}
			// Nothing else may stray into the window: only the return line and the address.
			for _, w := range words {
				if w.page != 1 || !overlaps(w.box, lay.Window) {
					continue
				}
				if !lay.Window.Contains(w.box) {
					t.Errorf("%q at %+v sticks out of the window %+v", w.text, w.box, lay.Window)
				}
			}
			if ok, seen := inside(words, "Postbus", lay.ReturnLine); !ok {
				t.Errorf("return address (found at %+v) is not in %+v", seen, lay.ReturnLine)
			}
		})
	}
}

func overlaps(a, b Rect) bool {
	return a.X < b.X+b.W && b.X < a.X+a.W && a.Y < b.Y+b.H && b.Y < a.Y+a.H
}

func FuzzLetter(f *testing.F) {
	for _, s := range []string{"", "cliënt € 161.500", "😡\r\n\x00", "مرحبا שלום", strings.Repeat("x", 300), "\xff\xfe\u202e"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		doc := sampleDoc()
		doc.Recipient.Name = "R " + s
		doc.Subject = "S " + s
		doc.Body = []Paragraph{{Text: s}, {Kind: Quote, Text: s}, {Kind: List, Items: []string{s}}, {Kind: Heading, Text: s}}
		b, err := Letter(doc)
		if err != nil {
			if errors.Is(err, ErrTooLong) {
				return
			}
			t.Fatalf("Letter: %v", err)
		}
		if !bytes.HasPrefix(b, []byte("%PDF-")) {
			t.Fatal("not a PDF")
		}
	})
}

func TestClosingNeverStandsAloneOnAPage(t *testing.T) {
	// Letters of growing length: one of them puts the page break right before the closing.
	for n := 6; n <= 22; n++ {
		t.Run(strconv.Itoa(n), func(t *testing.T) {
			t.Parallel()
			closingWithLastParagraph(t, n)
		})
	}
}

func closingWithLastParagraph(t *testing.T, n int) {
	doc := sampleDoc()
	doc.Body = nil
	for i := range n {
		doc.Body = append(doc.Body, Paragraph{Text: fmt.Sprintf("Regel %d van de brief.", i+1)})
	}
	doc.Body = append(doc.Body, Paragraph{Kind: Heading, Text: "Heeft u vragen?"}, Paragraph{Text: "Bel ons."})
	pages := strings.Split(strings.TrimSuffix(pdftotext(t, render(t, doc), "-layout"), "\f"), "\f")
	last := flat(pages[len(pages)-1])
	if !strings.Contains(last, "Heeft u vragen? Bel ons. Met vriendelijke groet,") {
		t.Errorf("%d paragraphs: the closing is not on one page with the last paragraph and its heading:\n%s", n, last)
	}
}

func TestAddressLines(t *testing.T) {
	tests := []struct {
		addr Address
		want string
	}{
		{Address{Name: "F. el Amrani", Street: "Kleverparkweg 12", Postal: "2023 CE", City: "Haarlem"},
			"F. el Amrani|Kleverparkweg 12|2023 CE  HAARLEM"},
		{Address{Name: "Sociaal Wijkteam Centrum", Attention: "t.a.v. de directie", Street: "Zijlsingel 2", Postal: "2013 DN", City: "'s-Gravenhage"},
			"Sociaal Wijkteam Centrum|t.a.v. de directie|Zijlsingel 2|2013 DN  'S-GRAVENHAGE"},
		{Address{Name: "Zorggroep", Attention: "t.a.v. de directie", Street: "Postbus 1\n\n1234 AB Heemstede "},
			"Zorggroep|t.a.v. de directie|Postbus 1|1234 AB Heemstede"},
		{Address{Name: " Jan \t Jansen 😀", City: "Haarlem", Country: "NEDERLAND"}, "Jan Jansen|HAARLEM|NEDERLAND"},
		{Address{}, ""},
	}
	for _, tt := range tests {
		if got := strings.Join(tt.addr.Lines(), "|"); got != tt.want {
			t.Errorf("Lines() = %q, want %q", got, tt.want)
		}
	}
}
