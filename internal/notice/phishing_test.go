package notice_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"meldpunt/internal/casework"
	"meldpunt/internal/mail/mailtest"
)

// The public form cannot be used to phish or mail-bomb in the meldpunt's name (issue 11, point 1).

const (
	phishName    = "Bel 0612345678 http://x.example"
	phishSummary = "Uw toeslag wordt stopgezet. Betaal de achterstand van € 49,95 via https://betaal-nu.example/meldpunt of bel 0687654321 vandaag nog."
)

// phishTyped is everything the sender typed that must never reach an e-mail to a typed address.
var phishTyped = []string{"0612345678", "x.example", "http", "betaal-nu", "0687654321", "49,95", "toeslag", "Beste Bel"}

// phishIntake is a complaint as a prankster files it: a stranger's e-mail address, a fake payment
// link and phone numbers in the summary, a "name" that is a phone number and a link.
func phishIntake(email string, postal bool, orgs ...int64) casework.Intake {
	c := casework.Contact{Name: phishName, Email: email}
	if postal {
		c.Street, c.Postcode, c.City = "Kerkstraat 12", "2011 AB", "Haarlem"
	}
	return casework.Intake{Complainant: c, OrganisationIDs: orgs,
		Grounds: []casework.Ground{casework.GroundTreatment}, LifeDomains: []casework.LifeDomain{casework.DomainCare},
		Summary: phishSummary}
}

// TestAnonymousComplaintIsEmailedAsANeutralNotice: the acknowledgement of a complaint filed without
// an account reaches the typed address as a short notice without anything typed (body, subject and
// every attachment, PDFs read back), with the neutral salutation; the full letter (with the
// summary) is kept for the status page and goes to the print queue for the postal address; the
// same complaint registered by staff is e-mailed in full, with the letter attached.
func TestAnonymousComplaintIsEmailedAsANeutralNotice(t *testing.T) {
	f := newFx(t)
	o := f.org("Zorgaanbieder Anker", "", "Postbus 1, 2000 AA Haarlem")

	anon, err := f.db.FileComplaint(f.ctx, casework.ResidentActor, phishIntake("slachtoffer@example.org", true, o.ID))
	f.must(err)
	f.pass(f.d)
	msgs := f.srv.Messages()
	if len(msgs) != 1 {
		t.Fatalf("%d e-mails, want the one notice", len(msgs))
	}
	m := msgs[0]
	if m.To[0] != "slachtoffer@example.org" {
		t.Fatalf("e-mail to %v", m.To)
	}
	files, text := attachments(t, m.Raw)
	all := m.Subject + "\n" + text
	for _, file := range files {
		if strings.HasPrefix(string(file.Data), "%PDF-") {
			all += "\n" + pdfText(t, file.Data)
		} else {
			all += "\n" + string(file.Data)
		}
	}
	for _, typed := range phishTyped {
		if strings.Contains(all, typed) {
			t.Errorf("the e-mail to the typed address holds %q:\n%s", typed, all)
		}
	}
	for _, want := range []string{"Beste heer of mevrouw,", anon.Reference, "/status", "ook per post"} {
		if !strings.Contains(all, want) {
			t.Errorf("the notice lacks %q:\n%s", want, all)
		}
	}
	if len(files) != 0 {
		t.Errorf("the notice has %d attachments, want none", len(files))
	}
	// The letter itself: kept (the status page serves it) and in the print queue for the postal
	// address, with the summary and without the "name" in the salutation or the address.
	var ack row
	for _, r := range f.notices() {
		if r.Reference == anon.Reference && r.Recipient == "complainant" {
			ack = r
		}
	}
	if ack.Status != "print" || ack.SentAt == nil {
		t.Fatalf("the acknowledgement: %s, want print with the notice's sending time", ack)
	}
	letter := pdfText(t, ack.PDF)
	if !strings.Contains(letter, "betaal-nu.example") || !strings.Contains(letter, "Beste heer of mevrouw,") || strings.Contains(letter, "0612345678") {
		t.Errorf("the posted letter should hold the summary and no implausible name:\n%s", letter)
	}
	view, err := f.db.LookupComplaint(f.ctx, anon.Reference, anon.TrackingCode)
	f.must(err)
	if len(view.Letters) != 1 || !view.Letters[0].Ready {
		t.Errorf("the status page's letters: %+v", view.Letters)
	}

	// The same complaint registered by staff (taken by phone): e-mailed in full, letter attached.
	in := phishIntake("klager@example.org", false, o.ID)
	in.Channel = casework.ChannelPhone
	staff, err := f.db.FileComplaint(f.ctx, f.staff, in)
	f.must(err)
	f.pass(f.d)
	var full string
	var attached int
	for _, m := range f.srv.Messages() {
		if m.To[0] == "klager@example.org" {
			files, text := attachments(t, m.Raw)
			full = text
			for _, file := range files {
				attached++
				full += "\n" + pdfText(t, file.Data)
			}
		}
	}
	if attached != 1 || !strings.Contains(full, "betaal-nu.example") || !strings.Contains(full, staff.Reference) {
		t.Errorf("the staff's registration was not e-mailed in full (%d attachments):\n%s", attached, full)
	}
	// A name that is no name is not used for a salutation even then.
	if strings.Contains(full, "Beste Bel") {
		t.Errorf("the implausible name addresses the reader:\n%s", full)
	}
}

