package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"meldpunt/internal/casework"
	"meldpunt/internal/config"
	"meldpunt/internal/mail/mailtest"
	"meldpunt/internal/pgcluster"
	"meldpunt/internal/pgtest"
	"meldpunt/internal/postgres"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// syncBuffer is a bytes.Buffer safe for a writer goroutine and a reading test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func runCmd(t *testing.T, stdin string, args ...string) (string, string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := run(context.Background(), args, strings.NewReader(stdin), &out, &errOut)
	return out.String(), errOut.String(), err
}

func TestHelpForEverySubcommand(t *testing.T) {
	out, _, err := runCmd(t, "", "--help")
	if err != nil || !strings.Contains(out, "meldpunt serve") || !strings.Contains(out, "meldpunt term") {
		t.Fatalf("--help: %v\n%s", err, out)
	}
	for _, args := range [][]string{{"serve"}, {"migrate"}, {"sweep"}, {"dispatch"}, {"term"}, {"demo"}, {"user", "add"}, {"org", "add"}, {"org", "address"}, {"report", "annual"}, {"retention"}} {
		_, errOut, err := runCmd(t, "", append(args, "--help")...)
		if !errors.Is(err, flag.ErrHelp) || !strings.Contains(errOut, "Usage: meldpunt "+args[0]) {
			t.Errorf("%v --help: %v\n%s", args, err, errOut)
		}
	}
	if _, _, err := runCmd(t, "", "frobnicate"); exitCode(err) != 2 {
		t.Errorf("unknown subcommand: %v", err)
	}
}

func TestTermPrintsLastDayAndSkippedDays(t *testing.T) {
	// Friday 2026-12-11 + 14 days = Friday 2026-12-25 (Christmas); Saturday 26 (Boxing Day) and
	// Sunday 27 follow, so the last day is Monday 2026-12-28.
	out, _, err := runCmd(t, "", "term", "--from", "2026-12-11", "--days", "14")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"nominal:   2026-12-25 (Friday)",
		"skipped:   2026-12-25 (Friday) Christmas",
		"skipped:   2026-12-26 (Saturday) Boxing Day",
		"skipped:   2026-12-27 (Sunday) Sunday",
		"last day:  2026-12-28 (Monday)",
		"deadline:  2026-12-29T00:00:00+01:00",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	out, _, err = runCmd(t, "", "term", "--from", "2026-12-11", "--no-termijnenwet")
	if err != nil || !strings.Contains(out, "last day:  2026-12-25 (Friday)") || strings.Contains(out, "skipped:") {
		t.Errorf("without Termijnenwet: %v\n%s", err, out)
	}
	for _, bad := range [][]string{{"term"}, {"term", "--from", "2026-02-30"}, {"term", "--from", "2026-01-01", "--days", "0"}} {
		if _, _, err := runCmd(t, "", bad...); exitCode(err) != 2 {
			t.Errorf("%v: %v, want a usage error", bad, err)
		}
	}
}

