package postgres_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"meldpunt/internal/casework"
	"meldpunt/internal/postgres"
)

// fieldMessage returns the message of the first error on field, or "".
func fieldMessage(err error, field string) string {
	if e, ok := err.(*casework.Error); ok {
		for _, fe := range e.Fields {
			if fe.Field == field {
				return fe.Message
			}
		}
	}
	return ""
}

func wantFieldError(t *testing.T, err error, field, contains string) {
	t.Helper()
	wantCode(t, err, casework.CodeValidation)
	if msg := fieldMessage(err, field); msg == "" || !strings.Contains(msg, contains) {
		t.Fatalf("error %+v: want %s %q", err, field, contains)
	}
}

func invite(party casework.Party, org int64, date, at string) casework.Invitation {
	return casework.Invitation{Party: party, OrganisationID: org, Date: date, Time: at, Place: "Meldpunt, Zijlweg 1, Haarlem"}
}

// The complaint is taken up on Thursday 24 December 2026. The invitation goes out that day; the
// working days after it are Monday 28 (25 and 26 December are Christmas and Boxing Day, 27 a
// Sunday), 29, 30 and 31 December, and (1 January 2027 is New Year's Day, then a weekend) Monday 4
// January 2027: the fifth, from which the party may be passed over for not responding.
func TestNoResponseNeedsAnInvitationFiveWorkingDaysOld(t *testing.T) {
	f := newFx(t, local(2026, 12, 24, 10, 0))
	ref := f.inTreatment(f.orgA.ID)
	noResponse := casework.Hearing{Party: casework.PartyComplainant, Skipped: casework.SkipNoResponse,
		SkipNote: "Geen reactie op de uitnodiging."}

	t.Run("without_an_invitation_refused", func(t *testing.T) {
		before := f.snapshot(ref)
		_, err := f.db.RecordHearing(f.ctx, f.actor, ref, noResponse)
		wantFieldError(t, err, "skipped", "needs an invitation")
		if f.snapshot(ref) != before {
			t.Fatal("a refused hearing changed the store")
		}
	})

	f.must(f.db.InviteToHearing(f.ctx, f.actor, ref, invite(casework.PartyComplainant, 0, "2026-12-28", "10:00")))

	t.Run("an_invitation_whose_letter_has_not_gone_out_refused", func(t *testing.T) {
		f.clock.Set(local(2027, 1, 4, 9, 0))
		_, err := f.db.RecordHearing(f.ctx, f.actor, ref, noResponse)
		wantFieldError(t, err, "skipped", "has not gone out yet")
		f.clock.Set(local(2026, 12, 24, 10, 0))
	})
	// The dispatcher sends the invitation the day it was made (by e-mail: the complainant has an address).
	f.deliverInvitations()

	t.Run("four_working_days_after_refused", func(t *testing.T) {
		f.clock.Set(local(2026, 12, 31, 16, 0))
		_, err := f.db.RecordHearing(f.ctx, f.actor, ref, noResponse)
		wantFieldError(t, err, "skipped", "went out on 2026-12-24: no_response can be recorded from 2027-01-04")
	})
	t.Run("on_new_years_day_and_the_weekend_still_refused", func(t *testing.T) {
		for _, at := range []time.Time{local(2027, 1, 1, 12, 0), local(2027, 1, 3, 23, 59)} {
			f.clock.Set(at)
			_, err := f.db.RecordHearing(f.ctx, f.actor, ref, noResponse)
			wantFieldError(t, err, "skipped", "from 2027-01-04")
		}
	})
	t.Run("an_invitation_to_another_party_does_not_count", func(t *testing.T) {
		f.clock.Set(local(2027, 1, 4, 9, 0))
		_, err := f.db.RecordHearing(f.ctx, f.actor, ref, casework.Hearing{Party: casework.PartyOrganisation,
			OrganisationID: f.orgA.ID, Skipped: casework.SkipNoResponse, SkipNote: "Geen reactie."})
		wantFieldError(t, err, "skipped", "needs an invitation")
	})
	t.Run("five_working_days_after_accepted", func(t *testing.T) {
		f.clock.Set(local(2027, 1, 4, 9, 0))
		_, err := f.db.RecordHearing(f.ctx, f.actor, ref, noResponse)
		f.must(err)
		c, err := f.db.Complaint(f.ctx, f.actor, ref)
		f.must(err)
		if len(c.Hearings) != 1 || c.Hearings[0].Skipped != casework.SkipNoResponse {
			t.Fatalf("hearings %+v", c.Hearings)
		}
		if len(c.Invitations) != 1 || c.Invitations[0].Date != "2026-12-28" || c.Invitations[0].Time != "10:00" ||
			c.Invitations[0].NoResponseFrom != "2027-01-04" || c.Invitations[0].Party != casework.PartyComplainant {
			t.Fatalf("invitations %+v", c.Invitations)
		}
		// A party passed over gets no report: there was no hearing.
		if n := f.count(`SELECT count(*) FROM notices WHERE kind = 'hearing_report'`); n != 0 {
			t.Fatalf("%d hearing reports for a hearing that was skipped", n)
		}
	})
}

