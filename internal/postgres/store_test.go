package postgres_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"meldpunt/internal/casework"
	"meldpunt/internal/pgtest"
	"meldpunt/internal/postgres"
	"meldpunt/internal/term"
)

// Every expected date in this file was computed by hand (date -d) and is explained where it is used.

var ams = term.Amsterdam()

// local returns a wall-clock time in Europe/Amsterdam.
func local(y int, m time.Month, d, h, mi int) time.Time { return time.Date(y, m, d, h, mi, 0, 0, ams) }

// fx is a store on a fresh database with three organisations and a staff member.
type fx struct {
	t     *testing.T
	ctx   context.Context
	clock *pgtest.Clock
	db    *postgres.DB
	sql   *sqlx.DB
	staff casework.User
	actor casework.Actor
	// orgA and orgB are complained about; orgC is the municipality, which a complaint may be about too.
	orgA, orgB, orgC casework.Organisation
}

func newFx(t *testing.T, now time.Time) *fx {
	t.Helper()
	f := &fx{t: t, ctx: context.Background(), clock: pgtest.NewClock(now)}
	f.db = pgtest.NewStore(t, f.clock)
	f.sql = f.db.SQL()
	var err error
	f.orgA, err = f.db.CreateOrganisation(f.ctx, casework.Organisation{Name: "Sociaal Wijkteam Schalkwijk", Kind: casework.OrgDistrictTeam})
	f.must(err)
	f.orgB, err = f.db.CreateOrganisation(f.ctx, casework.Organisation{Name: "Zorgaanbieder De Linde", Kind: casework.OrgCareProvider})
	f.must(err)
	f.orgC, err = f.db.CreateOrganisation(f.ctx, casework.Organisation{Name: "Gemeente Haarlem", Kind: casework.OrgMunicipality})
	f.must(err)
	f.staff, err = f.db.CreateUser(f.ctx, casework.NewUser{Email: "anna@meldpunt.example.nl", Name: "Anna de Vries",
		Role: casework.RoleStaff, Password: "correct horse battery"})
	f.must(err)
	f.actor = casework.ActorOf(f.staff)
	return f
}

func (f *fx) must(err error) {
	f.t.Helper()
	if err != nil {
		f.t.Fatalf("unexpected error: %v", err)
	}
}

func (f *fx) orgActor(o casework.Organisation) casework.Actor {
	return casework.Actor{Role: casework.RoleOrganisation, OrganisationID: o.ID, Label: "directie " + o.Name}
}

func intake(orgs ...int64) casework.Intake {
	return casework.Intake{
		Complainant:     casework.Contact{Name: "Fatima el Amrani", Email: "fatima@example.nl", Phone: "06 1234 5678"},
		OrganisationIDs: orgs,
		Grounds:         []casework.Ground{casework.GroundTreatment, casework.GroundProcedure},
		LifeDomains:     []casework.LifeDomain{casework.DomainCare},
		Summary:         "Mijn aanvraag voor huishoudelijke hulp is na drie maanden nog steeds niet behandeld.",
	}
}

func (f *fx) file(orgs ...int64) casework.Receipt {
	f.t.Helper()
	r, err := f.db.FileComplaint(f.ctx, casework.ResidentActor, intake(orgs...))
	f.must(err)
	return r
}

// inTreatment files a complaint about orgs and takes it up.
func (f *fx) inTreatment(orgs ...int64) string {
	f.t.Helper()
	r := f.file(orgs...)
	f.must(f.db.TakeUp(f.ctx, f.actor, r.Reference, casework.TakeUp{NotInvolved: true}))
	return r.Reference
}

// hearAll records a hearing of the complainant (today) and a skipped hearing of every organisation.
func (f *fx) hearAll(ref string, orgs ...int64) {
	f.t.Helper()
	_, err := f.db.RecordHearing(f.ctx, f.actor, ref, casework.Hearing{Party: casework.PartyComplainant,
		HeldOn: term.LocalDate(f.clock.Now()).String(), Record: "Klaagster gehoord op kantoor."})
	f.must(err)
	for _, o := range orgs {
		_, err := f.db.RecordHearing(f.ctx, f.actor, ref, casework.Hearing{Party: casework.PartyOrganisation,
			OrganisationID: o, Skipped: casework.SkipWaived, SkipNote: "De directie ziet af van horen."})
		f.must(err)
	}
}

func ruling(v casework.Verdict, addressees ...int64) casework.Ruling {
	r := casework.Ruling{Verdict: v, Findings: "De klaagster is drie maanden niet teruggebeld.",
		Conclusions: "De organisatie heeft niet zorgvuldig gehandeld."}
	for _, o := range addressees {
		r.Advices = append(r.Advices, casework.AdviceInput{OrganisationID: o, Text: "Neem binnen een week contact op en bied excuses aan."})
	}
	return r
}

// advised brings a complaint about complained to `advised` with one advice per addressee.
func (f *fx) advised(v casework.Verdict, complained []int64, addressees ...int64) (string, []casework.Advice) {
	f.t.Helper()
	ref := f.inTreatment(complained...)
	f.hearAll(ref, complained...)
	advices, err := f.db.Rule(f.ctx, f.actor, ref, ruling(v, addressees...))
	f.must(err)
	if len(advices) != len(addressees) {
		f.t.Fatalf("%d advices, want %d", len(advices), len(addressees))
	}
	return ref, advices
}

func (f *fx) count(query string, args ...any) int {
	f.t.Helper()
	var n int
	f.must(f.sql.GetContext(f.ctx, &n, query, args...))
	return n
}

func (f *fx) complaintID(ref string) int64 {
	f.t.Helper()
	var id int64
	f.must(f.sql.GetContext(f.ctx, &id, `SELECT id FROM complaints WHERE reference = $1`, ref))
	return id
}

func (f *fx) status(ref string) casework.Status {
	f.t.Helper()
	var s casework.Status
	f.must(f.sql.GetContext(f.ctx, &s, `SELECT status FROM complaints WHERE reference = $1`, ref))
	return s
}

func (f *fx) adviceStatus(id int64) casework.AdviceStatus {
	f.t.Helper()
	var s casework.AdviceStatus
	f.must(f.sql.GetContext(f.ctx, &s, `SELECT status FROM advices WHERE id = $1`, id))
	return s
}

type eventRow struct {
	ID        int64     `db:"id"`
	AdviceID  *int64    `db:"advice_id"`
	Action    string    `db:"action"`
	From      string    `db:"from_status"`
	To        string    `db:"to_status"`
	UserID    *int64    `db:"actor_user_id"`
	Role      string    `db:"actor_role"`
	Name      string    `db:"actor_name"`
	At        time.Time `db:"effective_at"`
	Processed time.Time `db:"processed_at"`
	Reason    string    `db:"reason"`
	Internal  bool      `db:"internal"`
}

func (f *fx) events(ref string) []eventRow {
	f.t.Helper()
	var evs []eventRow
	f.must(f.sql.SelectContext(f.ctx, &evs, `
		SELECT id, advice_id, action, from_status, to_status, actor_user_id, actor_role, actor_name, effective_at,
			processed_at, reason, internal
		FROM events WHERE complaint_id = (SELECT id FROM complaints WHERE reference = $1) ORDER BY id`, ref))
	return evs
}

