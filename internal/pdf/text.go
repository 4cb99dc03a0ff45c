package pdf

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Clean makes s safe to hand to gofpdf and predictable on paper. It
//
//   - composes the text (Unicode NFC), so "e" + combining diaeresis becomes "ë";
//   - turns CRLF, CR, NEL and the Unicode line and paragraph separators into "\n";
//   - turns tabs, vertical tabs and form feeds into a space;
//   - drops every other control character, the invisible format characters (zero-width joiners,
//     bidirectional controls, byte-order marks, soft hyphens), emoji variation selectors, Unicode
//     noncharacters and bytes that are not valid UTF-8;
//   - drops every rune above U+FFFF (emoji and other supplementary-plane characters): gofpdf
//     panics on them.
//
// Everything else is kept as it is, including Dutch diacritics, the euro sign, non-breaking
// spaces and right-to-left scripts (see the package documentation for how those render).
// Clean does not trim and does not wrap; long words are broken where the text is laid out.
func Clean(s string) string {
	s = strings.ToValidUTF8(s, "")
	s = norm.NFC.String(s)
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == '\r':
			b.WriteByte('\n')
			if i < len(s) && s[i] == '\n' {
				i++
			}
		case r == '\n', r == '\u0085', r == '\u2028', r == '\u2029':
			b.WriteByte('\n')
		case r == '\t', r == '\v', r == '\f':
			b.WriteByte(' ')
		case dropped(r):
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// dropped reports whether Clean leaves r out.
func dropped(r rune) bool {
	switch {
	case r > 0xFFFF:
		return true
	case unicode.Is(unicode.Cc, r), unicode.Is(unicode.Cf, r):
		return true
	case r >= 0xFE00 && r <= 0xFE0F: // variation selectors
		return true
	case r >= 0xFDD0 && r <= 0xFDEF, r == 0xFFFE, r == 0xFFFF: // noncharacters
		return true
	}
	return false
}

// cleanLine cleans s and folds it onto one line: line breaks become spaces, runs of spaces become
// one, and the ends are trimmed. It is for single-line fields such as names and the subject.
func cleanLine(s string) string {
	s = strings.ReplaceAll(Clean(s), "\n", " ")
	return strings.Join(splitSpaces(s), " ")
}

// splitSpaces splits s at runs of ASCII spaces. Unlike strings.Fields it keeps non-breaking spaces
// inside words, so "€ 161.500" written with U+00A0 stays on one line.
func splitSpaces(s string) []string {
	var words []string
	for w := range strings.SplitSeq(s, " ") {
		if w != "" {
			words = append(words, w)
		}
	}
	return words
}

// wrap lays out text in lines no wider than width, as measured by measure. Each "\n" in text
// starts a new line (an empty line for "\n\n"). Lines break at spaces; a word wider than the line
// (a long URL, an IBAN without spaces, a 300-letter word) is broken between two characters, so
// nothing ever runs past the margin. text must be cleaned.
func wrap(text string, width float64, measure func(string) float64) []string {
	var lines []string
	for hard := range strings.SplitSeq(text, "\n") {
		var line string
		for _, word := range keepTogether(splitSpaces(hard)) {
			candidate := word
			if line != "" {
				candidate = line + " " + word
			}
			if measure(candidate) <= width {
				line = candidate
				continue
			}
			if line != "" {
				lines = append(lines, line)
				line = ""
			}
			if measure(word) > width {
				pieces := breakWord(word, width, measure)
				lines = append(lines, pieces[:len(pieces)-1]...)
				word = pieces[len(pieces)-1]
			}
			line = word
		}
		lines = append(lines, line)
	}
	return lines
}

// keepTogether joins a currency sign standing alone to the amount after it ("€" "45" becomes
// "€ 45"), so an amount is never split over two lines.
func keepTogether(words []string) []string {
	out := words[:0:0]
	for i := 0; i < len(words); i++ {
		if (words[i] == "€" || words[i] == "$" || words[i] == "£") && i+1 < len(words) {
			out = append(out, words[i]+" "+words[i+1])
			i++
			continue
		}
		out = append(out, words[i])
	}
	return out
}

// breakWord cuts word into pieces that each fit in width, breaking between two characters. Every
// piece holds at least one character, so a glyph wider than width still makes progress. Widths
// are added up character by character (gofpdf does not kern), which keeps breaking a very long
// word linear.
func breakWord(word string, width float64, measure func(string) float64) []string {
	var pieces []string
	start, used := 0, 0.0
	for i := 0; i < len(word); {
		_, size := utf8.DecodeRuneInString(word[i:])
		w := measure(word[i : i+size])
		if i > start && used+w > width {
			pieces = append(pieces, word[start:i])
			start, used = i, 0
		}
		used += w
		i += size
	}
	return append(pieces, word[start:])
}
