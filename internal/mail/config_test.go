package mail

import (
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestConfigValidate(t *testing.T) {
	valid := Config{Host: "smtp.gemeente.example", From: "Meldpunt Sociaal Domein <meldpunt@gemeente.example>"}
	tests := []struct {
		name    string
		edit    func(*Config)
		wantErr string // "" for valid
	}{
		{"defaults", func(*Config) {}, ""},
		{"disabled is valid", func(c *Config) { *c = Config{} }, ""},
		{"every policy", func(c *Config) { c.TLS = "OPPORTUNISTIC" }, ""},
		{"credentials over starttls", func(c *Config) { c.Username, c.Password = "u", "p" }, ""},
		{"credentials in plain text to localhost", func(c *Config) { c.Host, c.TLS, c.Username = "localhost", TLSNone, "u" }, ""},
		{"unknown policy", func(c *Config) { c.TLS = "ssl" }, "TLS policy"},
		{"port out of range", func(c *Config) { c.Port = 70000 }, "port"},
		{"host with scheme", func(c *Config) { c.Host = "smtp://x" }, "host"},
		{"no from", func(c *Config) { c.From = "" }, "from address is required"},
		{"malformed from", func(c *Config) { c.From = "meldpunt at gemeente" }, "from address"},
		{"from domain unusable in Message-ID", func(c *Config) { c.From = "m@[192.0.2.1]" }, "Message-ID"},
		{"password without user", func(c *Config) { c.Password = "p" }, "without username"},
		{"credentials in plain text to a remote host", func(c *Config) { c.TLS, c.Username = TLSNone, "u" }, "plain text"},
		{"negative timeout", func(c *Config) { c.Timeout = -time.Second }, "timeout"},
		{"helo with space", func(c *Config) { c.HeloName = "a b" }, "HELO"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := valid
			tt.edit(&c)
			err := c.Validate()
			switch {
			case tt.wantErr == "" && err != nil:
				t.Errorf("Validate() = %v, want nil", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Errorf("Validate() = %v, want an error mentioning %q", err, tt.wantErr)
			}
		})
	}
}

func TestConfigValidateReportsAllProblems(t *testing.T) {
	err := Config{Host: "x", Port: -1, TLS: "ssl"}.Validate()
	if err == nil {
		t.Fatal("no error")
	}
	for _, want := range []string{"port", "TLS policy", "from address"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%q lacks %q", err, want)
		}
	}
}

func TestNewSenderDefaults(t *testing.T) {
	from := "Meldpunt <meldpunt@Gemeente.Example>"
	tests := []struct {
		tls  string
		port int
	}{{"", 587}, {TLSStartTLS, 587}, {TLSImplicit, 465}, {TLSOpportunistic, 25}, {TLSNone, 25}}
	for _, tt := range tests {
		s, err := NewSender(Config{Host: "smtp.example", From: from, TLS: tt.tls})
		if err != nil {
			t.Fatalf("TLS %q: %v", tt.tls, err)
		}
		if s.addr != "smtp.example:"+strconv.Itoa(tt.port) {
			t.Errorf("TLS %q: addr %s, want port %d", tt.tls, s.addr, tt.port)
		}
		if s.cfg.Timeout != DefaultTimeout || s.helo == "" {
			t.Errorf("TLS %q: timeout %s helo %q", tt.tls, s.cfg.Timeout, s.helo)
		}
		if got := s.MessageID("notice-1"); got != "<notice-1@gemeente.example>" {
			t.Errorf("MessageID = %q", got)
		}
	}
	if _, err := NewSender(Config{}); err == nil {
		t.Error("NewSender accepted a configuration without host")
	}
	if _, err := NewSender(Config{Host: "smtp.example"}); err == nil {
		t.Error("NewSender accepted a configuration without From")
	}
	if !(Config{Host: "x"}).Enabled() || (Config{}).Enabled() {
		t.Error("Enabled should follow Host")
	}
}
