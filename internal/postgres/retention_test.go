package postgres_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/lib/pq"

	"meldpunt/internal/casework"
	"meldpunt/internal/postgres"
	"meldpunt/internal/term"
)

// destroyableCase files a complaint whose every personal datum and free text is a marked string,
// with an informal representative, hears it, rules partly founded with advice to orgA, which the
// organisation rejects with reasons, and closes it; staff open it (access log). It returns the
// reference and the marked strings.
func (f *fx) destroyableCase() (string, []string) {
	f.t.Helper()
	in := intake(f.orgA.ID)
	in.Complainant = casework.Contact{Name: "Wilhelmina Vernietigdewaard", Email: "wilhelmina.v@example.nl",
		Phone: "06 9988 7766", Street: "Kruisweg 4711", Postcode: "2011 LC", City: "Haarlem"}
	in.Supporter = &casework.Contact{Name: "Bernardus Mantelzorgheer", Email: "bernardus.m@example.nl"}
	in.SupporterRelation = "broer"
	in.SupporterConsent = true
	in.Summary = "Zorgdossier-geheim: mijn diagnose werd in de wachtkamer hardop genoemd."
	in.DesiredOutcome = "Excuses-geheim van de teamleider."
	in.OccurredOn = "2026-02-20"
	in.LifeDomainText = "Levensgebied-geheim: mijn zorg thuis"
	// Filed with the form's one-time token, whose row refers to the case.
	token, err := f.db.NewFormToken(f.ctx)
	f.must(err)
	r, _, err := f.db.FileComplaintOnce(f.ctx, casework.ResidentActor, in, postgres.IntakeLimit{}, token)
	f.must(err)
	ref := r.Reference
	f.must(f.db.TakeUp(f.ctx, f.actor, ref, casework.TakeUp{NotInvolved: true}))
	_, err = f.db.RecordHearing(f.ctx, f.actor, ref, casework.Hearing{Party: casework.PartyComplainant,
		HeldOn: term.LocalDate(f.clock.Now()).String(), Record: "Hoorverslag-geheim: klaagster vertelt over haar behandeling."})
	f.must(err)
	_, err = f.db.RecordHearing(f.ctx, f.actor, ref, casework.Hearing{Party: casework.PartyOrganisation,
		OrganisationID: f.orgA.ID, Skipped: casework.SkipWaived, SkipNote: "Afzien-geheim van horen."})
	f.must(err)
	advices, err := f.db.Rule(f.ctx, f.actor, ref, casework.Ruling{Verdict: casework.VerdictPartlyFounded,
		Findings: "Bevinding-geheim over de wachtkamer.", Conclusions: "Conclusie-geheim over zorgvuldigheid.",
		Advices: []casework.AdviceInput{{OrganisationID: f.orgA.ID, Text: "Advies-geheim: bied excuses aan."}}})
	f.must(err)
	f.clock.Advance(24 * time.Hour)
	_, err = f.db.RejectAdvice(f.ctx, f.orgActor(f.orgA), advices[0].ID,
		casework.Rejection{Ground: casework.RejectionGrounds[0], Reasons: "Afwijzing-geheim: de medewerker is al vertrokken."}, casework.AnswerReceipt{})
	f.must(err)
	if s := f.status(ref); s != casework.StatusClosed {
		f.t.Fatalf("case %s, want closed", s)
	}
	_, err = f.db.Complaint(f.ctx, f.actor, ref)
	f.must(err)
	return ref, []string{"Vernietigdewaard", "wilhelmina.v@", "9988 7766", "Kruisweg 4711", "Mantelzorgheer",
		"bernardus.m@", "broer", "Zorgdossier-geheim", "Excuses-geheim", "Hoorverslag-geheim", "Afzien-geheim",
		"Bevinding-geheim", "Conclusie-geheim", "Advies-geheim", "Afwijzing-geheim", "Levensgebied-geheim", ref}
}

// tablesMentioning returns every table of the database with a row whose text holds s.
func (f *fx) tablesMentioning(s string) []string {
	f.t.Helper()
	var tables []string
	f.must(f.sql.SelectContext(f.ctx, &tables, `SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`))
	var hits []string
	for _, tbl := range tables {
		var n int
		f.must(f.sql.GetContext(f.ctx, &n, `SELECT count(*) FROM `+pq.QuoteIdentifier(tbl)+` t WHERE strpos(t::text, $1) > 0`, s))
		if n > 0 {
			hits = append(hits, tbl)
		}
	}
	return hits
}

