package web_test

// The HTTP test harness: a real web.Server (web.New + Handler) in an httptest.Server, on a real
// PostgreSQL database of its own, with a settable clock, two organisations and a signed-in user of
// every role.
//
// Why a fixture "world" cloned per test: passwords are bcrypt at cost 11, about 100 ms per hash, but
// about 1.6 s under -race. A user of every role created through the store and then logged in through
// POST /api/v1/auth/login costs twelve hashes, some 10-20 s per test under -race. So the fixtures are
// built once per test binary, through the store and the login route, in a database of their own (the
// world), and every harness gets a fresh database cloned from it (CREATE DATABASE ... TEMPLATE): each
// test starts from the same organisations, users and valid bearer tokens, on a database no other test
// touches, and may log out, break the schema or fill tables as it likes.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"meldpunt/internal/casework"
	"meldpunt/internal/pgtest"
	"meldpunt/internal/postgres"
	"meldpunt/internal/secret"
	"meldpunt/internal/term"
	"meldpunt/internal/web"
)

// startTime is where every harness clock starts: Tuesday 3 March 2026, 10:00 in Amsterdam (CET, UTC+1).
var startTime = time.Date(2026, time.March, 3, 10, 0, 0, 0, term.Amsterdam())

// worldTokenTTL is the lifetime of the fixture tokens. It is long so that tests may move their clock
// by weeks (advice terms) and still act as the fixture users; TestAuthExpiredToken tests the TTL
// of a harness's own configuration with a login of its own.
const worldTokenTTL = 90 * 24 * time.Hour

// role is who calls the API. anon sends no Authorization header.
type role string

const (
	anon      role = "anonymous"
	staff     role = "staff"
	admin     role = "admin"
	orgA      role = "organisation A"
	orgB      role = "organisation B"
	council   role = "council"
	supporter role = "supporter"
	// municipality is the municipality's policy officer: the figures of client support only.
	municipality role = "municipality"
	// privacy is the privacy officer (FG): the access log only.
	privacy role = "privacy officer"
)

// allRoles is every caller, in the column order of the authorisation matrix.
var allRoles = []role{anon, staff, admin, orgA, orgB, council, supporter, municipality, privacy}

// userRoles are the callers that are users.
var userRoles = allRoles[1:]

// Distinctive personal data of the complainant, planted in every intake and searched for in the
// bodies that must not contain it.
const (
	piiName     = "Wilhelmina Kwakernaak-Zonneveldt"
	piiEmail    = "w.kwakernaak.zonneveldt@bewoner.example"
	piiPhone    = "06-98761234"
	piiStreet   = "Zuiderhoutlaan 717"
	piiPostcode = "2012 QX"
	piiCity     = "Heemstede-Zuidpolder"
)

var piiStrings = []string{piiName, piiEmail, piiPhone, piiStreet, piiPostcode, piiCity}

// Names of the fixture users; staffName must never reach a resident.
const (
	staffName   = "Sanne Stafhouder-Meldpunt"
	orgAName    = "Zorgaanbieder Anker"
	orgBName    = "Sociaal Wijkteam Bolwerk"
	passwordFor = "correct horse battery staple "
)

// world is the fixture template database and what was made in it.
type world struct {
	adminURL  string // a maintenance database on the same server, for CREATE/DROP DATABASE
	template  string // the world database, template of every harness database
	orgA      casework.Organisation
	orgB      casework.Organisation
	users     map[role]casework.User
	passwords map[role]string
	tokens    map[role]string
	sessions  map[role]string // a session of the web pages for every user (cookie meldpunt_sessie)
}

var (
	worldOnce sync.Once
	theWorld  *world
	worldErr  error
	cloneSeq  atomic.Int64
)

