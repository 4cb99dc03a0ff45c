package postgres_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"meldpunt/internal/casework"
)

// supportWorld is a hand-built set of trajectories, issues, activities, referrals and complaints
// around the second quarter of 2026, with rows on the edges of the period (the day before, the
// first day, the last day, the day after), inserted directly as the supporters' records would be.
type supportWorld struct {
	*fx
	alfa, bravo, charlie casework.Supporter
}

func newSupportWorld(t *testing.T) *supportWorld {
	f := newFx(t, local(2026, 7, 15, 10, 0))
	w := &supportWorld{fx: f}
	admin := casework.Actor{UserID: f.staff.ID, Role: casework.RoleAdmin}
	admit := func(name string) casework.Supporter {
		s, err := f.db.AdmitSupporter(f.ctx, admin, profile(name, []casework.LifeDomain{casework.DomainIncome}, []string{"nl"},
			casework.SupporterContact{Phone: "023 000 0000", PhoneHours: "ma-vr 9-17"}))
		f.must(err)
		return s
	}
	w.alfa, w.bravo, w.charlie = admit("Alfa Ondersteuning"), admit("Bravo Raadslieden"), admit("Charlie Zzp")
	return w
}

func day(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}

// trajectory inserts a trajectory of s begun on started, ended on ended with outcome when ended
// is not empty, and returns its id.
func (w *supportWorld) trajectory(s casework.Supporter, started, ended string, outcome casework.TrajectoryOutcome, referredBy int64) int64 {
	w.t.Helper()
	var end, out, ref any
	if ended != "" {
		end, out = day(ended), string(outcome)
	}
	if referredBy != 0 {
		ref = referredBy
	}
	var id int64
	w.must(w.sql.GetContext(w.ctx, &id, `INSERT INTO trajectories (supporter_id, client_label, started_on, ended_on,
		outcome, referred_by_id, created_at, updated_at) VALUES ($1, 'GEHEIM-LABEL-'||$2, $3, $4, $5, $6, now(), now()) RETURNING id`,
		s.ID, started, day(started), end, out, ref))
	return id
}

func (w *supportWorld) issue(tr int64, topic casework.IssueTopic, on string) {
	w.t.Helper()
	_, err := w.sql.ExecContext(w.ctx, `INSERT INTO trajectory_issues (trajectory_id, topic, noted_on) VALUES ($1, $2, $3)`,
		tr, string(topic), day(on))
	w.must(err)
}

func (w *supportWorld) activity(tr int64, ch casework.ActivityChannel, on string, minutes int) {
	w.t.Helper()
	_, err := w.sql.ExecContext(w.ctx, `INSERT INTO trajectory_activities (trajectory_id, on_date, channel, minutes)
		VALUES ($1, $2, $3, $4)`, tr, day(on), string(ch), minutes)
	w.must(err)
}

func (w *supportWorld) referral(tr int64, on string, toSupporter int64) {
	w.t.Helper()
	var to any
	org := ""
	if toSupporter != 0 {
		to = toSupporter
	} else {
		org = "Schuldhulpverlening Haarlem"
	}
	_, err := w.sql.ExecContext(w.ctx, `INSERT INTO trajectory_referrals (trajectory_id, on_date, to_supporter_id, to_organisation)
		VALUES ($1, $2, $3, $4)`, tr, day(on), to, org)
	w.must(err)
}

// complaint files a complaint and moves its receipt to at, with a supporter named or not.
func (w *supportWorld) complaint(at time.Time, supporter bool) {
	w.t.Helper()
	r := w.file(w.orgA.ID)
	name := ""
	if supporter {
		name = "Bravo Raadslieden"
	}
	_, err := w.sql.ExecContext(w.ctx, `UPDATE complaints SET received_at = $2, supporter_name = $3 WHERE reference = $1`,
		r.Reference, at, name)
	w.must(err)
}

