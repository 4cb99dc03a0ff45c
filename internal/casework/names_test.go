package casework

import (
	"strings"
	"testing"
)

func TestPlausibleName(t *testing.T) {
	for _, tc := range []struct {
		name string
		want bool
	}{
		{"Fatima el Amrani", true},
		{"J.P. de Vries", true},
		{"Anne-Marie O'Neill", true},
		{"Zoë Çelik", true},
		{"Janssen, P.", true},
		{"", false},
		{"   ", false},
		{"Bel 0612345678 http://x.example", false},
		{"Bel 0612345678", false},
		{"x.example", false},
		{"Betaal via www.betaal-nu.example", false},
		{"jan@example.org", false},
		{"Jan (zie link)", false},
		{"...", false},
		{strings.Repeat("a", 100), true},
		{strings.Repeat("a", 101), false},
		{"Klik hier: betalen", false},
	} {
		if got := PlausibleName(tc.name); got != tc.want {
			t.Errorf("PlausibleName(%q) = %v, want %v", tc.name, got, tc.want)
		}
	}
}
