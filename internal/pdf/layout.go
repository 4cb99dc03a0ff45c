package pdf

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/jung-kurt/gofpdf"
)

// Page geometry, in millimetres from the top-left corner of an A4 page. The body's left edge
// lines up with the text in the envelope window (DIN 5008: 25 mm).
const (
	pageWidth    = 210.0
	marginLeft   = 25.0
	marginRight  = 20.0
	marginTop    = 15.0
	textWidth    = pageWidth - marginLeft - marginRight
	rightEdge    = pageWidth - marginRight
	laterBodyTop = 26.0  // where the body continues on page 2 and later
	bodyBottom   = 276.0 // no body line ends below this
	footerRule   = 281.0
	footerY      = 283.0
)

// Type sizes (points) and line heights (millimetres).
const (
	bodySize    = 11.0
	bodyLine    = 5.4
	smallSize   = 8.0
	smallLine   = 3.8
	addressSize = 10.0
	addressLine = 4.6
	paraGap     = 3.2
	copySize    = 9.0
	copyLine    = 4.4
	copyGap     = 6.0
)

// Colours.
var (
	colourText   = [3]int{25, 25, 25}
	colourMuted  = [3]int{90, 90, 90}
	colourAccent = [3]int{0, 84, 140}
	colourRule   = [3]int{180, 190, 200}
)

// Rect is a rectangle on the page, in millimetres from the top-left corner.
type Rect struct{ X, Y, W, H float64 }

// Contains reports whether o lies wholly inside r.
func (r Rect) Contains(o Rect) bool {
	const eps = 0.01
	return o.X >= r.X-eps && o.Y >= r.Y-eps && o.X+o.W <= r.X+r.W+eps && o.Y+o.H <= r.Y+r.H+eps
}

// Layout says where the fixed parts of a letter's first page go.
type Layout struct {
	// Window is the window of a C5/6 or DL window envelope, as DIN 5008 form B places the
	// address field: 20 mm from the left, 45 mm from the top, 85 × 45 mm.
	Window Rect
	// ReturnLine is the small return address at the top of the window.
	ReturnLine Rect
	// Recipient holds the recipient's address lines: inside Window, under ReturnLine, with
	// 5 mm to spare on the left and the right so a letter that shifts in the envelope still shows
	// the whole address.
	Recipient Rect
	// Info is the reference block to the right of the window.
	Info Rect
}

// LetterLayout returns the layout of the first page of every letter.
func LetterLayout() Layout {
	return Layout{
		Window:     Rect{X: 20, Y: 45, W: 85, H: 45},
		ReturnLine: Rect{X: 25, Y: 46.5, W: 75, H: 3.5},
		Recipient:  Rect{X: 25, Y: 53, W: 75, H: 33},
		Info:       Rect{X: 125, Y: 50, W: 65, H: 42},
	}
}

// maxAddressLines is how many address lines fit in the recipient area.
var maxAddressLines = int(LetterLayout().Recipient.H / addressLine)

// renderer lays out one letter.
type renderer struct {
	f     *gofpdf.Fpdf
	doc   LetterDoc
	total int     // pages in the finished letter; 0 while counting
	y     float64 // where the next body line starts
}

// renderLetter lays doc out; with w non-nil it writes the PDF to w. total is the page count to
// print in the footers (0 while counting). It returns the number of pages.
func renderLetter(doc LetterDoc, total int, w io.Writer) (int, error) {
	f := newDocument()
	created := doc.Created
	if created.IsZero() {
		created = time.Now()
	}
	f.SetCreationDate(created)
	f.SetModificationDate(created)
	f.SetTitle(doc.Subject, true)
	f.SetAuthor(doc.Sender.Name, true)
	f.SetCreator(doc.Sender.Name, true)

	r := &renderer{f: f, doc: doc, total: total}
	if err := r.firstPage(); err != nil {
		return 0, err
	}
	// The closing never stands alone on a page: the last paragraph, with its heading, goes
	// along with it.
	closing := r.closingHeight()
	for i, p := range doc.Body {
		keep := 0.0
		switch last := len(doc.Body) - 1; {
		case i == last:
			keep = closing
		case i == last-1 && p.Kind == Heading:
			keep = r.height(doc.Body[last]) + closing
		}
		if err := r.paragraph(p, keep); err != nil {
			return 0, err
		}
	}
	if err := r.closing(); err != nil {
		return 0, err
	}
	r.footer()
	if err := f.Error(); err != nil {
		return 0, err
	}
	pages := f.PageNo()
	if w != nil {
		if err := f.Output(w); err != nil {
			return 0, err
		}
	}
	return pages, nil
}

