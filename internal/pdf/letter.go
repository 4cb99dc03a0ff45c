package pdf

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jung-kurt/gofpdf"
)

// Sender is the meldpunt as it appears in the letterhead, the return address and the footer.
// Only Name is required; empty fields are left out of the layout.
type Sender struct {
	Name    string // "Meldpunt Sociaal Domein"
	Tagline string // optional line under the name
	Street  string // street and number, or "Postbus 511"
	Postal  string // postal code, "2003 PB"
	City    string
	Phone   string
	Email   string
	Website string
}

// Address is where a letter goes. Only Name is required; empty lines are left out.
type Address struct {
	Name      string // person or organisation
	Attention string // "t.a.v. de directie", for organisations
	Street    string // street and number, or a PO box; may hold more lines, one per "\n"
	Postal    string // postal code
	City      string
	Country   string // only for addresses abroad
}

// Lines returns the non-empty lines of the address as they go in the envelope window, with the
// postal code and the town in capitals on the last line, separated by two spaces: "2011 AB
// HAARLEM", as PostNL prefers it.
func (a Address) Lines() []string {
	var lines []string
	add := func(s string) {
		if s = cleanLine(s); s != "" {
			lines = append(lines, s)
		}
	}
	add(a.Name)
	add(a.Attention)
	for line := range strings.SplitSeq(Clean(a.Street), "\n") {
		add(line)
	}
	if place := joinNonEmpty("  ", cleanLine(a.Postal), strings.ToUpper(cleanLine(a.City))); place != "" {
		lines = append(lines, place)
	}
	add(a.Country)
	return lines
}

// ParagraphKind is how a paragraph of the body is set.
type ParagraphKind int

// Kinds of paragraph.
const (
	// Text is a plain paragraph; a "\n" in it is a line break.
	Text ParagraphKind = iota
	// Heading is a short bold line that introduces what follows ("Wat kunt u nu doen?").
	Heading
	// List is a bulleted list of Items.
	List
	// Quote is text cited word for word, set indented with a bar beside it; its line breaks are
	// kept.
	Quote
)

// Paragraph is one block of the body.
type Paragraph struct {
	Kind  ParagraphKind
	Text  string   // for Text, Heading and Quote
	Items []string // for List
}

// Labels are the fixed words of the letter's furniture, in the recipient's language.
type Labels struct {
	Reference string // "Ons kenmerk"
	HandledBy string // "Behandeld door"
	Phone     string // "Telefoon"
	Email     string // "E-mail"
	CopyTo    string // "Kopie aan"
	Page      string // "pagina"
	Of        string // "van"
}

// DutchLabels returns the labels of a Dutch letter.
func DutchLabels() Labels {
	return Labels{Reference: "Ons kenmerk", HandledBy: "Behandeld door", Phone: "Telefoon",
		Email: "E-mail", CopyTo: "Kopie aan", Page: "pagina", Of: "van"}
}

// EnglishLabels returns the labels of an English letter.
func EnglishLabels() Labels {
	return Labels{Reference: "Our reference", HandledBy: "Handled by", Phone: "Phone",
		Email: "E-mail", CopyTo: "Copy to", Page: "page", Of: "of"}
}

// LetterDoc is everything on a letter. Strings may hold any text: Letter cleans them (see Clean).
type LetterDoc struct {
	Sender    Sender
	Recipient Address
	// Labels defaults to DutchLabels when Reference is empty.
	Labels    Labels
	Place     string // where the letter is written, "Haarlem"; may be empty
	Date      string // the date of the letter, already written out: "7 december 2026"
	Reference string // the case reference, "MSD-2026-0042"
	HandledBy string // name of the case handler; may be empty
	Subject   string
	Opening   string // "Beste mevrouw Jansen,"
	Body      []Paragraph
	Closing   string   // "Met vriendelijke groet,"
	Signature []string // lines under the closing: name, function, organisation
	CopyTo    []string // who gets a copy, by name
	// Created is stored as the PDF's creation date; the zero time means now. Fixing it makes the
	// output byte-for-byte reproducible.
	Created time.Time
}

// MaxPages is the most pages Letter writes; a longer letter is an error, not a runaway document.
const MaxPages = 40