// TestThirtyComplaintsNamingOneAddressGiveThreeEmails: 30 complaints filed without an account
// naming one stranger's address (in several spellings) give at most 3 e-mails in the hour; the
// others are not e-mailed at all, also not later: they wait on the status page (withheld), or go
// by post when there is a postal address. After the hour, the next letter is e-mailed again.
func TestThirtyComplaintsNamingOneAddressGiveThreeEmails(t *testing.T) {
	f := newFx(t)
	o := f.org("Zorgaanbieder Anker", "", "Postbus 1, 2000 AA Haarlem")
	spellings := []string{"doelwit@example.org", "Doelwit@Example.org", "doelwit+%d@example.org"}
	for i := range 30 {
		email := spellings[i%3]
		if strings.Contains(email, "%d") {
			email = fmt.Sprintf(email, i)
		}
		_, err := f.db.FileComplaint(f.ctx, casework.ResidentActor, phishIntake(email, i%5 == 0, o.ID))
		f.must(err)
		if i%10 == 9 {
			f.pass(f.d)
			f.clock.Advance(5 * time.Minute)
		}
	}
	f.pass(f.d)
	if n := len(f.srv.Messages()); n != 3 {
		t.Fatalf("%d e-mails to one address in the hour, want 3", n)
	}
	statuses := map[string]int{}
	for _, r := range f.notices() {
		if r.Recipient == "complainant" {
			statuses[r.Status]++
		}
	}
	// 6 of the 30 have a postal address (every fifth): the first of them was e-mailed (and went to
	// print), so the print queue holds the 6 and 24 are withheld or sent.
	if statuses["print"] != 6 || statuses["sent"]+statuses["print"]+statuses["withheld"] != 30 || statuses["pending"] != 0 {
		t.Errorf("statuses %v", statuses)
	}
	// Hours later nothing more goes out: the withheld letters are not e-mailed late.
	f.clock.Advance(3 * time.Hour)
	f.pass(f.d)
	if n := len(f.srv.Messages()); n != 3 {
		t.Fatalf("%d e-mails after the hour, want still 3", n)
	}
	// A new complaint after the hour is e-mailed again.
	_, err := f.db.FileComplaint(f.ctx, casework.ResidentActor, phishIntake("doelwit@example.org", false, o.ID))
	f.must(err)
	f.pass(f.d)
	if n := len(f.srv.Messages()); n != 4 {
		t.Fatalf("%d e-mails, want a fourth after the hour", n)
	}
	if n := f.count(`SELECT count(*) FROM public_mails`); n != 1 {
		t.Errorf("%d addresses counted, want only the last hour's", n)
	}
}