func TestInvitationOnAWorkingDayInOfficeHours(t *testing.T) {
	// Monday 21 December 2026.
	f := newFx(t, local(2026, 12, 21, 10, 0))
	ref := f.inTreatment(f.orgA.ID)
	refused := []struct {
		name, field, msg string
		in               casework.Invitation
	}{
		{"on_a_saturday", "date", "2027-01-09 is a Saturday, not a working day", invite(casework.PartyComplainant, 0, "2027-01-09", "10:00")},
		{"on_christmas_day", "date", "2026-12-25 is Christmas Day, not a working day", invite(casework.PartyComplainant, 0, "2026-12-25", "10:00")},
		{"on_an_equated_day", "date", "2027-05-07 is a day equated to a holiday by Royal Decree", invite(casework.PartyOrganisation, f.orgA.ID, "2027-05-07", "10:00")},
		{"at_ten_at_night", "time", "22:00 is outside office hours", invite(casework.PartyComplainant, 0, "2026-12-22", "22:00")},
		{"at_eight_in_the_morning", "time", "between 09:00 and 17:00", invite(casework.PartyComplainant, 0, "2026-12-22", "08:00")},
		{"earlier_today", "time", "09:30 today has passed already", invite(casework.PartyComplainant, 0, "2026-12-21", "09:30")},
		{"organisation_not_of_the_complaint", "organisation_id", "organisations the complaint is about", invite(casework.PartyOrganisation, f.orgB.ID, "2026-12-22", "10:00")},
	}
	for _, tc := range refused {
		t.Run(tc.name+"_refused", func(t *testing.T) {
			before := f.snapshot(ref)
			wantFieldError(t, f.db.InviteToHearing(f.ctx, f.actor, ref, tc.in), tc.field, tc.msg)
			if f.snapshot(ref) != before {
				t.Fatal("a refused invitation changed the store")
			}
		})
	}
	t.Run("working_day_in_office_hours_accepted_with_its_letter", func(t *testing.T) {
		f.must(f.db.InviteToHearing(f.ctx, f.actor, ref, invite(casework.PartyOrganisation, f.orgA.ID, "2026-12-22", "16:30")))
		var n struct {
			Recipient string `db:"recipient"`
			Org       int64  `db:"organisation_id"`
			Data      string `db:"data"`
		}
		f.must(f.sql.GetContext(f.ctx, &n, `SELECT recipient, organisation_id, data::text AS data FROM notices WHERE kind = 'hearing_invitation'`))
		if n.Recipient != "organisation" || n.Org != f.orgA.ID || !strings.Contains(n.Data, `"hearing_time": "16:30"`) {
			t.Fatalf("invitation letter %+v", n)
		}
		if got := f.count(`SELECT count(*) FROM hearing_invitations WHERE party = 'organisation' AND organisation_id = $1`, f.orgA.ID); got != 1 {
			t.Fatalf("%d invitations recorded", got)
		}
	})
}

type reportNotice struct {
	Recipient string `db:"recipient"`
	Org       *int64 `db:"organisation_id"`
	Name      string `db:"name"`
	Data      []byte `db:"data"`
}