// TestDestructionRemovesTheWholeFile: an approved case is destroyed by the background destroyer:
// no table of the database holds any of its personal data or free text afterwards, not even its
// reference; the complaint row stays with anonymous facts only; the archive keeps a record with
// the reference's hash; another case is untouched. Before its day the case cannot be approved.
func TestDestructionRemovesTheWholeFile(t *testing.T) {
	f := newFx(t, local(2026, 3, 2, 10, 0))
	ref, marks := f.destroyableCase()
	keep := f.inTreatment(f.orgB.ID)
	id := f.complaintID(ref)
	for _, m := range marks {
		if len(f.tablesMentioning(m)) == 0 {
			t.Fatalf("%q is nowhere before the destruction: the test would prove nothing", m)
		}
	}
	if n := f.count(`SELECT count(*) FROM form_tokens WHERE complaint_id = $1`, id); n != 1 {
		t.Fatalf("%d form tokens of the case before the destruction, want 1", n)
	}
	var c struct {
		Category  string    `db:"retention_category"`
		From      term.Date `db:"retention_from"`
		DestroyOn term.Date `db:"destroy_on"`
	}
	f.must(f.sql.GetContext(f.ctx, &c, `SELECT retention_category, retention_from, destroy_on FROM complaints WHERE id = $1`, id))
	if c.Category != "handled" || c.From != term.NewDate(2026, 3, 3) || c.DestroyOn != term.NewDate(2031, 3, 3) {
		t.Fatalf("retention %+v, want handled from 2026-03-03, destroyed on 2031-03-03", c)
	}
	admin := casework.Actor{UserID: f.staff.ID, Role: casework.RoleAdmin, Label: "Archivaris"}
	_, err := f.db.ApproveDestruction(f.ctx, admin, []string{ref})
	wantCode(t, err, casework.CodeValidation)
	due, err := f.db.DueForDestruction(f.ctx, term.NewDate(2031, 3, 2), 0)
	f.must(err)
	if len(due) != 0 {
		t.Fatalf("due the day before: %+v", due)
	}
	due, err = f.db.DueForDestruction(f.ctx, term.NewDate(2031, 3, 3), 0)
	f.must(err)
	if len(due) != 1 || due[0].Reference != ref || due[0].Approved {
		t.Fatalf("due on the day: %+v", due)
	}

	f.clock.Set(local(2031, 3, 3, 9, 0))
	list, err := f.db.ApproveDestruction(f.ctx, admin, []string{" " + ref + " ", ref})
	f.must(err)
	if list.Cases != 1 || list.Handled != 1 || list.ApprovedBy != "Archivaris" || list.FinishedAt != nil {
		t.Fatalf("list %+v", list)
	}
	_, err = f.db.ApproveDestruction(f.ctx, admin, []string{ref})
	wantCode(t, err, casework.CodeValidation)
	if len(f.tablesMentioning("Vernietigdewaard")) == 0 {
		t.Fatal("approval alone destroyed the file")
	}

	f.clock.Advance(time.Minute)
	n, err := f.db.DestroyApproved(f.ctx, 100)
	f.must(err)
	if n != 1 {
		t.Fatalf("destroyed %d, want 1", n)
	}
	if n, err := f.db.DestroyApproved(f.ctx, 100); err != nil || n != 0 {
		t.Fatalf("second pass destroyed %d (%v)", n, err)
	}
	for _, m := range marks {
		if hits := f.tablesMentioning(m); len(hits) > 0 {
			t.Errorf("%q still in %v after the destruction", m, hits)
		}
	}
	for _, tbl := range []string{"events", "access_log", "notices", "hearings", "hearing_invitations", "postponements",
		"representations", "supporter_contributions", "form_tokens"} {
		if n := f.count(`SELECT count(*) FROM `+tbl+` WHERE complaint_id = $1`, id); n != 0 {
			t.Errorf("%d rows of %s left", n, tbl)
		}
	}
	var facts struct {
		Status       string  `db:"status"`
		Verdict      *string `db:"verdict"`
		HadSupporter bool    `db:"had_supporter"`
		Destroyed    bool    `db:"destroyed"`
		Orgs         int     `db:"orgs"`
		Advice       string  `db:"advice"`
		Ground       string  `db:"rejection_ground"`
	}
	f.must(f.sql.GetContext(f.ctx, &facts, `
		SELECT c.status, c.verdict, c.had_supporter, c.destroyed_at IS NOT NULL AS destroyed,
			(SELECT count(*) FROM complaint_organisations WHERE complaint_id = c.id) AS orgs,
			a.status AS advice, a.rejection_ground
		FROM complaints c JOIN advices a ON a.complaint_id = c.id WHERE c.id = $1`, id))
	if facts.Status != "closed" || facts.Verdict == nil || *facts.Verdict != "partly_founded" || !facts.HadSupporter ||
		!facts.Destroyed || facts.Orgs != 1 || facts.Advice != "rejected" || facts.Ground != string(casework.RejectionGrounds[0]) {
		t.Errorf("the anonymous facts that the figures count: %+v", facts)
	}
	var rec struct {
		Hash      []byte     `db:"reference_hash"`
		Category  string     `db:"category"`
		Year      int        `db:"closed_year"`
		Complaint *int64     `db:"complaint_id"`
		At        *time.Time `db:"destroyed_at"`
	}
	f.must(f.sql.GetContext(f.ctx, &rec, `SELECT reference_hash, category, closed_year, complaint_id, destroyed_at FROM destructions`))
	if !bytes.Equal(rec.Hash, postgres.ReferenceHash(ref)) || rec.Category != "handled" || rec.Year != 2026 ||
		rec.Complaint != nil || rec.At == nil || !rec.At.Equal(f.clock.Now()) {
		t.Errorf("destruction record %+v", rec)
	}
	list, err = f.db.DestructionList(f.ctx, list.ID)
	f.must(err)
	if list.Destroyed != 1 || list.FinishedAt == nil {
		t.Errorf("list after the destruction %+v", list)
	}
	if _, err := f.db.Complaint(f.ctx, f.actor, ref); casework.ErrorCode(err) != casework.CodeNotFound {
		t.Errorf("the destroyed case by its old reference: %v", err)
	}
	if n := f.count(`SELECT count(*) FROM complaints WHERE reference = $1 AND summary <> '' AND complainant_name <> ''`, keep); n != 1 {
		t.Error("the other case lost its data")
	}
}

