package postgres_test

import (
	"context"
	"testing"
	"time"

	"meldpunt/internal/casework"
	"meldpunt/internal/pgtest"
	"meldpunt/internal/term"
)

func TestWatchAndHearingInvitation(t *testing.T) {
	ctx := context.Background()
	clock := pgtest.NewClock(time.Date(2026, 11, 23, 10, 0, 0, 0, term.Amsterdam()))
	db := pgtest.NewStore(t, clock)
	org, _ := db.CreateOrganisation(ctx, casework.Organisation{Name: "Sociaal Wijkteam Oost", Kind: casework.OrgDistrictTeam})
	u, _ := db.CreateUser(ctx, casework.NewUser{Email: "s@x.example", Name: "S", Role: casework.RoleStaff, Password: "long enough password"})
	staff := casework.ActorOf(u)
	advice := advisedCase(t, db, staff, org.ID, false) // ruled, respond by 2026-12-07
	open, err := db.FileComplaint(ctx, casework.ResidentActor, casework.Intake{Complainant: casework.Contact{Name: "K", Email: "k@example.nl"},
		OrganisationIDs: []int64{org.ID}, Grounds: []casework.Ground{casework.GroundTreatment},
		LifeDomains: []casework.LifeDomain{casework.DomainHousing}, Summary: "Onbeschoft behandeld bij de balie."})
	if err != nil {
		t.Fatal(err)
	}
	// Received 2026-11-23: the handling term ends 2027-01-04 (42 days on is Monday 4 January).
	if open.HandlingLastDay != "2027-01-04" {
		t.Fatalf("handling last day %s", open.HandlingLastDay)
	}
	if err := db.TakeUp(ctx, staff, open.Reference, casework.TakeUp{NotInvolved: true}); err != nil {
		t.Fatal(err)
	}
	bad := casework.Invitation{Party: casework.PartyComplainant, Date: "2026-11-20", Time: "25:00", Place: ""}
	if err := db.InviteToHearing(ctx, staff, open.Reference, bad); casework.ErrorCode(err) != casework.CodeValidation {
		t.Fatalf("bad invitation: %v", err)
	}
	inv := casework.Invitation{Party: casework.PartyComplainant, Date: "2026-12-02", Time: "14:30", Place: "Stadhuis, Grote Markt 2"}
	if err := db.InviteToHearing(ctx, staff, open.Reference, inv); err != nil {
		t.Fatal(err)
	}
	var data string
	if err := db.SQL().Get(&data, `SELECT data::text FROM notices WHERE kind = 'hearing_invitation'`); err != nil {
		t.Fatal(err)
	}
	if data != `{"hearing_date": "2026-12-02", "hearing_time": "14:30", "hearing_place": "Stadhuis, Grote Markt 2"}` {
		t.Fatalf("invitation data %s", data)
	}

	w, err := db.Watch(ctx, 14)
	if err != nil {
		t.Fatal(err)
	}
	if len(w.Complaints) != 0 || len(w.Advices) != 1 || w.Advices[0].ID != advice.ID || w.Advices[0].DaysLeft != 14 {
		t.Fatalf("watch on 23 November: %+v", w)
	}
	clock.Set(time.Date(2027, 1, 5, 9, 0, 0, 0, term.Amsterdam()))
	if _, err := db.Sweep(ctx, 0); err != nil {
		t.Fatal(err)
	}
	w, err = db.Watch(ctx, 14)
	if err != nil {
		t.Fatal(err)
	}
	if len(w.Complaints) != 1 || w.Complaints[0].Reference != open.Reference || !w.Complaints[0].Overdue || w.Complaints[0].DaysLeft != -1 {
		t.Fatalf("watch on 5 January, complaints: %+v", w.Complaints)
	}
	if len(w.Advices) != 1 || w.Advices[0].Status != "enforced" {
		t.Fatalf("watch on 5 January, advices: %+v", w.Advices)
	}
}
