// Package config loads the meldpunt's settings from environment variables, validates them once and
// hands them down as a typed struct. config/meldpunt.env.example lists every key with its default.
package config

import (
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"meldpunt/internal/secret"
)

// Config is every setting of the meldpunt.
type Config struct {
	Addr           string
	DatabaseURL    string
	DataDir        string
	DBMaxConns     int
	HandlingDays   int
	AdviceDays     int
	Termijnenwet   bool
	TokenTTL       time.Duration
	SessionTTL     time.Duration
	SessionIdle    time.Duration
	LoginLimit     int
	LookupLimit    int
	LimitWindow    time.Duration
	LogLevel       slog.Level
	TrustedProxies []string
	// TOTPKey encrypts the keys of two-step sign-in (32 bytes); empty: they are stored unencrypted.
	TOTPKey       []byte
	ShutdownGrace time.Duration
	SweepSchedule string
	SweepTimeout  time.Duration

	DispatchSchedule string
	ReminderSchedule string
	ReportSchedule   string
	SMTP             SMTP
	Letterhead       Letterhead
	Privacy          Privacy
	// Contact is what the contact page shows beside the letterhead's phone, e-mail and postal address.
	Contact Contact

	// IntakeLimit complaints per IntakeWindow from one client address without an account;
	// PublicMailLimit e-mails per hour to one address typed on the public form.
	IntakeLimit     int
	IntakeWindow    time.Duration
	PublicMailLimit int
}

// SMTP is the outgoing mail server; without a host every letter goes to the print queue.
type SMTP struct {
	Host, Username, Password, From, TLS string
	Port                                int
}

// Letterhead is the meldpunt's name and contact details on every letter.
type Letterhead struct {
	Name, Tagline, Street, Postal, City, Phone, Email, Website string
}

// Privacy names, on the public privacy statement, who is responsible for the processing and how
// to reach the data protection officer (functionaris gegevensbescherming, FG).
type Privacy struct {
	Controller, OfficerName, OfficerEmail, OfficerPhone string
}

// Contact is what the public contact page (/contact) adds to the letterhead: where residents can
// visit the meldpunt and when it can be reached, in Dutch and in English.
type Contact struct {
	// VisitingAddress is one line (street, postcode, city); empty: visits by appointment only.
	VisitingAddress string
	// OpeningHours and OpeningHoursEN say when the phone is answered and visitors are received.
	OpeningHours, OpeningHoursEN string
}

// key describes one environment variable.
type key struct {
	name, def, help string
}

