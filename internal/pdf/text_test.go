package pdf

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestClean(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"keeps Dutch diacritics and the euro sign", "cliënt coördinatie één € 161.500 café naïef",
			"cliënt coördinatie één € 161.500 café naïef"},
		{"drops emoji", "Ik ben boos 😡!", "Ik ben boos !"},
		{"drops emoji sequences with joiners and selectors", "gezin 👩‍👩‍👧 ❤️ ok", "gezin  ❤ ok"},
		{"drops other supplementary-plane runes", "a\U0001D400b\U00020000c", "abc"},
		{"normalises CRLF and CR", "een\r\ntwee\rdrie\n", "een\ntwee\ndrie\n"},
		{"turns Unicode line separators into newlines", "a\u2028b\u2029c\u0085d", "a\nb\nc\nd"},
		{"turns tabs into spaces", "naam:\twaarde", "naam: waarde"},
		{"drops other control characters", "a\x00b\x07c\x1bd\x7fe", "abcde"},
		{"drops invisible format characters", "\ufeffzero\u200bwidth\u00adsoft\u202ebidi\u2066x", "zerowidthsoftbidix"},
		{"drops noncharacters", "a\uffffb\ufffec\ufdd0d", "abcd"},
		{"drops invalid UTF-8", "a\xffb\xc3", "ab"},
		{"composes decomposed letters", "clie\u0308nt Zoe\u0308", "cliënt Zoë"},
		{"keeps non-breaking spaces", "€\u00a045", "€\u00a045"},
		{"keeps Arabic and Hebrew in logical order", "مرحبا שלום", "مرحبا שלום"},
		{"keeps other scripts", "Привет Ελλάδα 你好 ş ğ ı ł", "Привет Ελλάδα 你好 ş ğ ı ł"},
		{"empty stays empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Clean(tt.in); got != tt.want {
				t.Errorf("Clean(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// checkCleaned fails when s holds anything Clean promises to remove.
func checkCleaned(t *testing.T, s string) {
	t.Helper()
	if !utf8.ValidString(s) {
		t.Fatalf("not valid UTF-8: %q", s)
	}
	for _, r := range s {
		switch {
		case r > 0xFFFF:
			t.Fatalf("rune %U above U+FFFF left in %q", r, s)
		case r != '\n' && (unicode.Is(unicode.Cc, r) || unicode.Is(unicode.Cf, r)):
			t.Fatalf("control or format rune %U left in %q", r, s)
		}
	}
}

func FuzzClean(f *testing.F) {
	for _, s := range []string{"", "cliënt € 161.500", "😡\r\n\x00", "مرحبا שלום", "\xff\xfe", "e\u0301\u200d\U0001F600"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Clean(s)
		checkCleaned(t, got)
		if again := Clean(got); again != got {
			t.Fatalf("Clean is not idempotent: %q then %q", got, again)
		}
	})
}

// runeWidth measures every rune as 1 unit, 'W' as 2.
func runeWidth(s string) float64 {
	w := 0.0
	for _, r := range s {
		if r == 'W' {
			w += 2
		} else {
			w++
		}
	}
	return w
}

func TestWrap(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		width float64
		want  []string
	}{
		{"fits on one line", "een twee", 10, []string{"een twee"}},
		{"breaks at spaces", "een twee drie", 8, []string{"een twee", "drie"}},
		{"collapses runs of spaces", "een   twee", 20, []string{"een twee"}},
		{"keeps hard line breaks and empty lines", "een\n\ntwee", 20, []string{"een", "", "twee"}},
		{"breaks a word longer than the line", "abcdefghij", 4, []string{"abcd", "efgh", "ij"}},
		{"continues after a broken word", "ab abcdefg hi", 4, []string{"ab", "abcd", "efg", "hi"}},
		{"keeps the euro sign with the amount", "kost € 45", 7, []string{"kost", "€ 45"}},
		{"does not break at a non-breaking space", "a b\u00a0c", 3, []string{"a", "b\u00a0c"}},
		{"makes progress when one glyph is wider than the line", "WW", 1, []string{"W", "W"}},
		{"empty text is one empty line", "", 10, []string{""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := wrap(tt.text, tt.width, runeWidth)
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("wrap(%q, %v) = %q, want %q", tt.text, tt.width, got, tt.want)
			}
		})
	}
}

func TestWrapLongWordStaysWithinWidthAndLosesNothing(t *testing.T) {
	word := strings.Repeat("ë", 150) + strings.Repeat("x", 150) // 300 characters
	lines := wrap("voor "+word+" na", 37, runeWidth)
	for _, l := range lines {
		if runeWidth(l) > 37 {
			t.Fatalf("line %q is wider than 37", l)
		}
	}
	joined := strings.Join(lines, "")
	if !strings.Contains(joined, word) {
		t.Fatalf("the word did not survive wrapping: %q", lines)
	}
	if len(lines) < 300/37 {
		t.Fatalf("got %d lines, want at least %d", len(lines), 300/37)
	}
}
