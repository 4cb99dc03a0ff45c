package main

import (
	"context"
	"strings"
	"testing"

	"meldpunt/internal/casework"
	"meldpunt/internal/pgtest"
)

// TestRetentionCommand: `meldpunt retention` lists the files due today (and with --on those due
// later) as a table; --approve approves the named ones as the admin of --as, whom the list
// records, and refuses without --as, with a staff account, or with a file not due.
func TestRetentionCommand(t *testing.T) {
	t.Setenv("DATABASE_URL", pgtest.NewURL(t))
	d, err := openForTest(t)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	org, err := d.store.CreateOrganisation(ctx, casework.Organisation{Name: "Sociaal Wijkteam Noord", Kind: casework.OrgDistrictTeam})
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range []casework.NewUser{
		{Email: "archief@meldpunt.example.nl", Name: "Ada Archivaris", Role: casework.RoleAdmin, Password: "correct horse battery"},
		{Email: "anna@meldpunt.example.nl", Name: "Anna de Vries", Role: casework.RoleStaff, Password: "correct horse battery"},
	} {
		if _, err := d.store.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
	}
	file := func(yearsAgo int) string {
		r, err := d.store.FileComplaint(ctx, casework.ResidentActor, casework.Intake{
			Complainant:     casework.Contact{Name: "Karin Bewaarmans", Email: "karin@example.nl"},
			OrganisationIDs: []int64{org.ID}, Grounds: []casework.Ground{casework.GroundTreatment},
			LifeDomains: []casework.LifeDomain{casework.DomainCare}, Summary: "Niemand belde mij terug over mijn aanvraag."})
		if err != nil {
			t.Fatal(err)
		}
		if err := d.store.Withdraw(ctx, casework.ResidentActor, r.Reference, casework.Closing{Reason: "Opgelost met de buurvrouw."}); err != nil {
			t.Fatal(err)
		}
		if _, err := d.store.SQL().Exec(`UPDATE complaints SET retention_from = NULL,
			closed_at = closed_at - make_interval(years => $2) WHERE reference = $1`, r.Reference, yearsAgo); err != nil {
			t.Fatal(err)
		}
		return r.Reference
	}
	due, notYet := file(2), file(0)

	out, _, err := runCmd(t, "", "retention")
	if err != nil || !strings.Contains(out, "REFERENCE") || !strings.Contains(out, due) || strings.Contains(out, notYet) ||
		!strings.Contains(out, "inadmissible_withdrawn") {
		t.Fatalf("retention: %v\n%s", err, out)
	}
	if strings.Contains(out, "Bewaarmans") || strings.Contains(out, "karin@") {
		t.Errorf("the list shows personal data:\n%s", out)
	}
	out, _, err = runCmd(t, "", "retention", "--on", "2099-12-31")
	if err != nil || !strings.Contains(out, due) || !strings.Contains(out, notYet) {
		t.Fatalf("retention --on a later day: %v\n%s", err, out)
	}
	for _, bad := range [][]string{
		{"retention", "--approve", due},
		{"retention", "--as", "archief@meldpunt.example.nl"},
		{"retention", "--as", "archief@meldpunt.example.nl", "--approve"},
		{"retention", "--on", "morgen"},
		{"retention", due},
		{"retention", "--as", "anna@meldpunt.example.nl", "--approve", due},
	} {
		if _, _, err := runCmd(t, "", bad...); exitCode(err) != 2 {
			t.Errorf("%v: %v, want a usage error", bad, err)
		}
	}
	if _, _, err := runCmd(t, "", "retention", "--as", "archief@meldpunt.example.nl", "--approve", notYet); err == nil ||
		!strings.Contains(err.Error(), "not due") {
		t.Errorf("approving a file not due: %v", err)
	}
	out, _, err = runCmd(t, "", "retention", "--as", "ARCHIEF@meldpunt.example.nl", "--approve", due)
	if err != nil || !strings.Contains(out, "approved by Ada Archivaris") || !strings.Contains(out, "1 files (1 inadmissible_withdrawn)") {
		t.Fatalf("retention --approve: %v\n%s", err, out)
	}
	out, _, err = runCmd(t, "", "retention")
	if err != nil || !strings.Contains(out, due) || !strings.Contains(out, "yes") {
		t.Fatalf("the approved file is not marked approved: %v\n%s", err, out)
	}
	var n int
	if err := d.store.SQL().Get(&n, `SELECT count(*) FROM destruction_lists WHERE approver_name = 'Ada Archivaris'`); err != nil || n != 1 {
		t.Fatalf("the list records the approver: %d %v", n, err)
	}
}