// TestDestructionSkipsACaseOnHold: a case put on hold after its approval is not destroyed; the
// list records it as skipped and finishes.
func TestDestructionSkipsACaseOnHold(t *testing.T) {
	f := newFx(t, local(2026, 3, 2, 10, 0))
	r := f.file(f.orgA.ID)
	f.must(f.db.Withdraw(f.ctx, f.actor, r.Reference, casework.Closing{Reason: "De klager trekt de klacht in."}))
	f.clock.Set(local(2027, 3, 2, 9, 0))
	admin := casework.Actor{Role: casework.RoleAdmin, Label: "Archivaris"}
	list, err := f.db.ApproveDestruction(f.ctx, admin, []string{r.Reference})
	f.must(err)
	if list.Inadmissible != 1 {
		t.Fatalf("list %+v, want one inadmissible or withdrawn case", list)
	}
	_, err = f.sql.ExecContext(f.ctx, `UPDATE complaints SET hold_reason = 'Lopende procedure bij de rechtbank' WHERE reference = $1`, r.Reference)
	f.must(err)
	n, err := f.db.DestroyApproved(f.ctx, 10)
	f.must(err)
	if n != 0 {
		t.Fatalf("destroyed %d cases on hold", n)
	}
	list, err = f.db.DestructionList(f.ctx, list.ID)
	f.must(err)
	if list.OnHold != 1 || list.Destroyed != 0 || list.FinishedAt == nil {
		t.Errorf("list %+v", list)
	}
	if n := f.count(`SELECT count(*) FROM complaints WHERE reference = $1 AND destroyed_at IS NULL AND summary <> ''`, r.Reference); n != 1 {
		t.Error("the case on hold lost its file")
	}
}

// TestDestructionKnowsEveryTableOfACase: every table that refers to a complaint or an advice is
// one the destruction deals with; a new table fails this test until the destruction (and this
// list) handle it.
func TestDestructionKnowsEveryTableOfACase(t *testing.T) {
	f := newFx(t, local(2026, 3, 2, 10, 0))
	var refs []string
	f.must(f.sql.SelectContext(f.ctx, &refs, `
		SELECT DISTINCT conrelid::regclass::text FROM pg_constraint
		WHERE contype = 'f' AND confrelid IN ('complaints'::regclass, 'advices'::regclass) ORDER BY 1`))
	handled := map[string]string{
		"advices": "free text blanked", "advice_reminders": "deleted", "notices": "deleted", "events": "deleted",
		"access_log": "deleted", "hearing_invitations": "deleted", "hearings": "deleted", "postponements": "deleted",
		"supporter_contributions": "deleted", "representations": "deleted", "trajectories": "unlinked",
		"form_tokens":             "deleted",
		"complaint_organisations": "kept: which organisations, for the figures",
		"recommendations":         "kept: policy recommendations published in the annual report",
		"destructions":            "the archive's record, unlinked by the destruction",
	}
	for _, tbl := range refs {
		if _, ok := handled[tbl]; !ok {
			t.Errorf("table %s refers to complaints or advices, and the destruction does not deal with it", tbl)
		}
	}
}