func (f *fx) reports(ref string) []reportNotice {
	f.t.Helper()
	var list []reportNotice
	f.must(f.sql.SelectContext(f.ctx, &list, `SELECT recipient, organisation_id, name, data FROM notices
		WHERE kind = $1 AND complaint_id = $2 ORDER BY id`, postgres.NoticeHearingReport, f.complaintID(ref)))
	return list
}

func TestHearingReportGoesToThePartyHeard(t *testing.T) {
	f := newFx(t, local(2026, 3, 2, 10, 0))
	in := intake(f.orgA.ID, f.orgB.ID)
	in.Supporter = &casework.Contact{Name: "Cliëntenbelang Haarlem", Email: "steun@clientenbelang.example"}
	in.SupporterConsent = true
	r, err := f.db.FileComplaint(f.ctx, casework.ResidentActor, in)
	f.must(err)
	ref := r.Reference
	f.must(f.db.TakeUp(f.ctx, f.actor, ref, casework.TakeUp{NotInvolved: true}))

	const complainantRecord = "Klaagster vertelt dat zij vier keer heeft gebeld zonder antwoord."
	_, err = f.db.RecordHearing(f.ctx, f.actor, ref, casework.Hearing{Party: casework.PartyComplainant, HeldOn: "2026-03-02",
		Record: complainantRecord})
	f.must(err)
	got := f.reports(ref)
	if len(got) != 2 || got[0].Recipient != "complainant" || got[0].Name != "Fatima el Amrani" ||
		got[1].Recipient != "supporter" || got[1].Name != "Cliëntenbelang Haarlem" {
		t.Fatalf("reports after the complainant's hearing: %+v", got)
	}
	var data map[string]string
	f.must(json.Unmarshal(got[0].Data, &data))
	if data["record"] != complainantRecord || data["held_on"] != "2026-03-02" || data["party"] != "complainant" {
		t.Fatalf("report data %v", data)
	}

	const orgRecord = "De teamleider erkent dat de terugbelverzoeken zijn blijven liggen."
	_, err = f.db.RecordHearing(f.ctx, f.actor, ref, casework.Hearing{Party: casework.PartyOrganisation, OrganisationID: f.orgB.ID,
		HeldOn: "2026-03-02", Record: orgRecord})
	f.must(err)
	_, err = f.db.RecordHearing(f.ctx, f.actor, ref, casework.Hearing{Party: casework.PartyOrganisation, OrganisationID: f.orgA.ID,
		Skipped: casework.SkipWaived, SkipNote: "De directie ziet af van horen."})
	f.must(err)
	got = f.reports(ref)
	if len(got) != 3 || got[2].Recipient != "organisation" || got[2].Org == nil || *got[2].Org != f.orgB.ID {
		t.Fatalf("reports after the organisations' hearings: %+v (only the organisation heard gets one)", got)
	}
	f.must(json.Unmarshal(got[2].Data, &data))
	if data["record"] != orgRecord {
		t.Fatalf("organisation's report data %v", data)
	}
	// The complainant's report says nothing of the organisation's hearing, and the other way round.
	if strings.Contains(string(got[0].Data), orgRecord) || strings.Contains(string(got[2].Data), complainantRecord) {
		t.Fatal("a report carries another party's hearing")
	}
}

