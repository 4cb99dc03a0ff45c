package notice_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"meldpunt/internal/casework"
	"meldpunt/internal/letter"
	smtpmail "meldpunt/internal/mail"
	"meldpunt/internal/mail/mailtest"
	"meldpunt/internal/notice"
	"meldpunt/internal/pgtest"
	"meldpunt/internal/postgres"
	"meldpunt/internal/term"
)

// The tests drive every wait of the dispatcher (back-off, lease) with the store's settable clock:
// the dispatcher computes next attempts and leases from it, so a test advances the clock instead of
// sleeping, and no test depends on how fast the machine is.

const (
	testFrom   = "Meldpunt Sociaal Domein <meldpunt@meldpunt.example>"
	fromDomain = "meldpunt.example"
)

var ams = term.Amsterdam()

// start is Monday 23 November 2026, 10:00 in Amsterdam: a working day, in office hours.
var start = time.Date(2026, time.November, 23, 10, 0, 0, 0, ams)

// testConfig is the dispatcher's configuration in tests: a small batch, so that a pass needs several
// claims; one minute of back-off doubling to at most ten; a five-minute lease.
func testConfig() notice.Config {
	return notice.Config{Sender: letter.SampleSender(), Batch: 4, Lease: 5 * time.Minute, MaxAttempts: 4,
		Backoff: time.Minute, MaxBackoff: 10 * time.Minute}
}

// fx is one test's world: a fresh database, a settable clock, an SMTP server on 127.0.0.1, a staff
// member and a dispatcher.
type fx struct {
	t      *testing.T
	ctx    context.Context
	clock  *pgtest.Clock
	url    string
	db     *postgres.DB
	sql    *sqlx.DB
	srv    *mailtest.Server
	sender *smtpmail.Sender
	tpl    *letter.Templates
	cfg    notice.Config
	d      *notice.Dispatcher
	log    *logBuffer
	staff  casework.Actor
}

// newFx marks the test parallel: every test has its own database, clock and SMTP server.
func newFx(t *testing.T) *fx {
	t.Helper()
	t.Parallel()
	f := &fx{t: t, ctx: context.Background(), clock: pgtest.NewClock(start), cfg: testConfig(), log: &logBuffer{}}
	f.url = pgtest.NewURL(t)
	f.db = f.process()
	f.sql = f.db.SQL()
	f.srv = mailtest.NewServer(t)
	f.sender = f.newSender()
	tpl, err := letter.Default()
	f.must(err)
	f.tpl = tpl
	f.d = f.dispatcher(f.db, f.cfg)
	// The staff member is inserted directly: CreateUser's bcrypt costs seconds under the race detector,
	// and no test here signs in.
	var staffID int64
	f.must(f.sql.GetContext(f.ctx, &staffID, `INSERT INTO users (email, name, role, password_hash, created_at)
		VALUES ('anna@meldpunt.example', 'Anna de Vries', 'staff', '-', $1) RETURNING id`, f.clock.Now()))
	f.staff = casework.Actor{UserID: staffID, Role: casework.RoleStaff, Label: "Anna de Vries"}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("dispatcher log:\n%s", f.log)
		}
	})
	return f
}

func (f *fx) must(err error) {
	f.t.Helper()
	if err != nil {
		f.t.Fatalf("unexpected error: %v", err)
	}
}

// process opens a store with its own connection pool on the test's database, as another process
// (another replica of the server) would.
func (f *fx) process() *postgres.DB {
	f.t.Helper()
	pool, err := postgres.Open(f.ctx, f.url, 10)
	f.must(err)
	f.t.Cleanup(func() { pool.Close() })
	return postgres.New(pool, f.clock.Now, postgres.DefaultTerms)
}

// newSender returns an SMTP sender for the test's server, as the server's configuration would make one.
func (f *fx) newSender() *smtpmail.Sender {
	f.t.Helper()
	s, err := smtpmail.NewSender(smtpmail.Config{Host: f.srv.Host, Port: f.srv.Port, TLS: smtpmail.TLSNone, From: testFrom,
		Timeout: 20 * time.Second, HeloName: "meldpunt.test"})
	f.must(err)
	return s
}

// dispatcher returns a dispatcher on store that sends through its own SMTP sender.
func (f *fx) dispatcher(store *postgres.DB, cfg notice.Config) *notice.Dispatcher {
	return f.dispatcherVia(store, cfg, f.newSender())
}

