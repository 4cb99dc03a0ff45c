// Package secret makes and checks the meldpunt's secrets: residents' tracking codes, bearer tokens
// and passwords, of which only hashes are ever stored; and it seals the keys of two-step sign-in,
// which the server must read back (seal.go).
package secret

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base32"
	"encoding/base64"
	"strings"

	"golang.org/x/crypto/bcrypt"
)

// TrackingCodeBits is the entropy of a tracking code.
const TrackingCodeBits = 100

// crockford is Crockford's base32 alphabet: no I, L, O or U, so a code read aloud or copied by hand
// survives.
var crockford = base32.NewEncoding("0123456789ABCDEFGHJKMNPQRSTVWXYZ").WithPadding(base32.NoPadding)

// NewTrackingCode returns a fresh tracking code of 20 characters in four groups ("7K2M-QX9P-…"),
// 100 random bits, and its hash for storage.
func NewTrackingCode() (code string, hash []byte) {
	var b [13]byte // 104 bits; the first 20 base32 characters carry 100 of them
	rand.Read(b[:])
	raw := crockford.EncodeToString(b[:])[:20]
	code = raw[0:5] + "-" + raw[5:10] + "-" + raw[10:15] + "-" + raw[15:20]
	return code, HashTrackingCode(code)
}

// HashTrackingCode returns the stored form of a tracking code. Case, spaces and dashes do not
// matter, and the letters O, I and L read as the digits 0, 1 and 1.
func HashTrackingCode(code string) []byte {
	norm := strings.Map(func(r rune) rune {
		switch {
		case r == '-' || r == ' ' || r == '\t':
			return -1
		case r == 'o' || r == 'O':
			return '0'
		case r == 'i' || r == 'I' || r == 'l' || r == 'L':
			return '1'
		case r >= 'a' && r <= 'z':
			return r - 'a' + 'A'
		}
		return r
	}, code)
	sum := sha256.Sum256([]byte("meldpunt-tracking:" + norm))
	return sum[:]
}

// Equal compares two hashes in constant time.
func Equal(a, b []byte) bool { return subtle.ConstantTimeCompare(a, b) == 1 }

// NewToken returns an opaque bearer token (256 random bits) and its hash for storage.
func NewToken() (token string, hash []byte) {
	var b [32]byte
	rand.Read(b[:])
	token = base64.RawURLEncoding.EncodeToString(b[:])
	return token, HashToken(token)
}

// HashToken returns the stored form of a bearer token.
func HashToken(token string) []byte {
	sum := sha256.Sum256([]byte(token))
	return sum[:]
}

// PasswordCost is the bcrypt cost of stored passwords.
const PasswordCost = 11

// HashPassword hashes a password for storage. Passwords longer than 72 bytes are pre-hashed, since
// bcrypt reads no further.
func HashPassword(password string) (string, error) {
	h, err := bcrypt.GenerateFromPassword(prepare(password), PasswordCost)
	return string(h), err
}

// dummyHash is checked when no user matches, so that an unknown e-mail address takes as long as a
// wrong password.
var dummyHash, _ = bcrypt.GenerateFromPassword([]byte("no such user, no such password"), PasswordCost)

// CheckPassword reports whether password matches hash. With an empty hash it spends the same time
// and reports false.
func CheckPassword(hash, password string) bool {
	if hash == "" {
		bcrypt.CompareHashAndPassword(dummyHash, prepare(password))
		return false
	}
	return bcrypt.CompareHashAndPassword([]byte(hash), prepare(password)) == nil
}

func prepare(password string) []byte {
	if len(password) <= 72 {
		return []byte(password)
	}
	sum := sha256.Sum256([]byte(password))
	return []byte(base64.StdEncoding.EncodeToString(sum[:]))
}