func (r *renderer) font(style string, size float64, colour [3]int) {
	r.f.SetFont(family, style, size)
	r.f.SetTextColor(colour[0], colour[1], colour[2])
}

func (r *renderer) measure(s string) float64 { return r.f.GetStringWidth(s) }

// text writes one line of text in a cell of height h whose top-left corner is (x, y).
func (r *renderer) text(x, y, w, h float64, s, align string) {
	r.f.SetXY(x, y)
	r.f.CellFormat(w, h, s, "", 0, align, false, 0, "")
}

func (r *renderer) rule(x1, y, x2 float64, colour [3]int, width float64) {
	r.f.SetDrawColor(colour[0], colour[1], colour[2])
	r.f.SetLineWidth(width)
	r.f.Line(x1, y, x2, y)
}

// fit shortens s with an ellipsis until it is at most width wide in the current font.
func (r *renderer) fit(s string, width float64) string {
	if r.measure(s) <= width {
		return s
	}
	room := width - r.measure("…")
	used, end := 0.0, 0
	for i, c := range s {
		used += r.measure(string(c))
		if used > room {
			break
		}
		end = i + len(string(c))
	}
	return s[:end] + "…"
}

// maxSubjectLines is how many lines the subject may take; the rest is cut short.
const maxSubjectLines = 4

// firstPage writes the letterhead, the window, the reference block, place and date, the subject
// and the opening.
func (r *renderer) firstPage() error {
	r.f.AddPage()
	r.letterhead()
	r.foldMarks()
	lay := LetterLayout()
	r.window(lay)
	y := max(r.info(lay), lay.Window.Y+lay.Window.H) + 8

	r.font(styleRegular, bodySize, colourText)
	if dated := joinNonEmpty(", ", r.doc.Place, r.doc.Date); dated != "" {
		r.text(marginLeft, y, textWidth, bodyLine, r.fit(dated, textWidth), "L")
		y += bodyLine + 6
	}
	r.font(styleBold, 12, colourText)
	subject := wrap(r.doc.Subject, textWidth, r.measure)
	if len(subject) > maxSubjectLines {
		subject = subject[:maxSubjectLines]
		last := &subject[maxSubjectLines-1]
		*last = r.fit(*last+" …", textWidth)
	}
	for _, line := range subject {
		r.text(marginLeft, y, textWidth, 5.8, line, "L")
		y += 5.8
	}
	r.y = y + 6
	if r.doc.Opening == "" {
		return nil
	}
	r.font(styleRegular, bodySize, colourText)
	if err := r.lines(wrap(r.doc.Opening, textWidth, r.measure), marginLeft, nil); err != nil {
		return err
	}
	r.y += paraGap
	return nil
}

