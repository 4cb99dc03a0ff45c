package pdf

import "time"

// ReportDoc is a long document such as the annual report to the council: a cover, a table of
// contents and numbered sections of text, key figures, tables and bar charts. Report lays it out on
// A4 pages with a running header, page numbers ("pagina 3 van 14") and a PDF outline (bookmarks)
// with one entry per section. Strings may hold any text: Report cleans them (see Clean).
type ReportDoc struct {
	Sender   Sender // the meldpunt: its name runs in the header and on the cover
	Language string // "nl" or "en": the document's language, stored in its metadata
	Labels   ReportLabels

	Title      string   // "Jaarrapportage 2025"
	Subtitle   string   // "Klachten over het sociaal domein, aan de gemeenteraad van Haarlem"
	CoverLines []string // lines low on the cover: version, generation time, status

	// Draft marks every page, the cover included, as a draft (Labels.Draft, e.g. "CONCEPT").
	Draft bool

	Sections []ReportSection

	// Attachments are files embedded in the PDF (a resident's letters in their export), listed by
	// a PDF reader beside the pages.
	Attachments []Attachment

	// Created is stored as the PDF's creation date; the zero time means now. Fixing it makes the
	// output byte-for-byte reproducible.
	Created time.Time
}

// Attachment is a file embedded in a report.
type Attachment struct {
	Name        string // file name: "MP-2026-000001-ruling-12.pdf"
	Description string
	Content     []byte
}

// ReportLabels are the fixed words of the document's furniture.
type ReportLabels struct {
	Contents string // "Inhoud"
	Page     string // "pagina"
	Of       string // "van"
	Draft    string // "CONCEPT"
}

// DutchReportLabels returns the labels of a Dutch report.
func DutchReportLabels() ReportLabels {
	return ReportLabels{Contents: "Inhoud", Page: "pagina", Of: "van", Draft: "CONCEPT"}
}

// EnglishReportLabels returns the labels of an English report.
func EnglishReportLabels() ReportLabels {
	return ReportLabels{Contents: "Contents", Page: "page", Of: "of", Draft: "DRAFT"}
}

// ReportSection is one numbered chapter: it starts on a new page and has an entry in the table of
// contents and in the PDF outline.
type ReportSection struct {
	Title  string
	Blocks []Block
}

// BlockKind says what a Block holds.
type BlockKind int

// Kinds of block.
const (
	// TextBlock is a paragraph; a "\n" in Text is a line break, a blank line a new paragraph.
	TextBlock BlockKind = iota
	// SubheadingBlock is a short bold line that introduces what follows; it is never left alone
	// at the foot of a page.
	SubheadingBlock
	// NoteBlock is small, muted text: a source, a definition, an explanation of "<5".
	NoteBlock
	// FiguresBlock is a grid of key figures: large value, small label under it.
	FiguresBlock
	// TableBlock is a table (Table).
	TableBlock
	// BarsBlock is a horizontal bar chart (Bars).
	BarsBlock
	// ListBlock is a bulleted list of Items.
	ListBlock
)

// Block is one part of a section.
type Block struct {
	Kind    BlockKind
	Text    string      // TextBlock, SubheadingBlock, NoteBlock
	Items   []string    // ListBlock
	Figures []KeyFigure // FiguresBlock
	Table   *Table      // TableBlock
	Bars    *BarChart   // BarsBlock
}

// KeyFigure is one tile of a FiguresBlock.
type KeyFigure struct {
	Value string // "237", "41 %", "18 dagen"
	Label string // "klachten ontvangen"
	Note  string // optional small line: "2024: 198"
}

// Align is how a table column is aligned.
type Align int

// Column alignments.
const (
	AlignLeft Align = iota
	AlignRight
)

// Column is a table column. Width is a share of the text width; the shares of a table's columns
// are scaled to fill the width, and zero shares are spread evenly.
type Column struct {
	Title string
	Align Align
	Width float64
}

// Table is a table whose header row is repeated on every page it runs onto. A cell's text wraps
// within its column; a row is never split over two pages. Rows marked in Bold (same length as
// Rows, or nil) are set in bold, for totals.
type Table struct {
	Caption string // optional, above the table
	Columns []Column
	Rows    [][]string
	Bold    []bool
}

// BarChart is a horizontal bar chart: one row per item, the label on the left, the bar, and the
// value written out at the end of the bar. With Compare set, each item has a second, lighter bar
// under the first (for example last year's figure), and a legend names both.
type BarChart struct {
	Caption string // optional, above the chart
	Items   []Bar
	Compare bool
	Legend  [2]string // names of the two series when Compare is set: {"2025", "2024"}
}

// Bar is one item of a BarChart. Display is the value as written next to the bar ("12", "<5",
// "41 %"). A suppressed value (Suppressed) draws no bar, only its Display text.
type Bar struct {
	Label      string
	Value      float64
	Display    string
	Suppressed bool

	CompareValue      float64
	CompareDisplay    string
	CompareSuppressed bool
}

// MaxReportPages is the most pages Report writes; a longer document is an error (ErrTooLong).
const MaxReportPages = 400