// dispatcherVia returns a dispatcher on store that sends with sender.
func (f *fx) dispatcherVia(store *postgres.DB, cfg notice.Config, sender *smtpmail.Sender) *notice.Dispatcher {
	log := slog.New(slog.NewTextHandler(f.log, &slog.HandlerOptions{Level: slog.LevelDebug}))
	return notice.New(store, f.tpl, sender, log, cfg)
}

// relay is a TCP relay in front of the test's SMTP server. For its first hangs connections it
// calls onHang and hangs up at once, as a relay that did not answer in time; for the later ones it
// calls onForward and then passes the conversation through. Connections are served one at a time.
// It returns a sender that talks to the relay.
func (f *fx) relay(hangs int, onHang, onForward func(i int)) *smtpmail.Sender {
	f.t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	f.must(err)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := 0; ; i++ {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			if i < hangs {
				onHang(i)
				c.Close()
				continue
			}
			onForward(i)
			up, err := net.Dial("tcp", f.srv.Addr)
			if err != nil {
				c.Close()
				continue
			}
			var wg sync.WaitGroup
			wg.Go(func() { io.Copy(up, c); up.(*net.TCPConn).CloseWrite() })
			wg.Go(func() { io.Copy(c, up); c.(*net.TCPConn).CloseWrite() })
			wg.Wait()
			c.Close()
			up.Close()
		}
	}()
	f.t.Cleanup(func() { ln.Close(); <-done })
	port := ln.Addr().(*net.TCPAddr).Port
	s, err := smtpmail.NewSender(smtpmail.Config{Host: "127.0.0.1", Port: port, TLS: smtpmail.TLSNone, From: testFrom,
		Timeout: 20 * time.Second, HeloName: "meldpunt.test"})
	f.must(err)
	return s
}

// passTimeout bounds one pass in real time, so that a dispatcher that loops (say, over notices it
// can never record) fails the test instead of hanging it.
const passTimeout = 2 * time.Minute

// pass runs one pass of d and fails the test on an error.
func (f *fx) pass(d *notice.Dispatcher) notice.Result {
	f.t.Helper()
	ctx, cancel := context.WithTimeout(f.ctx, passTimeout)
	defer cancel()
	res, err := d.Pass(ctx)
	if err != nil {
		f.t.Fatalf("pass: %v (result so far %+v)", err, res)
	}
	return res
}

// org adds an organisation; address is "Street 1, 2011 AB Haarlem" or empty.
func (f *fx) org(name, email, address string) casework.Organisation {
	f.t.Helper()
	o := casework.Organisation{Name: name, Kind: casework.OrgDistrictTeam, Email: email}
	if address != "" {
		m := addressLine.FindStringSubmatch(address)
		if m == nil {
			f.t.Fatalf("address %q is not of the form Street 1, 2011 AB Town", address)
		}
		o.Street, o.Postcode, o.City = m[1], m[2], m[3]
	}
	o, err := f.db.CreateOrganisation(f.ctx, o)
	f.must(err)
	return o
}

var addressLine = regexp.MustCompile(`^(.+), (\d{4} [A-Z]{2}) (.+)$`)

func orgActor(o casework.Organisation) casework.Actor {
	return casework.Actor{Role: casework.RoleOrganisation, OrganisationID: o.ID, Label: "directie " + o.Name}
}

// file registers a complaint about orgs as staff (one that came by e-mail), so that its letters
// are e-mailed in full; supporter may be nil. A complaint filed without an account is e-mailed as a
// short notice only (phishing_test.go).
func (f *fx) file(complainant casework.Contact, supporter *casework.Contact, orgs ...int64) string {
	f.t.Helper()
	r, err := f.db.FileComplaint(f.ctx, f.staff, casework.Intake{Channel: casework.ChannelEmail,
		Complainant: complainant, Supporter: supporter, SupporterConsent: supporter != nil, OrganisationIDs: orgs,
		Grounds: []casework.Ground{casework.GroundTreatment}, LifeDomains: []casework.LifeDomain{casework.DomainCare},
		Summary: "Mijn aanvraag voor huishoudelijke hulp is na drie maanden nog steeds niet behandeld."})
	f.must(err)
	return r.Reference
}

