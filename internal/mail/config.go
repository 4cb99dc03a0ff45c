package mail

import (
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"time"
)

// TLS policies accepted in Config.TLS.
const (
	// TLSStartTLS upgrades the connection with STARTTLS and refuses to send
	// anything if the server does not offer it. It is the default.
	TLSStartTLS = "starttls"
	// TLSOpportunistic uses STARTTLS when the server offers it and sends in
	// plain text otherwise. Credentials are never sent in plain text to a
	// host other than loopback (see Config.Validate).
	TLSOpportunistic = "opportunistic"
	// TLSImplicit speaks TLS from the first byte ("SMTPS", usually port 465).
	TLSImplicit = "tls"
	// TLSNone never encrypts, even if the server offers STARTTLS. Meant for a
	// relay on the same host and for tests.
	TLSNone = "none"
)

// DefaultTimeout bounds one Send (connect, conversation and upload) when
// Config.Timeout is zero.
const DefaultTimeout = 30 * time.Second

// Config is the SMTP configuration. The zero value is valid and means that
// e-mail is switched off (Enabled reports false).
type Config struct {
	// Host is the SMTP server's host name or IP address. Empty: no e-mail.
	Host string
	// Port defaults to 587 for "starttls", 465 for "tls" and 25 otherwise.
	Port int
	// Username and Password switch on SMTP AUTH (PLAIN, or LOGIN if the server
	// offers only that). They are sent only over TLS, or in plain text to a
	// loopback address.
	Username, Password string
	// From is the sender, e.g. "Meldpunt Sociaal Domein <meldpunt@example.nl>".
	// Its domain is also the right-hand side of every Message-ID.
	From string
	// TLS is one of "starttls" (default), "opportunistic", "tls", "none".
	TLS string
	// Timeout bounds one Send; zero means DefaultTimeout.
	Timeout time.Duration
	// HeloName is the name given in EHLO; empty means the machine's host name.
	HeloName string
}

// Enabled reports whether e-mail is configured at all.
func (c Config) Enabled() bool { return c.Host != "" }

// Validate reports every problem with the configuration at once. A disabled
// configuration (no Host) is valid; NewSender still refuses it.
func (c Config) Validate() error {
	if !c.Enabled() {
		return nil
	}
	var errs []error
	if strings.ContainsAny(c.Host, " \t\r\n/") || strings.Contains(c.Host, "://") {
		errs = append(errs, fmt.Errorf("mail: host %q is not a host name or IP address", c.Host))
	}
	if c.Port < 0 || c.Port > 65535 {
		errs = append(errs, fmt.Errorf("mail: port %d out of range", c.Port))
	}
	switch c.tlsPolicy() {
	case TLSStartTLS, TLSOpportunistic, TLSImplicit, TLSNone:
	default:
		errs = append(errs, fmt.Errorf("mail: TLS policy %q: want starttls, opportunistic, tls or none", c.TLS))
	}
	if _, err := parseFrom(c.From); err != nil {
		errs = append(errs, err)
	}
	if c.Password != "" && c.Username == "" {
		errs = append(errs, errors.New("mail: password set without username"))
	}
	if c.Username != "" && c.tlsPolicy() == TLSNone && !isLoopback(c.Host) {
		errs = append(errs, fmt.Errorf("mail: refusing to send SMTP credentials in plain text to %s (TLS policy none)", c.Host))
	}
	if c.Timeout < 0 {
		errs = append(errs, fmt.Errorf("mail: negative timeout %s", c.Timeout))
	}
	if c.HeloName != "" && strings.ContainsAny(c.HeloName, " \t\r\n") {
		errs = append(errs, fmt.Errorf("mail: HELO name %q contains white space", c.HeloName))
	}
	return errors.Join(errs...)
}

func (c Config) tlsPolicy() string {
	if c.TLS == "" {
		return TLSStartTLS
	}
	return strings.ToLower(c.TLS)
}

func (c Config) port() int {
	if c.Port != 0 {
		return c.Port
	}
	switch c.tlsPolicy() {
	case TLSStartTLS:
		return 587
	case TLSImplicit:
		return 465
	default:
		return 25
	}
}

func (c Config) timeout() time.Duration {
	if c.Timeout == 0 {
		return DefaultTimeout
	}
	return c.Timeout
}

// sender is the parsed From address and the domain used in Message-IDs.
type sender struct {
	addr   *mail.Address
	domain string
}

func parseFrom(from string) (sender, error) {
	if from == "" {
		return sender{}, errors.New("mail: from address is required")
	}
	a, err := mail.ParseAddress(from)
	if err != nil {
		return sender{}, fmt.Errorf("mail: from address %q: %w", from, err)
	}
	at := strings.LastIndexByte(a.Address, '@')
	domain := strings.ToLower(a.Address[at+1:])
	if !isDotAtom(domain) {
		return sender{}, fmt.Errorf("mail: from address %q: domain %q cannot be used in a Message-ID", from, domain)
	}
	return sender{addr: a, domain: domain}, nil
}

// isLoopback mirrors the exception go-mail's PLAIN and LOGIN mechanisms make
// for unencrypted connections: exactly these three names, nothing else.
func isLoopback(host string) bool {
	return host == "localhost" || host == "127.0.0.1" || host == "::1"
}

// isDotAtom reports whether s is a conservative RFC 5322 dot-atom: ASCII
// letters, digits and "-_+", separated by single dots.
func isDotAtom(s string) bool {
	if s == "" || len(s) > 200 {
		return false
	}
	for _, part := range strings.Split(s, ".") {
		if part == "" {
			return false
		}
		for _, r := range part {
			switch {
			case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_', r == '+':
			default:
				return false
			}
		}
	}
	return true
}
