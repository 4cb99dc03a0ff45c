package postgres_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pressly/goose/v3"

	"meldpunt/internal/casework"
	"meldpunt/internal/pgtest"
	"meldpunt/internal/postgres"
	"meldpunt/internal/term"
	"meldpunt/migrations"
)

// The day of receipt (issue 10, point 5), the inadmissibility grounds checked against the file
// (point 6) and letters that wait for an address (point 9).

// staffIntake is a complaint staff register from a letter that reached the meldpunt on receivedOn.
func staffIntake(receivedOn string, orgs ...int64) casework.Intake {
	in := intake(orgs...)
	in.Channel, in.ReceivedOn = casework.ChannelLetter, receivedOn
	return in
}

// TestTermLastDayInSQLMatchesTerm: the SQL function the migration uses for existing rows and for
// rows written by plain SQL gives the same last day as internal/term, every day of seven years.
func TestTermLastDayInSQLMatchesTerm(t *testing.T) {
	db := pgtest.NewDB(t)
	var rows []struct {
		Start time.Time `db:"start"`
		Last  time.Time `db:"last"`
	}
	if err := db.Select(&rows, `SELECT d::date AS start, term_last_day(d::date, 28) AS last
		FROM generate_series('2023-01-01'::date, '2029-12-31'::date, interval '1 day') d`); err != nil {
		t.Fatal(err)
	}
	cal := term.DefaultCalendar()
	mismatches := 0
	for _, r := range rows {
		start := term.NewDate(r.Start.Year(), r.Start.Month(), r.Start.Day())
		want, err := cal.LastDay(start, 28)
		if err != nil {
			t.Fatal(err)
		}
		if got := term.NewDate(r.Last.Year(), r.Last.Month(), r.Last.Day()); got != want.LastDay {
			if mismatches++; mismatches < 10 {
				t.Errorf("from %s: SQL %s, term %s", start, got, want.LastDay)
			}
		}
	}
	if len(rows) != 2557 {
		t.Fatalf("compared %d days", len(rows))
	}
}

// TestMigrationFillsTheDayOfReceipt: an existing complaint gets the Amsterdam date of received_at
// as its day of receipt, and its inadmissibility term from that day.
func TestMigrationFillsTheDayOfReceipt(t *testing.T) {
	db := pgtest.NewDB(t)
	p, err := goose.NewProvider(goose.DialectPostgres, db.DB, migrations.FS)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.DownTo(t.Context(), 6); err != nil {
		t.Fatalf("down: %v", err)
	}
	// 22:30 UTC on 6 April is 00:30 on 7 April in Amsterdam (summer time); 7 April + 28 days is
	// 5 May, Liberation Day, so the last day is Wednesday 6 May.
	if _, err := db.Exec(`
		INSERT INTO complaints (reference, tracking_hash, status, channel, language, received_at, handling_last_day,
			handling_deadline_at, complainant_name, grounds, life_domains, summary)
		VALUES ('MP-2026-000001', '\x00', 'received', 'web', 'nl', '2026-04-06T22:30:00Z', '2026-05-19',
			'2026-05-19T22:00:00Z', 'K', ARRAY['treatment'], ARRAY['care'], 'Een klacht van vóór de migratie.')`); err != nil {
		t.Fatal(err)
	}
	if _, err := postgres.Migrate(t.Context(), db.DB); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Received string `db:"received_on"`
		Last     string `db:"inadmissibility_last_day"`
	}
	if err := db.Get(&got, `SELECT to_char(received_on, 'YYYY-MM-DD') AS received_on,
		to_char(inadmissibility_last_day, 'YYYY-MM-DD') AS inadmissibility_last_day FROM complaints`); err != nil {
		t.Fatal(err)
	}
	if got.Received != "2026-04-07" || got.Last != "2026-05-06" {
		t.Fatalf("received_on %s, inadmissibility_last_day %s; want 2026-04-07 and 2026-05-06", got.Received, got.Last)
	}
}