// letterhead writes the sender's name and contact details at the top of page 1.
func (r *renderer) letterhead() {
	s := r.doc.Sender
	r.f.SetFillColor(colourAccent[0], colourAccent[1], colourAccent[2])
	r.f.Rect(marginLeft, 15, 2.2, 13, "F")

	r.font(styleBold, 17, colourAccent)
	r.text(marginLeft+5, 14.5, 95, 8, r.fit(s.Name, 95), "L")
	if s.Tagline != "" {
		r.font(styleRegular, 8.5, colourMuted)
		lines := wrap(s.Tagline, 92, r.measure)
		for i, line := range lines[:min(len(lines), 2)] {
			r.text(marginLeft+5, 22.5+float64(i)*3.8, 92, 3.8, line, "L")
		}
	}

	r.font(styleRegular, smallSize+0.5, colourMuted)
	x, w := LetterLayout().Info.X, rightEdge-LetterLayout().Info.X
	y := 15.0
	for _, line := range []string{s.Street, joinNonEmpty("  ", s.Postal, s.City), "", s.Phone, s.Email, s.Website} {
		if line == "" {
			if y > 15 {
				y += 1.5
			}
			continue
		}
		r.text(x, y, w, smallLine, r.fit(line, w), "L")
		y += smallLine
	}
	r.rule(marginLeft, 39, rightEdge, colourRule, 0.3)
}

// foldMarks draws the DIN 5008 form B fold marks (105 mm and 210 mm) and the punch mark.
func (r *renderer) foldMarks() {
	r.rule(4, 105, 9, colourRule, 0.2)
	r.rule(4, 210, 9, colourRule, 0.2)
	r.rule(4, 148.5, 11, colourRule, 0.2)
}

// window writes the return address and the recipient's address in the envelope window.
func (r *renderer) window(lay Layout) {
	s := r.doc.Sender
	ret := joinNonEmpty(" · ", s.Name, s.Street, joinNonEmpty(" ", s.Postal, s.City))
	r.font(styleRegular, 6.5, colourMuted)
	r.text(lay.ReturnLine.X, lay.ReturnLine.Y, lay.ReturnLine.W, lay.ReturnLine.H,
		r.fit(ret, lay.ReturnLine.W), "L")
	r.rule(lay.ReturnLine.X, lay.ReturnLine.Y+lay.ReturnLine.H+0.3, lay.ReturnLine.X+lay.ReturnLine.W,
		colourRule, 0.15)

	lines := r.doc.Recipient.Lines()
	if len(lines) > maxAddressLines {
		lines = lines[:maxAddressLines]
	}
	y := lay.Recipient.Y
	for _, line := range lines {
		// Shrink a long line down to 8 pt before cutting it short: the window must hold it.
		size := addressSize
		r.font(styleRegular, size, colourText)
		for size > 8 && r.measure(line) > lay.Recipient.W {
			size -= 0.5
			r.font(styleRegular, size, colourText)
		}
		r.text(lay.Recipient.X, y, lay.Recipient.W, addressLine, r.fit(line, lay.Recipient.W), "L")
		y += addressLine
	}
}

// info writes the reference block to the right of the window and returns where it ends.
func (r *renderer) info(lay Layout) float64 {
	rows := [][2]string{
		{r.doc.Labels.Reference, r.doc.Reference},
		{r.doc.Labels.HandledBy, r.doc.HandledBy},
		{r.doc.Labels.Phone, r.doc.Sender.Phone},
		{r.doc.Labels.Email, r.doc.Sender.Email},
	}
	x, w, y := lay.Info.X, lay.Info.W, lay.Info.Y
	for _, row := range rows {
		if row[1] == "" {
			continue
		}
		r.font(styleRegular, 7.5, colourMuted)
		r.text(x, y, w, 3.4, r.fit(row[0], w), "L")
		y += 3.4
		r.font(styleRegular, 9.5, colourText)
		lines := wrap(row[1], w, r.measure)
		for _, line := range lines[:min(len(lines), 3)] {
			r.text(x, y, w, 4.4, line, "L")
			y += 4.4
		}
		y += 2
	}
	return y
}

// newPage finishes the current page and starts the next one with its small header.
func (r *renderer) newPage() error {
	if r.f.PageNo() >= MaxPages {
		return fmt.Errorf("%w (%d pages)", ErrTooLong, MaxPages)
	}
	r.footer()
	r.f.AddPage()
	r.header()
	r.y = laterBodyTop
	return nil
}

// need starts a new page unless h millimetres of body still fit on this one.
func (r *renderer) need(h float64) error {
	if r.y+h <= bodyBottom {
		return nil
	}
	return r.newPage()
}