func TestOrgAndUserAdd(t *testing.T) {
	t.Setenv("DATABASE_URL", pgtest.NewURL(t))
	out, _, err := runCmd(t, "", "org", "add", "--name", "Cliëntenbelang", "--kind", "client_support",
		"--street", "Spaarne 96", "--postcode", "2011cl", "--city", "Haarlem")
	if err != nil || !strings.Contains(out, "organisation 1 added: Cliëntenbelang") {
		t.Fatalf("org add: %v\n%s", err, out)
	}
	if _, _, err := runCmd(t, "", "org", "add", "--name", "Y", "--kind", "other", "--street", "Markt 1"); err == nil ||
		!strings.Contains(err.Error(), "postcode") || !strings.Contains(err.Error(), "city") {
		t.Fatalf("an address without postcode and town: %v", err)
	}
	out, _, err = runCmd(t, "", "org", "address", "--id", "1", "--street", "Postbus 9", "--postcode", "2000ac", "--city", "Haarlem")
	if err != nil || !strings.Contains(out, "organisation 1: Postbus 9, 2000 AC  HAARLEM") {
		t.Fatalf("org address: %v\n%s", err, out)
	}
	if _, _, err := runCmd(t, "", "org", "address", "--id", "99", "--street", "Markt 1", "--postcode", "2011 AB", "--city", "Haarlem"); err == nil {
		t.Fatal("org address of an unknown organisation: no error")
	}
	if _, _, err := runCmd(t, "", "org", "add", "--name", "X", "--kind", "bakery"); err == nil || !strings.Contains(err.Error(), "kind") {
		t.Fatalf("bad kind: %v", err)
	}
	out, _, err = runCmd(t, "a very long passphrase\n", "user", "add", "--email", "d@org.example", "--name", "Directie",
		"--role", "organisation", "--org", "1")
	if err != nil || !strings.Contains(out, "added: d@org.example (organisation)") {
		t.Fatalf("user add: %v\n%s", err, out)
	}
	if _, _, err := runCmd(t, "short\n", "user", "add", "--email", "e@org.example", "--name", "E", "--role", "staff"); err == nil ||
		!strings.Contains(err.Error(), "password") {
		t.Fatalf("short password: %v", err)
	}
	if _, _, err := runCmd(t, "wachtwoord123\n", "user", "add", "--email", "e@org.example", "--name", "E", "--role", "staff"); err == nil ||
		!strings.Contains(err.Error(), "too easy to guess") {
		t.Fatalf("guessable password: %v", err)
	}
	// The password was stored hashed and works for signing in.
	d, err := openForTest(t)
	if err != nil {
		t.Fatal(err)
	}
	var hash string
	if err := d.store.SQL().Get(&hash, `SELECT password_hash FROM users WHERE email = 'd@org.example'`); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(hash, "passphrase") || !strings.HasPrefix(hash, "$2") {
		t.Fatalf("stored password is not a bcrypt hash: %q", hash)
	}
	if _, err := d.store.Login(context.Background(), "d@org.example", "a very long passphrase", "", time.Hour); err != nil {
		t.Fatalf("login with the added user: %v", err)
	}
}

func openForTest(t *testing.T) (*database, error) {
	env := &environment{now: time.Now, stdout: io.Discard, stderr: io.Discard}
	var err error
	env.cfg, err = config.Load(os.Getenv)
	if err != nil {
		return nil, err
	}
	env.log = slog.New(slog.DiscardHandler)
	d, err := env.openDatabase(context.Background(), false)
	if err == nil {
		t.Cleanup(d.Close)
	}
	return d, err
}

// waitForURL waits until out shows the serving address and returns it.
func waitForURL(t testing.TB, out fmt.Stringer, done <-chan error) string {
	t.Helper()
	re := regexp.MustCompile(`serving on (http://\S+)`)
	deadline := time.Now().Add(90 * time.Second)
	for time.Now().Before(deadline) {
		if m := re.FindStringSubmatch(out.String()); m != nil {
			return m[1]
		}
		select {
		case err := <-done:
			t.Fatalf("serve ended early: %v\n%s", err, out)
		case <-time.After(50 * time.Millisecond):
		}
	}
	t.Fatalf("serve did not start:\n%s", out)
	return ""
}

func TestServeRefusesAnOutdatedSchemaUntilMigrated(t *testing.T) {
	url := pgtest.NewURL(t)
	t.Setenv("DATABASE_URL", url)
	t.Setenv("MELDPUNT_ADDR", "127.0.0.1:0")
	d, err := openForTest(t)
	if err != nil {
		t.Fatal(err)
	}
	var latest int
	if err := d.store.SQL().Get(&latest, `SELECT max(version_id) FROM goose_db_version`); err != nil {
		t.Fatal(err)
	}
	if _, err := d.store.SQL().Exec(`DELETE FROM goose_db_version WHERE version_id = $1`, latest); err != nil {
		t.Fatal(err)
	}
	if _, _, err := runCmd(t, "", "serve"); err == nil || !strings.Contains(err.Error(), "meldpunt migrate") {
		t.Fatalf("serve on an outdated schema: %v", err)
	}
	// The schema is really behind: put the tables out of the way so that migrate can run again.
	if _, err := d.store.SQL().Exec(`DROP SCHEMA public CASCADE; CREATE SCHEMA public`); err != nil {
		t.Fatal(err)
	}
	if out, _, err := runCmd(t, "", "migrate"); err != nil || !strings.Contains(out, fmt.Sprintf("schema at version %d", latest)) {
		t.Fatalf("migrate: %v\n%s", err, out)
	}
	ctx, cancel := context.WithCancel(context.Background())
	out := &syncBuffer{}
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"serve"}, strings.NewReader(""), out, io.Discard) }()
	base := waitForURL(t, out, done)
	resp, err := http.Get(base + "/readyz")
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("readyz: %v %v", resp, err)
	}
	resp.Body.Close()
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("serve after cancel: %v", err)
	}
}