// advised takes ref up, records the hearings and rules it founded with one advice per organisation.
func (f *fx) advised(ref string, orgs ...int64) []casework.Advice {
	f.t.Helper()
	f.must(f.db.TakeUp(f.ctx, f.staff, ref, casework.TakeUp{NotInvolved: true}))
	_, err := f.db.RecordHearing(f.ctx, f.staff, ref, casework.Hearing{Party: casework.PartyComplainant,
		HeldOn: term.LocalDate(f.clock.Now()).String(), Record: "Klaagster gehoord op kantoor."})
	f.must(err)
	ruling := casework.Ruling{Verdict: casework.VerdictFounded, Findings: "De klaagster is drie maanden niet teruggebeld.",
		Conclusions: "De organisatie heeft niet zorgvuldig gehandeld."}
	for _, o := range orgs {
		_, err := f.db.RecordHearing(f.ctx, f.staff, ref, casework.Hearing{Party: casework.PartyOrganisation,
			OrganisationID: o, Skipped: casework.SkipWaived, SkipNote: "De directie ziet af van horen."})
		f.must(err)
		ruling.Advices = append(ruling.Advices, casework.AdviceInput{OrganisationID: o,
			Text: "Neem binnen een week contact op met klaagster en bied excuses aan."})
	}
	advices, err := f.db.Rule(f.ctx, f.staff, ref, ruling)
	f.must(err)
	return advices
}

// row is one notice as the outbox holds it.
type row struct {
	ID            int64      `db:"id"`
	Reference     string     `db:"reference"`
	Kind          string     `db:"kind"`
	Recipient     string     `db:"recipient"`
	Name          string     `db:"name"`
	Email         string     `db:"email"`
	Street        string     `db:"street"`
	Status        string     `db:"status"`
	Attempts      int        `db:"attempts"`
	LastError     string     `db:"last_error"`
	CreatedAt     time.Time  `db:"created_at"`
	NextAttemptAt time.Time  `db:"next_attempt_at"`
	SentAt        *time.Time `db:"sent_at"`
	PDF           []byte     `db:"pdf"`
}

func (r row) String() string {
	return fmt.Sprintf("notice %d (%s to %s %q <%s>): %s, %d attempts, next %s, last error %q",
		r.ID, r.Kind, r.Recipient, r.Name, r.Email, r.Status, r.Attempts, r.NextAttemptAt.In(ams).Format(time.TimeOnly), r.LastError)
}

const rowQuery = `SELECT n.id, c.reference, n.kind, n.recipient, n.name, n.email, n.street, n.status, n.attempts,
	n.last_error, n.created_at, n.next_attempt_at, n.sent_at, n.pdf
	FROM notices n JOIN complaints c ON c.id = n.complaint_id`

// notices returns every notice of the outbox, oldest first.
func (f *fx) notices() []row {
	f.t.Helper()
	var rows []row
	f.must(f.sql.SelectContext(f.ctx, &rows, rowQuery+` ORDER BY n.id`))
	return rows
}

func (f *fx) notice(id int64) row {
	f.t.Helper()
	var r row
	f.must(f.sql.GetContext(f.ctx, &r, rowQuery+` WHERE n.id = $1`, id))
	return r
}

func (f *fx) count(query string, args ...any) int {
	f.t.Helper()
	var n int
	f.must(f.sql.GetContext(f.ctx, &n, query, args...))
	return n
}

// byEmail splits notices into those that go by e-mail and those that go by post.
func byEmail(rows []row) (email, post []row) {
	for _, r := range rows {
		if r.Email != "" {
			email = append(email, r)
		} else {
			post = append(post, r)
		}
	}
	return email, post
}

// messageID is the Message-ID the dispatcher gives the e-mail of a notice, on every attempt.
func messageID(id int64) string { return fmt.Sprintf("<notice-%d@%s>", id, fromDomain) }

// messagesByID groups the messages the SMTP server accepted by Message-ID.
func (f *fx) messagesByID() map[string][]mailtest.Received {
	got := map[string][]mailtest.Received{}
	for _, m := range f.srv.Messages() {
		got[m.MessageID] = append(got[m.MessageID], m)
	}
	return got
}

// expectDeliveredOnce checks that every notice of rows was e-mailed exactly once, with its
// Message-ID, to its address, and recorded as sent.
func (f *fx) expectDeliveredOnce(rows []row) {
	f.t.Helper()
	byID := f.messagesByID()
	for _, r := range rows {
		n := f.notice(r.ID)
		if n.Status != "sent" || n.SentAt == nil || n.PDF == nil || n.LastError != "" {
			f.t.Errorf("%s: want sent, with its letter kept and no error", n)
		}
		msgs := byID[messageID(r.ID)]
		if len(msgs) != 1 {
			f.t.Errorf("%s: %d e-mails with Message-ID %s, want exactly 1", n, len(msgs), messageID(r.ID))
			continue
		}
		if len(msgs[0].To) != 1 || msgs[0].To[0] != r.Email {
			f.t.Errorf("%s: e-mail went to %v", n, msgs[0].To)
		}
	}
}