// header is the small running head of page 2 and later.
func (r *renderer) header() {
	r.font(styleBold, smallSize, colourAccent)
	r.text(marginLeft, 12, textWidth/2, smallLine, r.fit(r.doc.Sender.Name, textWidth/2), "L")
	right := joinNonEmpty(" · ", joinNonEmpty(" ", r.doc.Labels.Reference, r.doc.Reference), r.doc.Date)
	r.font(styleRegular, smallSize, colourMuted)
	r.text(marginLeft+textWidth/2, 12, textWidth/2, smallLine, r.fit(right, textWidth/2), "R")
	r.rule(marginLeft, 17, rightEdge, colourRule, 0.3)
}

// footer writes the contact line and "pagina N van M" at the bottom of the current page.
func (r *renderer) footer() {
	r.rule(marginLeft, footerRule, rightEdge, colourRule, 0.3)
	r.font(styleRegular, 7.5, colourMuted)
	page := pageLabel(r.doc.Labels, r.f.PageNo(), r.total)
	pw := r.measure(page) + 2
	r.text(rightEdge-pw, footerY, pw, smallLine, page, "R")
	contact := joinNonEmpty(" · ", r.doc.Sender.Name, r.doc.Sender.Website, r.doc.Sender.Email)
	r.text(marginLeft, footerY, textWidth-pw-4, smallLine, r.fit(contact, textWidth-pw-4), "L")
}

// pageRoom is the height a later page offers the body.
const pageRoom = bodyBottom - laterBodyTop

// height returns the height that paragraph p takes, without the space after it.
func (r *renderer) height(p Paragraph) float64 {
	switch p.Kind {
	case Heading:
		r.font(styleBold, bodySize, colourText)
		return float64(len(wrap(p.Text, textWidth, r.measure)))*bodyLine + 1.8
	case List:
		r.font(styleRegular, bodySize, colourText)
		h := 0.0
		for _, item := range p.Items {
			h += float64(len(wrap(item, textWidth-6, r.measure)))*bodyLine + 1.2
		}
		return h
	case Quote:
		r.font(styleRegular, bodySize, colourText)
		return float64(len(wrap(p.Text, textWidth-6, r.measure))) * bodyLine
	default:
		r.font(styleRegular, bodySize, colourText)
		return float64(len(wrap(p.Text, textWidth, r.measure))) * bodyLine
	}
}

// keepWith starts a new page unless the first lines of a block (first) and what must stay with
// the whole block (keep, then the block's full height counts) fit on this page. Nothing larger
// than a page is kept together.
func (r *renderer) keepWith(first, full, keep float64) error {
	if keep > 0 {
		return r.need(min(full+paraGap+keep, pageRoom))
	}
	return r.need(first)
}