// TestTypedAddressGetsNoticesUntilStaffConfirmIt: taking the case up does not show that an address
// typed on the public form belongs to the complainant: the letters after take-up go to it as short
// notices too (the postponement letter quotes nothing typed, but a ruling would quote the summary).
// Saving the contact details to add a phone number does not change that; once staff confirm the
// address (checked with the complainant), the next letter is e-mailed in full with the letter
// attached, and the audit trail says it was confirmed.
func TestTypedAddressGetsNoticesUntilStaffConfirmIt(t *testing.T) {
	f := newFx(t)
	o := f.org("Zorgaanbieder Anker", "", "Postbus 1, 2000 AA Haarlem")
	r, err := f.db.FileComplaint(f.ctx, casework.ResidentActor, phishIntake("bewoner@example.org", false, o.ID))
	f.must(err)
	f.pass(f.d)
	f.must(f.db.TakeUp(f.ctx, f.staff, r.Reference, casework.TakeUp{NotInvolved: true}))
	_, err = f.db.Postpone(f.ctx, f.staff, r.Reference, casework.Postponement{Days: 14, Reason: "Wij wachten op het dossier van de organisatie."})
	f.must(err)
	f.pass(f.d)
	msgs := f.srv.Messages()
	if len(msgs) != 2 {
		t.Fatalf("%d e-mails, want the acknowledgement's and the postponement's notice", len(msgs))
	}
	if files, _ := attachments(t, msgs[1].Raw); len(files) != 0 {
		t.Errorf("the postponement after take-up went to the typed address with %d attachments", len(files))
	}
	// Saving the details to add a phone number does not vouch for the address; confirming does.
	_, err = f.db.Rectify(f.ctx, f.staff, r.Reference, casework.Rectification{Complainant: casework.Contact{Name: "Fatima el Amrani", Email: "bewoner@example.org", Phone: "023 511 5100"}, Reason: "op verzoek van klager"})
	f.must(err)
	change, err := f.db.Rectify(f.ctx, f.staff, r.Reference, casework.Rectification{Complainant: casework.Contact{Name: "Fatima el Amrani", Email: "bewoner@example.org", Phone: "023 511 5100"}, EmailConfirmed: true, Reason: "adres nagelopen met klager"})
	f.must(err)
	if len(change.Changed) != 1 || change.Changed[0] != "e-mail address confirmed by staff" {
		t.Errorf("changes %v, want the confirmation only", change.Changed)
	}
	_, err = f.db.Postpone(f.ctx, f.staff, r.Reference, casework.Postponement{Days: 7, Reason: "Wij wachten nog op stukken.", Consent: "Klager stemde op 3 maart per brief in."})
	f.must(err)
	f.pass(f.d)
	var unverified []bool
	f.must(f.sql.SelectContext(f.ctx, &unverified, `SELECT unverified FROM notices WHERE recipient = 'complainant' ORDER BY id`))
	if len(unverified) != 3 || !unverified[0] || !unverified[1] || unverified[2] {
		t.Fatalf("unverified per letter: %v, want all but the one after the confirmation", unverified)
	}
	msgs = f.srv.Messages()
	if files, _ := attachments(t, msgs[len(msgs)-1].Raw); len(files) != 1 {
		t.Errorf("the letter after staff confirmed the address has %d attachments, want the letter", len(files))
	}
	var details string
	f.must(f.sql.GetContext(f.ctx, &details, `SELECT details::text FROM events WHERE action = 'change_contact' ORDER BY id DESC LIMIT 1`))
	if !strings.Contains(details, "e-mail address confirmed by staff") {
		t.Errorf("the audit trail says %q", details)
	}
}

// TestSupporterTypedOnThePublicFormGetsTheNoticeToo: a supporter's e-mail address typed on the
// public form is an address the sender typed as well: its copy is the short notice.
func TestSupporterTypedOnThePublicFormGetsTheNoticeToo(t *testing.T) {
	f := newFx(t)
	o := f.org("Zorgaanbieder Anker", "", "Postbus 1, 2000 AA Haarlem")
	in := phishIntake("bewoner@example.org", false, o.ID)
	in.Supporter = &casework.Contact{Name: "Klik op http://x.example", Email: "hulp@example.org"}
	in.SupporterConsent = true
	_, err := f.db.FileComplaint(f.ctx, casework.ResidentActor, in)
	f.must(err)
	f.pass(f.d)
	msgs := f.srv.Messages()
	if len(msgs) != 2 {
		t.Fatalf("%d e-mails, want the complainant's and the supporter's notice", len(msgs))
	}
	for _, m := range msgs {
		files, text := attachments(t, m.Raw)
		if len(files) != 0 {
			t.Errorf("the e-mail to %v has %d attachments", m.To, len(files))
		}
		for _, typed := range phishTyped {
			if strings.Contains(m.Subject+"\n"+text, typed) {
				t.Errorf("the e-mail to %v holds %q:\n%s", m.To, typed, text)
			}
		}
	}
}

// TestMailThatMayHaveArrivedKeepsItsCount: when the mail server hangs up after taking a message
// and before saying so, the e-mail may have arrived: it keeps its place in the count per address.
// Five complaints naming one address, each e-mail taken and then left without a reply: no more
// than three different e-mails reach the address (a retry of one of them is the same e-mail, with
// its Message-ID).
func TestMailThatMayHaveArrivedKeepsItsCount(t *testing.T) {
	f := newFx(t)
	o := f.org("Zorgaanbieder Anker", "", "Postbus 1, 2000 AA Haarlem")
	f.srv.HangUpNext(20, mailtest.BeforeReply)
	for range 5 {
		_, err := f.db.FileComplaint(f.ctx, casework.ResidentActor, phishIntake("doelwit@example.org", false, o.ID))
		f.must(err)
	}
	for range 4 {
		f.pass(f.d)
		f.clock.Advance(5 * time.Minute)
	}
	ids := map[string]bool{}
	for _, m := range f.srv.Messages() {
		ids[m.MessageID] = true
	}
	if len(ids) > 3 {
		t.Fatalf("%d different e-mails reached the address in the hour, want at most 3", len(ids))
	}
}