// ErrTooLong is returned (wrapped) for a letter that needs more than MaxPages pages.
var ErrTooLong = errors.New("letter longer than the page limit")

// Letter renders doc as an A4 letter for a window envelope and returns the PDF. It never panics:
// a panic inside gofpdf comes back as an error.
func Letter(doc LetterDoc) ([]byte, error) {
	doc = doc.cleaned()
	if doc.Sender.Name == "" {
		return nil, errors.New("pdf: letter: sender name is empty")
	}
	if doc.Recipient.Name == "" {
		return nil, errors.New("pdf: letter: recipient name is empty")
	}
	if doc.Subject == "" {
		return nil, errors.New("pdf: letter: subject is empty")
	}
	var out []byte
	err := protect(func() error {
		// First pass counts the pages, the second writes "page N of M" with the real M.
		pages, err := renderLetter(doc, 0, nil)
		if err != nil {
			return err
		}
		var buf bytes.Buffer
		if _, err := renderLetter(doc, pages, &buf); err != nil {
			return err
		}
		out = buf.Bytes()
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("pdf: letter: %w", err)
	}
	return out, nil
}

// protect runs fn and turns a panic inside it into an error.
func protect(fn func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("gofpdf panicked: %v", r)
		}
	}()
	return fn()
}

// cleaned returns doc with every string passed through Clean; single-line fields are folded onto
// one line.
func (d LetterDoc) cleaned() LetterDoc {
	s := &d.Sender
	for _, p := range []*string{&s.Name, &s.Tagline, &s.Street, &s.Postal, &s.City, &s.Phone, &s.Email, &s.Website,
		&d.Recipient.Name} {
		*p = cleanLine(*p)
	}
	if d.Labels.Reference == "" {
		d.Labels = DutchLabels()
	}
	l := &d.Labels
	for _, p := range []*string{&l.Reference, &l.HandledBy, &l.Phone, &l.Email, &l.CopyTo, &l.Page, &l.Of,
		&d.Place, &d.Date, &d.Reference, &d.HandledBy, &d.Subject, &d.Opening, &d.Closing} {
		*p = cleanLine(*p)
	}
	body := make([]Paragraph, 0, len(d.Body))
	for _, p := range d.Body {
		p.Text = Clean(p.Text)
		items := make([]string, 0, len(p.Items))
		for _, it := range p.Items {
			if it = cleanLine(it); it != "" {
				items = append(items, it)
			}
		}
		p.Items = items
		if p.Kind == Quote || p.Kind == Text {
			p.Text = trimBlankLines(p.Text)
		} else {
			p.Text = cleanLine(p.Text)
		}
		if p.Text != "" || len(p.Items) > 0 {
			body = append(body, p)
		}
	}
	d.Body = body
	d.Signature = cleanLines(d.Signature)
	d.CopyTo = cleanLines(d.CopyTo)
	return d
}

func cleanLines(in []string) []string {
	out := make([]string, 0, len(in))
	for _, s := range in {
		if s = cleanLine(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// trimBlankLines drops leading and trailing lines that hold only spaces.
func trimBlankLines(s string) string {
	lines := strings.Split(s, "\n")
	for len(lines) > 0 && strings.Trim(lines[0], " ") == "" {
		lines = lines[1:]
	}
	for len(lines) > 0 && strings.Trim(lines[len(lines)-1], " ") == "" {
		lines = lines[:len(lines)-1]
	}
	return strings.Join(lines, "\n")
}

// pageLabel is "pagina 2 van 3"; with total 0 (the counting pass) the total is left out.
func pageLabel(l Labels, page, total int) string {
	s := l.Page + " " + strconv.Itoa(page)
	if total > 0 {
		s += " " + l.Of + " " + strconv.Itoa(total)
	}
	return s
}

// newDocument returns an A4 document in millimetres with the Go fonts registered.
func newDocument() *gofpdf.Fpdf {
	f := gofpdf.New("P", "mm", "A4", "")
	registerFonts(f)
	f.SetAutoPageBreak(false, 0)
	f.SetMargins(marginLeft, marginTop, marginRight)
	f.SetCatalogSort(true)
	f.SetCompression(true)
	return f
}