// Keys lists every environment variable with its default and meaning, in the order of the example
// file. A test keeps config/meldpunt.env.example in step with it.
var Keys = []key{
	{"MELDPUNT_ADDR", "127.0.0.1:8080", "address the HTTP server listens on"},
	{"DATABASE_URL", "", "PostgreSQL URL (add sslmode=disable for a local server); empty: start a private cluster in MELDPUNT_DATA_DIR"},
	{"MELDPUNT_DATA_DIR", "./var", "directory for the private PostgreSQL cluster (pgdata/) when DATABASE_URL is empty"},
	{"MELDPUNT_DB_MAX_CONNS", "16", "largest number of open database connections"},
	{"MELDPUNT_HANDLING_DAYS", "42", "the meldpunt's term to rule, in days from receipt (Awb 9:11: six weeks; 70 when advising the municipality)"},
	{"MELDPUNT_ADVICE_DAYS", "14", "the organisation's term to accept or reject binding advice, in days from the day after issue"},
	{"MELDPUNT_TERMIJNENWET", "true", "apply the Algemene termijnenwet (weekends and holidays move the last day)"},
	{"MELDPUNT_TOKEN_TTL", "8h", "how long an API bearer token stays valid"},
	{"MELDPUNT_SESSION_TTL", "8h", "how long a signed-in session of the web pages lasts at most"},
	{"MELDPUNT_SESSION_IDLE", "1h", "a web session ends sooner when no page was asked for in this time"},
	{"MELDPUNT_LOGIN_LIMIT", "10", "failed sign-ins of one account from one client address (x5 for one address alone) before each further attempt waits, from 1s doubling up to the window (429 with Retry-After)"},
	{"MELDPUNT_LOOKUP_LIMIT", "20", "failed case look-ups per client address per window before 429"},
	{"MELDPUNT_LIMIT_WINDOW", "15m", "the window of the look-up limit; the longest sign-in delay, and how long sign-in failures are remembered"},
	{"MELDPUNT_INTAKE_LIMIT", "10", "complaints one client address (IPv6: one /64) may file without an account per MELDPUNT_INTAKE_WINDOW before 429 with Retry-After; staff registration is not limited"},
	{"MELDPUNT_INTAKE_WINDOW", "1h", "the window of the intake limit"},
	{"MELDPUNT_PUBLIC_MAIL_LIMIT", "3", "e-mails per hour at most to one address typed on the public form; a letter over it is not e-mailed (print queue if there is a postal address, else only on the status page)"},
	{"MELDPUNT_LOG_LEVEL", "info", "debug, info, warn or error"},
	{"MELDPUNT_TRUSTED_PROXIES", "", "comma-separated addresses or CIDR ranges of the reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are believed (https from one of them: HSTS and Secure cookies)"},
	{"MELDPUNT_TOTP_KEY", "", "32 random bytes as 64 hexadecimal characters (openssl rand -hex 32) that encrypt the keys of two-step sign-in (AES-256-GCM); keep it out of the database and its backups, and never change it while keys are stored (they could no longer be read); empty: stored unencrypted"},
	{"MELDPUNT_SHUTDOWN_GRACE", "20s", "how long shutdown waits for requests in flight"},
	{"MELDPUNT_SWEEP_SCHEDULE", "@every 1m", "when serve runs the deadline sweep (cron spec in Europe/Amsterdam, e.g. @every 1m or */5 * * * *)"},
	{"MELDPUNT_SWEEP_TIMEOUT", "50s", "the longest one sweep pass may take"},
	{"MELDPUNT_DISPATCH_SCHEDULE", "@every 10s", "when serve delivers the outbox (render letters, e-mail them or queue them for print); the letters of a replica that died go out within the 40s lease plus this interval, so keep it under 20s"},
	{"MELDPUNT_REMINDER_SCHEDULE", "@every 15m", "when serve writes reminders (5 and 1 working days before the last day, office hours only)"},
	{"MELDPUNT_REPORT_SCHEDULE", "0 6 2 1 *", "when serve generates the annual report on the past year (cron spec in Europe/Amsterdam; default 2 January 06:00); empty: never"},
	{"MELDPUNT_SMTP_HOST", "", "outgoing mail server; empty: no e-mail, every letter goes to the print queue"},
	{"MELDPUNT_SMTP_PORT", "0", "its port; 0: 587 for starttls, 465 for tls, 25 for none"},
	{"MELDPUNT_SMTP_USERNAME", "", "SMTP user name, if the server wants one"},
	{"MELDPUNT_SMTP_PASSWORD", "", "SMTP password"},
	{"MELDPUNT_SMTP_FROM", "Meldpunt Sociaal Domein <meldpunt@meldpunt.example>", "sender of the e-mails; its domain is used in Message-IDs"},
	{"MELDPUNT_SMTP_TLS", "starttls", "starttls (required), opportunistic, tls (implicit) or none (local test servers only)"},
	{"MELDPUNT_LETTERHEAD_NAME", "Meldpunt Sociaal Domein", "the meldpunt's name on letters"},
	{"MELDPUNT_LETTERHEAD_TAGLINE", "Onafhankelijk meldpunt voor klachten in het sociaal domein", "one line under the name"},
	{"MELDPUNT_LETTERHEAD_STREET", "Postbus 511", "postal address: street or PO box"},
	{"MELDPUNT_LETTERHEAD_POSTAL", "2003 PB", "postcode"},
	{"MELDPUNT_LETTERHEAD_CITY", "Haarlem", "city"},
	{"MELDPUNT_LETTERHEAD_PHONE", "023 511 5000", "phone number residents can call"},
	{"MELDPUNT_LETTERHEAD_EMAIL", "meldpunt@meldpunt.example", "e-mail address residents can write to"},
	{"MELDPUNT_LETTERHEAD_WEBSITE", "meldpunt.example", "website"},
	{"MELDPUNT_VISITING_ADDRESS", "", "where residents can visit the meldpunt, on one line (street and number, postcode, city), on the contact page; empty: the page says visits are by appointment"},
	{"MELDPUNT_OPENING_HOURS", "maandag tot en met vrijdag van 9.00 tot 17.00 uur", "when the meldpunt answers the phone and receives visitors, in Dutch, on the contact page"},
	{"MELDPUNT_OPENING_HOURS_EN", "Monday to Friday, 9 am to 5 pm", "the opening hours in English"},
	{"MELDPUNT_PRIVACY_CONTROLLER", "het college van burgemeester en wethouders van Haarlem", "who is responsible for the processing (verwerkingsverantwoordelijke), as the privacy statement names it"},
	{"MELDPUNT_FG_NAME", "De functionaris gegevensbescherming van de gemeente Haarlem", "the data protection officer (FG) on the privacy statement"},
	{"MELDPUNT_FG_EMAIL", "fg@meldpunt.example", "the FG's e-mail address"},
	{"MELDPUNT_FG_PHONE", "023 511 5000", "the FG's phone number"},
}