// TestStaffRegistersTheRealDayOfReceipt: a letter that arrived three weeks ago is registered with
// that day; the handling term and the inadmissibility term run from it.
func TestStaffRegistersTheRealDayOfReceipt(t *testing.T) {
	f := newFx(t, local(2026, 11, 23, 10, 0)) // Monday
	r, err := f.db.FileComplaint(f.ctx, f.actor, staffIntake("2026-11-02", f.orgA.ID))
	f.must(err)
	// 2 November + 42 days is Monday 14 December; + 28 days is Monday 30 November.
	if r.ReceivedOn != "2026-11-02" || r.HandlingLastDay != "2026-12-14" {
		t.Fatalf("receipt: received on %s, handling last day %s", r.ReceivedOn, r.HandlingLastDay)
	}
	c, err := f.db.Complaint(f.ctx, f.actor, r.Reference)
	f.must(err)
	if c.ReceivedOn != "2026-11-02" || c.HandlingLastDay != "2026-12-14" || c.InadmissibilityLastDay != "2026-11-30" {
		t.Fatalf("complaint: received on %s, handling %s, inadmissibility %s", c.ReceivedOn, c.HandlingLastDay, c.InadmissibilityLastDay)
	}
	if !c.ReceivedAt.Equal(f.clock.Now()) {
		t.Errorf("registered at %s, want now", c.ReceivedAt)
	}
	if why := c.Timeline[0].Reason; why != "channel: letter; received on 2026-11-02" {
		t.Errorf("filing event says %q", why)
	}
	var ack string
	f.must(f.sql.Get(&ack, `SELECT status FROM notices WHERE complaint_id = $1 AND kind = 'acknowledgement'`, c.ID))
	view, err := f.db.LookupComplaint(f.ctx, r.Reference, r.TrackingCode)
	f.must(err)
	if view.ReceivedOn != "2026-11-02" {
		t.Errorf("the resident sees received on %q", view.ReceivedOn)
	}

	t.Run("today_when_not_given", func(t *testing.T) {
		r, err := f.db.FileComplaint(f.ctx, f.actor, staffIntake("", f.orgA.ID))
		f.must(err)
		// 23 November + 42 days is Monday 4 January 2027.
		if r.ReceivedOn != "2026-11-23" || r.HandlingLastDay != "2027-01-04" {
			t.Fatalf("received on %s, handling last day %s", r.ReceivedOn, r.HandlingLastDay)
		}
	})
	for _, tc := range []struct {
		name   string
		actor  casework.Actor
		in     casework.Intake
		fields []string
	}{
		{"resident_may_not_send_it", casework.ResidentActor, func() casework.Intake {
			in := intake(f.orgA.ID)
			in.ReceivedOn = "2026-11-20"
			return in
		}(), []string{"received_on"}},
		{"not_in_the_future", f.actor, staffIntake("2026-11-24", f.orgA.ID), []string{"received_on"}},
		{"not_more_than_a_year_back", f.actor, staffIntake("2025-11-22", f.orgA.ID), []string{"received_on"}},
		{"events_not_after_receipt", f.actor, func() casework.Intake {
			in := staffIntake("2026-11-02", f.orgA.ID)
			in.OccurredOn = "2026-11-10"
			return in
		}(), []string{"occurred_on"}},
		{"resident_needs_a_postal_or_email_address", casework.ResidentActor, func() casework.Intake {
			in := intake(f.orgA.ID)
			in.Complainant.Email = ""
			return in
		}(), []string{"complainant"}},
	} {
		t.Run(tc.name+"_refused", func(t *testing.T) {
			before := f.count(`SELECT count(*) FROM complaints`)
			_, err := f.db.FileComplaint(f.ctx, tc.actor, tc.in)
			wantCode(t, err, casework.CodeValidation)
			if got := fieldNames(err); !slices.Equal(got, tc.fields) {
				t.Fatalf("fields %v, want %v (%v)", got, tc.fields, err)
			}
			if f.count(`SELECT count(*) FROM complaints`) != before {
				t.Fatal("a refused intake was stored")
			}
		})
	}
}

