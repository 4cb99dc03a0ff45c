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
	env := map[string]string{"MELDPUNT_ADVICE_DAYS": "two weeks", "MELDPUNT_TERMIJNENWET": "maybe", "MELDPUNT_TOKEN_TTL": "-1h"}
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

func TestExampleFileIsCurrent(t *testing.T) {
	b, err := os.ReadFile("../../config/meldpunt.env.example")
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != Example() {
		t.Fatal("config/meldpunt.env.example is out of date: run `go run ./cmd/meldpunt config example > config/meldpunt.env.example`")
	}
}
