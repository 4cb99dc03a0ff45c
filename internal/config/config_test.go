package config

import (
	"os"
	"strings"
	"testing"
	"time"
)

func TestDefaults(t *testing.T) {
	c, err := Load(func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != "127.0.0.1:8080" || c.DatabaseURL != "" || c.HandlingDays != 42 || c.AdviceDays != 14 ||
		!c.Termijnenwet || c.TokenTTL != 8*time.Hour || c.DBMaxConns != 16 {
		t.Fatalf("defaults: %+v", c)
	}
}

func TestBadValuesAreAllReported(t *testing.T) {
	env := map[string]string{"MELDPUNT_ADVICE_DAYS": "two weeks", "MELDPUNT_TERMIJNENWET": "maybe", "MELDPUNT_TOKEN_TTL": "-1h",
		"MELDPUNT_TOTP_KEY": "geheim"}
	_, err := Load(func(k string) string { return env[k] })
	if err == nil {
		t.Fatal("no error")
	}
	for k := range env {
		if !strings.Contains(err.Error(), k) {
			t.Errorf("error does not name %s: %v", k, err)
		}
	}
}

func TestTOTPKey(t *testing.T) {
	c, err := Load(func(k string) string {
		if k == "MELDPUNT_TOTP_KEY" {
			return strings.Repeat("0f", 32)
		}
		return ""
	})
	if err != nil || len(c.TOTPKey) != 32 || c.TOTPKey[0] != 0x0f {
		t.Fatalf("key %x: %v", c.TOTPKey, err)
	}
	if c, _ := Load(func(string) string { return "" }); c.TOTPKey != nil {
		t.Fatal("a key without one set")
	}
}

func TestExampleFileIsCurrent(t *testing.T) {
	b, err := os.ReadFile("../../config/meldpunt.env.example")
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != Example() {
		t.Fatal("config/meldpunt.env.example is out of date: run `go run ./cmd/meldpunt config example > config/meldpunt.env.example`")
	}
}