// TestInadmissibilityTermInTheWatch: complaints still received or in treatment whose four weeks
// end within the horizon or have passed are watched; a running term comes before a passed one.
func TestInadmissibilityTermInTheWatch(t *testing.T) {
	f := newFx(t, local(2026, 11, 23, 10, 0)) // Monday
	file := func(day string) string {
		r, err := f.db.FileComplaint(f.ctx, f.actor, staffIntake(day, f.orgA.ID))
		f.must(err)
		return r.Reference
	}
	lastDay := file("2026-10-26")                                                   // + 28 days: today, Monday 23 November
	passed := file("2026-10-01")                                                    // + 28 days: Thursday 29 October
	f.must(f.db.TakeUp(f.ctx, f.actor, passed, casework.TakeUp{NotInvolved: true})) // in treatment: still watched
	file("2026-11-23")                                                              // + 28 days: 21 December, beyond the horizon
	ended := file("2026-10-01")
	f.must(f.db.Withdraw(f.ctx, f.actor, ended, casework.Closing{Reason: "Klager trekt de klacht in."}))

	w, err := f.db.Watch(f.ctx, 5)
	f.must(err)
	var got []string
	for _, c := range w.Inadmissibility {
		got = append(got, c.Reference+" "+c.LastDay.String())
	}
	want := []string{lastDay + " 2026-11-23", passed + " 2026-10-29"}
	if !slices.Equal(got, want) {
		t.Fatalf("watched %v, want %v", got, want)
	}
	if c := w.Inadmissibility[0]; c.DaysLeft != 0 || c.Overdue || c.ReceivedOn.String() != "2026-10-26" {
		t.Errorf("running term: %+v", c)
	}
	if c := w.Inadmissibility[1]; c.DaysLeft != -25 || !c.Overdue || c.Status != "in_treatment" || c.HandlerName != f.staff.Name {
		t.Errorf("passed term: %+v", c)
	}
	wl, err := f.db.WorkList(f.ctx, f.staff.ID, 5, 1)
	f.must(err)
	if wl.InadmissibilityTotal != 2 || len(wl.Watch.Inadmissibility) != 1 {
		t.Errorf("worklist: total %d, shown %d", wl.InadmissibilityTotal, len(wl.Watch.Inadmissibility))
	}
}

