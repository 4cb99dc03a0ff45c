package postgres_test

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"meldpunt/internal/casework"
)

// Tests of the resident's rights in the store: the export of the whole file (art. 15 AVG) and the
// correction of personal data (art. 16 AVG).

// deliverAs records every claimable letter as delivered by post (print) with a PDF that names
// its recipient, as the dispatcher would.
func (f *fx) deliverAs() {
	f.t.Helper()
	list, err := f.db.ClaimNotices(f.ctx, 100, time.Minute)
	f.must(err)
	for _, d := range list {
		f.must(f.db.Delivered(f.ctx, d, "print", []byte("%PDF-1.4 letter to "+d.Name+", "+d.Street)))
	}
}

// informalIntake is a complaint with an informal representative who may act for the complainant,
// at a postal address.
func (f *fx) fileInformal() casework.Receipt {
	f.t.Helper()
	in := intake(f.orgA.ID)
	in.Complainant.Street, in.Complainant.Postcode, in.Complainant.City = "Oude Gracht 1", "2011 AA", "Haarlem"
	in.Supporter = &casework.Contact{Name: "Bram Buurman", Email: "bram@buur.example", Street: "Buurweg 3", Postcode: "2011 AB", City: "Haarlem"}
	in.SupporterRelation = "buurman"
	in.SupporterConsent = true
	r, err := f.db.FileComplaint(f.ctx, casework.ResidentActor, in)
	f.must(err)
	return r
}

// TestExportStore: the resident's export proves the case like the look-up; the staff's export
// needs a reason and is audited; the file holds the case's own facts and its retention.
func TestExportStore(t *testing.T) {
	f := newFx(t, local(2026, 11, 23, 10, 0))
	other := f.file(f.orgB.ID)
	r := f.fileInformal()
	f.deliverAs()

	_, err := f.db.ResidentExport(f.ctx, r.Reference, "WRONG-CODE")
	wantCode(t, err, casework.CodeNotFound)
	_, err = f.db.ResidentExport(f.ctx, "MP-1999-000001", r.TrackingCode)
	wantCode(t, err, casework.CodeNotFound)
	_, err = f.db.ResidentExport(f.ctx, other.Reference, r.TrackingCode)
	wantCode(t, err, casework.CodeNotFound)

	x, err := f.db.ResidentExport(f.ctx, r.Reference, r.TrackingCode)
	f.must(err)
	if x.ExportVersion != casework.ExportVersion || x.MadeFor != "resident" || x.Person.Street != "Oude Gracht 1" ||
		len(x.Representatives) != 1 || x.Representatives[0].Email != "bram@buur.example" || len(x.Organisations) != 1 ||
		x.Organisations[0].Name != f.orgA.Name {
		t.Fatalf("export %+v", x)
	}
	if x.Retention.Category != "" || x.Retention.DestroyOn != "" || !strings.Contains(x.Retention.Rule, "5 jaar na afsluiting") {
		t.Errorf("retention of an open case %+v", x.Retention)
	}
	body, _ := json.Marshal(x)
	if strings.Contains(string(body), other.Reference) || strings.Contains(string(body), f.orgB.Name) {
		t.Errorf("the export holds another case's data")
	}
	if len(x.Letters) < 2 || x.Letters[0].PDF == nil {
		t.Fatalf("letters %+v", x.Letters)
	}

	_, err = f.db.StaffExport(f.ctx, f.actor, r.Reference, "  ")
	wantCode(t, err, casework.CodeValidation)
	if n := f.count(`SELECT count(*) FROM events WHERE action = 'export'`); n != 0 {
		t.Fatalf("a refused export was recorded")
	}
	x, err = f.db.StaffExport(f.ctx, f.actor, r.Reference, "inzageverzoek per brief van 20 november")
	f.must(err)
	if x.MadeFor != "staff" || x.Reason != "inzageverzoek per brief van 20 november" {
		t.Errorf("staff export %q %q", x.MadeFor, x.Reason)
	}
	if n := f.count(`SELECT count(*) FROM events WHERE action = 'export' AND internal AND actor_user_id = $1
		AND reason = 'inzageverzoek per brief van 20 november'`, f.staff.ID); n != 1 {
		t.Errorf("export events %d", n)
	}
	if n := f.count(`SELECT count(*) FROM access_log WHERE user_id = $1`, f.staff.ID); n != 1 {
		t.Errorf("access log rows %d", n)
	}

	// Once closed, the export says when the file will be destroyed (migration 00021's rule).
	f.must(f.db.Withdraw(f.ctx, f.actor, r.Reference, casework.Closing{Reason: "Klager trekt de klacht in."}))
	x, err = f.db.ResidentExport(f.ctx, r.Reference, r.TrackingCode)
	f.must(err)
	if x.Retention.Category != casework.RetentionShort || x.Retention.From != "2026-11-23" || x.Retention.DestroyOn != "2027-11-23" ||
		x.Retention.Years != 1 || x.Complaint.ClosedAt == nil {
		t.Errorf("retention of a withdrawn case %+v", x.Retention)
	}
}