// paragraph writes one block of the body; keep is the height of what must follow it on the same
// page (0 for nothing in particular).
func (r *renderer) paragraph(p Paragraph, keep float64) error {
	full := r.height(p)
	switch p.Kind {
	case Heading:
		r.font(styleBold, bodySize, colourText)
		lines := wrap(p.Text, textWidth, r.measure)
		// Keep a heading with at least two lines of what follows.
		if err := r.need(min(full+max(2*bodyLine, keep), pageRoom)); err != nil {
			return err
		}
		r.y += 1
		r.font(styleBold, bodySize, colourText)
		for _, line := range lines {
			r.text(marginLeft, r.y, textWidth, bodyLine, line, "L")
			r.y += bodyLine
		}
		r.y += 0.8
		return nil
	case List:
		for _, item := range p.Items {
			r.font(styleRegular, bodySize, colourText)
			lines := wrap(item, textWidth-6, r.measure)
			if err := r.keepWith(float64(min(len(lines), 2))*bodyLine, full, keep); err != nil {
				return err
			}
			full, keep = 0, 0 // only the first item carries the whole list
			r.font(styleRegular, bodySize, colourText)
			r.text(marginLeft+1, r.y, 5, bodyLine, "•", "L")
			if err := r.lines(lines, marginLeft+6, nil); err != nil {
				return err
			}
			r.y += 1.2
		}
		r.y += paraGap - 1.2
		return nil
	case Quote:
		r.font(styleRegular, bodySize, colourText)
		lines := wrap(p.Text, textWidth-6, r.measure)
		if err := r.keepWith(float64(min(len(lines), 2))*bodyLine, full, keep); err != nil {
			return err
		}
		bar := func(y float64) {
			r.f.SetFillColor(colourRule[0], colourRule[1], colourRule[2])
			r.f.Rect(marginLeft+1, y, 0.9, bodyLine, "F")
		}
		if err := r.lines(lines, marginLeft+6, bar); err != nil {
			return err
		}
		r.y += paraGap
		return nil
	default:
		r.font(styleRegular, bodySize, colourText)
		lines := wrap(p.Text, textWidth, r.measure)
		// Avoid a paragraph's first line alone at the foot of a page.
		if err := r.keepWith(float64(min(len(lines), 2))*bodyLine, full, keep); err != nil {
			return err
		}
		if err := r.lines(lines, marginLeft, nil); err != nil {
			return err
		}
		r.y += paraGap
		return nil
	}
}

// lines writes body lines at x, breaking the page where needed; beside, when not nil, decorates
// each line (the bar beside a quote).
func (r *renderer) lines(lines []string, x float64, beside func(y float64)) error {
	for _, line := range lines {
		if err := r.need(bodyLine); err != nil {
			return err
		}
		r.font(styleRegular, bodySize, colourText)
		if beside != nil {
			beside(r.y)
		}
		r.text(x, r.y, rightEdge-x, bodyLine, line, "L")
		r.y += bodyLine
	}
	return nil
}

// closingLines returns the closing as laid out.
func (r *renderer) closingLines() []string {
	if r.doc.Closing == "" {
		return nil
	}
	r.font(styleRegular, bodySize, colourText)
	return wrap(r.doc.Closing, textWidth, r.measure)
}

// copyLines returns the "Kopie aan" line as laid out.
func (r *renderer) copyLines() []string {
	if len(r.doc.CopyTo) == 0 {
		return nil
	}
	r.font(styleRegular, copySize, colourMuted)
	return wrap(r.doc.Labels.CopyTo+": "+strings.Join(r.doc.CopyTo, ", "), textWidth, r.measure)
}

// closingHeight is the height of the closing, the signature and the copy list.
func (r *renderer) closingHeight() float64 {
	h := float64(len(r.closingLines())+len(r.doc.Signature))*bodyLine + 6
	if lines := r.copyLines(); len(lines) > 0 {
		h += copyGap + float64(len(lines))*copyLine
	}
	return h
}

// closing writes the closing, the signature and the copy list, kept together on one page.
func (r *renderer) closing() error {
	d := r.doc
	closing := r.closingLines()
	if err := r.need(min(r.closingHeight(), pageRoom)); err != nil {
		return err
	}
	r.y += 1
	if err := r.lines(closing, marginLeft, nil); err != nil {
		return err
	}
	if len(closing) > 0 {
		r.y += 5
	}
	if err := r.lines(d.Signature, marginLeft, nil); err != nil {
		return err
	}
	lines := r.copyLines()
	if len(lines) == 0 {
		return nil
	}
	r.y += copyGap
	for _, line := range lines {
		if err := r.need(copyLine); err != nil {
			return err
		}
		r.font(styleRegular, copySize, colourMuted)
		r.text(marginLeft, r.y, textWidth, copyLine, line, "L")
		r.y += copyLine
	}
	return nil
}

// joinNonEmpty joins the non-empty parts with sep.
func joinNonEmpty(sep string, parts ...string) string {
	var kept []string
	for _, p := range parts {
		if p != "" {
			kept = append(kept, p)
		}
	}
	return strings.Join(kept, sep)
}
