package pdf

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jung-kurt/gofpdf"
	xfont "golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// Report renders doc as an A4 report: a cover, a table of contents and one chapter per section,
// with a running header, "pagina N van M" in the footer of every page but the cover, a PDF outline
// and, for a draft, the draft label on every page. It never panics: a panic inside gofpdf comes
// back as an error. A report of more than MaxReportPages pages is an error that matches
// ErrTooLong.
func Report(doc ReportDoc) ([]byte, error) {
	doc = doc.cleaned()
	if doc.Title == "" {
		return nil, errors.New("pdf: report: title is empty")
	}
	if doc.Created.IsZero() {
		doc.Created = time.Now() // once, so both passes agree
	}
	var out []byte
	err := protect(func() error {
		// The first pass counts the pages and finds the page each section starts on; the second
		// writes them in the footers and the table of contents. What the first pass leaves out
		// does not move anything, so both passes break the pages in the same places.
		plan, err := renderReport(doc, nil, nil)
		if err != nil {
			return err
		}
		var buf bytes.Buffer
		again, err := renderReport(doc, &plan, &buf)
		if err != nil {
			return err
		}
		if again.pages != plan.pages || !slices.Equal(again.starts, plan.starts) {
			return errors.New("the second pass laid the report out differently")
		}
		out = setCatalogLang(buf.Bytes(), doc.Language)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("pdf: report: %w", err)
	}
	return out, nil
}

// reportTooLong is the error for a report that needs more than MaxReportPages pages. It matches
// ErrTooLong (errors.Is) but says what is too long.
type reportTooLong struct{}

func (reportTooLong) Error() string {
	return fmt.Sprintf("report longer than the page limit (%d pages)", MaxReportPages)
}

func (reportTooLong) Is(target error) bool { return target == ErrTooLong }

// languageTag is what may go in the catalog's /Lang: a BCP 47 tag such as "nl" or "en-GB".
var languageTag = regexp.MustCompile(`^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$`)

// cleaned returns doc with every string passed through Clean, single-line fields folded onto one
// line, empty blocks left out, missing labels filled in for the language, and numbers that cannot
// be drawn (negative, NaN, infinite) set to zero. The tables and charts are copied: the caller's
// are not changed.
func (d ReportDoc) cleaned() ReportDoc {
	s := &d.Sender
	for _, p := range []*string{&s.Name, &s.Tagline, &s.Street, &s.Postal, &s.City, &s.Phone, &s.Email, &s.Website} {
		*p = cleanLine(*p)
	}
	if d.Language = cleanLine(d.Language); !languageTag.MatchString(d.Language) {
		d.Language = ""
	}
	d.Labels = d.Labels.cleaned(d.Language)
	d.Title = cleanLine(d.Title)
	d.Subtitle = trimBlankLines(Clean(d.Subtitle))
	d.CoverLines = cleanLines(d.CoverLines)
	sections := make([]ReportSection, len(d.Sections))
	for i, sec := range d.Sections {
		sections[i] = ReportSection{Title: cleanLine(sec.Title), Blocks: cleanBlocks(sec.Blocks, d.Language)}
	}
	d.Sections = sections
	return d
}

// english reports whether lang is English; every other language gets Dutch defaults.
func english(lang string) bool { return strings.HasPrefix(strings.ToLower(lang), "en") }

// cleaned returns the labels cleaned, each empty one taken from the defaults of lang.
func (l ReportLabels) cleaned(lang string) ReportLabels {
	def := DutchReportLabels()
	if english(lang) {
		def = EnglishReportLabels()
	}
	for _, p := range []struct {
		label *string
		def   string
	}{
		{&l.Contents, def.Contents}, {&l.Page, def.Page}, {&l.Of, def.Of}, {&l.Draft, def.Draft},
	} {
		if *p.label = cleanLine(*p.label); *p.label == "" {
			*p.label = p.def
		}
	}
	return l
}

// cleanBlocks cleans every block and leaves out those with nothing to show.
func cleanBlocks(in []Block, lang string) []Block {
	out := make([]Block, 0, len(in))
	for _, b := range in {
		if c, ok := cleanBlock(b, lang); ok {
			out = append(out, c)
		}
	}
	return out
}

// cleanBlock returns b cleaned and whether it has anything to show. A block of an unknown kind is
// set as text.
func cleanBlock(b Block, lang string) (Block, bool) {
	switch b.Kind {
	case SubheadingBlock:
		c := Block{Kind: SubheadingBlock, Text: cleanLine(b.Text)}
		return c, c.Text != ""
	case ListBlock:
		c := Block{Kind: ListBlock, Items: cleanLines(b.Items)}
		return c, len(c.Items) > 0
	case FiguresBlock:
		c := Block{Kind: FiguresBlock}
		for _, k := range b.Figures {
			k = KeyFigure{Value: cleanLine(k.Value), Label: cleanLine(k.Label), Note: cleanLine(k.Note)}
			if k != (KeyFigure{}) {
				c.Figures = append(c.Figures, k)
			}
		}
		return c, len(c.Figures) > 0
	case TableBlock:
		if b.Table == nil {
			return Block{}, false
		}
		t := b.Table.cleaned()
		return Block{Kind: TableBlock, Table: &t}, t.Caption != "" || len(t.Columns) > 0
	case BarsBlock:
		if b.Bars == nil {
			return Block{}, false
		}
		c := b.Bars.cleaned(lang)
		return Block{Kind: BarsBlock, Bars: &c}, c.Caption != "" || len(c.Items) > 0
	case NoteBlock:
		c := Block{Kind: NoteBlock, Text: trimBlankLines(Clean(b.Text))}
		return c, c.Text != ""
	default:
		c := Block{Kind: TextBlock, Text: trimBlankLines(Clean(b.Text))}
		return c, c.Text != ""
	}
}

// cleaned returns a cleaned copy of t with as many columns as its widest row and every row as
// long as that; Bold is as long as Rows. Column widths that are not positive numbers become zero.
func (t Table) cleaned() Table {
	n := len(t.Columns)
	for _, row := range t.Rows {
		n = max(n, len(row))
	}
	c := Table{Caption: cleanLine(t.Caption), Columns: make([]Column, n), Rows: make([][]string, len(t.Rows)),
		Bold: make([]bool, len(t.Rows))}
	for i := range c.Columns {
		if i < len(t.Columns) {
			col := t.Columns[i]
			c.Columns[i] = Column{Title: cleanLine(col.Title), Align: col.Align, Width: positive(col.Width)}
		}
	}
	for i, row := range t.Rows {
		cells := make([]string, n)
		for j, cell := range row {
			cells[j] = trimBlankLines(Clean(cell))
		}
		c.Rows[i] = cells
		c.Bold[i] = i < len(t.Bold) && t.Bold[i]
	}
	return c
}

// cleaned returns a cleaned copy of c. An item without Display shows its value.
func (c BarChart) cleaned(lang string) BarChart {
	out := BarChart{Caption: cleanLine(c.Caption), Compare: c.Compare,
		Legend: [2]string{cleanLine(c.Legend[0]), cleanLine(c.Legend[1])}, Items: make([]Bar, len(c.Items))}
	for i, b := range c.Items {
		b.Label, b.Display, b.CompareDisplay = cleanLine(b.Label), cleanLine(b.Display), cleanLine(b.CompareDisplay)
		b.Value, b.CompareValue = positive(b.Value), positive(b.CompareValue)
		if b.Display == "" && !b.Suppressed {
			b.Display = formatValue(b.Value, lang)
		}
		if b.CompareDisplay == "" && !b.CompareSuppressed {
			b.CompareDisplay = formatValue(b.CompareValue, lang)
		}
		out.Items[i] = b
	}
	return out
}

// positive returns v, or zero when v is negative, NaN or infinite.
func positive(v float64) float64 {
	if v > 0 && !math.IsInf(v, 1) {
		return v
	}
	return 0
}

// formatValue writes v as a number: without decimals when it is whole, with a decimal comma
// unless the language is English.
func formatValue(v float64, lang string) string {
	s := strconv.FormatFloat(v, 'f', -1, 64)
	if v == math.Trunc(v) {
		s = strconv.FormatFloat(v, 'f', 0, 64)
	}
	if !english(lang) {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// Report geometry and type, in millimetres and points. The page furniture and the body area are
// the letters' (layout.go); what follows is the report's own.
const (
	reportBodyTop = laterBodyTop
	reportRoom    = bodyBottom - reportBodyTop // the height a page offers the body

	headingSize = 18.0 // "2  Klachten per thema"
	headingLine = 8.0
	numberWidth = 13.0 // the column of section numbers, in headings and in the contents

	subheadingSize = 12.0
	subheadingLine = 6.0

	noteSize = 8.5
	noteLine = 4.0

	contentsSize  = 11.0
	contentsLine  = 5.6
	contentsGap   = 2.4
	contentsPageW = 14.0 // the column of page numbers

	tableSize = 9.0
	tableLine = 4.2
	tablePadX = 1.6
	tablePadY = 1.3

	figureGap     = 4.0
	figurePad     = 3.5
	figureStripe  = 1.2
	figureValue   = 20.0 // the largest size of a key figure's value
	figureLabel   = 9.0
	figureLabelLn = 4.2
	figureNote    = 7.5
	figureNoteLn  = 3.4

	barLabelSize = 9.0
	barLabelLine = 4.2
	barHeight    = 4.6 // one bar
	barMainH     = 4.2 // the first bar of a compared pair
	barCompareH  = 3.2 // the second, lighter bar
	barPairGap   = 0.7
	barRowGap    = 2.6

	captionSize = 10.0
	captionLine = 5.0
	blockGap    = 4.5 // after a table, chart or grid of figures
)

// Report colours, besides those of layout.go.
var (
	colourWhite     = [3]int{255, 255, 255}
	colourTint      = [3]int{236, 243, 248} // tiles, table header
	colourZebra     = [3]int{246, 248, 250}
	colourCompare   = [3]int{150, 186, 212} // the lighter bar
	colourWatermark = [3]int{232, 232, 232}
)

// reportPlan is what the first pass learns: the number of pages and the page each section
// starts on.
type reportPlan struct {
	pages  int
	starts []int
}

// reportRenderer lays out one report. The embedded letter renderer supplies the drawing
// primitives (font, measure, text, rule, fit) and the current height y; page breaks, header and
// footer are the report's own.
type reportRenderer struct {
	renderer
	report ReportDoc
	plan   *reportPlan // the first pass's result; nil during the first pass
	starts []int
	mark   *outline // the draft label, for the watermark; nil when there is none
}

// renderReport lays doc out; with w non-nil it writes the PDF to w. plan is the first pass's
// result, nil during the first pass.
func renderReport(doc ReportDoc, plan *reportPlan, w io.Writer) (reportPlan, error) {
	f := newDocument()
	f.SetCellMargin(0) // text starts exactly where it is put
	f.SetCreationDate(doc.Created)
	f.SetModificationDate(doc.Created)
	f.SetTitle(doc.Title, true)
	f.SetSubject(joinNonEmpty(": ", doc.Title, cleanLine(doc.Subtitle)), true)
	if doc.Sender.Name != "" {
		f.SetAuthor(doc.Sender.Name, true)
		f.SetCreator(doc.Sender.Name, true)
	}

	if len(doc.Attachments) > 0 {
		files := make([]gofpdf.Attachment, len(doc.Attachments))
		for i, a := range doc.Attachments {
			files[i] = gofpdf.Attachment{Content: a.Content, Filename: cleanLine(a.Name), Description: cleanLine(a.Description)}
		}
		f.SetAttachments(files)
	}

	r := &reportRenderer{renderer: renderer{f: f}, report: doc, plan: plan}
	if doc.Draft {
		// Without outlines the pages still say "draft" in their footers.
		r.mark, _ = textOutline(doc.Labels.Draft)
	}
	r.cover()
	if len(doc.Sections) > 0 {
		if err := r.contents(r.layoutContents()); err != nil {
			return reportPlan{}, err
		}
		for i, sec := range doc.Sections {
			if err := r.section(i, sec); err != nil {
				return reportPlan{}, err
			}
		}
		r.footer()
	}
	if err := f.Error(); err != nil {
		return reportPlan{}, err
	}
	if w != nil {
		if err := f.Output(w); err != nil {
			return reportPlan{}, err
		}
	}
	return reportPlan{pages: f.PageNo(), starts: r.starts}, nil
}

// newPage finishes the current page and starts the next one with its header.
func (r *reportRenderer) newPage() error {
	if r.f.PageNo() >= MaxReportPages {
		return reportTooLong{}
	}
	if r.f.PageNo() > 1 {
		r.footer()
	}
	r.f.AddPage()
	r.watermark()
	r.header()
	r.y = reportBodyTop
	return nil
}

// need starts a new page unless h millimetres still fit on this one. A page that has nothing on
// it yet is never left.
func (r *reportRenderer) need(h float64) error {
	if r.y+h <= bodyBottom+0.001 || r.y <= reportBodyTop+0.001 {
		return nil
	}
	return r.newPage()
}

// header is the running head of every page after the cover: the meldpunt on the left, the title
// on the right.
func (r *reportRenderer) header() {
	const gap = 6.0
	name, title := r.report.Sender.Name, r.report.Title
	r.font(styleBold, smallSize, colourAccent)
	nameW := r.measure(name)
	r.font(styleRegular, smallSize, colourMuted)
	titleW := r.measure(title)
	room := textWidth - gap
	if nameW+titleW > room {
		// Share the line: the name gets what the title leaves, but at least 40 %.
		nameW = min(nameW, max(room*0.4, room-titleW))
		titleW = room - nameW
	}
	r.font(styleBold, smallSize, colourAccent)
	r.text(marginLeft, 12, nameW, smallLine, r.fit(name, nameW), "L")
	r.font(styleRegular, smallSize, colourMuted)
	r.text(rightEdge-titleW, 12, titleW, smallLine, r.fit(title, titleW), "R")
	r.rule(marginLeft, 17, rightEdge, colourRule, 0.3)
}

// footer writes the draft label (for a draft) and "pagina N van M" at the foot of the page.
func (r *reportRenderer) footer() {
	r.rule(marginLeft, footerRule, rightEdge, colourRule, 0.3)
	total := 0
	if r.plan != nil {
		total = r.plan.pages
	}
	l := r.report.Labels
	r.font(styleRegular, smallSize, colourMuted)
	page := pageLabel(Labels{Page: l.Page, Of: l.Of}, r.f.PageNo(), total)
	pw := r.measure(page)
	r.text(rightEdge-pw, footerY, pw, smallLine, page, "R")
	if r.report.Draft {
		r.font(styleBold, smallSize, colourAccent)
		w := textWidth - pw - 6
		r.text(marginLeft, footerY, w, smallLine, r.fit(l.Draft, w), "L")
	}
}

// watermark draws the draft label large, light and diagonally across a draft's page, under
// everything else on it. It is drawn as the outlines of its letters, not as text: the footer
// (and on the cover the draft marker) already puts the label in the text layer, and diagonal text
// would scatter stray letters between the lines that are copied, searched and read aloud.
func (r *reportRenderer) watermark() {
	m := r.mark
	if !r.report.Draft || m == nil || m.width <= 0 {
		return
	}
	const longest = 200.0                              // mm along the diagonal
	scale := min(pt(90)/m.unitsPerEm, longest/m.width) // mm per font unit
	cx, cy := pageWidth/2, 148.5
	x0 := cx - m.width*scale/2
	y0 := cy + 0.35*m.unitsPerEm*scale // half the height of a capital below the centre
	at := func(p fixed.Point26_6) (float64, float64) {
		return x0 + float64(p.X)/64*scale, y0 + float64(p.Y)/64*scale
	}
	f := r.f
	f.SetFillColor(colourWatermark[0], colourWatermark[1], colourWatermark[2])
	f.TransformBegin()
	f.TransformRotate(55, cx, cy)
	for i, s := range m.segments {
		switch s.Op {
		case sfnt.SegmentOpMoveTo:
			if i > 0 {
				f.ClosePath()
			}
			f.MoveTo(at(s.Args[0]))
		case sfnt.SegmentOpLineTo:
			f.LineTo(at(s.Args[0]))
		case sfnt.SegmentOpQuadTo:
			x1, y1 := at(s.Args[0])
			x, y := at(s.Args[1])
			f.CurveTo(x1, y1, x, y)
		case sfnt.SegmentOpCubeTo:
			x1, y1 := at(s.Args[0])
			x2, y2 := at(s.Args[1])
			x, y := at(s.Args[2])
			f.CurveBezierCubicTo(x1, y1, x2, y2, x, y)
		}
	}
	if len(m.segments) > 0 {
		f.ClosePath()
		f.DrawPath("F")
	}
	f.TransformEnd()
}

// outline is a line of text as the outlines of its letters, in font units: from the left end of
// its baseline, with y increasing downwards.
type outline struct {
	segments   []sfnt.Segment
	width      float64 // font units
	unitsPerEm float64
}

// textOutline returns the outlines of s set in the bold Go font.
func textOutline(s string) (*outline, error) {
	font, err := sfnt.Parse(gobold.TTF) // only reads the bytes
	if err != nil {
		return nil, err
	}
	var buf sfnt.Buffer
	upem := font.UnitsPerEm()
	ppem := fixed.Int26_6(upem) << 6 // one pixel per font unit
	out := &outline{unitsPerEm: float64(upem)}
	var x fixed.Int26_6
	var prev sfnt.GlyphIndex
	for i, c := range s {
		g, err := font.GlyphIndex(&buf, c)
		if err != nil {
			return nil, err
		}
		if i > 0 {
			if k, err := font.Kern(&buf, prev, g, ppem, xfont.HintingNone); err == nil {
				x += k
			}
		}
		segs, err := font.LoadGlyph(&buf, g, ppem, nil)
		if err != nil {
			return nil, err
		}
		for _, seg := range segs {
			for j := range seg.Args {
				seg.Args[j].X += x
			}
			out.segments = append(out.segments, seg)
		}
		adv, err := font.GlyphAdvance(&buf, g, ppem, xfont.HintingNone)
		if err != nil {
			return nil, err
		}
		x += adv
		prev = g
	}
	out.width = float64(x) / 64
	return out, nil
}

// pt is the height of a size in points, in millimetres.
func pt(size float64) float64 { return size * 25.4 / 72 }

// capLines keeps at most n of lines; when some are dropped the last kept line ends in an
// ellipsis. The current font must be the lines' font.
func (r *reportRenderer) capLines(lines []string, n int, width float64) []string {
	if len(lines) <= n {
		return lines
	}
	lines = slices.Clone(lines[:max(n, 1)])
	last := &lines[len(lines)-1]
	*last = r.fit(*last+" …", width)
	return lines
}

// cover writes page 1: the meldpunt, the title, the subtitle, the draft marker and the lines at
// the foot of the cover. It has no header and no footer.
func (r *reportRenderer) cover() {
	d := r.report
	r.f.AddPage()
	r.watermark()

	y := 25.0
	if d.Sender.Name != "" {
		r.font(styleBold, 14, colourAccent)
		lines := r.capLines(wrap(d.Sender.Name, textWidth-6, r.measure), 3, textWidth-6)
		top := y
		for _, line := range lines {
			r.text(marginLeft+6, y, textWidth-6, 6.2, line, "L")
			y += 6.2
		}
		if d.Sender.Tagline != "" {
			r.font(styleRegular, 9, colourMuted)
			for _, line := range r.capLines(wrap(d.Sender.Tagline, textWidth-6, r.measure), 2, textWidth-6) {
				r.text(marginLeft+6, y+0.5, textWidth-6, 4.2, line, "L")
				y += 4.2
			}
			y += 0.5
		}
		r.f.SetFillColor(colourAccent[0], colourAccent[1], colourAccent[2])
		r.f.Rect(marginLeft, top, 2.2, y-top, "F")
	}

	y = max(y+20, 78)
	if d.Draft {
		r.font(styleBold, 11, colourWhite)
		label := r.fit(d.Labels.Draft, textWidth-8)
		w := r.measure(label) + 8
		r.f.SetFillColor(colourAccent[0], colourAccent[1], colourAccent[2])
		r.f.Rect(marginLeft, y, w, 8, "F")
		r.text(marginLeft+4, y, w-8, 8, label, "L")
	}
	y += 16

	// The title: as large as fits in five lines, from 28 down to 18 points.
	size := 28.0
	r.font(styleBold, size, colourText)
	title := wrap(d.Title, textWidth, r.measure)
	for size > 18 && len(title) > 3 {
		size -= 2
		r.font(styleBold, size, colourText)
		title = wrap(d.Title, textWidth, r.measure)
	}
	title = r.capLines(title, 5, textWidth)
	line := pt(size) * 1.2
	for _, l := range title {
		r.text(marginLeft, y, textWidth, line, l, "L")
		y += line
	}
	y += 5
	r.f.SetFillColor(colourAccent[0], colourAccent[1], colourAccent[2])
	r.f.Rect(marginLeft, y, 30, 1.2, "F")
	y += 8

	if d.Subtitle != "" {
		r.font(styleRegular, 14, colourMuted)
		for _, l := range r.capLines(wrap(d.Subtitle, textWidth, r.measure), 6, textWidth) {
			r.text(marginLeft, y, textWidth, 6.6, l, "L")
			y += 6.6
		}
	}

	// The cover lines, ending at the foot of the page; as many as fit under the subtitle.
	if len(d.CoverLines) == 0 {
		return
	}
	const coverLine, coverBottom = 4.8, 272.0
	r.font(styleRegular, 9.5, colourMuted)
	var lines []string
	for _, l := range d.CoverLines {
		lines = append(lines, wrap(l, textWidth, r.measure)...)
	}
	room := int((coverBottom - (y + 12)) / coverLine)
	lines = r.capLines(lines, max(room, 1), textWidth)
	y = coverBottom - float64(len(lines))*coverLine
	r.rule(marginLeft, y-4, rightEdge, colourRule, 0.3)
	for _, l := range lines {
		r.text(marginLeft, y, textWidth, coverLine, l, "L")
		y += coverLine
	}
}

// contentsEntry is one line (or a few) of the table of contents.
type contentsEntry struct {
	section int
	lines   []string // the title as wrapped
}

// contentsTitleWidth is the room for a section title in the contents: what the number, the page
// number and a stretch of dot leaders leave.
const contentsTitleWidth = textWidth - numberWidth - contentsPageW - 8

// layoutContents spreads the contents over pages: it returns the entries of each page. It depends
// on the titles only, so the number of pages of the contents is known before the sections are
// laid out.
func (r *reportRenderer) layoutContents() [][]contentsEntry {
	var pages [][]contentsEntry
	var page []contentsEntry
	y := reportBodyTop + r.contentsHeadHeight()
	r.font(styleRegular, contentsSize, colourText)
	for i, sec := range r.report.Sections {
		lines := r.capLines(wrap(sec.Title, contentsTitleWidth, r.measure), 3, contentsTitleWidth)
		h := float64(len(lines))*contentsLine + contentsGap
		if y+h > bodyBottom && len(page) > 0 {
			pages = append(pages, page)
			page, y = nil, reportBodyTop
		}
		page = append(page, contentsEntry{section: i, lines: lines})
		y += h
	}
	return append(pages, page)
}

// contentsHeadHeight is the height of the heading of the contents.
func (r *reportRenderer) contentsHeadHeight() float64 { return headingLine + 8 }

// contents writes the table of contents: per section its number, its title, dot leaders and the
// page it starts on (left blank in the first pass). Each entry links to its section.
func (r *reportRenderer) contents(pages [][]contentsEntry) error {
	if 1+len(pages) > MaxReportPages {
		return reportTooLong{}
	}
	for p, entries := range pages {
		if err := r.newPage(); err != nil {
			return err
		}
		if p == 0 {
			r.font(styleBold, headingSize, colourAccent)
			r.text(marginLeft, r.y, textWidth, headingLine, r.fit(r.report.Labels.Contents, textWidth), "L")
			r.y += r.contentsHeadHeight()
		}
		for _, e := range entries {
			r.entry(e)
		}
	}
	return nil
}

// entry writes one entry of the table of contents at r.y.
func (r *reportRenderer) entry(e contentsEntry) {
	top := r.y
	r.font(styleBold, contentsSize, colourText)
	r.text(marginLeft, r.y, numberWidth, contentsLine, strconv.Itoa(e.section+1), "L")
	r.font(styleRegular, contentsSize, colourText)
	end := marginLeft + numberWidth
	for _, line := range e.lines {
		r.text(marginLeft+numberWidth, r.y, contentsTitleWidth, contentsLine, line, "L")
		end = marginLeft + numberWidth + r.measure(line)
		r.y += contentsLine
	}
	last := r.y - contentsLine
	if from, to := end+2.5, rightEdge-r.pageNumberWidth()-2.5; to > from {
		r.leaders(from, to, last+contentsLine*0.74)
	}
	if r.plan != nil {
		page := r.plan.starts[e.section]
		r.font(styleRegular, contentsSize, colourText)
		r.text(rightEdge-contentsPageW, last, contentsPageW, contentsLine, strconv.Itoa(page), "R")
		link := r.f.AddLink()
		r.f.SetLink(link, reportBodyTop, page)
		r.f.Link(marginLeft, top, textWidth, r.y-top, link)
	}
	r.y += contentsGap
}

// pageNumberWidth is the width of the widest page number; the dot leaders stop short of it.
func (r *reportRenderer) pageNumberWidth() float64 {
	r.font(styleRegular, contentsSize, colourText)
	return r.measure(strconv.Itoa(MaxReportPages))
}

// leaders draws a dotted line on the baseline y from x1 to x2.
func (r *reportRenderer) leaders(x1, x2, y float64) {
	f := r.f
	f.SetDrawColor(colourMuted[0], colourMuted[1], colourMuted[2])
	f.SetLineWidth(0.35)
	f.SetLineCapStyle("round")
	f.SetDashPattern([]float64{0.001, 1.4}, 0)
	f.Line(x1, y, x2, y)
	f.SetDashPattern(nil, 0)
	f.SetLineCapStyle("butt")
}

// section starts a new page with the numbered heading of section i, adds it to the outline and
// writes its blocks.
func (r *reportRenderer) section(i int, sec ReportSection) error {
	if err := r.newPage(); err != nil {
		return err
	}
	r.starts = append(r.starts, r.f.PageNo())
	number := strconv.Itoa(i + 1)
	r.font(styleBold, headingSize, colourAccent)
	r.f.Bookmark(joinNonEmpty(" ", number, sec.Title), 0, r.y)
	r.text(marginLeft, r.y, numberWidth, headingLine, number, "L")
	r.font(styleBold, headingSize, colourText)
	for _, line := range r.capLines(wrap(sec.Title, textWidth-numberWidth, r.measure), 4, textWidth-numberWidth) {
		r.text(marginLeft+numberWidth, r.y, textWidth-numberWidth, headingLine, line, "L")
		r.y += headingLine
	}
	r.y += 2
	r.f.SetFillColor(colourAccent[0], colourAccent[1], colourAccent[2])
	r.f.Rect(marginLeft, r.y, 30, 0.9, "F")
	r.y += 8

	for j, b := range sec.Blocks {
		var next *Block
		if j+1 < len(sec.Blocks) {
			next = &sec.Blocks[j+1]
		}
		if err := r.block(b, next); err != nil {
			return err
		}
	}
	return nil
}

// block writes one block; next is the block after it, if any.
func (r *reportRenderer) block(b Block, next *Block) error {
	switch b.Kind {
	case SubheadingBlock:
		return r.subheading(b.Text, next)
	case NoteBlock:
		return r.paragraphs(b.Text, styleRegular, noteSize, noteLine, colourMuted, 2.5)
	case ListBlock:
		return r.list(b.Items)
	case FiguresBlock:
		return r.figures(b.Figures)
	case TableBlock:
		return r.table(b.Table)
	case BarsBlock:
		return r.bars(b.Bars)
	default:
		return r.paragraphs(b.Text, styleRegular, bodySize, bodyLine, colourText, paraGap)
	}
}

// firstHeight is the height of the start of b that may not be separated from a subheading above
// it: two lines of text, the first list item, the first row of figures, a table's caption, header
// and first row, a chart's caption, legend and first item.
func (r *reportRenderer) firstHeight(b Block) float64 {
	switch b.Kind {
	case SubheadingBlock:
		return r.subheadingHeight(b.Text) + 2*bodyLine
	case NoteBlock:
		r.font(styleRegular, noteSize, colourMuted)
		return float64(min(len(wrap(firstParagraph(b.Text), textWidth, r.measure)), 2)) * noteLine
	case ListBlock:
		r.font(styleRegular, bodySize, colourText)
		return float64(min(len(wrap(b.Items[0], textWidth-6, r.measure)), 2)) * bodyLine
	case FiguresBlock:
		return r.layoutFigures(b.Figures)[0].height
	case TableBlock:
		t := r.layoutTable(b.Table)
		h := t.captionHeight() + t.headerH
		if len(t.rowH) > 0 {
			h += t.rowH[0]
		}
		return h
	case BarsBlock:
		c := r.layoutBars(b.Bars)
		h := c.headHeight()
		if len(c.items) > 0 {
			h += c.items[0].height
		}
		return h
	default:
		r.font(styleRegular, bodySize, colourText)
		return float64(min(len(wrap(firstParagraph(b.Text), textWidth, r.measure)), 2)) * bodyLine
	}
}

// paragraphsOf splits text at blank lines.
func paragraphsOf(text string) []string {
	var paras, cur []string
	for line := range strings.SplitSeq(text, "\n") {
		if strings.Trim(line, " ") == "" {
			if len(cur) > 0 {
				paras = append(paras, strings.Join(cur, "\n"))
				cur = nil
			}
			continue
		}
		cur = append(cur, line)
	}
	if len(cur) > 0 {
		paras = append(paras, strings.Join(cur, "\n"))
	}
	return paras
}

func firstParagraph(text string) string {
	if paras := paragraphsOf(text); len(paras) > 0 {
		return paras[0]
	}
	return ""
}

// paragraphs writes text as paragraphs (separated by blank lines) in the given type, each
// followed by gap.
func (r *reportRenderer) paragraphs(text, style string, size, line float64, colour [3]int, gap float64) error {
	setFont := func() { r.font(style, size, colour) }
	for _, para := range paragraphsOf(text) {
		setFont()
		if err := r.flow(wrap(para, textWidth, r.measure), marginLeft, line, setFont, nil); err != nil {
			return err
		}
		r.y += gap
	}
	return nil
}

// flow writes lines at x, breaking the page where needed but never leaving the first or the last
// line of a paragraph alone on a page. setFont sets the lines' font (a page break changes it);
// first, when not nil, decorates the first line (a list's bullet).
func (r *reportRenderer) flow(lines []string, x, line float64, setFont func(), first func(y float64)) error {
	n := len(lines)
	if err := r.need(float64(min(n, 2)) * line); err != nil {
		return err
	}
	for i, l := range lines {
		fits := func(k int) bool { return r.y+float64(k)*line <= bodyBottom+0.001 }
		switch {
		case !fits(1):
			if err := r.newPage(); err != nil {
				return err
			}
		case i == n-2 && i >= 2 && !fits(2):
			// The last line would be alone on the next page: take the one before it along.
			if err := r.newPage(); err != nil {
				return err
			}
		}
		setFont()
		if i == 0 && first != nil {
			first(r.y)
			setFont()
		}
		r.text(x, r.y, rightEdge-x, line, l, "L")
		r.y += line
	}
	return nil
}

// subheadingHeight is the height of a subheading with the space around it.
func (r *reportRenderer) subheadingHeight(text string) float64 {
	r.font(styleBold, subheadingSize, colourText)
	return 2 + float64(len(wrap(text, textWidth, r.measure)))*subheadingLine + 1.5
}

// subheading writes a bold line, on the same page as the start of the block after it.
func (r *reportRenderer) subheading(text string, next *Block) error {
	h := r.subheadingHeight(text)
	keep := 2 * bodyLine
	if next != nil {
		keep = r.firstHeight(*next)
	}
	if err := r.need(min(h+keep, reportRoom)); err != nil {
		return err
	}
	if r.y > reportBodyTop+0.001 {
		r.y += 2
	}
	r.font(styleBold, subheadingSize, colourText)
	for _, line := range wrap(text, textWidth, r.measure) {
		r.text(marginLeft, r.y, textWidth, subheadingLine, line, "L")
		r.y += subheadingLine
	}
	r.y += 1.5
	return nil
}

// list writes a bulleted list.
func (r *reportRenderer) list(items []string) error {
	setFont := func() { r.font(styleRegular, bodySize, colourText) }
	bullet := func(y float64) { r.text(marginLeft+1, y, 5, bodyLine, "•", "L") }
	for _, item := range items {
		setFont()
		if err := r.flow(wrap(item, textWidth-6, r.measure), marginLeft+6, bodyLine, setFont, bullet); err != nil {
			return err
		}
		r.y += 1.2
	}
	r.y += paraGap - 1.2
	return nil
}

// figureTile is one key figure as laid out.
type figureTile struct {
	value     string
	valueSize float64
	label     []string
	note      []string
}

// figureRow is a row of tiles; all tiles of a row are as high as the highest.
type figureRow struct {
	tiles  []figureTile
	height float64
}

// figureColumns is how many tiles go in a row: three, but two for two or four figures.
func figureColumns(n int) int {
	if n == 2 || n == 4 {
		return 2
	}
	return 3
}

func figureTileWidth(cols int) float64 {
	return (textWidth - float64(cols-1)*figureGap) / float64(cols)
}

// layoutFigures arranges the figures in rows of tiles.
func (r *reportRenderer) layoutFigures(figs []KeyFigure) []figureRow {
	cols := figureColumns(len(figs))
	inner := figureTileWidth(cols) - figureStripe - 2*figurePad
	var rows []figureRow
	for start := 0; start < len(figs); start += cols {
		var row figureRow
		for _, k := range figs[start:min(start+cols, len(figs))] {
			t := figureTile{valueSize: figureValue}
			r.font(styleBold, t.valueSize, colourAccent)
			for t.valueSize > 11 && r.measure(k.Value) > inner {
				t.valueSize--
				r.font(styleBold, t.valueSize, colourAccent)
			}
			t.value = r.fit(k.Value, inner)
			if k.Label != "" {
				r.font(styleRegular, figureLabel, colourText)
				t.label = r.capLines(wrap(k.Label, inner, r.measure), 3, inner)
			}
			if k.Note != "" {
				r.font(styleRegular, figureNote, colourMuted)
				t.note = r.capLines(wrap(k.Note, inner, r.measure), 2, inner)
			}
			h := 2*figurePad + pt(figureValue)*1.25 + float64(len(t.label))*figureLabelLn
			if len(t.note) > 0 {
				h += 1 + float64(len(t.note))*figureNoteLn
			}
			row.height = max(row.height, h)
			row.tiles = append(row.tiles, t)
		}
		rows = append(rows, row)
	}
	return rows
}

// figures writes a grid of key figures; a row of tiles is never split over two pages.
func (r *reportRenderer) figures(figs []KeyFigure) error {
	cols := figureColumns(len(figs))
	w := figureTileWidth(cols)
	for _, row := range r.layoutFigures(figs) {
		if err := r.need(row.height); err != nil {
			return err
		}
		for i, t := range row.tiles {
			x := marginLeft + float64(i)*(w+figureGap)
			r.f.SetFillColor(colourTint[0], colourTint[1], colourTint[2])
			r.f.Rect(x, r.y, w, row.height, "F")
			r.f.SetFillColor(colourAccent[0], colourAccent[1], colourAccent[2])
			r.f.Rect(x, r.y, figureStripe, row.height, "F")
			x += figureStripe + figurePad
			inner := w - figureStripe - 2*figurePad
			y := r.y + figurePad
			valueH := pt(figureValue) * 1.25
			r.font(styleBold, t.valueSize, colourAccent)
			r.text(x, y, inner, valueH, t.value, "L")
			y += valueH
			r.font(styleRegular, figureLabel, colourText)
			for _, l := range t.label {
				r.text(x, y, inner, figureLabelLn, l, "L")
				y += figureLabelLn
			}
			if len(t.note) > 0 {
				y++
				r.font(styleRegular, figureNote, colourMuted)
				for _, l := range t.note {
					r.text(x, y, inner, figureNoteLn, l, "L")
					y += figureNoteLn
				}
			}
		}
		r.y += row.height + figureGap
	}
	r.y += blockGap - figureGap
	return nil
}

// tableLayout is a table as laid out: column edges, wrapped cells and row heights.
type tableLayout struct {
	t       *Table
	caption []string
	x, w    []float64 // left edge and width of each column
	header  [][]string
	headerH float64
	cells   [][][]string // row, column, line
	rowH    []float64
}

func (t tableLayout) captionHeight() float64 {
	if len(t.caption) == 0 {
		return 0
	}
	return float64(len(t.caption))*captionLine + 1.5
}

// columnWidths turns the columns' shares into widths that fill the text width. Columns without
// a share get an even part of what the others leave, or the others' average share when they
// leave nothing.
func columnWidths(cols []Column) []float64 {
	sum, set := 0.0, 0
	for _, c := range cols {
		if c.Width > 0 {
			sum += c.Width
			set++
		}
	}
	zero := 1.0
	switch {
	case set == 0:
	case sum < 1 && set < len(cols):
		zero = (1 - sum) / float64(len(cols)-set)
	default:
		zero = sum / float64(set)
	}
	shares := make([]float64, len(cols))
	total := 0.0
	for i, c := range cols {
		shares[i] = c.Width
		if c.Width <= 0 {
			shares[i] = zero
		}
		total += shares[i]
	}
	for i := range shares {
		shares[i] *= textWidth / total
	}
	return shares
}

// layoutTable wraps every cell in its column. A cell holds no more lines than a page can take,
// so that every row fits on a page.
func (r *reportRenderer) layoutTable(t *Table) tableLayout {
	l := tableLayout{t: t, w: columnWidths(t.Columns)}
	if t.Caption != "" {
		r.font(styleBold, captionSize, colourText)
		l.caption = r.capLines(wrap(t.Caption, textWidth, r.measure), 4, textWidth)
	}
	x := marginLeft
	for _, w := range l.w {
		l.x = append(l.x, x)
		x += w
	}
	inner := func(i int) float64 { return l.w[i] - 2*tablePadX }
	lines := 0
	r.font(styleBold, tableSize, colourText)
	for i, c := range t.Columns {
		cell := r.capLines(wrap(c.Title, inner(i), r.measure), 4, inner(i))
		l.header = append(l.header, cell)
		lines = max(lines, len(cell))
	}
	l.headerH = float64(lines)*tableLine + 2*tablePadY
	// The tallest row fits on a page under the caption and the header.
	maxLines := max(int((reportRoom-l.captionHeight()-l.headerH-2*tablePadY-1)/tableLine), 1)
	for i, row := range t.Rows {
		style := styleRegular
		if t.Bold[i] {
			style = styleBold
		}
		r.font(style, tableSize, colourText)
		cells := make([][]string, len(row))
		lines := 1
		for j, cell := range row {
			cells[j] = r.capLines(wrap(cell, inner(j), r.measure), maxLines, inner(j))
			lines = max(lines, len(cells[j]))
		}
		l.cells = append(l.cells, cells)
		l.rowH = append(l.rowH, float64(lines)*tableLine+2*tablePadY)
	}
	return l
}

// table writes a table: its caption, the header row (again on every page the table runs onto)
// and the rows, none of them split over two pages.
func (r *reportRenderer) table(t *Table) error {
	l := r.layoutTable(t)
	start := l.captionHeight() + l.headerH
	if len(l.rowH) > 0 {
		start += l.rowH[0]
	}
	if err := r.need(min(start, reportRoom)); err != nil {
		return err
	}
	r.caption(l.caption)
	if len(t.Columns) == 0 {
		r.y += blockGap
		return nil
	}
	r.tableHeader(l)
	for i, h := range l.rowH {
		if r.y+h > bodyBottom+0.001 {
			r.rule(marginLeft, r.y, rightEdge, colourRule, 0.3)
			if err := r.newPage(); err != nil {
				return err
			}
			r.tableHeader(l)
		}
		bold := t.Bold[i]
		if i%2 == 1 && !bold {
			r.f.SetFillColor(colourZebra[0], colourZebra[1], colourZebra[2])
			r.f.Rect(marginLeft, r.y, textWidth, h, "F")
		}
		style := styleRegular
		if bold {
			style = styleBold
			r.rule(marginLeft, r.y, rightEdge, colourText, 0.3)
		}
		r.font(style, tableSize, colourText)
		r.tableRow(l, l.cells[i], r.y)
		r.y += h
	}
	r.rule(marginLeft, r.y, rightEdge, colourRule, 0.3)
	r.y += blockGap
	return nil
}

// tableHeader writes the header row at r.y.
func (r *reportRenderer) tableHeader(l tableLayout) {
	r.f.SetFillColor(colourTint[0], colourTint[1], colourTint[2])
	r.f.Rect(marginLeft, r.y, textWidth, l.headerH, "F")
	r.font(styleBold, tableSize, colourText)
	r.tableRow(l, l.header, r.y)
	r.y += l.headerH
	r.rule(marginLeft, r.y, rightEdge, colourAccent, 0.5)
}

// tableRow writes the cells of one row, whose top is y, in the current font.
func (r *reportRenderer) tableRow(l tableLayout, cells [][]string, y float64) {
	for j, cell := range cells {
		align := "L"
		if l.t.Columns[j].Align == AlignRight {
			align = "R"
		}
		for k, line := range cell {
			r.text(l.x[j]+tablePadX, y+tablePadY+float64(k)*tableLine, l.w[j]-2*tablePadX, tableLine, line, align)
		}
	}
}

// barsLayout is a bar chart as laid out.
type barsLayout struct {
	c       *BarChart
	caption []string
	legend  bool
	labelW  float64 // the label column
	barX    float64 // where the bars start
	barMax  float64 // the length of the longest bar
	valueW  float64 // room for the value after the longest bar
	largest float64 // the value of the longest bar; 0 when there are no bars to draw
	items   []barItem
}

// barItem is one item of a chart as laid out.
type barItem struct {
	label   []string
	display string
	compare string
	height  float64 // with the space under it
}

func (c barsLayout) headHeight() float64 {
	h := 0.0
	if len(c.caption) > 0 {
		h += float64(len(c.caption))*captionLine + 1.5
	}
	if c.legend {
		h += 6
	}
	return h
}

// barsH is the height the bars of one item take.
func (c barsLayout) barsH() float64 {
	if c.c.Compare {
		return barMainH + barPairGap + barCompareH
	}
	return barHeight
}

// layoutBars measures the label column and the values and scales the bars to the largest value.
func (r *reportRenderer) layoutBars(c *BarChart) barsLayout {
	l := barsLayout{c: c, legend: c.Compare && (c.Legend[0] != "" || c.Legend[1] != "")}
	if c.Caption != "" {
		r.font(styleBold, captionSize, colourText)
		l.caption = r.capLines(wrap(c.Caption, textWidth, r.measure), 4, textWidth)
	}
	// The label column is as wide as the longest label, within limits; the value column as wide
	// as the longest value, within limits.
	r.font(styleRegular, barLabelSize, colourText)
	widest := 0.0
	for _, b := range c.Items {
		widest = max(widest, r.measure(b.Label))
	}
	l.labelW = min(max(widest+1, 25), textWidth*0.38)
	r.font(styleRegular, barLabelSize, colourText)
	for _, b := range c.Items {
		l.valueW = max(l.valueW, r.measure(b.Display))
		if c.Compare {
			l.valueW = max(l.valueW, r.measure(b.CompareDisplay))
		}
	}
	l.valueW = min(max(l.valueW+2.5, 10), 40)
	l.barX = marginLeft + l.labelW + 3
	l.barMax = rightEdge - l.barX - l.valueW
	for _, b := range c.Items {
		if !b.Suppressed {
			l.largest = max(l.largest, b.Value)
		}
		if c.Compare && !b.CompareSuppressed {
			l.largest = max(l.largest, b.CompareValue)
		}
	}
	for _, b := range c.Items {
		r.font(styleRegular, barLabelSize, colourText)
		it := barItem{label: r.capLines(wrap(b.Label, l.labelW, r.measure), 2, l.labelW)}
		it.display = r.fit(b.Display, l.valueW-1.5)
		if c.Compare {
			it.compare = r.fit(b.CompareDisplay, l.valueW-1.5)
		}
		it.height = max(l.labelTop()+float64(len(it.label))*barLabelLine, l.barsH()) + barRowGap
		l.items = append(l.items, it)
	}
	return l
}

// labelTop is where an item's label starts below the top of the item: its first line is centred
// on the (first) bar, so that label and value read as one line.
func (c barsLayout) labelTop() float64 {
	if c.c.Compare {
		return (barMainH - barLabelLine) / 2
	}
	return (barHeight - barLabelLine) / 2
}

// length is the length of the bar of value v.
func (c barsLayout) length(v float64) float64 {
	if c.largest <= 0 || v <= 0 {
		return 0
	}
	return max(v/c.largest*c.barMax, 0.4)
}

// bars writes a horizontal bar chart: caption, legend and one row per item, never splitting an
// item over two pages.
func (r *reportRenderer) bars(c *BarChart) error {
	l := r.layoutBars(c)
	start := l.headHeight()
	if len(l.items) > 0 {
		start += l.items[0].height
	}
	if err := r.need(min(start, reportRoom)); err != nil {
		return err
	}
	r.caption(l.caption)
	if l.legend {
		r.legend(c.Legend)
	}
	for i, it := range l.items {
		if err := r.need(it.height); err != nil {
			return err
		}
		r.barItem(l, c.Items[i], it, i == 0)
		r.y += it.height
	}
	r.y += blockGap - barRowGap
	return nil
}

// legend writes the two series' names beside a swatch of their colour.
func (r *reportRenderer) legend(names [2]string) {
	x := marginLeft
	r.font(styleRegular, barLabelSize, colourText)
	for i, name := range names {
		colour := colourAccent
		if i == 1 {
			colour = colourCompare
		}
		r.f.SetFillColor(colour[0], colour[1], colour[2])
		r.f.Rect(x, r.y+0.6, 3.4, 3.4, "F")
		w := min(r.measure(name), (textWidth-20)/2)
		r.text(x+5, r.y, w, 4.6, r.fit(name, w), "L")
		x += 5 + w + 8
	}
	r.y += 6
}

// barItem writes one item of a chart at r.y: its label, its bar (or bars) and the values; first
// says whether it is the chart's first item.
func (r *reportRenderer) barItem(l barsLayout, b Bar, it barItem, first bool) {
	r.font(styleRegular, barLabelSize, colourText)
	for k, line := range it.label {
		r.text(marginLeft, r.y+l.labelTop()+float64(k)*barLabelLine, l.labelW, barLabelLine, line, "L")
	}
	r.f.SetDrawColor(colourRule[0], colourRule[1], colourRule[2])
	r.f.SetLineWidth(0.3)
	from := r.y - barRowGap/2 // the axis runs on from the item above
	if first {
		from = r.y - 0.5
	}
	r.f.Line(l.barX, from, l.barX, r.y+it.height-barRowGap/2)

	top := r.y
	if !l.c.Compare {
		r.bar(l, top, barHeight, b.Value, b.Suppressed, it.display, colourAccent, colourText)
		return
	}
	r.bar(l, top, barMainH, b.Value, b.Suppressed, it.display, colourAccent, colourText)
	r.bar(l, top+barMainH+barPairGap, barCompareH, b.CompareValue, b.CompareSuppressed, it.compare,
		colourCompare, colourMuted)
}

// bar draws one bar with its value after it; a suppressed value has no bar, only its text.
func (r *reportRenderer) bar(l barsLayout, top, h, v float64, suppressed bool, display string, fill, ink [3]int) {
	length := 0.0
	if !suppressed {
		length = l.length(v)
	}
	if length > 0 {
		r.f.SetFillColor(fill[0], fill[1], fill[2])
		r.f.Rect(l.barX, top, length, h, "F")
	}
	size := barLabelSize
	if h < barHeight {
		size = 8
	}
	r.font(styleRegular, size, ink)
	r.text(l.barX+length+1.5, top+h/2-2, l.valueW-1.5, 4, display, "L")
}

// setCatalogLang adds the document's language (/Lang) to the PDF's catalog, for screen readers
// and search; gofpdf has no setting for it. The catalog is the last object gofpdf writes, right
// before the cross-reference table, so adding to it moves only the table: its offset
// (startxref) is corrected. A PDF that does not end the way gofpdf ends it is returned as it is.
func setCatalogLang(pdf []byte, lang string) []byte {
	if lang == "" {
		return pdf
	}
	xref := bytes.LastIndex(pdf, []byte("\nxref\n")) + 1
	start := bytes.LastIndex(pdf, []byte("\nstartxref\n"))
	if xref <= 0 || start < xref {
		return pdf
	}
	end := bytes.LastIndex(pdf[:xref], []byte(">>\nendobj\n"))
	catalog := bytes.LastIndex(pdf[:xref], []byte("/Type /Catalog"))
	if end < 0 || catalog < 0 || catalog > end || bytes.Contains(pdf[catalog:end], []byte("endobj")) {
		return pdf
	}
	numStart := start + len("\nstartxref\n")
	numEnd := bytes.IndexByte(pdf[numStart:], '\n')
	if numEnd < 0 {
		return pdf
	}
	numEnd += numStart
	if offset, err := strconv.Atoi(string(pdf[numStart:numEnd])); err != nil || offset != xref {
		return pdf
	}
	entry := "/Lang (" + lang + ")\n"
	var out bytes.Buffer
	out.Grow(len(pdf) + len(entry) + 2)
	out.Write(pdf[:end])
	out.WriteString(entry)
	out.Write(pdf[end:numStart])
	out.WriteString(strconv.Itoa(xref + len(entry)))
	out.Write(pdf[numEnd:])
	return out.Bytes()
}

// caption writes the caption lines of a table or chart, if any, above it.
func (r *reportRenderer) caption(lines []string) {
	if len(lines) == 0 {
		return
	}
	r.font(styleBold, captionSize, colourText)
	for _, line := range lines {
		r.text(marginLeft, r.y, textWidth, captionLine, line, "L")
		r.y += captionLine
	}
	r.y += 1.5
}