// build fills the world; the comments give what the second quarter of 2026 counts.
func (w *supportWorld) build() {
	const Q = "2026-"
	// Alfa: six clients in Q2.
	a1 := w.trajectory(w.alfa, Q+"03-31", "", "", 0)                              // active, not new
	a2 := w.trajectory(w.alfa, Q+"04-01", Q+"06-30", casework.OutcomeResolved, 0) // new on the first day, ended on the last
	a3 := w.trajectory(w.alfa, Q+"06-30", "", "", 0)                              // new on the last day
	a4 := w.trajectory(w.alfa, Q+"01-10", Q+"04-01", casework.OutcomeResolved, 0) // ended on the first day
	a5 := w.trajectory(w.alfa, Q+"05-01", "", "", w.bravo.ID)                     // new, referred by Bravo
	a6 := w.trajectory(w.alfa, Q+"05-02", Q+"05-20", casework.OutcomeResolved, 0)
	w.trajectory(w.alfa, Q+"01-01", Q+"03-31", casework.OutcomeNotResolved, 0) // ended the day before: not in Q2
	w.trajectory(w.alfa, Q+"07-01", "", "", 0)                                 // begun the day after: not in Q2
	// Bravo: five clients, all new in Q2.
	b := []int64{
		w.trajectory(w.bravo, Q+"04-10", Q+"05-05", casework.OutcomeResolved, 0),
		w.trajectory(w.bravo, Q+"04-11", Q+"06-01", casework.OutcomeResolved, 0),
		w.trajectory(w.bravo, Q+"04-12", Q+"06-02", casework.OutcomeReferred, 0),
		w.trajectory(w.bravo, Q+"04-13", "", "", 0),
		w.trajectory(w.bravo, Q+"04-14", "", "", 0),
	}
	// Charlie: two clients.
	c1 := w.trajectory(w.charlie, Q+"04-15", "", "", 0)
	c2 := w.trajectory(w.charlie, Q+"02-01", Q+"06-15", casework.OutcomeClientStopped, 0)

	// Issues: five on finances and three on housing in Q2; one on debts either side of it.
	for _, tr := range []int64{a1, a2, a3, a4, a5} {
		w.issue(tr, casework.TopicFinances, Q+"04-01")
	}
	w.issue(a6, casework.TopicHousingShelter, Q+"06-30")
	w.issue(b[0], casework.TopicHousingShelter, Q+"05-01")
	w.issue(c1, casework.TopicHousingShelter, Q+"05-01")
	w.issue(a1, casework.TopicDebts, Q+"03-31")
	w.issue(a1, casework.TopicDebts, Q+"07-01")

	// Activities: Alfa six phone calls of 30 minutes, Bravo five home visits of 90, Charlie two
	// hours at the desk; a phone call either side of the quarter.
	for _, tr := range []int64{a1, a2, a3, a4, a5, a6} {
		on := Q + "04-01"
		if tr == a3 {
			on = Q + "06-30"
		}
		w.activity(tr, casework.ActivityPhone, on, 30)
	}
	for _, tr := range b {
		w.activity(tr, casework.ActivityHomeVisit, Q+"05-10", 90)
	}
	w.activity(c1, casework.ActivityDesk, Q+"05-01", 60)
	w.activity(c2, casework.ActivityDesk, Q+"05-02", 60)
	w.activity(a1, casework.ActivityPhone, Q+"03-31", 45)
	w.activity(a1, casework.ActivityPhone, Q+"07-01", 45)

	// Referrals: five within the pool and three outside in Q2; one outside the day before.
	for range 5 {
		w.referral(b[2], Q+"06-02", w.alfa.ID)
	}
	for range 3 {
		w.referral(a1, Q+"05-15", 0)
	}
	w.referral(a1, Q+"03-31", 0)

	// Complaints: six received in Q2 (local dates; the first 10 minutes into 1 April is still
	// 31 March in UTC), five of them with a supporter; one either side.
	w.complaint(local(2026, 3, 31, 23, 30), true)
	w.complaint(local(2026, 4, 1, 0, 10), true)
	for d := 4; d <= 7; d++ {
		w.complaint(local(2026, 5, d, 12, 0), d != 7)
	}
	w.complaint(local(2026, 6, 30, 23, 50), true)
	w.complaint(local(2026, 7, 1, 0, 10), true)
}

func shown(n int) casework.Suppressed { return casework.Suppressed{N: n} }

var (
	hiddenCount   = casework.Suppressed{Hidden: true}
	withheldCount = casework.Suppressed{Withheld: true}
)

func hoursOf(h *float64) string {
	if h == nil {
		return "nil"
	}
	return strings.TrimRight(strings.TrimRight(jsonOf(*h), "0"), ".")
}