// TestDeclareInadmissibleChecksTheFile: the grounds the file can bear out are checked against it,
// and what was decided is kept.
func TestDeclareInadmissibleChecksTheFile(t *testing.T) {
	f := newFx(t, local(2026, 11, 23, 10, 0))
	const reasons = "U schreef ons over een gesprek van 15 oktober 2025. Dat is te lang geleden."
	old := staffIntake("2026-11-02", f.orgA.ID)
	old.OccurredOn = "2025-10-15"
	r, err := f.db.FileComplaint(f.ctx, f.actor, old)
	f.must(err)
	f.must(f.db.TakeUp(f.ctx, f.actor, r.Reference, casework.TakeUp{NotInvolved: true}))
	recent := f.inTreatment(f.orgA.ID) // occurred_on unknown

	t.Run("older_than_one_year_needs_the_date", func(t *testing.T) {
		before := f.snapshot(recent)
		err := f.db.DeclareInadmissible(f.ctx, f.actor, recent, casework.Inadmissibility{Ground: casework.InadmissibleOlderThanYear, Reasons: reasons})
		wantCode(t, err, casework.CodeValidation)
		if got := fieldNames(err); !slices.Equal(got, []string{"ground"}) {
			t.Fatalf("fields %v", got)
		}
		if f.snapshot(recent) != before {
			t.Fatal("a refused decision changed the store")
		}
	})
	t.Run("handled_before_needs_a_ruled_earlier_complaint", func(t *testing.T) {
		for _, earlier := range []string{"", "MP-1999-000001", recent, r.Reference} {
			err := f.db.DeclareInadmissible(f.ctx, f.actor, recent, casework.Inadmissibility{Ground: casework.InadmissibleHandledBefore,
				Reasons: reasons, EarlierReference: earlier})
			wantCode(t, err, casework.CodeValidation)
			if got := fieldNames(err); !slices.Equal(got, []string{"earlier_reference"}) {
				t.Fatalf("earlier %q: fields %v", earlier, got)
			}
		}
	})
	t.Run("handled_before_with_a_ruled_complaint_accepted", func(t *testing.T) {
		ruled := f.inTreatment(f.orgA.ID)
		f.hearAll(ruled, f.orgA.ID)
		_, err := f.db.Rule(f.ctx, f.actor, ruled, ruling(casework.VerdictUnfounded))
		f.must(err)
		f.must(f.db.DeclareInadmissible(f.ctx, f.actor, recent, casework.Inadmissibility{Ground: casework.InadmissibleHandledBefore,
			Reasons: reasons, EarlierReference: " " + strings.ToLower(ruled) + " "}))
		c, err := f.db.Complaint(f.ctx, f.actor, recent)
		f.must(err)
		if c.Status != casework.StatusInadmissible || c.EarlierReference != ruled {
			t.Fatalf("status %s, earlier reference %q", c.Status, c.EarlierReference)
		}
		var data string
		f.must(f.sql.Get(&data, `SELECT data->>'earlier_reference' FROM notices WHERE complaint_id = $1 AND kind = 'inadmissible' AND recipient = 'complainant'`, c.ID))
		if data != ruled {
			t.Errorf("the letter's data names %q", data)
		}
	})
	t.Run("older_than_one_year_counted_from_receipt", func(t *testing.T) {
		// 15 October 2025 is more than a year before 2 November 2026, the day of receipt.
		f.must(f.db.DeclareInadmissible(f.ctx, f.actor, r.Reference, casework.Inadmissibility{Ground: casework.InadmissibleOlderThanYear, Reasons: reasons}))
		if f.status(r.Reference) != casework.StatusInadmissible {
			t.Fatal("not inadmissible")
		}
	})
}