// Load reads the configuration through getenv (os.Getenv in production).
func Load(getenv func(string) string) (Config, error) {
	get := func(name string) string {
		if v := strings.TrimSpace(getenv(name)); v != "" {
			return v
		}
		for _, k := range Keys {
			if k.name == name {
				return k.def
			}
		}
		panic("config: unknown key " + name)
	}
	var errs []error
	integer := func(name string, min, max int) int {
		n, err := strconv.Atoi(get(name))
		if err != nil || n < min || n > max {
			errs = append(errs, fmt.Errorf("%s must be a whole number from %d to %d", name, min, max))
		}
		return n
	}
	duration := func(name string) time.Duration {
		d, err := time.ParseDuration(get(name))
		if err != nil || d <= 0 {
			errs = append(errs, fmt.Errorf("%s must be a positive duration such as 15m or 8h", name))
		}
		return d
	}
	c := Config{
		Addr:          get("MELDPUNT_ADDR"),
		DatabaseURL:   get("DATABASE_URL"),
		DataDir:       get("MELDPUNT_DATA_DIR"),
		DBMaxConns:    integer("MELDPUNT_DB_MAX_CONNS", 2, 500),
		HandlingDays:  integer("MELDPUNT_HANDLING_DAYS", 1, 365),
		AdviceDays:    integer("MELDPUNT_ADVICE_DAYS", 1, 365),
		TokenTTL:      duration("MELDPUNT_TOKEN_TTL"),
		SessionTTL:    duration("MELDPUNT_SESSION_TTL"),
		SessionIdle:   duration("MELDPUNT_SESSION_IDLE"),
		LoginLimit:    integer("MELDPUNT_LOGIN_LIMIT", 1, 100000),
		LookupLimit:   integer("MELDPUNT_LOOKUP_LIMIT", 1, 100000),
		LimitWindow:   duration("MELDPUNT_LIMIT_WINDOW"),
		ShutdownGrace: duration("MELDPUNT_SHUTDOWN_GRACE"),
		SweepSchedule: get("MELDPUNT_SWEEP_SCHEDULE"),
		SweepTimeout:  duration("MELDPUNT_SWEEP_TIMEOUT"),

		DispatchSchedule: get("MELDPUNT_DISPATCH_SCHEDULE"),
		ReminderSchedule: get("MELDPUNT_REMINDER_SCHEDULE"),
		ReportSchedule:   get("MELDPUNT_REPORT_SCHEDULE"),
		SMTP: SMTP{Host: get("MELDPUNT_SMTP_HOST"), Port: integer("MELDPUNT_SMTP_PORT", 0, 65535),
			Username: get("MELDPUNT_SMTP_USERNAME"), Password: get("MELDPUNT_SMTP_PASSWORD"),
			From: get("MELDPUNT_SMTP_FROM"), TLS: get("MELDPUNT_SMTP_TLS")},
		Letterhead: Letterhead{Name: get("MELDPUNT_LETTERHEAD_NAME"), Tagline: get("MELDPUNT_LETTERHEAD_TAGLINE"),
			Street: get("MELDPUNT_LETTERHEAD_STREET"), Postal: get("MELDPUNT_LETTERHEAD_POSTAL"),
			City: get("MELDPUNT_LETTERHEAD_CITY"), Phone: get("MELDPUNT_LETTERHEAD_PHONE"),
			Email: get("MELDPUNT_LETTERHEAD_EMAIL"), Website: get("MELDPUNT_LETTERHEAD_WEBSITE")},
		Contact: Contact{VisitingAddress: get("MELDPUNT_VISITING_ADDRESS"), OpeningHours: get("MELDPUNT_OPENING_HOURS"),
			OpeningHoursEN: get("MELDPUNT_OPENING_HOURS_EN")},
		Privacy: Privacy{Controller: get("MELDPUNT_PRIVACY_CONTROLLER"), OfficerName: get("MELDPUNT_FG_NAME"),
			OfficerEmail: get("MELDPUNT_FG_EMAIL"), OfficerPhone: get("MELDPUNT_FG_PHONE")},

		IntakeLimit:     integer("MELDPUNT_INTAKE_LIMIT", 1, 100000),
		IntakeWindow:    duration("MELDPUNT_INTAKE_WINDOW"),
		PublicMailLimit: integer("MELDPUNT_PUBLIC_MAIL_LIMIT", 1, 1000),
	}
	var err error
	if c.Termijnenwet, err = strconv.ParseBool(get("MELDPUNT_TERMIJNENWET")); err != nil {
		errs = append(errs, errors.New("MELDPUNT_TERMIJNENWET must be true or false"))
	}
	if err := c.LogLevel.UnmarshalText([]byte(get("MELDPUNT_LOG_LEVEL"))); err != nil {
		errs = append(errs, errors.New("MELDPUNT_LOG_LEVEL must be debug, info, warn or error"))
	}
	if k := get("MELDPUNT_TOTP_KEY"); k != "" {
		if c.TOTPKey, err = secret.ParseKey(k); err != nil {
			errs = append(errs, fmt.Errorf("MELDPUNT_TOTP_KEY: %w", err))
		}
	}
	if p := get("MELDPUNT_TRUSTED_PROXIES"); p != "" {
		for _, s := range strings.Split(p, ",") {
			c.TrustedProxies = append(c.TrustedProxies, strings.TrimSpace(s))
		}
	}
	return c, errors.Join(errs...)
}

// Defaults is the configuration with nothing set: every key at its default.
func Defaults() Config {
	c, _ := Load(func(string) string { return "" })
	return c
}

// Example renders the example configuration file: every key, its default and one line on it.
func Example() string {
	var b strings.Builder
	b.WriteString("# meldpunt configuration: environment variables with their defaults.\n")
	b.WriteString("# Generated from internal/config (go run ./cmd/meldpunt config example); a test keeps it in step.\n")
	for _, k := range Keys {
		fmt.Fprintf(&b, "\n# %s\n%s=%s\n", k.help, k.name, k.def)
	}
	return b.String()
}
