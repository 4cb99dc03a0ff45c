package browser_test

import (
	"context"
	"log/slog"
	"net/http/httptest"
	"testing"
	"time"

	"meldpunt/internal/casework"
	"meldpunt/internal/letter"
	"meldpunt/internal/notice"
	"meldpunt/internal/pdf"
	"meldpunt/internal/pgtest"
	"meldpunt/internal/postgres"
	"meldpunt/internal/term"
	"meldpunt/internal/web"
)

// startTime is where every site's clock starts: Tuesday 3 March 2026, 10:00 in Amsterdam.
var startTime = time.Date(2026, time.March, 3, 10, 0, 0, 0, term.Amsterdam())

// letterhead is the sender on the letters the tests have rendered.
var letterhead = pdf.Sender{Name: "Meldpunt Sociaal Domein", Street: "Postbus 511", Postal: "2003 PB",
	City: "Haarlem", Phone: "023 511 51 15", Email: "meldpunt@gemeente.example"}

// site is the real server, as `meldpunt serve` builds it, on a fresh database of its own with two
// organisations, in an httptest server on 127.0.0.1.
type site struct {
	url   string
	clock *pgtest.Clock
	store *postgres.DB
	orgs  []casework.Organisation
	logs  *lockedBuffer
}

// newSite starts a server on a fresh database; it stops when the test ends, and its log is shown
// when the test fails.
func newSite(t *testing.T) *site {
	t.Helper()
	s := &site{clock: pgtest.NewClock(startTime), logs: &lockedBuffer{}}
	s.store = pgtest.NewStore(t, s.clock)
	ctx := context.Background()
	for _, o := range []casework.Organisation{
		{Name: "Zorgaanbieder Anker", Kind: casework.OrgCareProvider, Email: "directie@anker.example", Street: "Postbus 1", Postcode: "2000 AA", City: "Haarlem"},
		{Name: "Sociaal Wijkteam Bolwerk", Kind: casework.OrgDistrictTeam, Email: "management@bolwerk.example", Street: "Postbus 2", Postcode: "2000 AB", City: "Haarlem"},
	} {
		created, err := s.store.CreateOrganisation(ctx, o)
		if err != nil {
			t.Fatalf("create organisation %s: %v", o.Name, err)
		}
		s.orgs = append(s.orgs, created)
	}
	logger := slog.New(slog.NewTextHandler(s.logs, &slog.HandlerOptions{Level: slog.LevelInfo}))
	// The site's clock stands still while the browser fills in forms: no least fill time on the
	// complaint form (its signed timestamp is still checked), and no intake limit for the many
	// complaints the tests file from 127.0.0.1. Both have their own tests in package web.
	cfg := web.DefaultConfig
	cfg.MinFillTime, cfg.IntakeLimit = -1, 0
	srv, err := web.New(s.store, logger, cfg)
	if err != nil {
		t.Fatalf("web.New: %v", err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	s.url = ts.URL
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("server log:\n%s", s.logs.String())
		}
	})
	return s
}

// The site's helpers take the calling test, which may be a subtest of the one that made the site.

// deliverLetters runs one pass of the real notice dispatcher, with no SMTP server: every due letter
// is rendered as a PDF and queued for print, as the running service does every minute.
func (s *site) deliverLetters(t testing.TB) notice.Result {
	t.Helper()
	tpl, err := letter.Default()
	if err != nil {
		t.Fatalf("letter templates: %v", err)
	}
	cfg := notice.DefaultConfig
	cfg.Sender = letterhead
	d := notice.New(s.store, tpl, nil, slog.New(slog.NewTextHandler(s.logs, nil)), cfg)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	res, err := d.Pass(ctx)
	if err != nil {
		t.Fatalf("notice dispatcher: %v", err)
	}
	return res
}

// file files a complaint as a resident through the store, in language lang, and returns the receipt.
func (s *site) file(t testing.TB, lang casework.Language) casework.Receipt {
	t.Helper()
	r, err := s.store.FileComplaint(context.Background(), casework.Actor{Role: casework.RoleResident, Label: "resident"},
		casework.Intake{
			Complainant: casework.Contact{Name: "Henk Bakker", Email: "henk@bewoner.example", Street: "Kruisweg 12",
				Postcode: "2011 LC", City: "Haarlem"},
			Language:        lang,
			OrganisationIDs: []int64{s.orgs[0].ID},
			Grounds:         []casework.Ground{casework.GroundProcedure},
			LifeDomains:     []casework.LifeDomain{casework.DomainHousing},
			Summary:         "Mijn aanvraag voor een woningaanpassing is zoekgeraakt.",
		})
	if err != nil {
		t.Fatalf("file a complaint: %v", err)
	}
	return r
}

// storedComplaint is what the database holds of a filed complaint.
type storedComplaint struct {
	Name        string `db:"complainant_name"`
	Email       string `db:"complainant_email"`
	Summary     string `db:"summary"`
	Grounds     string `db:"grounds"`
	LifeDomains string `db:"life_domains"`
	Orgs        string `db:"orgs"`
	Channel     string `db:"channel"`
}

// complaint reads the complaint with this reference straight from the database.
func (s *site) complaint(reference string) (storedComplaint, error) {
	var c storedComplaint
	err := s.store.SQL().Get(&c, `
		SELECT c.complainant_name, c.complainant_email, c.summary, array_to_string(c.grounds, ',') AS grounds,
			array_to_string(c.life_domains, ',') AS life_domains, c.channel,
			(SELECT string_agg(organisation_id::text, ',' ORDER BY organisation_id) FROM complaint_organisations
				WHERE complaint_id = c.id) AS orgs
		FROM complaints c WHERE c.reference = $1`, reference)
	return c, err
}