func TestAddOrganisationToAComplaintInTreatment(t *testing.T) {
	f := newFx(t, local(2026, 3, 2, 10, 0))
	ref := f.inTreatment(f.orgA.ID)
	f.hearAll(ref, f.orgA.ID)

	t.Run("advice_to_an_organisation_not_on_the_complaint_refused", func(t *testing.T) {
		_, err := f.db.Rule(f.ctx, f.actor, ref, ruling(casework.VerdictFounded, f.orgA.ID, f.orgC.ID))
		wantFieldError(t, err, "advices[1].organisation_id", "must be an organisation the complaint is about")
	})
	t.Run("unknown_organisation_refused", func(t *testing.T) {
		wantFieldError(t, f.db.AddOrganisation(f.ctx, f.actor, ref, 987654), "organisation_id", "existing organisation")
	})
	t.Run("organisation_already_on_the_complaint_refused", func(t *testing.T) {
		before := f.snapshot(ref)
		wantFieldError(t, f.db.AddOrganisation(f.ctx, f.actor, ref, f.orgA.ID), "organisation_id", "already")
		if f.snapshot(ref) != before {
			t.Fatal("a refused addition changed the store")
		}
	})
	t.Run("complaint_not_in_treatment_refused", func(t *testing.T) {
		received := f.file(f.orgA.ID).Reference
		wantCode(t, f.db.AddOrganisation(f.ctx, f.actor, received, f.orgC.ID), casework.CodeInvalidTransition)
		closed := f.inTreatment(f.orgA.ID)
		f.must(f.db.Withdraw(f.ctx, f.actor, closed, casework.Closing{Reason: "Klaagster trekt de klacht in."}))
		wantCode(t, f.db.AddOrganisation(f.ctx, f.actor, closed, f.orgC.ID), casework.CodeInvalidTransition)
	})

	t.Run("added_with_its_copy_and_an_audit_event", func(t *testing.T) {
		f.clock.Advance(time.Hour)
		f.must(f.db.AddOrganisation(f.ctx, f.actor, ref, f.orgC.ID))
		c, err := f.db.Complaint(f.ctx, f.actor, ref)
		f.must(err)
		if len(c.Organisations) != 2 {
			t.Fatalf("organisations %+v", c.Organisations)
		}
		if n := f.count(`SELECT count(*) FROM notices WHERE kind = 'copy_to_organisation' AND organisation_id = $1 AND complaint_id = $2`,
			f.orgC.ID, f.complaintID(ref)); n != 1 {
			t.Fatalf("%d copies to the added organisation", n)
		}
		evs := f.events(ref)
		last := evs[len(evs)-1]
		if last.Action != "add_organisation" || last.Reason != "organisation added: Gemeente Haarlem" ||
			last.UserID == nil || *last.UserID != f.staff.ID || !last.At.Equal(f.clock.Now()) {
			t.Fatalf("event %+v", last)
		}
	})
	t.Run("ruling_before_the_added_organisation_is_heard_refused", func(t *testing.T) {
		_, err := f.db.Rule(f.ctx, f.actor, ref, ruling(casework.VerdictFounded, f.orgA.ID, f.orgC.ID))
		wantFieldError(t, err, "hearings", "organisation "+itoa(f.orgC.ID))
		_, err = f.db.Rule(f.ctx, f.actor, ref, ruling(casework.VerdictFounded, f.orgA.ID))
		wantFieldError(t, err, "hearings", "organisation "+itoa(f.orgC.ID))
	})
	t.Run("advice_to_the_added_organisation_once_heard_accepted", func(t *testing.T) {
		_, err := f.db.RecordHearing(f.ctx, f.actor, ref, casework.Hearing{Party: casework.PartyOrganisation, OrganisationID: f.orgC.ID,
			HeldOn: "2026-03-02", Record: "De gemeente licht het beleid toe."})
		f.must(err)
		advices, err := f.db.Rule(f.ctx, f.actor, ref, ruling(casework.VerdictFounded, f.orgA.ID, f.orgC.ID))
		f.must(err)
		if len(advices) != 2 || advices[1].OrganisationID != f.orgC.ID {
			t.Fatalf("advices %+v", advices)
		}
	})
}

func itoa(n int64) string { return jsonNumber(n) }

func jsonNumber(n int64) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// deliverInvitations marks the invitation letters due as e-mailed, as the dispatcher would.
func (f *fx) deliverInvitations() {
	f.t.Helper()
	list, err := f.db.ClaimNotices(f.ctx, 100, time.Minute)
	f.must(err)
	for _, d := range list {
		if d.Kind == postgres.NoticeHearingInvitation {
			f.must(f.db.Delivered(f.ctx, d, "sent", []byte("%PDF-1.4 invitation")))
		} else {
			f.must(f.db.Release(f.ctx, d))
		}
	}
}