// TestServeStartsAndStopsItsPrivateCluster runs the real binary without DATABASE_URL, sends it
// SIGTERM, and checks that it shut down cleanly and took its PostgreSQL with it.
func TestServeStartsAndStopsItsPrivateCluster(t *testing.T) {
	dir, err := os.MkdirTemp("", "meldpunt-serve-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, "meldpunt")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "serve", "--demo")
	cmd.Env = append(os.Environ(), "DATABASE_URL=", "MELDPUNT_DATA_DIR="+filepath.Join(dir, "var"), "MELDPUNT_ADDR=127.0.0.1:0")
	out := &syncBuffer{}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	t.Cleanup(func() { cmd.Process.Kill() })
	base := waitForURL(t, out, done)
	resp, err := http.Post(base+"/api/v1/auth/login", "application/json",
		strings.NewReader(`{"email":"behandelaar@meldpunt.example","password":"demo-wachtwoord-2026"}`))
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("demo login: %v %v\n%s", resp, err, out)
	}
	resp.Body.Close()
	pidFile := filepath.Join(dir, "var", "pgdata", "postmaster.pid")
	if _, err := os.Stat(pidFile); err != nil {
		t.Fatalf("no private cluster running: %v", err)
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve exited with %v\n%s", err, out)
		}
	case <-time.After(60 * time.Second):
		t.Fatalf("serve did not stop on SIGTERM\n%s", out)
	}
	if _, err := os.Stat(pidFile); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("PostgreSQL still running after serve stopped (postmaster.pid: %v)", err)
	}
	if !strings.Contains(out.String(), `"msg":"stopped"`) {
		t.Errorf("no orderly shutdown in the log:\n%s", out)
	}
}

