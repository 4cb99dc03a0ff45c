// Package pdf renders the meldpunt's documents as PDF. It is the only package that imports
// github.com/jung-kurt/gofpdf: every string passes through Clean before it reaches gofpdf, and any
// panic inside gofpdf is recovered and returned as an error.
//
// Fonts are the Go fonts (regular, bold, italic), embedded in the binary and registered as UTF-8
// fonts, so Dutch diacritics ("cliënt", "coördinatie", "één") and the euro sign come out exactly.
//
// Scripts the Go fonts do not cover, such as Arabic and Hebrew, are kept in the text in their
// logical order: they never make rendering fail, the PDF's text layer (copy, search, screen
// readers, pdftotext) still holds the original characters, but on paper they show as the font's
// empty-box glyph and are neither shaped nor reordered right to left. Letters that must show such
// scripts need a font that has them; that is a deliberate, documented limit.
package pdf
