package secret

import (
	"regexp"
	"strings"
	"testing"
)

func TestTrackingCodeShapeAndUniqueness(t *testing.T) {
	shape := regexp.MustCompile(`^[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){3}$`)
	seen := map[string]bool{}
	for range 2000 {
		code, hash := NewTrackingCode()
		if !shape.MatchString(code) {
			t.Fatalf("code %q has the wrong shape", code)
		}
		if seen[code] {
			t.Fatalf("code %q repeated", code)
		}
		seen[code] = true
		if !Equal(hash, HashTrackingCode(code)) {
			t.Fatal("hash does not match the code")
		}
	}
}

func TestTrackingCodeForgivesTyping(t *testing.T) {
	code, hash := NewTrackingCode()
	variants := []string{
		strings.ToLower(code),
		strings.ReplaceAll(code, "-", ""),
		strings.ReplaceAll(code, "-", " "),
		" " + code + " ",
		strings.NewReplacer("0", "O", "1", "I").Replace(code),
	}
	for _, v := range variants {
		if !Equal(hash, HashTrackingCode(v)) {
			t.Errorf("variant %q of %q did not match", v, code)
		}
	}
	if Equal(hash, HashTrackingCode(code[:len(code)-1]+"X")) && !strings.HasSuffix(code, "X") {
		t.Error("a different code matched")
	}
}

func TestPasswords(t *testing.T) {
	long := strings.Repeat("abcdefghij", 10)
	for _, pw := range []string{"correct horse battery", long} {
		h, err := HashPassword(pw)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(h, pw) {
			t.Fatal("hash contains the password")
		}
		if !CheckPassword(h, pw) {
			t.Errorf("password of %d bytes did not check", len(pw))
		}
		if CheckPassword(h, pw+"x") {
			t.Errorf("a wrong password checked")
		}
	}
	if CheckPassword("", "anything") {
		t.Error("empty hash checked")
	}
}

func TestTokens(t *testing.T) {
	a, ha := NewToken()
	b, hb := NewToken()
	if a == b || Equal(ha, hb) || len(a) < 43 {
		t.Fatalf("tokens %q %q", a, b)
	}
	if !Equal(ha, HashToken(a)) {
		t.Fatal("token hash mismatch")
	}
}

func TestPasswordTooWeak(t *testing.T) {
	person := []string{"anna@meldpunt.example.nl", "Anna de Vries"}
	for _, pw := range []string{"123456789012", "aaaaaaaaaaaa", "wachtwoord123", "wachtwoord2026", "Wachtwoord!!",
		"qwertyuiopas", "anna@meldpunt.example.nl", "annadevries1", "AnnaDeVries2026", "meldpunt2026!", "password1234"} {
		if !PasswordTooWeak(pw, person...) {
			t.Errorf("%q is accepted", pw)
		}
	}
	for _, pw := range []string{"demo-wachtwoord-2026", "correct horse battery staple staff", "long enough password",
		"een-lang-wachtwoord-voor-tests", "Fietsbel-onder-de-brug-9", "vlinder kapstok regen"} {
		if PasswordTooWeak(pw, person...) {
			t.Errorf("%q is refused", pw)
		}
	}
}
