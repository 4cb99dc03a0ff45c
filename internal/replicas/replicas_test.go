package replicas_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"meldpunt/internal/casework"
	"meldpunt/internal/mail/mailtest"
	"meldpunt/internal/notice"
	"meldpunt/internal/pgtest"
	"meldpunt/internal/postgres"
	"meldpunt/internal/replicas"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

const staffPassword = "Zeven-Blauwe-Reigers-Boven-Het-Spaarne"

// attempt is one resident's complaint as the resident saw it.
type attempt struct {
	n          int
	summary    string
	start, end time.Time
	status     int    // 0: no answer (connection error)
	reference  string // from a 201
	err        string
}

// inFlightAt reports whether the request was under way between from and to.
func (a attempt) inFlightAt(from, to time.Time) bool { return a.start.Before(to) && a.end.After(from) }

// TestThreeReplicasBehindHAProxyLoseNothingWhenOneIsKilled runs three `meldpunt serve` processes
// on one PostgreSQL behind HAProxy. Residents file complaints at a steady rate while the second
// replica is killed with SIGKILL and started again. Every 201 is stored once with its
// acknowledgement letter; a complaint not answered 201 is absent, unless its request was in flight
// on the killed replica at the kill (intake is one transaction: the commit may land just before
// the kill and the 201 never leave; HAProxy does not send a POST twice): such complaints are
// counted and must be whole. The advices overdue at start-up are enforced once although three
// replicas sweep; each letter reaches the SMTP server once; a page session and an API token made
// before the kill keep working on every replica after it, the restarted one included.
func TestThreeReplicasBehindHAProxyLoseNothingWhenOneIsKilled(t *testing.T) {
	ctx := context.Background()
	dbURL := pgtest.NewURL(t)
	smtp := mailtest.NewServer(t)
	sqldb, err := postgres.Open(ctx, dbURL, 4)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sqldb.Close() })
	const overdue = 8
	org, adviceIDs := seedOverdueAdvices(t, sqldb, overdue)

	set := replicas.Start(t, replicas.Options{DatabaseURL: dbURL, Replicas: 3, Env: []string{
		"MELDPUNT_SWEEP_SCHEDULE=@every 1s",
		"MELDPUNT_DISPATCH_SCHEDULE=@every 1s",
		"MELDPUNT_SMTP_HOST=" + smtp.Host,
		fmt.Sprintf("MELDPUNT_SMTP_PORT=%d", smtp.Port),
		"MELDPUNT_SMTP_TLS=none",
	}})
	proxy := set.Proxy()
	client := &http.Client{Timeout: 20 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

	// Sign in through the load balancer before the kill: an API token and a page session.
	token, cookie := signIn(t, client, proxy.URL)

	// Residents file complaints at a steady rate; the second replica is killed after 4 s, amid a
	// burst of nine more, and started again 3 s later; the residents go on until 12 s.
	const rate, duration = 15, 12 * time.Second
	var (
		mu       sync.Mutex
		attempts []attempt
		wg       sync.WaitGroup
	)
	file := func(n int) {
		a := attempt{n: n, summary: fmt.Sprintf("Mijn aanvraag voor huishoudelijke hulp is zoekgeraakt (melding %04d).", n)}
		body, _ := json.Marshal(casework.Intake{
			Complainant:     casework.Contact{Name: "Inwoner Van Dijk", Email: fmt.Sprintf("inwoner%04d@voorbeeld.example", n)},
			Language:        casework.LanguageDutch,
			Channel:         casework.ChannelWeb,
			OrganisationIDs: []int64{org},
			Grounds:         []casework.Ground{casework.GroundTreatment},
			LifeDomains:     []casework.LifeDomain{casework.DomainCare},
			Summary:         a.summary,
		})
		a.start = time.Now()
		resident := replicas.Resident(n)
		defer resident.CloseIdleConnections()
		resp, err := resident.Post(proxy.URL+"/api/v1/complaints", "application/json", bytes.NewReader(body))
		if err != nil {
			a.err = err.Error()
		} else {
			answer, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			a.status = resp.StatusCode
			var r casework.Receipt
			if a.status == http.StatusCreated && json.Unmarshal(answer, &r) == nil {
				a.reference = r.Reference
			} else {
				a.err = strings.TrimSpace(string(answer))
			}
		}
		a.end = time.Now()
		mu.Lock()
		attempts = append(attempts, a)
		mu.Unlock()
	}

	// Meanwhile a staff member keeps using the token and the session, ten times a second.
	type use struct {
		at       time.Time
		api, web int
		apiBy    string
		webBy    string
	}
	var uses []use
	stopUsing := make(chan struct{})
	var usingDone sync.WaitGroup
	usingDone.Go(func() {
		for {
			select {
			case <-stopUsing:
				return
			case <-time.After(100 * time.Millisecond):
			}
			u := use{at: time.Now()}
			u.api, u.apiBy = get(client, proxy.URL+"/api/v1/me", "Authorization", "Bearer "+token)
			u.web, u.webBy = get(client, proxy.URL+"/werk", "Cookie", cookie)
			uses = append(uses, u)
		}
	})

	start := time.Now()
	var killFrom, killTo time.Time
	mailedAtKill, recordedAtKill := map[string]bool{}, map[int64]bool{}
	var restarting bool
	type restart struct {
		at  time.Time
		err error
	}
	restarted := make(chan restart, 1)
	tick := time.NewTicker(time.Second / rate)
	filed := 0
	resident := func() {
		n := filed
		filed++
		wg.Go(func() { file(n) })
	}
	for time.Since(start) < duration {
		<-tick.C
		resident()
		switch {
		case killFrom.IsZero() && time.Since(start) > 4*time.Second:
			// Kill while requests are surely in flight: a burst of residents, and the kill a few
			// milliseconds later, while some of theirs are on r2.
			for range 9 {
				resident()
			}
			time.Sleep(4 * time.Millisecond)
			killFrom = time.Now()
			set.Kill(1)
			killTo = time.Now()
			t.Logf("killed r2 at %.1fs", killFrom.Sub(start).Seconds())
			// What had reached the SMTP server, and what the outbox had recorded as sent, when r2
			// died: a letter it e-mailed but did not live to record is in the first, not the second.
			for _, m := range smtp.Messages() {
				mailedAtKill[m.MessageID] = true
			}
			var ids []int64
			if err := sqldb.Select(&ids, `SELECT id FROM notices WHERE status = 'sent'`); err != nil {
				t.Fatal(err)
			}
			for _, id := range ids {
				recordedAtKill[id] = true
			}
		case !killFrom.IsZero() && !restarting && time.Since(killTo) > 3*time.Second:
			restarting = true
			go func() {
				err := set.Restart(1)
				restarted <- restart{time.Now(), err}
			}()
		}
	}
	tick.Stop()
	wg.Wait()
	if !restarting {
		t.Fatal("the residents finished before the killed replica was started again")
	}
	// The restart runs in the background: wait until the replica serves again.
	r := <-restarted
	if r.err != nil {
		t.Fatal(r.err)
	}
	restartedAt := r.at
	proxy.WaitFor(t, 30*time.Second, "UP", "r1", "r2", "r3")
	time.Sleep(time.Second) // a few more uses of the session, on the restarted replica too
	close(stopUsing)
	usingDone.Wait()
	t.Logf("r2 restarted and serving %.1fs after the kill", restartedAt.Sub(killTo).Seconds())

	// The residents: every 201 stored once with its letter; the rest absent unless in doubt.
	var created, failed, inDoubt int
	bySummary := map[string]attempt{}
	for _, a := range attempts {
		bySummary[a.summary] = a
		if a.status == http.StatusCreated {
			created++
			continue
		}
		failed++
		if !a.inFlightAt(killFrom, killTo) {
			t.Errorf("complaint %d was answered %d (%s) outside the kill (%.2fs to %.2fs after start; request %.2fs to %.2fs)",
				a.n, a.status, a.err, killFrom.Sub(start).Seconds(), killTo.Sub(start).Seconds(),
				a.start.Sub(start).Seconds(), a.end.Sub(start).Seconds())
		}
	}
	if created < len(attempts)*9/10 || len(attempts) < rate*int(duration/time.Second)*8/10 {
		t.Fatalf("only %d of %d complaints answered 201", created, len(attempts))
	}
	type stored struct {
		Reference string `db:"reference"`
		Summary   string `db:"summary"`
		Acks      int    `db:"acks"`
	}
	var rows []stored
	if err := sqldb.Select(&rows, `
		SELECT c.reference, c.summary,
			(SELECT count(*) FROM notices n WHERE n.complaint_id = c.id AND n.kind = $1 AND n.recipient = 'complainant') AS acks
		FROM complaints c WHERE c.summary LIKE 'Mijn aanvraag voor huishoudelijke hulp%'`, postgres.NoticeAcknowledgement); err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	for _, r := range rows {
		seen[r.Summary]++
		a, ok := bySummary[r.Summary]
		switch {
		case !ok:
			t.Errorf("complaint %s (%q) is stored but no resident filed it", r.Reference, r.Summary)
		case a.status == http.StatusCreated && a.reference != r.Reference:
			t.Errorf("complaint %d: answered 201 with %s, stored as %s", a.n, a.reference, r.Reference)
		case a.status != http.StatusCreated:
			inDoubt++
			t.Logf("complaint %d was in flight on the killed replica, answered %d (%s), and is stored (%s): its commit came before the kill",
				a.n, a.status, a.err, r.Reference)
		}
		if r.Acks != 1 {
			t.Errorf("complaint %s has %d acknowledgement letters, want 1", r.Reference, r.Acks)
		}
	}
	for _, a := range attempts {
		if a.status == http.StatusCreated && seen[a.summary] != 1 {
			t.Errorf("complaint %d was answered 201 (%s) and is stored %d times", a.n, a.reference, seen[a.summary])
		}
		if seen[a.summary] > 1 {
			t.Errorf("complaint %d is stored %d times", a.n, seen[a.summary])
		}
	}
	t.Logf("%d complaints filed at %d/s: %d answered 201, %d not (all in flight at the kill), of which %d stored all the same",
		len(attempts), rate, created, failed, inDoubt)

	// Sessions: before and after the kill, on every replica, the restarted one included.
	signedIn := map[string]bool{}
	for _, u := range uses {
		for _, r := range []struct {
			kind, by string
			status   int
		}{{"token", u.apiBy, u.api}, {"page session", u.webBy, u.web}} {
			switch {
			case r.status == http.StatusOK:
				if u.at.After(killTo) {
					key := r.kind + " on " + r.by
					if r.by == "r2" && u.at.Before(restartedAt) {
						continue
					}
					signedIn[key] = true
				}
			case r.status == http.StatusBadGateway && u.at.Before(killTo.Add(time.Second)) && u.at.After(killFrom.Add(-time.Second)):
				// In flight on the killed replica.
			default:
				t.Errorf("the %s answered %d from %q at %.2fs (kill at %.2fs)", r.kind, r.status, r.by,
					u.at.Sub(start).Seconds(), killFrom.Sub(start).Seconds())
			}
		}
	}
	for _, kind := range []string{"token", "page session"} {
		for _, r := range []string{"r1", "r2", "r3"} {
			if !signedIn[kind+" on "+r] {
				t.Errorf("the %s made before the kill was not seen working on %s after it (%d uses)", kind, r, len(uses))
			}
		}
	}

	// The sweep: each overdue advice enforced once, by whichever replica came first.
	for _, id := range adviceIDs {
		var status string
		var enforcements int
		if err := sqldb.Get(&status, `SELECT status FROM advices WHERE id = $1`, id); err != nil {
			t.Fatal(err)
		}
		if err := sqldb.Get(&enforcements, `SELECT count(*) FROM events WHERE advice_id = $1 AND action = 'enforce'`, id); err != nil {
			t.Fatal(err)
		}
		if status != "enforced" || enforcements != 1 {
			t.Errorf("advice %d: status %s, %d enforce events; want enforced once", id, status, enforcements)
		}
	}

	// Dispatch: wait until every letter is sent, except those the killed replica had claimed (their
	// lease, from before the kill, has not run out yet); then each reached the SMTP server once.
	lease := notice.DefaultConfig.Lease
	type outboxRow struct {
		ID        int64     `db:"id"`
		Status    string    `db:"status"`
		NextAt    time.Time `db:"next_attempt_at"`
		Attempts  int       `db:"attempts"`
		LastError string    `db:"last_error"`
	}
	var outbox []outboxRow
	var unsent []outboxRow
	deadline := time.Now().Add(60 * time.Second)
	for {
		outbox = nil
		if err := sqldb.Select(&outbox, `SELECT id, status, next_attempt_at, attempts, last_error FROM notices ORDER BY id`); err != nil {
			t.Fatal(err)
		}
		unsent = unsent[:0]
		for _, n := range outbox {
			heldByTheDead := n.Status == "pending" && n.Attempts > 0 && n.NextAt.Add(-lease).Before(killTo)
			if n.Status != "sent" && !heldByTheDead {
				unsent = append(unsent, n)
			}
		}
		if len(unsent) == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d letters not sent within a minute, e.g. %+v", len(unsent), len(outbox), unsent[0])
		}
		time.Sleep(250 * time.Millisecond)
	}
	perID := map[string]int{}
	for _, m := range smtp.Messages() {
		perID[m.MessageID]++
	}
	// Each letter reached the SMTP server once. The one exception is a letter the killed replica
	// e-mailed but did not live to record (it was at the server, and not recorded as sent, when r2
	// died): it stays claimed until its lease runs out and is then sent again with the same
	// Message-ID, which receivers use to drop the copy. A dispatcher sends one letter at a time (the
	// urgent pass and the pass over everything take turns per letter), so there is at most one.
	var sent, held int
	var unrecorded []int64
	for _, n := range outbox {
		id := fmt.Sprintf("<notice-%d@meldpunt.example>", n.ID)
		mailed := perID[id]
		byTheDead := mailedAtKill[id] && !recordedAtKill[n.ID]
		if n.Status == "sent" {
			sent++
		} else {
			held++
		}
		switch {
		case n.Status == "sent" && mailed == 1, n.Status != "sent" && mailed == 0:
		case byTheDead && (n.Status == "sent" && mailed == 2 || n.Status != "sent" && mailed == 1):
			unrecorded = append(unrecorded, n.ID)
		default:
			t.Errorf("notice %d (%s) reached the SMTP server %d times", n.ID, n.Status, mailed)
		}
		delete(perID, id)
	}
	for id, count := range perID {
		t.Errorf("%d e-mails with Message-ID %s, which is no notice", count, id)
	}
	if len(unrecorded) > 1 {
		t.Errorf("letters %v were e-mailed by the killed replica without being recorded, want at most one", unrecorded)
	}
	if sent < created+2*overdue {
		t.Errorf("%d letters sent, want at least %d (acknowledgements and enforcement letters)", sent, created+2*overdue)
	}
	t.Logf("%d letters sent, each once; %d still claimed by the killed replica; e-mailed by it but not recorded: %v", sent, held, unrecorded)
}

