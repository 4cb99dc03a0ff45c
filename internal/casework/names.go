package casework

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxPlausibleName is the longest name a letter or e-mail addresses a person by.
const MaxPlausibleName = 100

// PlausibleName reports whether name reads as a person's name, so that a letter or an e-mail may
// address its reader by it ("Beste …"). A name typed on the public form may be anything: a phone
// number, a link, a sentence. Letters, marks, spaces, hyphens, apostrophes and the full stops and
// commas of initials pass; digits, '@', slashes, colons and everything else do not, nor a full stop
// followed by two or more letters (a domain name such as "x.example"), nor a name of more than
// MaxPlausibleName characters or without a letter.
func PlausibleName(name string) bool {
	name = strings.TrimSpace(name)
	if name == "" || utf8.RuneCountInString(name) > MaxPlausibleName {
		return false
	}
	letters := 0
	runes := []rune(name)
	for i, r := range runes {
		switch {
		case unicode.IsLetter(r):
			letters++
		case unicode.Is(unicode.Mn, r), r == ' ', r == '-', r == '\'', r == '\u2019', r == ',':
		case r == '.':
			// Initials ("J.P. de Vries") are single letters between full stops; a full stop
			// followed by a run of letters is a domain name.
			run := 0
			for _, next := range runes[i+1:] {
				if !unicode.IsLetter(next) {
					break
				}
				run++
			}
			if run >= 2 {
				return false
			}
		default:
			return false
		}
	}
	return letters > 0
}