// distinctIDs returns the number of distinct Message-IDs and the number of messages at the server.
func (f *fx) distinctIDs() (distinct, total int) {
	msgs := f.srv.Messages()
	seen := map[string]bool{}
	for _, m := range msgs {
		seen[m.MessageID] = true
	}
	return len(seen), len(msgs)
}

// part is one MIME leaf of a received e-mail.
type part struct {
	ContentType string
	FileName    string
	Data        []byte
}

// mimeParts parses a received e-mail into its leaf parts, transfer encodings undone.
func mimeParts(t *testing.T, raw []byte) (*mail.Message, []part) {
	t.Helper()
	m, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("e-mail cannot be parsed: %v", err)
	}
	var parts []part
	var walk func(header map[string][]string, body io.Reader, fileName string)
	walk = func(header map[string][]string, body io.Reader, fileName string) {
		h := mail.Header(header)
		mediaType, params, err := mime.ParseMediaType(h.Get("Content-Type"))
		if err != nil {
			mediaType = "text/plain"
		}
		if strings.HasPrefix(mediaType, "multipart/") {
			mr := multipart.NewReader(body, params["boundary"])
			for {
				p, err := mr.NextPart()
				if err == io.EOF {
					return
				}
				if err != nil {
					t.Fatalf("e-mail part: %v", err)
				}
				walk(p.Header, p, p.FileName())
			}
		}
		data, err := io.ReadAll(body)
		if err != nil {
			t.Fatalf("e-mail part body: %v", err)
		}
		if strings.EqualFold(h.Get("Content-Transfer-Encoding"), "quoted-printable") {
			// A multipart reader decodes its parts itself; a message of one part is decoded here.
			if data, err = io.ReadAll(quotedprintable.NewReader(bytes.NewReader(data))); err != nil {
				t.Fatalf("e-mail part is not quoted-printable: %v", err)
			}
		}
		if strings.EqualFold(h.Get("Content-Transfer-Encoding"), "base64") {
			data, err = base64.StdEncoding.DecodeString(strings.Join(strings.Fields(string(data)), ""))
			if err != nil {
				t.Fatalf("e-mail part is not base64: %v", err)
			}
		}
		parts = append(parts, part{ContentType: mediaType, FileName: fileName, Data: data})
	}
	walk(m.Header, m.Body, "")
	return m, parts
}

// attachments returns the attached files of a received e-mail, and its text.
func attachments(t *testing.T, raw []byte) (files []part, text string) {
	t.Helper()
	_, parts := mimeParts(t, raw)
	for _, p := range parts {
		if p.FileName != "" {
			files = append(files, p)
		} else if p.ContentType == "text/plain" {
			text += string(p.Data)
		}
	}
	return files, text
}

// pdfText checks that data is a PDF and returns its text as pdftotext reads it.
func pdfText(t *testing.T, data []byte) string {
	t.Helper()
	if !bytes.HasPrefix(data, []byte("%PDF-")) {
		n := min(len(data), 16)
		t.Fatalf("letter is not a PDF: starts with %q", data[:n])
	}
	path := filepath.Join(t.TempDir(), "letter.pdf")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	// pdftotext may break lines anywhere; compare on single spaces.
	return strings.Join(strings.Fields(string(out)), " ")
}

// installCrash makes the database refuse to record an outcome (sent, print, failed) of a notice, as
// if the dispatcher's process died after sending the e-mail and before recording that it did. It
// returns the function that removes the crash again.
func (f *fx) installCrash() (remove func()) {
	f.t.Helper()
	_, err := f.sql.ExecContext(f.ctx, `
		CREATE FUNCTION test_crash_before_recording() RETURNS trigger LANGUAGE plpgsql AS $$
		BEGIN RAISE EXCEPTION 'test: the dispatcher died before recording the outcome'; END $$;
		CREATE TRIGGER test_crash_before_recording BEFORE UPDATE OF status ON notices
			FOR EACH ROW WHEN (NEW.status <> OLD.status) EXECUTE FUNCTION test_crash_before_recording();`)
	f.must(err)
	return func() {
		_, err := f.sql.ExecContext(f.ctx, `DROP TRIGGER test_crash_before_recording ON notices;
			DROP FUNCTION test_crash_before_recording();`)
		f.must(err)
	}
}

// logBuffer collects the dispatcher's log; it is shown when a test fails.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

func (l *logBuffer) Count(s string) int { return strings.Count(l.String(), s) }

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