// TestServeSendsTheEnforcedLetterWithinAMinute runs serve with its default schedules against a real
// SMTP server: an advice whose deadline passed while the service was down is enforced at start-up,
// and the letters about it are e-mailed within 60 seconds of the enforcement.
func TestServeSendsTheEnforcedLetterWithinAMinute(t *testing.T) {
	ctx := context.Background()
	url := pgtest.NewURL(t)
	smtp := mailtest.NewServer(t)
	t.Setenv("DATABASE_URL", url)
	t.Setenv("MELDPUNT_ADDR", "127.0.0.1:0")
	t.Setenv("MELDPUNT_SMTP_HOST", smtp.Host)
	t.Setenv("MELDPUNT_SMTP_PORT", fmt.Sprint(smtp.Port))
	t.Setenv("MELDPUNT_SMTP_TLS", "none")

	// A founded complaint whose advice was issued three weeks ago: its term is over.
	issued := time.Now().AddDate(0, 0, -21)
	sqldb, err := postgres.Open(ctx, url, 4)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sqldb.Close() })
	store := postgres.New(sqldb, func() time.Time { return issued }, postgres.DefaultTerms)
	org, err := store.CreateOrganisation(ctx, casework.Organisation{Name: "Jeugdhulp Spaarne", Kind: casework.OrgYouthCare, Email: "directie@jeugdhulp.example"})
	if err != nil {
		t.Fatal(err)
	}
	u, err := store.CreateUser(ctx, casework.NewUser{Email: "s@x.example", Name: "Sanne", Role: casework.RoleStaff, Password: "long enough password"})
	if err != nil {
		t.Fatal(err)
	}
	staff := casework.ActorOf(u)
	r, err := store.FileComplaint(ctx, casework.ResidentActor, casework.Intake{
		Complainant:     casework.Contact{Name: "Fatima el Amrani", Email: "fatima@voorbeeld.example"},
		OrganisationIDs: []int64{org.ID}, Grounds: []casework.Ground{casework.GroundSolution},
		LifeDomains: []casework.LifeDomain{casework.DomainYouthCare}, Summary: "Mijn zoon staat al negen maanden op de wachtlijst."})
	if err != nil {
		t.Fatal(err)
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(store.TakeUp(ctx, staff, r.Reference, casework.TakeUp{NotInvolved: true}))
	_, err = store.RecordHearing(ctx, staff, r.Reference, casework.Hearing{Party: casework.PartyComplainant, Skipped: casework.SkipWaived, SkipNote: "afgezien"})
	must(err)
	_, err = store.RecordHearing(ctx, staff, r.Reference, casework.Hearing{Party: casework.PartyOrganisation, OrganisationID: org.ID, Skipped: casework.SkipWaived, SkipNote: "ziet af van horen"})
	must(err)
	advices, err := store.Rule(ctx, staff, r.Reference, casework.Ruling{Verdict: casework.VerdictFounded, Findings: "De wachttijd is te lang.",
		Conclusions: "De klacht is gegrond.", Advices: []casework.AdviceInput{{OrganisationID: org.ID, Text: "Regel overbruggingszorg."}}})
	must(err)
	if !advices[0].DeadlineAt.Before(time.Now()) {
		t.Fatalf("the advice's deadline %s has not passed", advices[0].DeadlineAt)
	}

	runCtx, cancel := context.WithCancel(ctx)
	out := &syncBuffer{}
	done := make(chan error, 1)
	go func() { done <- run(runCtx, []string{"serve"}, strings.NewReader(""), out, io.Discard) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	}()
	waitForURL(t, out, done)

	var enforcedAt time.Time
	deadline := time.Now().Add(90 * time.Second)
	for {
		if enforcedAt.IsZero() {
			store.SQL().Get(&enforcedAt, `SELECT processed_at FROM events WHERE action = 'enforce'`)
		}
		var pending int
		must(store.SQL().Get(&pending, `SELECT count(*) FROM notices WHERE kind LIKE 'enforced%' AND status <> 'sent'`))
		var enforcedLetters int
		must(store.SQL().Get(&enforcedLetters, `SELECT count(*) FROM notices WHERE kind LIKE 'enforced%'`))
		if !enforcedAt.IsZero() && enforcedLetters == 2 && pending == 0 {
			var lastSent time.Time
			must(store.SQL().Get(&lastSent, `SELECT max(sent_at) FROM notices WHERE kind LIKE 'enforced%'`))
			if lag := lastSent.Sub(enforcedAt); lag < 0 || lag > 60*time.Second {
				t.Fatalf("the enforced letters went out %s after the enforcement", lag)
			}
			t.Logf("enforced at %s, letters e-mailed %s later; %d messages at the SMTP server",
				enforcedAt.Format(time.RFC3339), lastSent.Sub(enforcedAt).Round(time.Millisecond), len(smtp.Messages()))
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the enforced letters were not sent in time (enforced at %v, %d letters, %d not sent)\n%s", enforcedAt, enforcedLetters, pending, out)
		}
		time.Sleep(200 * time.Millisecond)
	}
	// The complainant's copy reached the SMTP server with the letter attached.
	var found bool
	for _, m := range smtp.Messages() {
		if len(m.To) == 1 && m.To[0] == "fatima@voorbeeld.example" && bytes.Contains(m.Raw, []byte("application/pdf")) &&
			strings.HasPrefix(m.MessageID, "<notice-") {
			found = true
		}
	}
	if !found {
		t.Fatal("no e-mail with a PDF letter reached the complainant")
	}
}

// TestServeDoesNotBorrowAPrivateClusterItCannotKeep: when another process runs the private cluster,
// a short command uses it, but serve refuses, since the other process stops the cluster when it
// exits.
func TestServeDoesNotBorrowAPrivateClusterItCannotKeep(t *testing.T) {
	dir, err := os.MkdirTemp("", "meldpunt-owner-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	cl, err := pgcluster.Start(context.Background(), pgcluster.Options{DataDir: filepath.Join(dir, "pgdata")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cl.Stop() })
	t.Setenv("DATABASE_URL", "")
	t.Setenv("MELDPUNT_DATA_DIR", dir)
	t.Setenv("MELDPUNT_ADDR", "127.0.0.1:0")
	if out, _, err := runCmd(t, "", "sweep"); err != nil || !strings.Contains(out, "0 advices enforced") {
		t.Fatalf("sweep on the borrowed cluster: %v\n%s", err, out)
	}
	if _, _, err := runCmd(t, "", "serve"); !errors.Is(err, pgcluster.ErrAlreadyRunning) {
		t.Fatalf("serve on a cluster another process runs: %v", err)
	}
	if err := cl.Stop(); err != nil {
		t.Fatal(err)
	}
}
