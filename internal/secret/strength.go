package secret

import (
	"strings"
	"unicode"

	"github.com/trustelem/zxcvbn"
)

// MinPasswordScore is the lowest zxcvbn score (0 to 4) a password may have. Score 3 means zxcvbn
// estimates at least 10^8 guesses: with bcrypt (cost 10, some 10^4 guesses a second on one core)
// that is days of offline guessing per account, and online guessing is throttled. NIST SP 800-63B
// asks to refuse passwords that are common, repetitive or derived from the service or the user;
// zxcvbn finds exactly those (dictionaries, sequences, repeats, keyboard patterns, dates) and
// scores what remains by length.
const MinPasswordScore = 3

// serviceWords are words a password must not lean on: the service's own name and the Dutch words
// zxcvbn's English dictionaries do not know.
var serviceWords = []string{"meldpunt", "wachtwoord", "klacht", "klachten", "gemeente", "haarlem", "welkom",
	"geheim", "sociaal", "domein", "inloggen", "wachtwoorden"}

// PasswordTooWeak reports whether password is too easy to guess for the person with these
// details (e-mail address, name): it scores below MinPasswordScore, counting the details and the
// service's words as known.
func PasswordTooWeak(password string, personal ...string) bool {
	inputs := append([]string{}, serviceWords...)
	for _, p := range personal {
		p = strings.ToLower(strings.TrimSpace(p))
		if p == "" {
			continue
		}
		inputs = append(inputs, p)
		// The parts too ("anna", "de", "vries", "meldpunt") and the parts run together ("annadevries").
		parts := strings.FieldsFunc(p, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
		inputs = append(inputs, parts...)
		inputs = append(inputs, strings.Join(parts, ""))
	}
	// zxcvbn's cost grows with the length; a long password is judged on its first 100 characters.
	if r := []rune(password); len(r) > 100 {
		password = string(r[:100])
	}
	return zxcvbn.PasswordStrength(password, inputs).Score < MinPasswordScore
}