// get asks for a URL with one header and returns the status and the server that answered.
func get(client *http.Client, u, header, value string) (int, string) {
	req, err := http.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		return 0, ""
	}
	req.Header.Set(header, value)
	resp, err := client.Do(req)
	if err != nil {
		return 0, err.Error()
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode, resp.Header.Get("X-Served-By")
}

// signIn gets an API token and a page session cookie for the staff member, through the proxy.
func signIn(t *testing.T, client *http.Client, base string) (token, cookie string) {
	t.Helper()
	body, _ := json.Marshal(map[string]string{"email": "sanne@meldpunt.example", "password": staffPassword})
	resp, err := client.Post(base+"/api/v1/auth/login", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	var session postgres.Session
	err = json.NewDecoder(resp.Body).Decode(&session)
	resp.Body.Close()
	if err != nil || resp.StatusCode != http.StatusOK || session.Token == "" {
		t.Fatalf("API sign-in: %d %v", resp.StatusCode, err)
	}
	resp, err = client.PostForm(base+"/inloggen", url.Values{"email": {"sanne@meldpunt.example"}, "password": {staffPassword}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	for _, c := range resp.Cookies() {
		if c.Name == "meldpunt_sessie" && c.Value != "" {
			cookie = c.Name + "=" + c.Value
		}
	}
	if resp.StatusCode != http.StatusSeeOther || cookie == "" {
		t.Fatalf("page sign-in: %d, cookie %q", resp.StatusCode, cookie)
	}
	if status, _ := get(client, base+"/werk", "Cookie", cookie); status != http.StatusOK {
		t.Fatalf("the work list with the new session: %d", status)
	}
	return session.Token, cookie
}

// seedOverdueAdvices makes an organisation, the staff member and n founded complaints, each with
// an advice issued three weeks ago: its term is over when the replicas start. It returns the
// organisation and the advices.
func seedOverdueAdvices(t *testing.T, sqldb *sqlx.DB, n int) (int64, []int64) {
	t.Helper()
	ctx := context.Background()
	issued := time.Now().AddDate(0, 0, -21)
	store := postgres.New(sqldb, func() time.Time { return issued }, postgres.DefaultTerms)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	org, err := store.CreateOrganisation(ctx, casework.Organisation{Name: "Thuiszorg Kennemerland",
		Kind: casework.OrgCareProvider, Email: "klachten@thuiszorg.example"})
	must(err)
	u, err := store.CreateUser(ctx, casework.NewUser{Email: "sanne@meldpunt.example", Name: "Sanne de Wit",
		Role: casework.RoleStaff, Password: staffPassword})
	must(err)
	staff := casework.ActorOf(u)
	var advices []int64
	for i := range n {
		r, err := store.FileComplaint(ctx, casework.ResidentActor, casework.Intake{
			Complainant:     casework.Contact{Name: "Fatima el Amrani", Email: fmt.Sprintf("fatima%d@voorbeeld.example", i)},
			OrganisationIDs: []int64{org.ID}, Grounds: []casework.Ground{casework.GroundSolution},
			LifeDomains: []casework.LifeDomain{casework.DomainCare}, Summary: "Mijn moeder krijgt al maanden geen thuiszorg."})
		must(err)
		must(store.TakeUp(ctx, staff, r.Reference, casework.TakeUp{NotInvolved: true}))
		_, err = store.RecordHearing(ctx, staff, r.Reference, casework.Hearing{Party: casework.PartyComplainant,
			Skipped: casework.SkipWaived, SkipNote: "afgezien"})
		must(err)
		_, err = store.RecordHearing(ctx, staff, r.Reference, casework.Hearing{Party: casework.PartyOrganisation,
			OrganisationID: org.ID, Skipped: casework.SkipWaived, SkipNote: "ziet af van horen"})
		must(err)
		a, err := store.Rule(ctx, staff, r.Reference, casework.Ruling{Verdict: casework.VerdictFounded,
			Findings: "De zorg is niet geleverd.", Conclusions: "De klacht is gegrond.",
			Advices: []casework.AdviceInput{{OrganisationID: org.ID, Text: "Lever de toegezegde zorg binnen een week."}}})
		must(err)
		if !a[0].DeadlineAt.Before(time.Now()) {
			t.Fatalf("the advice's deadline %s has not passed", a[0].DeadlineAt)
		}
		advices = append(advices, a[0].ID)
	}
	return org.ID, advices
}

// TestHAProxyLetsNoClientChooseItsAddressOrScheme: behind the load balancer's configuration, a
// client's own X-Forwarded-For and X-Forwarded-Proto are not believed, although the load balancer
// is a trusted proxy: the sign-in throttle counts the client's real address, and a claimed https
// switches on neither HSTS nor a Secure cookie.
func TestHAProxyLetsNoClientChooseItsAddressOrScheme(t *testing.T) {
	ctx := context.Background()
	dbURL := pgtest.NewURL(t)
	sqldb, err := postgres.Open(ctx, dbURL, 2)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sqldb.Close() })
	store := postgres.New(sqldb, time.Now, postgres.DefaultTerms)
	if _, err := store.CreateUser(ctx, casework.NewUser{Email: "sanne@meldpunt.example", Name: "Sanne de Wit",
		Role: casework.RoleStaff, Password: staffPassword}); err != nil {
		t.Fatal(err)
	}
	set := replicas.Start(t, replicas.Options{DatabaseURL: dbURL, Replicas: 1, Env: []string{"MELDPUNT_LOGIN_LIMIT=1"}})
	proxy := set.Proxy()

	login := func(forwardedFor, password string) int {
		body, _ := json.Marshal(map[string]string{"email": "sanne@meldpunt.example", "password": password})
		req, _ := http.NewRequest(http.MethodPost, proxy.URL+"/api/v1/auth/login", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Forwarded-For", forwardedFor)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if status := login("198.51.100.7", "wrong password, first"); status != http.StatusUnauthorized {
		t.Fatalf("a wrong password: %d, want 401", status)
	}
	// From the same real address, whatever the header says, the account is now at its limit.
	if status := login("198.51.100.8", "wrong password, second"); status != http.StatusTooManyRequests {
		t.Errorf("a second wrong password under another claimed address: %d, want 429 (the claimed address was believed)", status)
	}

	req, _ := http.NewRequest(http.MethodGet, proxy.URL+"/inloggen", nil)
	req.Header.Set("X-Forwarded-Proto", "https")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Strict-Transport-Security") != "" {
		t.Errorf("plain HTTP claiming https through the proxy: %d, HSTS %q; want 200 without HSTS",
			resp.StatusCode, resp.Header.Get("Strict-Transport-Security"))
	}
}
