package pdf

import (
	"bytes"

	"github.com/jung-kurt/gofpdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goitalic"
	"golang.org/x/image/font/gofont/goregular"
)

// family is the one font family of every document: the Go fonts.
const family = "go"

// Font styles in gofpdf's notation. Every style used anywhere must be registered in registerFonts:
// gofpdf fails the whole document on a style it does not know.
const (
	styleRegular = ""
	styleBold    = "B"
	styleItalic  = "I"
)

// registerFonts adds the Go fonts to f as UTF-8 fonts, one per style that is used.
//
// Each document gets its own copy of the font files: when gofpdf subsets a font it appends padding
// to slices of the bytes it was given, which writes into the shared package variables
// (goregular.TTF …) and races with any other letter being written at the same time.
func registerFonts(f *gofpdf.Fpdf) {
	f.AddUTF8FontFromBytes(family, styleRegular, bytes.Clone(goregular.TTF))
	f.AddUTF8FontFromBytes(family, styleBold, bytes.Clone(gobold.TTF))
	f.AddUTF8FontFromBytes(family, styleItalic, bytes.Clone(goitalic.TTF))
}