// TestRectify: a correction needs a reason; it keeps the old and new values only in its audit
// event; a letter already sent keeps its PDF and recipient, letters not sent yet go to the new
// details (one in the print queue is written again); the representative's details and the
// language of letters can be corrected too, the representative only where one acts informally.
func TestRectify(t *testing.T) {
	f := newFx(t, local(2026, 11, 23, 10, 0))
	r := f.fileInformal()
	f.deliverAs() // acknowledgements to the complainant and the representative, a copy to A: print queue
	var sent int64
	f.must(f.sql.GetContext(f.ctx, &sent, `SELECT id FROM notices WHERE recipient = 'complainant' AND kind = 'acknowledgement'`))
	f.must(f.db.MarkPosted(f.ctx, f.actor, sent))
	var sentPDF []byte
	f.must(f.sql.GetContext(f.ctx, &sentPDF, `SELECT pdf FROM notices WHERE id = $1`, sent))
	// A letter in the print queue for the complainant, and one waiting in the outbox.
	f.must(f.exec(`UPDATE notices SET status = 'print', pdf = 'old pdf' WHERE recipient = 'supporter'`))
	ref := r.Reference
	f.must(f.db.TakeUp(f.ctx, f.actor, ref, casework.TakeUp{NotInvolved: true}))
	f.must(f.db.InviteToHearing(f.ctx, f.actor, ref, casework.Invitation{Party: casework.PartyComplainant, Date: "2026-12-01",
		Time: "10:00", Place: "Stadhuis"}))

	correct := casework.Rectification{Complainant: casework.Contact{Name: "Fatima el-Amrani", Email: "fatima@example.nl",
		Phone: "06 1234 5678", Street: "Nieuwe Gracht 9", Postcode: "2011 NB", City: "Haarlem"}, Language: casework.LanguageEnglish}
	_, err := f.db.Rectify(f.ctx, f.actor, ref, correct)
	wantCode(t, err, casework.CodeValidation)
	if got := fieldNames(err); !slices.Equal(got, []string{"reason"}) {
		t.Fatalf("fields %v", got)
	}
	correct.Reason = "op verzoek van klager, brief van 20 november"
	out, err := f.db.Rectify(f.ctx, f.actor, ref, correct)
	f.must(err)
	if out.Readdressed == 0 || !slices.Contains(out.Changed, "language of letters changed") || !slices.Contains(out.Changed, "postal address changed") {
		t.Fatalf("outcome %+v", out)
	}

	// The audit event: who, why, and every field with its old and new value.
	var ev struct {
		Reason  string `db:"reason"`
		User    int64  `db:"actor_user_id"`
		Details []byte `db:"details"`
	}
	f.must(f.sql.GetContext(f.ctx, &ev, `SELECT reason, actor_user_id, details FROM events WHERE action = 'change_contact' AND internal`))
	var details struct {
		Fields []casework.FieldChange `json:"fields"`
	}
	f.must(json.Unmarshal(ev.Details, &details))
	want := []casework.FieldChange{{Field: "complainant.name", Old: "Fatima el Amrani", New: "Fatima el-Amrani"},
		{Field: "complainant.street", Old: "Oude Gracht 1", New: "Nieuwe Gracht 9"},
		{Field: "complainant.postcode", Old: "2011 AA", New: "2011 NB"},
		{Field: "language", Old: "nl", New: "en"}}
	if ev.Reason != correct.Reason || ev.User != f.staff.ID || !slices.Equal(details.Fields, want) {
		t.Fatalf("event %q %d %+v", ev.Reason, ev.User, details.Fields)
	}
	// The complaint row holds only the new values.
	if n := f.count(`SELECT count(*) FROM complaints WHERE reference = $1 AND complainant_street = 'Nieuwe Gracht 9'
		AND complainant_name = 'Fatima el-Amrani' AND language = 'en'`, ref); n != 1 {
		t.Fatal("the complaint does not hold the corrected data")
	}
	// The letter already posted: as it was sent.
	var posted struct {
		Name   string `db:"name"`
		Street string `db:"street"`
		Status string `db:"status"`
		PDF    []byte `db:"pdf"`
	}
	f.must(f.sql.GetContext(f.ctx, &posted, `SELECT name, street, status, pdf FROM notices WHERE id = $1`, sent))
	if posted.Name != "Fatima el Amrani" || posted.Street != "Oude Gracht 1" || posted.Status != "posted" || !bytes.Equal(posted.PDF, sentPDF) {
		t.Fatalf("the posted letter changed: %+v", posted)
	}
	// The invitation not sent yet: to the new address, in English.
	if n := f.count(`SELECT count(*) FROM notices WHERE recipient = 'complainant' AND kind = 'hearing_invitation'
		AND street = 'Nieuwe Gracht 9' AND name = 'Fatima el-Amrani' AND language = 'en' AND status = 'pending'`); n != 1 {
		t.Fatal("the letter not sent yet was not re-addressed")
	}
	// The copy to the organisation in the print queue names the complainant as corrected, and is
	// written again.
	if n := f.count(`SELECT count(*) FROM notices WHERE recipient = 'organisation' AND status = 'pending' AND pdf IS NULL
		AND facts->>'complainant_name' = 'Fatima el-Amrani'`); n != 1 {
		t.Errorf("the organisation's copy in the print queue was not corrected")
	}

	// The representative: corrected, their letter in the print queue written again for them.
	out, err = f.db.Rectify(f.ctx, f.actor, ref, casework.Rectification{Complainant: correct.Complainant, Reason: "op verzoek van de buurman",
		Representative: &casework.Contact{Name: "Bram Buurman", Email: "bram@nieuw.example", Street: "Buurweg 5", Postcode: "2011 AB", City: "Haarlem"}})
	f.must(err)
	if !slices.Equal(out.Changed, []string{"representative's details changed"}) {
		t.Fatalf("outcome %+v", out)
	}
	if n := f.count(`SELECT count(*) FROM notices WHERE recipient = 'supporter' AND status = 'pending' AND pdf IS NULL
		AND email = 'bram@nieuw.example' AND street = 'Buurweg 5'`); n == 0 {
		t.Errorf("the representative's letter in the print queue was not re-addressed")
	}
	if n := f.count(`SELECT count(*) FROM notices WHERE recipient = 'supporter' AND street <> 'Buurweg 5'`); n != 0 {
		t.Errorf("%d letters not sent yet still go to the representative's old address", n)
	}
	c, err := f.db.Complaint(f.ctx, f.actor, ref)
	f.must(err)
	if c.Supporter == nil || c.Supporter.Email != "bram@nieuw.example" {
		t.Errorf("supporter %+v", c.Supporter)
	}

	// No representative acting informally: refused.
	plain := f.file(f.orgA.ID)
	_, err = f.db.Rectify(f.ctx, f.actor, plain.Reference, casework.Rectification{Complainant: intake().Complainant,
		Reason: "verzoek", Representative: &casework.Contact{Name: "Iemand"}})
	wantCode(t, err, casework.CodeValidation)
	if got := fieldNames(err); !slices.Equal(got, []string{"representative"}) {
		t.Fatalf("fields %v", got)
	}
}