// TestOrganisationsAreToldWhenACaseEndsEarly: every organisation that was sent a copy gets a
// notice that the case ended; a copy still waiting says so; a case that ended before it was taken
// up tells no organisation.
func TestOrganisationsAreToldWhenACaseEndsEarly(t *testing.T) {
	f := newFx(t, local(2026, 11, 23, 10, 0))
	ended := func(ref string) []int64 {
		var orgs []int64
		f.must(f.sql.Select(&orgs, `SELECT organisation_id FROM notices WHERE complaint_id = $1 AND kind = 'case_ended' ORDER BY 1`, f.complaintID(ref)))
		return orgs
	}
	for _, tc := range []struct {
		name string
		end  func(ref string) error
		as   string
	}{
		{"withdrawn", func(ref string) error {
			return f.db.Withdraw(f.ctx, f.actor, ref, casework.Closing{Reason: "Klager trekt de klacht in."})
		}, "withdrawn"},
		{"resolved", func(ref string) error {
			return f.db.Resolve(f.ctx, f.actor, ref, casework.Closing{Reason: "Opgelost in een gesprek."})
		}, "resolved"},
		{"inadmissible", func(ref string) error {
			return f.db.DeclareInadmissible(f.ctx, f.actor, ref, casework.Inadmissibility{Ground: casework.InadmissibleTooLight,
				Reasons: "Het ging om een afspraak die tien minuten later begon."})
		}, "inadmissible"},
	} {
		t.Run(tc.name+"_in_treatment_tells_both_organisations", func(t *testing.T) {
			ref := f.inTreatment(f.orgA.ID, f.orgB.ID)
			f.must(tc.end(ref))
			if got := ended(ref); !slices.Equal(got, []int64{f.orgA.ID, f.orgB.ID}) {
				t.Fatalf("case_ended notices to %v", got)
			}
			var marks []string
			f.must(f.sql.Select(&marks, `SELECT data->>'case_ended' FROM notices WHERE complaint_id = $1 AND kind = 'copy_to_organisation'`,
				f.complaintID(ref)))
			if len(marks) != 2 || marks[0] != tc.as || marks[1] != tc.as {
				t.Fatalf("waiting copies marked %v, want %s", marks, tc.as)
			}
		})
	}
	t.Run("ended_before_take_up_tells_nobody", func(t *testing.T) {
		ref := f.file(f.orgA.ID).Reference
		f.must(f.db.Withdraw(f.ctx, f.actor, ref, casework.Closing{Reason: "Klager trekt de klacht in."}))
		if got := ended(ref); len(got) != 0 {
			t.Fatalf("case_ended notices to %v", got)
		}
	})
	t.Run("a_copy_already_delivered_is_left_alone", func(t *testing.T) {
		ref := f.inTreatment(f.orgA.ID)
		claimed, err := f.db.ClaimNotices(f.ctx, 100, time.Minute)
		f.must(err)
		for _, d := range claimed {
			f.must(f.db.Delivered(f.ctx, d, "print", []byte("%PDF-")))
		}
		f.must(f.db.Withdraw(f.ctx, f.actor, ref, casework.Closing{Reason: "Klager trekt de klacht in."}))
		var mark *string
		f.must(f.sql.Get(&mark, `SELECT data->>'case_ended' FROM notices WHERE complaint_id = $1 AND kind = 'copy_to_organisation'`, f.complaintID(ref)))
		if mark != nil {
			t.Fatalf("a printed copy was marked %q", *mark)
		}
		if got := ended(ref); !slices.Equal(got, []int64{f.orgA.ID}) {
			t.Fatalf("case_ended notices to %v", got)
		}
	})
}