func getWorld(t *testing.T) *world {
	t.Helper()
	worldOnce.Do(func() {
		// A throw-away pgtest database tells us where the server is.
		probe := pgtest.NewURL(t)
		theWorld, worldErr = buildWorld(pgtest.WithDatabase(probe, "postgres"))
	})
	if worldErr != nil || theWorld == nil {
		t.Fatalf("building the fixture world: %v", worldErr)
	}
	return theWorld
}

func buildWorld(adminURL string) (*world, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	w := &world{adminURL: adminURL, users: map[role]casework.User{}, passwords: map[role]string{},
		tokens: map[role]string{}, sessions: map[role]string{},
		template: fmt.Sprintf("meldpunt_webworld_%d_%d", os.Getpid(), time.Now().UnixNano()%1_000_000)}
	maint, err := sqlx.Open("postgres", adminURL)
	if err != nil {
		return nil, err
	}
	defer maint.Close()
	if _, err := maint.ExecContext(ctx, `CREATE DATABASE `+w.template); err != nil {
		return nil, fmt.Errorf("create world database: %w", err)
	}
	db, err := postgres.Open(ctx, pgtest.WithDatabase(adminURL, w.template), 10)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	if _, err := postgres.Migrate(ctx, db.DB); err != nil {
		return nil, err
	}
	store := postgres.New(db, pgtest.NewClock(startTime).Now, postgres.DefaultTerms)
	if w.orgA, err = store.CreateOrganisation(ctx, casework.Organisation{Name: orgAName, Kind: casework.OrgCareProvider,
		Email: "directie@anker.example", Street: "Postbus 1", Postcode: "2000 AA", City: "Haarlem"}); err != nil {
		return nil, err
	}
	if w.orgB, err = store.CreateOrganisation(ctx, casework.Organisation{Name: orgBName, Kind: casework.OrgDistrictTeam,
		Email: "management@bolwerk.example", Street: "Postbus 2", Postcode: "2000 AB", City: "Haarlem"}); err != nil {
		return nil, err
	}
	specs := map[role]casework.NewUser{
		staff:        {Email: "staff@meldpunt.example", Name: staffName, Role: casework.RoleStaff},
		admin:        {Email: "admin@meldpunt.example", Name: "Ada Beheerder", Role: casework.RoleAdmin},
		orgA:         {Email: "directie@anker.example", Name: "Directeur Anker", Role: casework.RoleOrganisation, OrganisationID: w.orgA.ID},
		orgB:         {Email: "management@bolwerk.example", Name: "Manager Bolwerk", Role: casework.RoleOrganisation, OrganisationID: w.orgB.ID},
		council:      {Email: "griffie@gemeente.example", Name: "Griffier Raad", Role: casework.RoleCouncil},
		supporter:    {Email: "ondersteuner@mee.example", Name: "Onafhankelijk Ondersteuner", Role: casework.RoleSupporter},
		municipality: {Email: "beleid@gemeente.example", Name: "Beleidsmedewerker Gemeente", Role: casework.RoleMunicipality},
		privacy:      {Email: "fg@gemeente.example", Name: "Functionaris Gegevensbescherming", Role: casework.RolePrivacy},
	}
	// bcrypt is CPU-bound: create the users, and then log them in, in parallel.
	var mu sync.Mutex
	var errs []error
	parallel := func(fn func(r role) error) {
		var wg sync.WaitGroup
		for _, r := range userRoles {
			wg.Go(func() {
				if err := fn(r); err != nil {
					mu.Lock()
					errs = append(errs, fmt.Errorf("%s: %w", r, err))
					mu.Unlock()
				}
			})
		}
		wg.Wait()
	}
	parallel(func(r role) error {
		nu := specs[r]
		nu.Password = passwordFor + string(r)
		u, err := store.CreateUser(ctx, nu)
		mu.Lock()
		w.users[r], w.passwords[r] = u, nu.Password
		mu.Unlock()
		return err
	})
	if len(errs) > 0 {
		return nil, errs[0]
	}
	// Sessions of the web pages, started through the store (no bcrypt): the sign-in form itself is
	// tested in pages/signed_in_test.go.
	for _, r := range userRoles {
		ws, err := store.StartSession(ctx, w.users[r], worldTokenTTL)
		if err != nil {
			return nil, fmt.Errorf("%s: start session: %w", r, err)
		}
		w.sessions[r] = ws.Token
	}
	srv, err := web.New(store, slog.New(slog.DiscardHandler),
		web.Config{TokenTTL: worldTokenTTL, LoginLimit: 100, LookupLimit: 100, LimitWindow: time.Minute})
	if err != nil {
		return nil, err
	}
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	parallel(func(r role) error {
		body, _ := json.Marshal(map[string]string{"email": specs[r].Email, "password": w.passwords[r]})
		res, err := http.Post(ts.URL+"/api/v1/auth/login", "application/json", bytes.NewReader(body))
		if err != nil {
			return err
		}
		defer res.Body.Close()
		var s struct {
			Token string        `json:"token"`
			User  casework.User `json:"user"`
		}
		if res.StatusCode != http.StatusOK {
			b, _ := io.ReadAll(res.Body)
			return fmt.Errorf("login: %d %s", res.StatusCode, b)
		}
		if err := json.NewDecoder(res.Body).Decode(&s); err != nil {
			return err
		}
		if s.Token == "" || s.User.ID != w.users[r].ID {
			return fmt.Errorf("login answered %+v", s)
		}
		mu.Lock()
		w.tokens[r] = s.Token
		mu.Unlock()
		return nil
	})
	if len(errs) > 0 {
		return nil, errs[0]
	}
	return w, nil
}