func jsonOf(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// TestSupportFiguresQuarter checks every figure of the second quarter of 2026 against the hand-built
// world: the edges of the period, the small counts hidden and the counts that would reveal them
// withheld, the hours hidden with their counts, and no client label anywhere.
func TestSupportFiguresQuarter(t *testing.T) {
	w := newSupportWorld(t)
	w.build()
	f, err := w.db.SupportFigures(w.ctx, casework.SupportPeriod{Year: 2026, Quarter: 2})
	w.must(err)

	if f.PeriodFrom != "2026-04-01" || f.PeriodTo != "2026-06-30" {
		t.Errorf("period %s to %s", f.PeriodFrom, f.PeriodTo)
	}
	check := func(name string, got, want casework.Suppressed) {
		t.Helper()
		if got != want {
			t.Errorf("%s: got %s, want %s", name, got, want)
		}
	}
	// 6 of Alfa, 5 of Bravo, 2 of Charlie; new: 4 + 5 + 1; referred: 1 (hidden).
	check("clients", f.Clients, shown(13))
	check("new clients", f.NewClients, shown(10))
	check("referred clients", f.ReferredClients, hiddenCount)
	// 6×30 + 5×90 + 2×60 minutes.
	if hoursOf(f.Hours) != "12.5" {
		t.Errorf("hours: got %s, want 12.5", hoursOf(f.Hours))
	}
	// Charlie's 2 clients are hidden; alone they would follow from the total, so Bravo's 5 (the
	// smallest shown) are withheld too, and with them the hours.
	wantRows := []casework.SupporterHours{}
	three := 3.0
	wantRows = append(wantRows, casework.SupporterHours{Supporter: "Alfa Ondersteuning", Clients: shown(6), Hours: &three},
		casework.SupporterHours{Supporter: "Bravo Raadslieden", Clients: withheldCount},
		casework.SupporterHours{Supporter: "Charlie Zzp", Clients: hiddenCount})
	if jsonOf(f.HoursBySupporter) != jsonOf(wantRows) {
		t.Errorf("hours by supporter:\n got %s\nwant %s", jsonOf(f.HoursBySupporter), jsonOf(wantRows))
	}
	check("issues", f.Issues, shown(8))
	for _, tc := range f.IssuesByTopic {
		want := hiddenCount
		if tc.Topic == casework.TopicFinances {
			want = shown(5)
		}
		check("issues on "+string(tc.Topic), tc.Issues, want)
	}
	if len(f.IssuesByTopic) != len(casework.IssueTopics) {
		t.Errorf("%d topics", len(f.IssuesByTopic))
	}
	// Phone 6, home visits 5, desk 2 hidden; the channels without activities are hidden (zero is
	// under 5) too, so more than one is hidden and nothing needs withholding.
	check("activities", f.Activities, shown(13))
	for _, c := range f.ActivitiesByChannel {
		want, hours := hiddenCount, "nil"
		switch c.Channel {
		case casework.ActivityPhone:
			want, hours = shown(6), "3"
		case casework.ActivityHomeVisit:
			want, hours = shown(5), "7.5"
		}
		check("activities by "+string(c.Channel), c.Activities, want)
		if hoursOf(c.Hours) != hours {
			t.Errorf("hours by %s: got %s, want %s", c.Channel, hoursOf(c.Hours), hours)
		}
	}
	// Referrals 5 + 3: the 3 outside are hidden, so the 5 within are withheld.
	check("referrals", f.Referrals, shown(8))
	check("referrals within the pool", f.ReferralsInPool, withheldCount)
	check("referrals outside", f.ReferralsOutside, hiddenCount)
	// Ended: a2 (on the last day), a4 (on the first day), a6, b1, b2 resolved; b3 referred; c2 stopped.
	check("ended", f.Ended, shown(7))
	for _, o := range f.OutcomesByOutcome {
		want := hiddenCount
		if o.Outcome == casework.OutcomeResolved {
			want = shown(5)
		}
		check("outcome "+string(o.Outcome), o.Trajectories, want)
	}
	check("complaints", f.Complaints, shown(6))
	check("complaints with a supporter", f.ComplaintsWithSupporter, shown(5))
	if f.WithSupporterShare == nil || *f.WithSupporterShare != 83.3 {
		t.Errorf("share with a supporter: %v, want 83.3", jsonOf(f.WithSupporterShare))
	}
	if s := jsonOf(f); strings.Contains(s, "GEHEIM") || strings.Contains(s, "Fatima") {
		t.Errorf("the figures carry personal data: %s", s)
	}
}

// TestSupportFiguresYearAndSmallQuarter: the year counts every trajectory of 2026 and the outcome
// of the one ended on 31 March; in the first quarter, with four clients, the clients, their hours
// and the share of complaints with a supporter are hidden.
func TestSupportFiguresYearAndSmallQuarter(t *testing.T) {
	w := newSupportWorld(t)
	w.build()
	year, err := w.db.SupportFigures(w.ctx, casework.SupportPeriod{Year: 2026})
	w.must(err)
	if year.PeriodFrom != "2026-01-01" || year.PeriodTo != "2026-12-31" {
		t.Errorf("year from %s to %s", year.PeriodFrom, year.PeriodTo)
	}
	if year.Clients != shown(15) || year.NewClients != shown(15) || year.Ended != shown(8) || year.Complaints != shown(8) ||
		year.ComplaintsWithSupporter != shown(7) || year.Referrals != shown(9) || year.Activities != shown(15) ||
		year.Issues != shown(10) {
		t.Errorf("year: %s", jsonOf(year))
	}
	// 750 minutes in Q2 and 2 × 45 either side.
	if hoursOf(year.Hours) != "14" {
		t.Errorf("year hours %s, want 14", hoursOf(year.Hours))
	}
	q1, err := w.db.SupportFigures(w.ctx, casework.SupportPeriod{Year: 2026, Quarter: 1})
	w.must(err)
	// a1 (begun 31 March), a4, a7 (ended 31 March), c2.
	if q1.Clients != hiddenCount || q1.Hours != nil || q1.Complaints != hiddenCount || q1.WithSupporterShare != nil {
		t.Errorf("first quarter: %s", jsonOf(q1))
	}
	for _, s := range q1.HoursBySupporter {
		if s.Clients.Shown() || s.Hours != nil {
			t.Errorf("first quarter shows %s", jsonOf(s))
		}
	}
	q4, err := w.db.SupportFigures(w.ctx, casework.SupportPeriod{Year: 2025, Quarter: 4})
	w.must(err)
	if q4.Clients != hiddenCount || len(q4.HoursBySupporter) != 0 || q4.Issues != hiddenCount {
		t.Errorf("an empty quarter: %s", jsonOf(q4))
	}
}
