package secret

import (
	"errors"
	"strings"
	"testing"
)

func TestSealer(t *testing.T) {
	key, err := ParseKey(strings.Repeat("ab", 32))
	if err != nil {
		t.Fatal(err)
	}
	s, err := NewSealer(key)
	if err != nil {
		t.Fatal(err)
	}
	const plain = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
	a, b := s.Seal(plain, "totp:7"), s.Seal(plain, "totp:7")
	if a == b || strings.Contains(a, plain) || !strings.HasPrefix(a, "v1:") {
		t.Fatalf("sealed %q %q", a, b)
	}
	if got, err := s.Open(a, "totp:7"); err != nil || got != plain {
		t.Fatalf("open: %q %v", got, err)
	}
	// Another context, another key, no key, or a changed byte: not opened.
	if _, err := s.Open(a, "totp:8"); !errors.Is(err, ErrNoKey) {
		t.Errorf("opened under another context: %v", err)
	}
	other, _ := NewSealer([]byte(strings.Repeat("k", 32)))
	if _, err := other.Open(a, "totp:7"); !errors.Is(err, ErrNoKey) {
		t.Errorf("opened with another key: %v", err)
	}
	var none *Sealer
	if _, err := none.Open(a, "totp:7"); !errors.Is(err, ErrNoKey) {
		t.Errorf("opened without a key: %v", err)
	}
	bad := a[:len(a)-2] + "AA"
	if _, err := s.Open(bad, "totp:7"); !errors.Is(err, ErrNoKey) {
		t.Errorf("opened a changed value: %v", err)
	}
	// Without a key values are stored as they are, and such values open with or without a key.
	if none.Seal(plain, "totp:7") != plain {
		t.Error("a nil sealer changed the value")
	}
	if got, err := s.Open(plain, "totp:7"); err != nil || got != plain {
		t.Errorf("a value stored without a key: %q %v", got, err)
	}
	for _, k := range []string{"", "abc", strings.Repeat("ab", 31), strings.Repeat("zz", 32)} {
		if _, err := ParseKey(k); err == nil {
			t.Errorf("key %q accepted", k)
		}
	}
	if k, err := ParseKey("q83vEjRWeJCrze8SNFZ4kKvN7xI0VniQq83vEjRWeJA="); err != nil || len(k) != 32 {
		t.Errorf("base64 key: %v", err)
	}
}