// cloneWorld creates a fresh database from the world template, dropped when the test ends.
func cloneWorld(t *testing.T, w *world) string {
	t.Helper()
	name := fmt.Sprintf("%s_%d", w.template, cloneSeq.Add(1))
	maint, err := sqlx.Open("postgres", w.adminURL)
	if err != nil {
		t.Fatal(err)
	}
	defer maint.Close()
	if _, err := maint.Exec(`CREATE DATABASE ` + name + ` TEMPLATE ` + w.template); err != nil {
		t.Fatalf("clone the fixture world: %v", err)
	}
	t.Cleanup(func() {
		maint, err := sqlx.Open("postgres", w.adminURL)
		if err != nil {
			return
		}
		defer maint.Close()
		maint.Exec(`DROP DATABASE IF EXISTS ` + name + ` WITH (FORCE)`)
	})
	return pgtest.WithDatabase(w.adminURL, name)
}

// harness is one test's server, database, clock and signed-in users.
type harness struct {
	t        *testing.T
	w        *world
	clock    *pgtest.Clock
	db       *sqlx.DB
	store    *postgres.DB
	server   *web.Server
	ts       *httptest.Server
	client   *http.Client
	logs     *syncBuffer
	tokens   map[role]string
	sessions map[role]string
	orgA     int64
	orgB     int64
	// formKey signs the complaint form's timestamp (withFormToken).
	formKey []byte
}

// testSealer encrypts the keys of two-step sign-in, as MELDPUNT_TOTP_KEY does in production.
var testSealer = func() *secret.Sealer {
	s, err := secret.NewSealer([]byte("a test key of exactly 32 bytes!!"))
	if err != nil {
		panic(err)
	}
	return s
}()

// testConfig is the HTTP configuration of a harness unless a test gives its own: the defaults, but
// sessions of the web pages that outlive the weeks a test may move its clock (like the fixture
// tokens), and no intake limit.
var testConfig = func() web.Config {
	c := web.DefaultConfig
	c.SessionIdle = worldTokenTTL
	// Tests file many complaints from one address on a clock that stands still; the intake limit
	// has its own tests (abuse_test.go).
	c.IntakeLimit = 0
	// The same holds for asking new tracking codes (tracking_web_test.go).
	c.NewCodeLimit, c.NewCodeRefLimit = 1000, 1000
	return c
}()

