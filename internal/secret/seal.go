package secret

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
)

// Sealer encrypts the secrets the server must read back, unlike passwords and tokens, which are
// only ever hashed: the keys of two-step sign-in (TOTP), from which the server computes the codes.
// It uses AES-256-GCM with a random nonce per value; the context (e.g. the user's id) is bound in as
// additional data, so that a sealed value copied to another row does not open there.
type Sealer struct {
	aead cipher.AEAD
}

// sealedPrefix marks a sealed value; a stored value without it was stored before a key was set.
const sealedPrefix = "v1:"

// ErrNoKey says a sealed value was read without a key (or with another key than it was sealed with).
var ErrNoKey = errors.New("secret: the value is encrypted and cannot be opened with the configured key")

// ParseKey reads a key of 32 bytes written as 64 hexadecimal characters or as base64.
func ParseKey(s string) ([]byte, error) {
	s = strings.TrimSpace(s)
	if b, err := hex.DecodeString(s); err == nil && len(b) == 32 {
		return b, nil
	}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if b, err := enc.DecodeString(s); err == nil && len(b) == 32 {
			return b, nil
		}
	}
	return nil, errors.New("the key must be 32 random bytes, written as 64 hexadecimal characters (openssl rand -hex 32) or in base64")
}

// NewSealer returns a sealer with a key of 32 bytes; a nil or empty key gives nil, a sealer that
// stores values as they are.
func NewSealer(key []byte) (*Sealer, error) {
	if len(key) == 0 {
		return nil, nil
	}
	if len(key) != 32 {
		return nil, fmt.Errorf("secret: the key has %d bytes, want 32", len(key))
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return &Sealer{aead: aead}, nil
}

// Seal encrypts plain for storage under context; a nil sealer returns plain as it is.
func (s *Sealer) Seal(plain, context string) string {
	if s == nil {
		return plain
	}
	nonce := make([]byte, s.aead.NonceSize())
	rand.Read(nonce)
	out := s.aead.Seal(nonce, nonce, []byte(plain), []byte(context))
	return sealedPrefix + base64.RawStdEncoding.EncodeToString(out)
}

// Open returns the plain text of a stored value sealed under context. A value stored without a key
// is returned as it is; a sealed one needs the key it was sealed with (ErrNoKey otherwise).
func (s *Sealer) Open(stored, context string) (string, error) {
	if !strings.HasPrefix(stored, sealedPrefix) {
		return stored, nil
	}
	if s == nil {
		return "", ErrNoKey
	}
	raw, err := base64.RawStdEncoding.DecodeString(strings.TrimPrefix(stored, sealedPrefix))
	n := s.aead.NonceSize()
	if err != nil || len(raw) < n {
		return "", ErrNoKey
	}
	plain, err := s.aead.Open(nil, raw[:n], raw[n:], []byte(context))
	if err != nil {
		return "", ErrNoKey
	}
	return string(plain), nil
}