// snapshot renders everything stored about one complaint, to prove that a failed action wrote nothing.
func (f *fx) snapshot(ref string) string {
	f.t.Helper()
	id := f.complaintID(ref)
	var b strings.Builder
	for _, q := range []string{
		`SELECT row_to_json(x)::text FROM complaints x WHERE id = $1`,
		`SELECT coalesce(json_agg(x ORDER BY x.id), '[]')::text FROM advices x WHERE complaint_id = $1`,
		`SELECT coalesce(json_agg(x ORDER BY x.id), '[]')::text FROM recommendations x WHERE complaint_id = $1`,
		`SELECT coalesce(json_agg(x ORDER BY x.id), '[]')::text FROM events x WHERE complaint_id = $1`,
		`SELECT coalesce(json_agg(x ORDER BY x.id), '[]')::text FROM postponements x WHERE complaint_id = $1`,
		`SELECT coalesce(json_agg(x ORDER BY x.id), '[]')::text FROM hearings x WHERE complaint_id = $1`,
		`SELECT coalesce(json_agg(x ORDER BY x.organisation_id), '[]')::text FROM complaint_organisations x WHERE complaint_id = $1`,
		`SELECT coalesce(json_agg(x ORDER BY x.id), '[]')::text FROM hearing_invitations x WHERE complaint_id = $1`,
		`SELECT coalesce(json_agg(x.dedupe_key ORDER BY x.id), '[]')::text FROM notices x WHERE complaint_id = $1`,
	} {
		var s string
		f.must(f.sql.GetContext(f.ctx, &s, q, id))
		b.WriteString(s)
		b.WriteByte('\n')
	}
	for _, table := range []string{"complaints", "advices", "recommendations", "events", "postponements", "hearings", "access_log"} {
		fmt.Fprintf(&b, "%s=%d\n", table, f.count(`SELECT count(*) FROM `+table))
	}
	return b.String()
}

func wantCode(t *testing.T, err error, code casework.Code) {
	t.Helper()
	if got := casework.ErrorCode(err); got != code {
		t.Fatalf("error %v has code %s, want %s", err, got, code)
	}
}

var referencePattern = regexp.MustCompile(`^MP-\d{4}-\d{6}$`)

func TestReferenceFormatAndLocalYear(t *testing.T) {
	// 2026-12-31T23:30Z is 2027-01-01 00:30 CET in Amsterdam: the complaint is received in 2027.
	f := newFx(t, time.Date(2026, 12, 31, 23, 30, 0, 0, time.UTC))
	t.Run("new_year_in_amsterdam_gives_2027", func(t *testing.T) {
		r := f.file(f.orgA.ID)
		if !referencePattern.MatchString(r.Reference) || !strings.HasPrefix(r.Reference, "MP-2027-") {
			t.Fatalf("reference %q, want MP-2027-NNNNNN", r.Reference)
		}
		// 2027-01-01 + 42 days = 2027-02-12, a Friday and a working day.
		if r.HandlingLastDay != "2027-02-12" {
			t.Fatalf("handling last day %s, want 2027-02-12", r.HandlingLastDay)
		}
		if !r.ReceivedAt.Equal(f.clock.Now()) || r.Status != casework.StatusReceived {
			t.Fatalf("receipt %+v", r)
		}
	})
	t.Run("still_2026_an_hour_earlier", func(t *testing.T) {
		// 2026-12-31T22:30Z is 23:30 on 2026-12-31 in Amsterdam.
		f.clock.Set(time.Date(2026, 12, 31, 22, 30, 0, 0, time.UTC))
		r := f.file(f.orgA.ID)
		if !referencePattern.MatchString(r.Reference) || !strings.HasPrefix(r.Reference, "MP-2026-") {
			t.Fatalf("reference %q, want MP-2026-NNNNNN", r.Reference)
		}
		// 2026-12-31 + 42 days = 2027-02-11, a Thursday.
		if r.HandlingLastDay != "2027-02-11" {
			t.Fatalf("handling last day %s, want 2027-02-11", r.HandlingLastDay)
		}
	})
	t.Run("references_unique_and_well_formed", func(t *testing.T) {
		seen := map[string]bool{}
		for i := 0; i < 5; i++ {
			r := f.file(f.orgB.ID)
			if !referencePattern.MatchString(r.Reference) || seen[r.Reference] {
				t.Fatalf("reference %q (seen before: %v)", r.Reference, seen[r.Reference])
			}
			seen[r.Reference] = true
		}
	})
}

