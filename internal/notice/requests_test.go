package notice_test

import (
	"strings"
	"testing"
	"time"

	"meldpunt/internal/casework"
	"meldpunt/internal/postgres"
)

// TestSupportRequestNoticesAreNeutralAndCounted: a supporter's decision on a support request reaches
// the address the resident typed as a short neutral notice (the reference and where to read it;
// nothing the resident or the supporter typed), and these e-mails count with the complaint form's
// towards the 3 per hour an address may get; the rest are withheld (the decision is on the
// request page). A resident without an e-mail address gets no e-mail.
func TestSupportRequestNoticesAreNeutralAndCounted(t *testing.T) {
	f := newFx(t)
	sup, err := f.db.AdmitSupporter(f.ctx, f.staff, casework.SupporterProfile{Name: "Cliëntenbelang", Kind: casework.SupporterOrganisation,
		DescriptionNL: "Helpt.", LifeDomains: []casework.LifeDomain{casework.DomainCare}, Languages: []string{"nl"},
		Contact: casework.SupporterContact{Phone: "023 000 1100", Email: "info@cb.example"}, Independence: "Wij leveren geen zorg."})
	f.must(err)
	supID := sup.ID
	account := casework.User{Role: casework.RoleSupporter, SupporterID: &supID}
	ask := func(email string) int64 {
		t.Helper()
		in := casework.SupportRequestInput{SupporterID: sup.ID, Name: phishName, Email: email, Phone: "06 0000 0001",
			Channel: casework.SupportPhone, Language: "nl", Question: phishSummary}
		rec, err := f.db.AskSupport(f.ctx, in, postgres.IntakeLimit{})
		f.must(err)
		var id int64
		f.must(f.sql.Get(&id, `SELECT id FROM support_requests WHERE reference = $1`, rec.Reference))
		return id
	}
	// A complaint to the same address takes one of the three.
	o := f.org("Zorgaanbieder Anker", "", "Postbus 1, 2000 AA Haarlem")
	_, err = f.db.FileComplaint(f.ctx, casework.ResidentActor, phishIntake("doelwit@example.org", false, o.ID))
	f.must(err)
	for i := range 4 {
		id := ask("Doelwit@example.org")
		d := postgres.SupporterDecision{Step: casework.StepDecline, Reason: "Bel 0687654321 of kijk op http://x.example"}
		if i%2 == 0 {
			d = postgres.SupporterDecision{Step: casework.StepAccept}
		}
		_, err := f.db.DecideSupportRequest(f.ctx, account, id, d)
		f.must(err)
	}
	phoneOnly := ask("")
	_, err = f.db.DecideSupportRequest(f.ctx, account, phoneOnly, postgres.SupporterDecision{Step: casework.StepAccept})
	f.must(err)
	f.pass(f.d)
	msgs := f.srv.Messages()
	if len(msgs) != 3 {
		t.Fatalf("%d e-mails to one address in the hour, want 3", len(msgs))
	}
	requestMails := 0
	for _, m := range msgs {
		if !strings.Contains(m.Subject, "hulpvraag") {
			continue
		}
		requestMails++
		_, text := attachments(t, m.Raw)
		all := m.Subject + "\n" + text
		for _, typed := range append(phishTyped, "Cliëntenbelang") {
			if strings.Contains(all, typed) {
				t.Errorf("a support request notice carries %q:\n%s", typed, all)
			}
		}
		if !strings.Contains(all, "HV-2026-") || !strings.Contains(all, "/hulpvraag") {
			t.Errorf("the notice does not say which request or where to read it:\n%s", all)
		}
	}
	if requestMails != 2 {
		t.Errorf("%d support request e-mails, want 2 (the complaint took the first)", requestMails)
	}
	var statuses []string
	f.must(f.sql.Select(&statuses, `SELECT status FROM support_request_notices ORDER BY id`))
	if strings.Join(statuses, ",") != "sent,sent,withheld,withheld" {
		t.Errorf("support notices %v", statuses)
	}
	// Hours later the withheld ones are not sent late; a new decision is.
	f.clock.Advance(2 * time.Hour)
	id := ask("doelwit@example.org")
	_, err = f.db.DecideSupportRequest(f.ctx, account, id, postgres.SupporterDecision{Step: casework.StepAccept})
	f.must(err)
	f.pass(f.d)
	if n := len(f.srv.Messages()); n != 4 {
		t.Errorf("%d e-mails, want a fourth after the hour", n)
	}
}