// TestPhoneOnlyLettersWaitForAnAddress: a complaint taken by phone gets its letters as no_address:
// not claimed, not printed, not failed; a contact change with an address releases them, and the
// audit trail says what changed without the data.
func TestPhoneOnlyLettersWaitForAnAddress(t *testing.T) {
	f := newFx(t, local(2026, 11, 23, 10, 0))
	in := staffIntake("", f.orgA.ID)
	in.Channel = casework.ChannelPhone
	in.Complainant = casework.Contact{Name: "Karin de Wit", Phone: "023 511 5100"}
	r, err := f.db.FileComplaint(f.ctx, f.actor, in)
	f.must(err)
	id := f.complaintID(r.Reference)
	status := func() string {
		var s string
		f.must(f.sql.Get(&s, `SELECT status FROM notices WHERE complaint_id = $1 AND kind = 'acknowledgement'`, id))
		return s
	}
	if got := status(); got != "no_address" {
		t.Fatalf("acknowledgement is %s", got)
	}
	claimed, err := f.db.ClaimNotices(f.ctx, 100, time.Minute)
	f.must(err)
	if len(claimed) != 0 {
		t.Fatalf("claimed %d letters without an address", len(claimed))
	}
	list, err := f.db.Notices(f.ctx, postgres.NoticeFilter{Status: "no_address"})
	f.must(err)
	if len(list) != 1 || list[0].Reference != r.Reference || list[0].Kind != "acknowledgement" {
		t.Fatalf("no_address list %+v", list)
	}

	t.Run("a_phone_number_alone_releases_nothing", func(t *testing.T) {
		out, err := f.db.Rectify(f.ctx, f.actor, r.Reference, casework.Rectification{Complainant: casework.Contact{Name: "Karin de Wit", Phone: "06 1234 5678"}, Reason: "op verzoek van klager"})
		f.must(err)
		if out.Released != 0 || out.Waiting != 1 || !slices.Equal(out.Changed, []string{"phone number changed"}) {
			t.Fatalf("outcome %+v", out)
		}
		if status() != "no_address" {
			t.Fatal("the letter left without an address")
		}
	})
	t.Run("half_an_address_refused", func(t *testing.T) {
		_, err := f.db.Rectify(f.ctx, f.actor, r.Reference, casework.Rectification{Complainant: casework.Contact{Name: "Karin de Wit", Phone: "023 511 5100", Street: "Grote Markt 2"}, Reason: "op verzoek van klager"})
		wantCode(t, err, casework.CodeValidation)
		if got := fieldNames(err); !slices.Equal(got, []string{"street"}) {
			t.Fatalf("fields %v", got)
		}
	})
	t.Run("unknown_complaint_not_found", func(t *testing.T) {
		_, err := f.db.Rectify(f.ctx, f.actor, "MP-1999-000001", casework.Rectification{Complainant: casework.Contact{Name: "K", Email: "k@example.nl"}, Reason: "op verzoek van klager"})
		wantCode(t, err, casework.CodeNotFound)
	})
	t.Run("a_postal_address_releases_the_letters", func(t *testing.T) {
		f.clock.Advance(time.Hour)
		out, err := f.db.Rectify(f.ctx, f.actor, r.Reference, casework.Rectification{Complainant: casework.Contact{Name: "Karin de Wit", Phone: "06 1234 5678",
			Street: "Kleverparkweg 12", Postcode: "2023 ce", City: "Haarlem"}, Reason: "op verzoek van klager"})
		f.must(err)
		if out.Released != 1 || out.Waiting != 0 || !slices.Equal(out.Changed, []string{"postal address added"}) {
			t.Fatalf("outcome %+v", out)
		}
		claimed, err := f.db.ClaimNotices(f.ctx, 100, time.Minute)
		f.must(err)
		if len(claimed) != 1 || claimed[0].Street != "Kleverparkweg 12" || claimed[0].Postcode != "2023 CE" || claimed[0].City != "Haarlem" {
			t.Fatalf("claimed %+v", claimed)
		}
		c, err := f.db.Complaint(f.ctx, f.actor, r.Reference)
		f.must(err)
		last := c.Timeline[len(c.Timeline)-1]
		// The event holds the staff's reason and, in its details, what changed with the old and
		// new values (Rectify).
		if last.Action != "change_contact" || last.Reason != "op verzoek van klager" ||
			!strings.Contains(string(last.Details), `"postal address added"`) || !strings.Contains(string(last.Details), "Kleverparkweg") {
			t.Fatalf("audit event %+v", last)
		}
		var internal bool
		f.must(f.sql.Get(&internal, `SELECT internal FROM events WHERE complaint_id = $1 AND action = 'change_contact' ORDER BY id DESC LIMIT 1`, id))
		view, err := f.db.LookupComplaint(f.ctx, r.Reference, r.TrackingCode)
		f.must(err)
		for _, e := range view.Timeline {
			if e.Action == "change_contact" {
				t.Fatal("the resident's timeline shows the internal contact change")
			}
		}
		if !internal {
			t.Fatal("the contact change is not internal")
		}
	})
	t.Run("later_letters_get_the_address", func(t *testing.T) {
		f.must(f.db.TakeUp(f.ctx, f.actor, r.Reference, casework.TakeUp{NotInvolved: true}))
		f.must(f.db.Withdraw(f.ctx, f.actor, r.Reference, casework.Closing{Reason: "Klager trekt de klacht in."}))
		var s string
		f.must(f.sql.Get(&s, `SELECT status FROM notices WHERE complaint_id = $1 AND kind = 'closed'`, id))
		if s != "pending" {
			t.Fatalf("the closing letter is %s", s)
		}
	})
}