func TestTrackingCode(t *testing.T) {
	f := newFx(t, local(2026, 3, 2, 10, 0))
	r := f.file(f.orgA.ID)
	other := f.file(f.orgB.ID)
	code := r.TrackingCode
	bare := strings.ReplaceAll(code, "-", "")
	if len(bare) != 20 {
		t.Fatalf("tracking code %q", code)
	}

	t.Run("not_stored_in_complaints_or_events", func(t *testing.T) {
		var row, events string
		f.must(f.sql.GetContext(f.ctx, &row, `SELECT row_to_json(c)::text FROM complaints c WHERE reference = $1`, r.Reference))
		f.must(f.sql.GetContext(f.ctx, &events, `SELECT coalesce(string_agg(e::text, E'\n'), '') FROM events e`))
		for _, text := range []string{row, events} {
			up := strings.ToUpper(text)
			if strings.Contains(up, code) || strings.Contains(strings.ReplaceAll(up, "-", ""), bare) {
				t.Fatalf("tracking code %s found in %s", code, text)
			}
		}
	})
	t.Run("only_in_the_acknowledgement_until_it_is_written", func(t *testing.T) {
		var tables []string
		f.must(f.sql.SelectContext(f.ctx, &tables, `
			SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`))
		if len(tables) < 10 {
			t.Fatalf("only %d tables: %v", len(tables), tables)
		}
		holding := func() []string {
			var hits []string
			for _, table := range tables {
				var text string
				f.must(f.sql.GetContext(f.ctx, &text, `SELECT coalesce(string_agg(t::text, E'\n'), '') FROM "`+table+`" t`))
				up := strings.ToUpper(text)
				if strings.Contains(up, code) || strings.Contains(strings.ReplaceAll(up, "-", ""), bare) {
					hits = append(hits, table)
				}
			}
			return hits
		}
		// The complainant's acknowledgement carries the code until the dispatcher writes the letter.
		var inAck string
		f.must(f.sql.GetContext(f.ctx, &inAck, `SELECT coalesce(n.data->>'tracking_code', '') FROM notices n
			JOIN complaints c ON c.id = n.complaint_id WHERE c.reference = $1 AND n.kind = 'acknowledgement' AND n.recipient = 'complainant'`,
			r.Reference))
		if got := holding(); inAck != code || len(got) != 1 || got[0] != "notices" {
			t.Fatalf("before the letter is written the code is in %v (acknowledgement: %q), want the acknowledgement only", got, inAck)
		}
		claimed, err := f.db.ClaimNotices(f.ctx, 100, time.Minute)
		f.must(err)
		for _, d := range claimed {
			f.must(f.db.Delivered(f.ctx, d, "sent", []byte("%PDF-1.4 kept copy")))
		}
		if got := holding(); len(got) > 0 {
			t.Fatalf("tracking code found in %v after the letters were written", got)
		}
	})
	t.Run("lookup_accepts_code_in_any_case_and_without_dashes", func(t *testing.T) {
		for _, c := range []string{code, strings.ToLower(code), bare, strings.ToLower(bare), " " + strings.ReplaceAll(code, "-", " ") + " "} {
			v, err := f.db.LookupComplaint(f.ctx, r.Reference, c)
			if err != nil {
				t.Fatalf("lookup with %q: %v", c, err)
			}
			if v.Reference != r.Reference || v.Status != casework.StatusReceived || v.HandlingLastDay != "2026-04-13" {
				t.Fatalf("view %+v", v)
			}
		}
	})
	t.Run("lookup_accepts_reference_in_lower_case", func(t *testing.T) {
		if _, err := f.db.LookupComplaint(f.ctx, " "+strings.ToLower(r.Reference)+" ", code); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("wrong_code_and_unknown_reference_give_identical_errors", func(t *testing.T) {
		_, wrong := f.db.LookupComplaint(f.ctx, r.Reference, other.TrackingCode)
		_, unknown := f.db.LookupComplaint(f.ctx, "MP-2026-999999", code)
		_, empty := f.db.LookupComplaint(f.ctx, r.Reference, "")
		wantCode(t, wrong, casework.CodeNotFound)
		for _, err := range []error{unknown, empty} {
			if err == nil || err.Error() != wrong.Error() || casework.ErrorCode(err) != casework.ErrorCode(wrong) ||
				casework.ErrorMessage(err) != casework.ErrorMessage(wrong) {
				t.Fatalf("errors differ: %v vs %v", err, wrong)
			}
		}
	})
}

func TestHandlingTermUsesTermijnenwet(t *testing.T) {
	f := newFx(t, local(2026, 3, 2, 10, 0))
	cases := []struct {
		name     string
		received time.Time
		want     string
	}{
		// 2026-03-02 (Mon) + 42 = 2026-04-13, a Monday: no move.
		{"working_day_kept", local(2026, 3, 2, 10, 0), "2026-04-13"},
		// 2026-03-07 (Sat) + 42 = 2026-04-18, a Saturday: moves to Monday 2026-04-20.
		{"saturday_moves_to_monday", local(2026, 3, 7, 11, 0), "2026-04-20"},
		// 2026-02-20 (Fri) + 42 = 2026-04-03, Good Friday; Sat 4, Easter Sunday 5, Easter Monday 6: Tuesday 2026-04-07.
		{"good_friday_moves_past_easter_monday", local(2026, 2, 20, 9, 0), "2026-04-07"},
		// 2026-03-24 (Tue) + 42 = 2026-05-05, Liberation Day (every year): Wednesday 2026-05-06.
		{"liberation_day_moves_to_next_day", local(2026, 3, 24, 16, 0), "2026-05-06"},
		// 2026-04-03 + 42 = 2026-05-15, equated by Royal Decree; Sat 16, Sun 17: Monday 2026-05-18.
		{"equated_day_moves_past_weekend", local(2026, 4, 3, 12, 0), "2026-05-18"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f.clock.Set(tc.received)
			r := f.file(f.orgA.ID)
			if r.HandlingLastDay != tc.want {
				t.Fatalf("handling last day %s, want %s", r.HandlingLastDay, tc.want)
			}
			var last string
			var deadline time.Time
			f.must(f.sql.QueryRowxContext(f.ctx, `SELECT to_char(handling_last_day, 'YYYY-MM-DD'), handling_deadline_at
				FROM complaints WHERE reference = $1`, r.Reference).Scan(&last, &deadline))
			want, _ := time.ParseInLocation(time.DateOnly, tc.want, ams)
			if last != tc.want || !deadline.Equal(want.AddDate(0, 0, 1)) {
				t.Fatalf("stored %s / %s, want %s / midnight after it", last, deadline, tc.want)
			}
		})
	}
}

func TestPostponement(t *testing.T) {
	// Received Friday 2026-02-20: handling last day 2026-04-07 (see TestHandlingTermUsesTermijnenwet).
	f := newFx(t, local(2026, 2, 20, 9, 0))
	r := f.file(f.orgA.ID)
	if r.HandlingLastDay != "2026-04-07" {
		t.Fatalf("handling last day %s", r.HandlingLastDay)
	}
	p := casework.Postponement{Days: 28, Reason: "De organisatie kan pas na de vakantie worden gehoord."}

	t.Run("refused_before_take_up", func(t *testing.T) {
		_, err := f.db.Postpone(f.ctx, f.actor, r.Reference, p)
		wantCode(t, err, casework.CodeInvalidTransition)
	})
	f.must(f.db.TakeUp(f.ctx, f.actor, r.Reference, casework.TakeUp{NotInvolved: true}))
	f.clock.Set(local(2026, 3, 20, 14, 0))

	t.Run("first_of_29_days_refused_and_nothing_written", func(t *testing.T) {
		before := f.snapshot(r.Reference)
		_, err := f.db.Postpone(f.ctx, f.actor, r.Reference, casework.Postponement{Days: 29, Reason: p.Reason})
		wantCode(t, err, casework.CodeValidation)
		if after := f.snapshot(r.Reference); after != before {
			t.Fatalf("failed postponement changed the store:\n%s\n---\n%s", before, after)
		}
	})
	t.Run("first_of_28_days_moves_last_day", func(t *testing.T) {
		events := len(f.events(r.Reference))
		last, err := f.db.Postpone(f.ctx, f.actor, r.Reference, p)
		f.must(err)
		// 2026-04-07 + 28 = 2026-05-05, Liberation Day: moves to Wednesday 2026-05-06.
		if last != "2026-05-06" {
			t.Fatalf("new last day %s, want 2026-05-06", last)
		}
		var row struct {
			Last     string    `db:"last"`
			Deadline time.Time `db:"handling_deadline_at"`
			N        int       `db:"postponements"`
		}
		f.must(f.sql.GetContext(f.ctx, &row, `SELECT to_char(handling_last_day, 'YYYY-MM-DD') AS last, handling_deadline_at,
			postponements FROM complaints WHERE reference = $1`, r.Reference))
		if row.Last != "2026-05-06" || row.N != 1 || !row.Deadline.Equal(local(2026, 5, 7, 0, 0)) {
			t.Fatalf("complaint after postponement: %+v", row)
		}
		var pp struct {
			Days    int    `db:"days"`
			From    string `db:"from_day"`
			To      string `db:"to_day"`
			Reason  string `db:"reason"`
			Consent string `db:"consent"`
			By      int64  `db:"created_by"`
		}
		f.must(f.sql.GetContext(f.ctx, &pp, `SELECT days, to_char(from_day, 'YYYY-MM-DD') AS from_day,
			to_char(to_day, 'YYYY-MM-DD') AS to_day, reason, consent, created_by FROM postponements
			WHERE complaint_id = $1`, f.complaintID(r.Reference)))
		if pp.Days != 28 || pp.From != "2026-04-07" || pp.To != "2026-05-06" || pp.Reason != p.Reason || pp.Consent != "" || pp.By != f.staff.ID {
			t.Fatalf("postponement row %+v", pp)
		}
		evs := f.events(r.Reference)
		if len(evs) != events+1 {
			t.Fatalf("%d new events, want 1", len(evs)-events)
		}
		e := evs[len(evs)-1]
		if e.Action != "postpone" || e.From != "in_treatment" || e.To != "in_treatment" || !e.At.Equal(f.clock.Now()) ||
			!strings.Contains(e.Reason, "2026-04-07") || !strings.Contains(e.Reason, "2026-05-06") {
			t.Fatalf("postpone event %+v", e)
		}
		c, err := f.db.Complaint(f.ctx, f.actor, r.Reference)
		f.must(err)
		if c.HandlingLastDay != "2026-05-06" || c.Postponements != 1 {
			t.Fatalf("complaint view: last day %s, %d postponements", c.HandlingLastDay, c.Postponements)
		}
	})
	t.Run("second_without_consent_refused_and_nothing_written", func(t *testing.T) {
		before := f.snapshot(r.Reference)
		_, err := f.db.Postpone(f.ctx, f.actor, r.Reference, casework.Postponement{Days: 7, Reason: "Nog een stuk nodig."})
		wantCode(t, err, casework.CodeValidation)
		if countFieldErr(err, "consent") != 1 {
			t.Fatalf("want a consent field error: %+v", err)
		}
		if after := f.snapshot(r.Reference); after != before {
			t.Fatalf("failed postponement changed the store:\n%s\n---\n%s", before, after)
		}
	})
	t.Run("second_with_consent_moves_last_day_again", func(t *testing.T) {
		last, err := f.db.Postpone(f.ctx, f.actor, r.Reference, casework.Postponement{Days: 8, Reason: "Nog een stuk nodig.",
			Consent: "Klaagster stemt per e-mail van 20 maart in."})
		f.must(err)
		// 2026-05-06 + 8 = 2026-05-14, Ascension Day; 15 May equated; Sat 16, Sun 17: Monday 2026-05-18.
		if last != "2026-05-18" {
			t.Fatalf("new last day %s, want 2026-05-18", last)
		}
		if n := f.count(`SELECT count(*) FROM postponements WHERE complaint_id = $1`, f.complaintID(r.Reference)); n != 2 {
			t.Fatalf("%d postponement rows", n)
		}
		if n := f.count(`SELECT postponements FROM complaints WHERE reference = $1`, r.Reference); n != 2 {
			t.Fatalf("postponements = %d", n)
		}
	})
}

func countFieldErr(err error, field string) int {
	e, ok := err.(*casework.Error)
	if !ok {
		return 0
	}
	n := 0
	for _, fe := range e.Fields {
		if fe.Field == field {
			n++
		}
	}
	return n
}

func TestInadmissibleOnlyFromInTreatment(t *testing.T) {
	f := newFx(t, local(2026, 3, 2, 10, 0))
	d := casework.Inadmissibility{Ground: casework.InadmissibleTooLight, Reasons: "Het ging om een afspraak die tien minuten later begon."}
	r := f.file(f.orgA.ID)
	t.Run("refused_when_received", func(t *testing.T) {
		before := f.snapshot(r.Reference)
		wantCode(t, f.db.DeclareInadmissible(f.ctx, f.actor, r.Reference, d), casework.CodeInvalidTransition)
		if f.snapshot(r.Reference) != before {
			t.Fatal("refused declaration changed the store")
		}
	})
	f.must(f.db.TakeUp(f.ctx, f.actor, r.Reference, casework.TakeUp{NotInvolved: true}))
	t.Run("invalid_ground_refused", func(t *testing.T) {
		wantCode(t, f.db.DeclareInadmissible(f.ctx, f.actor, r.Reference, casework.Inadmissibility{Ground: "boring", Reasons: "r"}), casework.CodeValidation)
		if f.status(r.Reference) != casework.StatusInTreatment {
			t.Fatal("status changed")
		}
	})
	t.Run("accepted_when_in_treatment", func(t *testing.T) {
		f.clock.Advance(time.Hour)
		f.must(f.db.DeclareInadmissible(f.ctx, f.actor, r.Reference, d))
		var row struct {
			Status string     `db:"status"`
			Ground string     `db:"inadmissible_ground"`
			Closed *time.Time `db:"closed_at"`
		}
		f.must(f.sql.GetContext(f.ctx, &row, `SELECT status, inadmissible_ground, closed_at FROM complaints WHERE reference = $1`, r.Reference))
		if row.Status != "inadmissible" || row.Ground != string(d.Ground) || row.Closed == nil || !row.Closed.Equal(f.clock.Now()) {
			t.Fatalf("complaint %+v", row)
		}
		evs := f.events(r.Reference)
		e := evs[len(evs)-1]
		if e.Action != "declare_inadmissible" || e.From != "in_treatment" || e.To != "inadmissible" || !strings.Contains(e.Reason, d.Reasons) {
			t.Fatalf("event %+v", e)
		}
	})
	t.Run("refused_when_already_inadmissible", func(t *testing.T) {
		wantCode(t, f.db.DeclareInadmissible(f.ctx, f.actor, r.Reference, d), casework.CodeInvalidTransition)
	})
	t.Run("refused_when_advised", func(t *testing.T) {
		ref, _ := f.advised(casework.VerdictFounded, []int64{f.orgA.ID}, f.orgA.ID)
		wantCode(t, f.db.DeclareInadmissible(f.ctx, f.actor, ref, d), casework.CodeInvalidTransition)
	})
	t.Run("unknown_reference_not_found", func(t *testing.T) {
		wantCode(t, f.db.DeclareInadmissible(f.ctx, f.actor, "MP-2026-999999", d), casework.CodeNotFound)
	})
}

func TestUnfoundedRulingClosesWithoutAdvice(t *testing.T) {
	f := newFx(t, local(2026, 3, 2, 10, 0))
	ref := f.inTreatment(f.orgA.ID)
	f.hearAll(ref, f.orgA.ID)
	r := ruling(casework.VerdictUnfounded)
	r.Recommendations = []casework.RecommendationInput{{LifeDomain: casework.DomainCare, Text: "Bel klanten terug binnen een week."}}
	advices, err := f.db.Rule(f.ctx, f.actor, ref, r)
	f.must(err)
	if len(advices) != 0 {
		t.Fatalf("%d advices", len(advices))
	}
	c, err := f.db.Complaint(f.ctx, f.actor, ref)
	f.must(err)
	if c.Status != casework.StatusClosed || c.Verdict != casework.VerdictUnfounded || c.ClosedAt == nil || c.RuledAt == nil ||
		len(c.Advices) != 0 || len(c.Recommendations) != 1 {
		t.Fatalf("complaint %+v", c)
	}
	if n := f.count(`SELECT count(*) FROM advices`); n != 0 {
		t.Fatalf("%d advices stored", n)
	}
	e := c.Timeline[len(c.Timeline)-1]
	if e.Action != "rule_unfounded" || e.FromStatus != "in_treatment" || e.ToStatus != "closed" {
		t.Fatalf("last event %+v", e)
	}
	if n := f.count(`SELECT count(*) FROM events WHERE action = 'close'`); n != 0 {
		t.Fatalf("%d close events for an unfounded ruling", n)
	}
}

func TestPartlyFoundedClosesWhenEveryAdviceIsFinal(t *testing.T) {
	f := newFx(t, local(2026, 3, 2, 10, 0))
	ref, advices := f.advised(casework.VerdictPartlyFounded, []int64{f.orgA.ID, f.orgB.ID}, f.orgA.ID, f.orgB.ID)
	a, b := advices[0], advices[1]
	if a.OrganisationID != f.orgA.ID || b.OrganisationID != f.orgB.ID {
		t.Fatalf("advices %+v", advices)
	}
	closeEvents := func() int {
		return f.count(`SELECT count(*) FROM events WHERE complaint_id = $1 AND action = 'close'`, f.complaintID(ref))
	}
	t.Run("issued_keeps_it_advised", func(t *testing.T) {
		if f.status(ref) != casework.StatusAdvised || a.Status != casework.AdviceIssued || b.Status != casework.AdviceIssued {
			t.Fatalf("complaint %s, advices %s %s", f.status(ref), a.Status, b.Status)
		}
	})
	t.Run("accepted_not_executed_keeps_it_advised", func(t *testing.T) {
		f.clock.Advance(24 * time.Hour)
		got, err := f.db.AcceptAdvice(f.ctx, f.orgActor(f.orgA), a.ID, casework.AnswerReceipt{})
		f.must(err)
		if got.Status != casework.AdviceAccepted || got.RespondedAt == nil || !got.RespondedAt.Equal(f.clock.Now()) {
			t.Fatalf("advice %+v", got)
		}
		if f.status(ref) != casework.StatusAdvised || closeEvents() != 0 {
			t.Fatalf("complaint %s", f.status(ref))
		}
	})
	t.Run("other_rejected_still_advised_while_first_not_executed", func(t *testing.T) {
		f.clock.Advance(time.Hour)
		reasons := "Wij wijzen het advies af omdat de zorg al per 1 maart door een andere aanbieder wordt geleverd."
		got, err := f.db.RejectAdvice(f.ctx, f.orgActor(f.orgB), b.ID, casework.Rejection{Reasons: reasons}, casework.AnswerReceipt{})
		f.must(err)
		if got.Status != casework.AdviceRejected || got.RejectionReasons != reasons {
			t.Fatalf("advice %+v", got)
		}
		if f.status(ref) != casework.StatusAdvised || closeEvents() != 0 {
			t.Fatalf("complaint %s with one advice accepted but not executed", f.status(ref))
		}
	})
	t.Run("execution_of_last_closes_with_system_event", func(t *testing.T) {
		f.clock.Advance(48 * time.Hour)
		got, err := f.db.ConfirmExecution(f.ctx, f.orgActor(f.orgA), a.ID, "Excuses aangeboden op 5 maart.", casework.AnswerReceipt{})
		f.must(err)
		if got.Status != casework.AdviceExecuted || got.ExecutedAt == nil || !got.ExecutedAt.Equal(f.clock.Now()) {
			t.Fatalf("advice %+v", got)
		}
		c, err := f.db.Complaint(f.ctx, f.actor, ref)
		f.must(err)
		if c.Status != casework.StatusClosed || c.ClosedAt == nil || !c.ClosedAt.Equal(f.clock.Now()) {
			t.Fatalf("complaint %s closed at %v", c.Status, c.ClosedAt)
		}
		if closeEvents() != 1 {
			t.Fatalf("%d close events", closeEvents())
		}
		evs := f.events(ref)
		last := evs[len(evs)-1]
		if last.Action != "close" || last.From != "advised" || last.To != "closed" || last.Role != string(casework.RoleSystem) ||
			last.UserID != nil || last.AdviceID != nil || !last.At.Equal(f.clock.Now()) {
			t.Fatalf("close event %+v", last)
		}
		prev := evs[len(evs)-2]
		if prev.Action != "confirm_execution" || prev.AdviceID == nil || *prev.AdviceID != a.ID {
			t.Fatalf("event before close %+v", prev)
		}
	})
	t.Run("nothing_more_after_close", func(t *testing.T) {
		_, err := f.db.ConfirmExecution(f.ctx, f.orgActor(f.orgA), a.ID, "", casework.AnswerReceipt{})
		wantCode(t, err, casework.CodeInvalidTransition)
		_, err = f.db.AcceptAdvice(f.ctx, f.orgActor(f.orgB), b.ID, casework.AnswerReceipt{})
		wantCode(t, err, casework.CodeInvalidTransition)
	})
}

func TestFailedTransitionWritesNothing(t *testing.T) {
	f := newFx(t, local(2026, 3, 2, 10, 0))
	ref := f.inTreatment(f.orgA.ID, f.orgB.ID)
	f.hearAll(ref, f.orgA.ID, f.orgB.ID)
	f.clock.Advance(time.Hour)
	rec := []casework.RecommendationInput{{LifeDomain: casework.DomainCare, Text: "Verkort de wachttijd."}}
	bad := []struct {
		name string
		code casework.Code
		do   func() error
	}{
		{"ruling_to_nonexistent_organisation", casework.CodeValidation, func() error {
			r := ruling(casework.VerdictPartlyFounded, f.orgA.ID, 987654)
			r.Recommendations = rec
			_, err := f.db.Rule(f.ctx, f.actor, ref, r)
			return err
		}},
		{"ruling_to_organisation_not_complained_about", casework.CodeValidation, func() error {
			_, err := f.db.Rule(f.ctx, f.actor, ref, ruling(casework.VerdictFounded, f.orgA.ID, f.orgC.ID))
			return err
		}},
		{"ruling_with_duplicate_organisation", casework.CodeValidation, func() error {
			r := ruling(casework.VerdictFounded, f.orgA.ID, f.orgA.ID)
			r.Recommendations = rec
			_, err := f.db.Rule(f.ctx, f.actor, ref, r)
			return err
		}},
		{"ruling_with_unknown_life_domain", casework.CodeValidation, func() error {
			r := ruling(casework.VerdictFounded, f.orgA.ID)
			r.Recommendations = append(rec, casework.RecommendationInput{LifeDomain: "traffic", Text: "t"})
			_, err := f.db.Rule(f.ctx, f.actor, ref, r)
			return err
		}},
		{"unfounded_ruling_with_advice", casework.CodeValidation, func() error {
			_, err := f.db.Rule(f.ctx, f.actor, ref, ruling(casework.VerdictUnfounded, f.orgA.ID))
			return err
		}},
		{"take_up_twice", casework.CodeInvalidTransition, func() error {
			return f.db.TakeUp(f.ctx, f.actor, ref, casework.TakeUp{NotInvolved: true})
		}},
		{"hearing_in_the_future", casework.CodeValidation, func() error {
			_, err := f.db.RecordHearing(f.ctx, f.actor, ref, casework.Hearing{Party: casework.PartyComplainant, HeldOn: "2026-03-03", Record: "r"})
			return err
		}},
		{"postpone_29_days", casework.CodeValidation, func() error {
			_, err := f.db.Postpone(f.ctx, f.actor, ref, casework.Postponement{Days: 29, Reason: "r"})
			return err
		}},
		{"withdraw_without_reason", casework.CodeValidation, func() error {
			return f.db.Withdraw(f.ctx, f.actor, ref, casework.Closing{})
		}},
	}
	for _, tc := range bad {
		t.Run(tc.name+"_changes_nothing", func(t *testing.T) {
			before := f.snapshot(ref)
			wantCode(t, tc.do(), tc.code)
			if after := f.snapshot(ref); after != before {
				t.Fatalf("failed action changed the store:\n%s\n---\n%s", before, after)
			}
		})
	}
	t.Run("a_valid_ruling_afterwards_still_works", func(t *testing.T) {
		r := ruling(casework.VerdictPartlyFounded, f.orgA.ID, f.orgB.ID)
		r.Recommendations = rec
		advices, err := f.db.Rule(f.ctx, f.actor, ref, r)
		f.must(err)
		if len(advices) != 2 || f.status(ref) != casework.StatusAdvised ||
			f.count(`SELECT count(*) FROM recommendations`) != 1 {
			t.Fatalf("advices %+v status %s", advices, f.status(ref))
		}
	})
	t.Run("refused_advice_response_changes_nothing", func(t *testing.T) {
		var id int64
		f.must(f.sql.GetContext(f.ctx, &id, `SELECT id FROM advices WHERE organisation_id = $1`, f.orgA.ID))
		before := f.snapshot(ref)
		_, err := f.db.RejectAdvice(f.ctx, f.orgActor(f.orgA), id, casework.Rejection{Reasons: "Nee."}, casework.AnswerReceipt{})
		wantCode(t, err, casework.CodeValidation)
		_, err = f.db.ConfirmExecution(f.ctx, f.orgActor(f.orgA), id, "", casework.AnswerReceipt{})
		wantCode(t, err, casework.CodeInvalidTransition)
		if after := f.snapshot(ref); after != before {
			t.Fatalf("refused response changed the store:\n%s\n---\n%s", before, after)
		}
	})
}

func TestEverySuccessfulTransitionWritesOneEvent(t *testing.T) {
	f := newFx(t, local(2026, 3, 2, 10, 0))
	r := f.file(f.orgA.ID)
	ref := r.Reference
	var seen int
	// step runs do at a fresh clock reading and checks the events it added.
	step := func(name string, newEvents int, do func() error, check func(t *testing.T, evs []eventRow)) {
		t.Run(name, func(t *testing.T) {
			f.clock.Advance(90 * time.Minute)
			if err := do(); err != nil {
				t.Fatal(err)
			}
			evs := f.events(ref)
			if len(evs)-seen != newEvents {
				t.Fatalf("%d new events, want %d: %+v", len(evs)-seen, newEvents, evs[seen:])
			}
			for _, e := range evs[seen:] {
				if !e.At.Equal(f.clock.Now()) || !e.Processed.Equal(f.clock.Now()) {
					t.Fatalf("event %s at %s / %s, want %s", e.Action, e.At, e.Processed, f.clock.Now())
				}
			}
			check(t, evs[seen:])
			seen = len(evs)
		})
	}
	staffEvent := func(action, from, to string, internal bool) func(*testing.T, []eventRow) {
		return func(t *testing.T, evs []eventRow) {
			e := evs[0]
			if e.Action != action || e.From != from || e.To != to || e.Role != "staff" || e.Name != "Anna de Vries" ||
				e.UserID == nil || *e.UserID != f.staff.ID || e.AdviceID != nil || e.Internal != internal {
				t.Fatalf("event %+v, want %s %s→%s by staff %d", e, action, from, to, f.staff.ID)
			}
		}
	}
	t.Run("file", func(t *testing.T) {
		evs := f.events(ref)
		if len(evs) != 1 || evs[0].Action != "file" || evs[0].From != "" || evs[0].To != "received" || evs[0].Role != "resident" ||
			evs[0].UserID != nil || !evs[0].At.Equal(r.ReceivedAt) {
			t.Fatalf("events %+v", evs)
		}
		seen = 1
	})
	step("take_up", 1, func() error { return f.db.TakeUp(f.ctx, f.actor, ref, casework.TakeUp{NotInvolved: true}) },
		staffEvent("take_up", "received", "in_treatment", false))
	step("record_hearing", 1, func() error {
		_, err := f.db.RecordHearing(f.ctx, f.actor, ref, casework.Hearing{Party: casework.PartyComplainant, HeldOn: "2026-03-02", Record: "gehoord"})
		return err
	}, staffEvent("record_hearing", "in_treatment", "in_treatment", true))
	step("record_skipped_hearing", 1, func() error {
		_, err := f.db.RecordHearing(f.ctx, f.actor, ref, casework.Hearing{Party: casework.PartyOrganisation, OrganisationID: f.orgA.ID,
			Skipped: casework.SkipWaived, SkipNote: "ziet af"})
		return err
	}, staffEvent("record_hearing", "in_treatment", "in_treatment", true))
	step("invite_hearing", 1, func() error {
		return f.db.InviteToHearing(f.ctx, f.actor, ref, casework.Invitation{Party: casework.PartyComplainant,
			Date: "2026-03-04", Time: "10:00", Place: "Stadhuis"})
	}, staffEvent("invite_hearing", "in_treatment", "in_treatment", false))
	step("add_organisation", 1, func() error { return f.db.AddOrganisation(f.ctx, f.actor, ref, f.orgC.ID) },
		staffEvent("add_organisation", "in_treatment", "in_treatment", true))
	step("record_hearing_of_the_added_organisation", 1, func() error {
		_, err := f.db.RecordHearing(f.ctx, f.actor, ref, casework.Hearing{Party: casework.PartyOrganisation, OrganisationID: f.orgC.ID,
			Skipped: casework.SkipWaived, SkipNote: "ziet af"})
		return err
	}, staffEvent("record_hearing", "in_treatment", "in_treatment", true))
	step("postpone", 1, func() error {
		_, err := f.db.Postpone(f.ctx, f.actor, ref, casework.Postponement{Days: 14, Reason: "Stukken opgevraagd."})
		return err
	}, staffEvent("postpone", "in_treatment", "in_treatment", false))
	step("add_note", 1, func() error { return f.db.AddNote(f.ctx, f.actor, ref, "Gebeld met klaagster.") },
		staffEvent("add_note", "in_treatment", "in_treatment", true))
	var advice casework.Advice
	step("rule_granted_plus_one_issue_per_advice", 2, func() error {
		advices, err := f.db.Rule(f.ctx, f.actor, ref, ruling(casework.VerdictFounded, f.orgA.ID))
		if err == nil {
			advice = advices[0]
		}
		return err
	}, func(t *testing.T, evs []eventRow) {
		staffEvent("rule_granted", "in_treatment", "advised", false)(t, evs)
		e := evs[1]
		if e.Action != "issue" || e.AdviceID == nil || *e.AdviceID != advice.ID || e.From != "" || e.To != "issued" {
			t.Fatalf("issue event %+v", e)
		}
	})
	step("accept", 1, func() error {
		_, err := f.db.AcceptAdvice(f.ctx, f.orgActor(f.orgA), advice.ID, casework.AnswerReceipt{})
		return err
	}, func(t *testing.T, evs []eventRow) {
		e := evs[0]
		if e.Action != "accept" || e.From != "issued" || e.To != "accepted" || e.Role != "organisation" || e.UserID != nil ||
			e.AdviceID == nil || *e.AdviceID != advice.ID || e.Name != "directie "+f.orgA.Name {
			t.Fatalf("accept event %+v", e)
		}
	})
	step("confirm_execution_plus_system_close", 2, func() error {
		_, err := f.db.ConfirmExecution(f.ctx, f.orgActor(f.orgA), advice.ID, "gedaan", casework.AnswerReceipt{})
		return err
	}, func(t *testing.T, evs []eventRow) {
		if evs[0].Action != "confirm_execution" || evs[0].From != "accepted" || evs[0].To != "executed" ||
			evs[1].Action != "close" || evs[1].Role != "system" || evs[1].From != "advised" || evs[1].To != "closed" {
			t.Fatalf("events %+v", evs)
		}
	})
	step("add_note_on_closed", 1, func() error { return f.db.AddNote(f.ctx, f.actor, ref, "Dossier gearchiveerd.") },
		staffEvent("add_note", "closed", "closed", true))
	t.Run("withdraw_other_complaint", func(t *testing.T) {
		other := f.file(f.orgB.ID).Reference
		f.clock.Advance(time.Hour)
		f.must(f.db.Withdraw(f.ctx, casework.ResidentActor, other, casework.Closing{Reason: "Opgelost met de buurvrouw."}))
		evs := f.events(other)
		if len(evs) != 2 || evs[1].Action != "withdraw" || evs[1].From != "received" || evs[1].To != "withdrawn" ||
			evs[1].Role != "resident" || evs[1].Reason != "Opgelost met de buurvrouw." || !evs[1].At.Equal(f.clock.Now()) {
			t.Fatalf("events %+v", evs)
		}
	})
}

func TestEquatedDayAppliesToLaterAdvices(t *testing.T) {
	// Monday 2026-06-01: an advice issued today has last day 2026-06-01 + 14 = Monday 2026-06-15, an ordinary
	// working day (Whit Monday 2026 is 25 May).
	f := newFx(t, local(2026, 6, 1, 10, 0))
	first, second := f.inTreatment(f.orgA.ID), f.inTreatment(f.orgA.ID)
	f.hearAll(first, f.orgA.ID)
	f.hearAll(second, f.orgA.ID)
	before, err := f.db.Rule(f.ctx, f.actor, first, ruling(casework.VerdictFounded, f.orgA.ID))
	f.must(err)
	if before[0].RespondBy != "2026-06-15" || !before[0].DeadlineAt.Equal(local(2026, 6, 16, 0, 0)) {
		t.Fatalf("advice before: respond by %s, deadline %s", before[0].RespondBy, before[0].DeadlineAt)
	}
	f.clock.Advance(time.Hour)
	f.must(f.db.AddEquatedDay(f.ctx, postgres.EquatedDay{Day: term.NewDate(2026, time.June, 15), Label: "Gelijkgestelde dag (test)"}))
	after, err := f.db.Rule(f.ctx, f.actor, second, ruling(casework.VerdictFounded, f.orgA.ID))
	f.must(err)
	t.Run("later_advice_moves_to_next_working_day", func(t *testing.T) {
		// 2026-06-15 is now equated to a holiday: the last day moves to Tuesday 2026-06-16.
		if after[0].RespondBy != "2026-06-16" || !after[0].DeadlineAt.Equal(local(2026, 6, 17, 0, 0)) {
			t.Fatalf("advice after: respond by %s, deadline %s", after[0].RespondBy, after[0].DeadlineAt)
		}
	})
	t.Run("earlier_advice_unchanged", func(t *testing.T) {
		var respondBy string
		f.must(f.sql.GetContext(f.ctx, &respondBy, `SELECT to_char(respond_by, 'YYYY-MM-DD') FROM advices WHERE id = $1`, before[0].ID))
		if respondBy != "2026-06-15" {
			t.Fatalf("earlier advice now responds by %s", respondBy)
		}
	})
	t.Run("listed", func(t *testing.T) {
		days, err := f.db.EquatedDays(f.ctx)
		f.must(err)
		found := false
		for _, d := range days {
			found = found || d.Day == term.NewDate(2026, time.June, 15)
		}
		if !found {
			t.Fatalf("2026-06-15 not in %v", days)
		}
	})
	t.Run("zero_day_refused", func(t *testing.T) {
		wantCode(t, f.db.AddEquatedDay(f.ctx, postgres.EquatedDay{Label: "x"}), casework.CodeValidation)
	})
}

func TestAdviceDeadlineAcrossDST(t *testing.T) {
	// Issued Sunday 2026-03-15 at noon (CET). 2026-03-15 + 14 = Sunday 2026-03-29, the day summer time
	// starts: moves to Monday 2026-03-30. The deadline is midnight after it, 2026-03-31T00:00+02:00 (CEST),
	// which is 2026-03-30T22:00Z.
	f := newFx(t, local(2026, 3, 2, 10, 0))
	ref := f.inTreatment(f.orgA.ID, f.orgB.ID)
	f.clock.Set(local(2026, 3, 15, 12, 0))
	f.hearAll(ref, f.orgA.ID, f.orgB.ID)
	advices, err := f.db.Rule(f.ctx, f.actor, ref, ruling(casework.VerdictPartlyFounded, f.orgA.ID, f.orgB.ID))
	f.must(err)
	a, b := advices[0], advices[1]
	deadline := time.Date(2026, 3, 30, 22, 0, 0, 0, time.UTC)

	t.Run("respond_by_monday_deadline_cest_midnight", func(t *testing.T) {
		for _, adv := range advices {
			if adv.RespondBy != "2026-03-30" || !adv.DeadlineAt.Equal(deadline) ||
				adv.DeadlineAt.In(ams).Format(time.RFC3339) != "2026-03-31T00:00:00+02:00" {
				t.Fatalf("respond by %s, deadline %s", adv.RespondBy, adv.DeadlineAt.In(ams).Format(time.RFC3339))
			}
		}
		var localDeadline string
		f.must(f.sql.GetContext(f.ctx, &localDeadline, `
			SELECT to_char(deadline_at AT TIME ZONE 'Europe/Amsterdam', 'YYYY-MM-DD HH24:MI:SS') FROM advices WHERE id = $1`, a.ID))
		if localDeadline != "2026-03-31 00:00:00" {
			t.Fatalf("PostgreSQL reads the deadline as %s Amsterdam time", localDeadline)
		}
	})
	t.Run("accepted_one_nanosecond_before_deadline", func(t *testing.T) {
		f.clock.Set(deadline.Add(-time.Nanosecond))
		got, err := f.db.AcceptAdvice(f.ctx, f.orgActor(f.orgA), a.ID, casework.AnswerReceipt{})
		f.must(err)
		if got.Status != casework.AdviceAccepted {
			t.Fatalf("advice %+v", got)
		}
	})
	t.Run("accepted_response_recorded_before_deadline", func(t *testing.T) {
		var onTime bool
		f.must(f.sql.GetContext(f.ctx, &onTime, `SELECT responded_at < deadline_at FROM advices WHERE id = $1`, a.ID))
		var evOnTime bool
		f.must(f.sql.GetContext(f.ctx, &evOnTime, `
			SELECT bool_and(e.effective_at < a.deadline_at) FROM events e JOIN advices a ON a.id = e.advice_id
			WHERE e.advice_id = $1 AND e.action = 'accept'`, a.ID))
		if !onTime || !evOnTime {
			t.Fatalf("the advice was accepted because the clock read %s (before the deadline %s), but the stored responded_at "+
				"and event time are not before deadline_at (responded_at < deadline_at: %v, event: %v): PostgreSQL rounds the "+
				"nanosecond clock to microseconds, so the record shows a response at the deadline instant",
				deadline.Add(-time.Nanosecond).Format(time.RFC3339Nano), deadline.Format(time.RFC3339Nano), onTime, evOnTime)
		}
	})
	t.Run("refused_exactly_at_deadline_and_nothing_changed", func(t *testing.T) {
		f.clock.Set(deadline)
		before := f.snapshot(ref)
		_, err := f.db.RejectAdvice(f.ctx, f.orgActor(f.orgB), b.ID,
			casework.Rejection{Reasons: "Wij wijzen dit advies af omdat de gevraagde voorziening niet onder de Wmo valt."}, casework.AnswerReceipt{})
		wantCode(t, err, casework.CodeDeadlinePassed)
		_, err = f.db.AcceptAdvice(f.ctx, f.orgActor(f.orgB), b.ID, casework.AnswerReceipt{})
		wantCode(t, err, casework.CodeDeadlinePassed)
		if after := f.snapshot(ref); after != before {
			t.Fatalf("refused late response changed the store:\n%s\n---\n%s", before, after)
		}
		if f.adviceStatus(b.ID) != casework.AdviceIssued {
			t.Fatal("late advice not issued")
		}
	})
	t.Run("refused_an_hour_later", func(t *testing.T) {
		f.clock.Set(deadline.Add(time.Hour))
		_, err := f.db.AcceptAdvice(f.ctx, f.orgActor(f.orgB), b.ID, casework.AnswerReceipt{})
		wantCode(t, err, casework.CodeDeadlinePassed)
	})
}

func TestOrganisationCannotActOnAnotherOrganisationsAdvice(t *testing.T) {
	f := newFx(t, local(2026, 3, 2, 10, 0))
	ref, advices := f.advised(casework.VerdictFounded, []int64{f.orgA.ID}, f.orgA.ID)
	a := advices[0]
	intruder := f.orgActor(f.orgB)
	before := f.snapshot(ref)
	_, missing := f.db.AcceptAdvice(f.ctx, intruder, 987654, casework.AnswerReceipt{})
	wantCode(t, missing, casework.CodeNotFound)
	reasons := "Wij wijzen het advies af omdat de gevraagde voorziening niet onder de Wmo valt."
	for name, do := range map[string]func() error{
		"accept": func() error { _, err := f.db.AcceptAdvice(f.ctx, intruder, a.ID, casework.AnswerReceipt{}); return err },
		"reject": func() error {
			_, err := f.db.RejectAdvice(f.ctx, intruder, a.ID, casework.Rejection{Reasons: reasons}, casework.AnswerReceipt{})
			return err
		},
		"confirm_execution": func() error {
			_, err := f.db.ConfirmExecution(f.ctx, intruder, a.ID, "", casework.AnswerReceipt{})
			return err
		},
		"view": func() error { _, err := f.db.Advice(f.ctx, intruder, a.ID); return err },
	} {
		t.Run(name+"_not_found", func(t *testing.T) {
			err := do()
			wantCode(t, err, casework.CodeNotFound)
			if err.Error() != missing.Error() {
				t.Fatalf("error %q differs from the one for a nonexistent advice %q", err, missing)
			}
		})
	}
	t.Run("nothing_changed", func(t *testing.T) {
		if after := f.snapshot(ref); after != before {
			t.Fatalf("intruder changed the store:\n%s\n---\n%s", before, after)
		}
	})
	t.Run("not_listed_for_intruder", func(t *testing.T) {
		list, err := f.db.Advices(f.ctx, intruder, postgres.AdviceFilter{})
		f.must(err)
		if len(list) != 0 {
			t.Fatalf("intruder sees %+v", list)
		}
	})
	t.Run("owner_may_act", func(t *testing.T) {
		_, err := f.db.AcceptAdvice(f.ctx, f.orgActor(f.orgA), a.ID, casework.AnswerReceipt{})
		f.must(err)
	})
}

func TestLogin(t *testing.T) {
	f := newFx(t, local(2026, 3, 2, 10, 0))
	const password = "correct horse battery"
	t.Run("wrong_password_and_unknown_email_give_same_error", func(t *testing.T) {
		_, wrong := f.db.Login(f.ctx, "anna@meldpunt.example.nl", "incorrect horse battery", "", time.Hour)
		_, unknown := f.db.Login(f.ctx, "nobody@meldpunt.example.nl", password, "", time.Hour)
		wantCode(t, wrong, casework.CodeUnauthenticated)
		if unknown == nil || unknown.Error() != wrong.Error() || casework.ErrorCode(unknown) != casework.ErrorCode(wrong) {
			t.Fatalf("errors differ: %v vs %v", unknown, wrong)
		}
		if n := f.count(`SELECT count(*) FROM api_tokens`); n != 0 {
			t.Fatalf("%d tokens after failed logins", n)
		}
	})
	t.Run("email_case_insensitive", func(t *testing.T) {
		s, err := f.db.Login(f.ctx, " Anna@Meldpunt.Example.NL ", password, "", time.Hour)
		f.must(err)
		if s.User.ID != f.staff.ID || s.User.Role != casework.RoleStaff {
			t.Fatalf("session %+v", s)
		}
	})
	t.Run("token_stored_only_as_hash", func(t *testing.T) {
		s, err := f.db.Login(f.ctx, "anna@meldpunt.example.nl", password, "", time.Hour)
		f.must(err)
		var text string
		f.must(f.sql.GetContext(f.ctx, &text, `SELECT string_agg(t::text, E'\n') FROM api_tokens t`))
		if strings.Contains(text, s.Token) {
			t.Fatal("token stored in clear")
		}
	})
	t.Run("token_expires", func(t *testing.T) {
		start := local(2026, 3, 2, 12, 0)
		f.clock.Set(start)
		s, err := f.db.Login(f.ctx, "anna@meldpunt.example.nl", password, "", time.Hour)
		f.must(err)
		if !s.ExpiresAt.Equal(start.Add(time.Hour)) {
			t.Fatalf("expires at %s", s.ExpiresAt)
		}
		f.clock.Set(start.Add(59 * time.Minute))
		u, err := f.db.UserByToken(f.ctx, s.Token)
		f.must(err)
		if u.ID != f.staff.ID {
			t.Fatalf("user %+v", u)
		}
		for _, later := range []time.Duration{time.Hour, time.Hour + time.Second, 48 * time.Hour} {
			f.clock.Set(start.Add(later))
			_, err := f.db.UserByToken(f.ctx, s.Token)
			wantCode(t, err, casework.CodeUnauthenticated)
		}
	})
	t.Run("unknown_token_refused", func(t *testing.T) {
		_, err := f.db.UserByToken(f.ctx, "not-a-token")
		wantCode(t, err, casework.CodeUnauthenticated)
	})
	t.Run("logout_revokes", func(t *testing.T) {
		f.clock.Set(local(2026, 3, 3, 9, 0))
		s, err := f.db.Login(f.ctx, "anna@meldpunt.example.nl", password, "", time.Hour)
		f.must(err)
		f.must(f.db.Logout(f.ctx, s.Token))
		_, err = f.db.UserByToken(f.ctx, s.Token)
		wantCode(t, err, casework.CodeUnauthenticated)
	})
}

func TestComplaintViewIsLogged(t *testing.T) {
	f := newFx(t, local(2026, 3, 2, 10, 0))
	r := f.file(f.orgA.ID)
	id := f.complaintID(r.Reference)
	t.Run("resident_lookup_not_logged", func(t *testing.T) {
		_, err := f.db.LookupComplaint(f.ctx, r.Reference, r.TrackingCode)
		f.must(err)
		if n := f.count(`SELECT count(*) FROM access_log`); n != 0 {
			t.Fatalf("%d access_log rows", n)
		}
	})
	t.Run("staff_view_logged_with_viewer_and_time", func(t *testing.T) {
		f.clock.Set(local(2026, 3, 3, 8, 15))
		_, err := f.db.Complaint(f.ctx, f.actor, r.Reference)
		f.must(err)
		var row struct {
			Complaint int64     `db:"complaint_id"`
			User      int64     `db:"user_id"`
			At        time.Time `db:"at"`
		}
		f.must(f.sql.GetContext(f.ctx, &row, `SELECT complaint_id, user_id, at FROM access_log`))
		if row.Complaint != id || row.User != f.staff.ID || !row.At.Equal(f.clock.Now()) {
			t.Fatalf("access_log %+v", row)
		}
	})
	t.Run("every_view_logged", func(t *testing.T) {
		f.clock.Advance(time.Minute)
		_, err := f.db.Complaint(f.ctx, f.actor, r.Reference)
		f.must(err)
		if n := f.count(`SELECT count(*) FROM access_log WHERE complaint_id = $1 AND user_id = $2`, id, f.staff.ID); n != 2 {
			t.Fatalf("%d access_log rows, want 2", n)
		}
	})
	t.Run("unknown_reference_not_found_and_not_logged", func(t *testing.T) {
		_, err := f.db.Complaint(f.ctx, f.actor, "MP-2026-999999")
		wantCode(t, err, casework.CodeNotFound)
		if n := f.count(`SELECT count(*) FROM access_log`); n != 2 {
			t.Fatalf("%d access_log rows", n)
		}
	})
}

func TestSupporterContactIsKept(t *testing.T) {
	// The intake validates a supporter's postal address (postcode format included) and the API accepts it;
	// letters go to the supporter too (DOMAIN.md §4, §5), so what was accepted must be stored.
	f := newFx(t, local(2026, 3, 2, 10, 0))
	in := intake(f.orgA.ID)
	sup := casework.Contact{Name: "Sociaal Raadslieden Haarlem", Email: "raadslieden@example.nl", Phone: "023 543 0000",
		Street: "Zijlsingel 2", Postcode: "2013 DN", City: "Haarlem"}
	in.Supporter = &sup
	in.SupporterConsent = true
	r, err := f.db.FileComplaint(f.ctx, casework.ResidentActor, in)
	f.must(err)
	c, err := f.db.Complaint(f.ctx, f.actor, r.Reference)
	f.must(err)
	if !c.SupporterConsent || c.Supporter == nil {
		t.Fatalf("supporter %+v consent %v", c.Supporter, c.SupporterConsent)
	}
	if *c.Supporter != sup {
		t.Fatalf("supporter stored as %+v, want %+v: FileComplaint accepts and validates the supporter's street, "+
			"postcode and city but never stores them", *c.Supporter, sup)
	}
}