// newHarness builds a server with the default configuration on a fresh database.
func newHarness(t *testing.T) *harness { return newHarnessWith(t, testConfig) }

// newHarnessWith builds a server with cfg on a fresh database cloned from the fixture world.
func newHarnessWith(t *testing.T, cfg web.Config) *harness {
	t.Helper()
	w := getWorld(t)
	db, err := postgres.Open(context.Background(), cloneWorld(t, w), 25)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	h := &harness{t: t, w: w, clock: pgtest.NewClock(startTime), db: db, logs: &syncBuffer{},
		tokens: copyTokens(w.tokens), sessions: copyTokens(w.sessions), orgA: w.orgA.ID, orgB: w.orgB.ID}
	h.store = postgres.New(db, h.clock.Now, postgres.DefaultTerms)
	h.store.SetSealer(testSealer)
	logger := slog.New(slog.NewJSONHandler(h.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	if h.server, err = web.New(h.store, logger, cfg); err != nil {
		t.Fatal(err)
	}
	h.ts = httptest.NewServer(h.server.Handler())
	t.Cleanup(h.ts.Close)
	h.client = h.clientFrom("")
	return h
}

func copyTokens(m map[role]string) map[role]string {
	c := make(map[role]string, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
}

// clientFrom returns a client whose connections come from the local address ip (any of 127.0.0.0/8
// reaches the test server on Linux), so that tests can act as distinct clients; "" is the default.
func (h *harness) clientFrom(ip string) *http.Client {
	d := &net.Dialer{Timeout: 10 * time.Second}
	if ip != "" {
		d.LocalAddr = &net.TCPAddr{IP: net.ParseIP(ip)}
	}
	tr := &http.Transport{DialContext: d.DialContext, MaxIdleConns: 128, MaxIdleConnsPerHost: 128}
	h.t.Cleanup(tr.CloseIdleConnections)
	return &http.Client{Transport: tr, Timeout: 60 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// request is one HTTP request. body is nil (none), []byte or string (sent as is), url.Values (sent
// as a form), or a value sent as JSON. A header set to "" is removed. A user (as) calls the API with
// their bearer token and the pages with their session cookie.
type request struct {
	method string
	path   string
	as     role
	token  string // overrides as
	body   any
	header map[string]string
	client *http.Client
}

// response is what came back.
type response struct {
	method string
	path   string
	status int
	header http.Header
	body   []byte
}

func (r *response) String() string {
	b := string(r.body)
	if len(b) > 600 {
		b = b[:600] + "…"
	}
	return fmt.Sprintf("%s %s → %d %s", r.method, r.path, r.status, b)
}

// try sends a request without touching the test, so that goroutines may use it.
func (h *harness) try(r request) (*response, error) {
	var body io.Reader
	contentType := ""
	switch b := r.body.(type) {
	case nil:
	case []byte:
		body, contentType = bytes.NewReader(b), "application/json"
	case string:
		body, contentType = strings.NewReader(b), "application/json"
	case url.Values:
		body, contentType = strings.NewReader(b.Encode()), "application/x-www-form-urlencoded"
	default:
		data, err := json.Marshal(b)
		if err != nil {
			return nil, err
		}
		body, contentType = bytes.NewReader(data), "application/json"
	}
	req, err := http.NewRequest(r.method, h.ts.URL+r.path, body)
	if err != nil {
		return nil, err
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	token := r.token
	if token == "" && r.as != anon && r.as != "" && pageRoute(r.path) {
		session := h.sessions[r.as]
		if session == "" {
			return nil, fmt.Errorf("no session for %s", r.as)
		}
		req.AddCookie(&http.Cookie{Name: "meldpunt_sessie", Value: session})
	} else if token == "" && r.as != anon && r.as != "" {
		token = h.tokens[r.as]
		if token == "" {
			return nil, fmt.Errorf("no token for %s", r.as)
		}
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for k, v := range r.header {
		if v == "" {
			req.Header.Del(k)
		} else {
			req.Header.Set(k, v)
		}
	}
	client := r.client
	if client == nil {
		client = h.client
	}
	res, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	if err != nil {
		return nil, err
	}
	return &response{method: r.method, path: r.path, status: res.StatusCode, header: res.Header, body: data}, nil
}

// send sends a request; a transport error ends the test.
func (h *harness) send(r request) *response {
	h.t.Helper()
	res, err := h.try(r)
	if err != nil {
		h.t.Fatalf("%s %s: %v", r.method, r.path, err)
	}
	return res
}

// call sends method path as the given role with body (see request).
func (h *harness) call(method, path string, as role, body any) *response {
	h.t.Helper()
	return h.send(request{method: method, path: path, as: as, body: body})
}

// want ends the test unless the status is status.
func (r *response) want(t testing.TB, status int) *response {
	t.Helper()
	if r.status != status {
		t.Fatalf("want %d: %s", status, r)
	}
	return r
}

// into checks that the response is JSON and decodes it into v.
func (r *response) into(t testing.TB, v any) *response {
	t.Helper()
	mt, _, _ := mime.ParseMediaType(r.header.Get("Content-Type"))
	if mt != "application/json" {
		t.Fatalf("Content-Type %q, want application/json: %s", r.header.Get("Content-Type"), r)
	}
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("decode: %v: %s", err, r)
	}
	return r
}

// ok checks the status and decodes the JSON body into v.
func (r *response) ok(t testing.TB, status int, v any) {
	t.Helper()
	r.want(t, status)
	if v != nil {
		r.into(t, v)
	}
}

// problem is an RFC 9457 problem document as the API writes it.
type problem struct {
	Type   string `json:"type"`
	Title  string `json:"title"`
	Status int    `json:"status"`
	Detail string `json:"detail"`
	Code   string `json:"code"`
	Errors []struct {
		Field   string `json:"field"`
		Message string `json:"message"`
	} `json:"errors"`
}

// fields returns the names of the invalid fields.
func (p problem) fields() []string {
	var f []string
	for _, e := range p.Errors {
		f = append(f, e.Field)
	}
	return f
}

// problem checks that the response is a problem document with this status and code.
func (r *response) problem(t testing.TB, status int, code string) problem {
	t.Helper()
	p, err := r.checkProblem(status, code)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// checkProblem is problem without the test, for goroutines and tables.
func (r *response) checkProblem(status int, code string) (problem, error) {
	var p problem
	if r.status != status {
		return p, fmt.Errorf("want %d %s: %s", status, code, r)
	}
	if mt, _, _ := mime.ParseMediaType(r.header.Get("Content-Type")); mt != "application/problem+json" {
		return p, fmt.Errorf("Content-Type %q, want application/problem+json: %s", r.header.Get("Content-Type"), r)
	}
	if err := json.Unmarshal(r.body, &p); err != nil {
		return p, fmt.Errorf("decode problem: %v: %s", err, r)
	}
	if p.Code != code || p.Status != status || p.Type == "" || p.Title == "" || p.Detail == "" {
		return p, fmt.Errorf("want a problem with code %s and status %d, type, title and detail: %s", code, status, r)
	}
	return p, nil
}

// wantFields checks that a validation problem names exactly the given fields (in any order, each
// at least once).
func wantFields(t testing.TB, p problem, fields ...string) {
	t.Helper()
	got := p.fields()
	for _, f := range fields {
		if !slices.Contains(got, f) {
			t.Errorf("validation errors %v do not name %q", got, f)
		}
	}
	for _, g := range got {
		if !slices.Contains(fields, g) {
			t.Errorf("validation errors %v name %q, which is not wrong", got, g)
		}
	}
}

// syncBuffer is a bytes.Buffer safe for the server's goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// ---- fixtures ----

// receipt is the answer to an intake.
type receipt struct {
	Reference       string    `json:"reference"`
	TrackingCode    string    `json:"tracking_code"`
	Status          string    `json:"status"`
	ReceivedAt      time.Time `json:"received_at"`
	HandlingLastDay string    `json:"handling_last_day"`
}

// intakeBody is a resident's complaint about orgs, carrying the planted personal data.
func intakeBody(orgs ...int64) map[string]any {
	return map[string]any{
		"complainant": map[string]any{"name": piiName, "email": piiEmail, "phone": piiPhone,
			"street": piiStreet, "postcode": piiPostcode, "city": piiCity},
		"organisation_ids": orgs,
		"grounds":          []string{"treatment", "procedure"},
		"life_domains":     []string{"care", "housing"},
		"summary":          "Mijn aanvraag voor huishoudelijke hulp bleef maanden liggen en aan de balie werd ik afgewezen.",
		"desired_outcome":  "Een besluit op mijn aanvraag en excuses.",
	}
}

// file files a complaint about orgs as a resident.
func (h *harness) file(orgs ...int64) receipt {
	h.t.Helper()
	var r receipt
	h.call("POST", "/api/v1/complaints", anon, intakeBody(orgs...)).ok(h.t, http.StatusCreated, &r)
	return r
}

// inTreatment files a complaint about orgs and has staff take it up.
func (h *harness) inTreatment(orgs ...int64) string {
	h.t.Helper()
	ref := h.file(orgs...).Reference
	h.call("POST", "/api/v1/complaints/"+ref+"/take-up", staff, map[string]any{"not_involved": true}).want(h.t, http.StatusOK)
	return ref
}

// hearAll records the complainant's hearing and, for every org, a skipped hearing with a reason.
func (h *harness) hearAll(ref string, orgs ...int64) {
	h.t.Helper()
	h.call("POST", "/api/v1/complaints/"+ref+"/hearings", staff, map[string]any{
		"party": "complainant", "held_on": term.LocalDate(h.clock.Now()).String(),
		"record": "Klager gehoord in het stadhuis; vertrouwelijk verslag."}).want(h.t, http.StatusOK)
	for _, o := range orgs {
		h.call("POST", "/api/v1/complaints/"+ref+"/hearings", staff, map[string]any{
			"party": "organisation", "organisation_id": o, "skipped": "waived",
			"skip_note": "De directie zag schriftelijk af van horen."}).want(h.t, http.StatusOK)
	}
}

// readyToRule files a complaint about orgs, takes it up and records every hearing.
func (h *harness) readyToRule(orgs ...int64) string {
	h.t.Helper()
	ref := h.inTreatment(orgs...)
	h.hearAll(ref, orgs...)
	return ref
}

// foundedRuling is a founded ruling with one advice for each of orgs.
func foundedRuling(orgs ...int64) map[string]any {
	var advices []map[string]any
	for _, o := range orgs {
		advices = append(advices, map[string]any{"organisation_id": o,
			"text": fmt.Sprintf("Neem binnen twee weken een besluit en bied excuses aan (organisatie %d).", o)})
	}
	return map[string]any{"verdict": "founded", "findings": "De aanvraag bleef vijf maanden onbehandeld.",
		"conclusions": "De klacht is gegrond.", "advices": advices}
}

// advised files a complaint about orgs, hears everyone and rules it founded with an advice to each
// org; it returns the reference and the advices by organisation.
func (h *harness) advised(orgs ...int64) (string, map[int64]casework.Advice) {
	h.t.Helper()
	ref := h.readyToRule(orgs...)
	var c casework.Complaint
	h.call("POST", "/api/v1/complaints/"+ref+"/ruling", staff, foundedRuling(orgs...)).ok(h.t, http.StatusOK, &c)
	byOrg := map[int64]casework.Advice{}
	for _, a := range c.Advices {
		byOrg[a.OrganisationID] = a
	}
	if c.Status != casework.StatusAdvised || len(byOrg) != len(orgs) {
		h.t.Fatalf("ruling gave status %s and advices %+v", c.Status, c.Advices)
	}
	return ref, byOrg
}

// complaint is the staff's view of a complaint, with a reason for opening it in case somebody else
// handles it (the admin, after a take-over; access_log.go).
func (h *harness) complaint(ref string) casework.Complaint {
	h.t.Helper()
	var c casework.Complaint
	h.send(request{method: "GET", path: "/api/v1/complaints/" + ref, as: staff,
		header: map[string]string{"X-Access-Reason": "Test: de stand van de zaak."}}).ok(h.t, http.StatusOK, &c)
	return c
}

// advice is the staff's view of an advice.
func (h *harness) advice(id int64) casework.AdviceDetail {
	h.t.Helper()
	var d casework.AdviceDetail
	h.call("GET", fmt.Sprintf("/api/v1/advices/%d", id), staff, nil).ok(h.t, http.StatusOK, &d)
	return d
}

// lookup is the resident's view with the reference and tracking code.
func (h *harness) lookup(r receipt) (casework.ResidentView, *response) {
	h.t.Helper()
	var v casework.ResidentView
	res := h.call("POST", "/api/v1/complaints/lookup", anon, map[string]string{"reference": r.Reference, "tracking_code": r.TrackingCode})
	res.ok(h.t, http.StatusOK, &v)
	return v, res
}

// count runs a counting query on the harness database.
func (h *harness) count(query string, args ...any) int {
	h.t.Helper()
	var n int
	if err := h.db.Get(&n, query, args...); err != nil {
		h.t.Fatalf("%s: %v", query, err)
	}
	return n
}

// fingerprint summarises every table a request could change (apart from the access log of reads),
// so that a refused request can be shown to have changed nothing.
func (h *harness) fingerprint() string {
	h.t.Helper()
	var s string
	err := h.db.Get(&s, `SELECT concat_ws(' | ',
		(SELECT count(*) FROM complaints), (SELECT count(*) FROM events), (SELECT count(*) FROM hearings),
		(SELECT count(*) FROM postponements), (SELECT count(*) FROM advices), (SELECT count(*) FROM recommendations),
		(SELECT count(*) FROM organisations), (SELECT count(*) FROM users), (SELECT count(*) FROM equated_days),
		(SELECT count(*) FROM api_tokens), (SELECT count(*) FROM complaint_organisations),
		(SELECT string_agg(concat_ws(':', id, status, handler_id, supporter_id, supporter_consent, md5(supporter_name), postponements, handling_last_day,
			verdict, findings, inadmissible_ground, closed_at), ',' ORDER BY id) FROM complaints),
		(SELECT string_agg(concat_ws(':', id, status, responded_at, rejection_reasons, executed_at, execution_note), ','
			ORDER BY id) FROM advices),
		(SELECT string_agg(concat_ws(':', id, rejection_ground, answer_channel, answer_received_on, execution_channel,
			execution_received_on, corrected_at), ',' ORDER BY id) FROM advices),
		(SELECT string_agg(concat_ws(':', id, status, attempts, posted_at, pdf IS NULL), ',' ORDER BY id) FROM notices),
		(SELECT string_agg(concat_ws(':', id, status, note), ',' ORDER BY id) FROM recommendations),
		(SELECT string_agg(concat_ws(':', year, md5(closing_nl), md5(closing_en), finalised_at), ',' ORDER BY year) FROM annual_reports),
		(SELECT count(*) FROM report_versions),
		(SELECT string_agg(concat_ws(':', user_id, md5(secret), confirmed_at, last_step), ',' ORDER BY user_id) FROM totp_keys),
		(SELECT string_agg(concat_ws(':', role, required), ',' ORDER BY role) FROM two_factor_rules),
		(SELECT count(*) FROM account_events WHERE action <> 'access_log_read'),
		(SELECT string_agg(concat_ws(':', id, status, md5(name), updated_at), ',' ORDER BY id) FROM supporters),
		(SELECT count(*) FROM supporter_events),
		(SELECT string_agg(concat_ws(':', id, supporter_id), ',' ORDER BY id) FROM users),
		(SELECT string_agg(concat_ws(':', id, status, referred_to, reason), ',' ORDER BY id) FROM support_requests),
		(SELECT count(*) FROM support_request_events WHERE kind <> 'viewed_by_staff'),
		(SELECT md5(string_agg(t::text, ',' ORDER BY t.id)) FROM trajectories t),
		(SELECT md5(string_agg(i::text, ',' ORDER BY i.id)) FROM trajectory_issues i),
		(SELECT md5(string_agg(a::text, ',' ORDER BY a.id)) FROM trajectory_activities a),
		(SELECT md5(string_agg(r::text, ',' ORDER BY r.id)) FROM trajectory_referrals r),
		(SELECT string_agg(concat_ws(':', id, ended_at), ',' ORDER BY id) FROM representations),
		(SELECT count(*) FROM supporter_contributions),
		(SELECT count(*) FROM destructions),
		(SELECT string_agg(concat_ws(':', id, md5(hold_reason), ombudsman_on, reopened_on, retention_from), ',' ORDER BY id)
			FROM complaints WHERE retention_category IS NOT NULL))`)
	if err != nil {
		h.t.Fatalf("fingerprint: %v", err)
	}
	return s
}

// containsAny returns the first of needles found in body.
func containsAny(body []byte, needles ...string) (string, bool) {
	for _, n := range needles {
		if bytes.Contains(body, []byte(n)) {
			return n, true
		}
	}
	return "", false
}

// refused sends r and checks that it is refused with a problem of this status and code, naming
// exactly fields when any are given, and that the database is unchanged.
func (h *harness) refused(r request, status int, code string, fields ...string) problem {
	h.t.Helper()
	before := h.fingerprint()
	p := h.send(r).problem(h.t, status, code)
	if len(fields) > 0 {
		wantFields(h.t, p, fields...)
	}
	if after := h.fingerprint(); after != before {
		h.t.Fatalf("%s %s was refused but changed the database:\n before %s\n after  %s", r.method, r.path, before, after)
	}
	return p
}

// deliverAll stands in for the notice dispatcher (package notice): every due notice is claimed and
// queued for print with a stand-in PDF, through the store calls the dispatcher uses. Rendering real
// letters is the letter and notice packages' business; here the letters only need to exist.
func (h *harness) deliverAll() {
	h.t.Helper()
	ctx := context.Background()
	list, err := h.store.ClaimNotices(ctx, 1000, time.Minute)
	if err != nil {
		h.t.Fatal(err)
	}
	for _, d := range list {
		if err := h.store.Delivered(ctx, d, "print", standInPDF(d.ID)); err != nil {
			h.t.Fatal(err)
		}
	}
}

func standInPDF(id int64) []byte {
	return []byte(fmt.Sprintf("%%PDF-1.4\n%% stand-in letter %d\n%%%%EOF\n", id))
}

// notice returns the id of the complaint's notice of this kind, to org (or to the complainant when
// org is 0), as staff list them.
func (h *harness) notice(ref, kind string, org int64) int64 {
	h.t.Helper()
	var list struct {
		Notices []postgres.NoticeSummary `json:"notices"`
	}
	h.call("GET", "/api/v1/complaints/"+ref+"/notices", staff, nil).ok(h.t, http.StatusOK, &list)
	for _, n := range list.Notices {
		if n.Kind == kind && n.Recipient != "supporter" && ((org == 0 && n.Organisation == nil) || (n.Organisation != nil && *n.Organisation == org)) {
			return n.ID
		}
	}
	h.t.Fatalf("complaint %s has no %s notice for organisation %d: %+v", ref, kind, org, list.Notices)
	return 0
}
