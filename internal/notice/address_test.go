package notice_test

import (
	"strings"
	"testing"
	"time"

	"meldpunt/internal/casework"
	"meldpunt/internal/notice"
)

// TestLettersWithoutAnAddressWaitUntilOneIsAdded: a complaint taken by phone is acknowledged on
// its real day of receipt, but the letter is never printed blank: it waits (no_address), and goes
// out to the address staff add.
func TestLettersWithoutAnAddressWaitUntilOneIsAdded(t *testing.T) {
	f := newFx(t)
	org := f.org("Sociaal Wijkteam Schalkwijk", "directie@wijkteam-schalkwijk.example", "Schalkwijkerstraat 1, 2035 AA Haarlem")
	r, err := f.db.FileComplaint(f.ctx, f.staff, casework.Intake{
		Complainant: casework.Contact{Name: "Karin de Wit", Phone: "023 511 5100"}, Channel: casework.ChannelPhone,
		ReceivedOn: "2026-11-16", OrganisationIDs: []int64{org.ID}, Grounds: []casework.Ground{casework.GroundTreatment},
		LifeDomains: []casework.LifeDomain{casework.DomainCare},
		Summary:     "Mijn aanvraag voor huishoudelijke hulp is na drie maanden nog steeds niet behandeld."})
	f.must(err)
	ack := f.notices()[0]
	if ack.Status != "no_address" {
		t.Fatalf("acknowledgement: %s", ack)
	}
	f.clock.Advance(time.Minute)
	if res := f.pass(f.d); res != (notice.Result{}) {
		t.Fatalf("pass with only a letter waiting for an address: %+v", res)
	}
	if n := f.notice(ack.ID); n.Status != "no_address" || n.PDF != nil || n.Attempts != 0 {
		t.Fatalf("after a pass: %s", n)
	}

	out, err := f.db.Rectify(f.ctx, f.staff, r.Reference, casework.Rectification{Complainant: casework.Contact{Name: "Karin de Wit", Phone: "023 511 5100",
		Street: "Kleverparkweg 12", Postcode: "2023 CE", City: "Haarlem"}, Reason: "op verzoek van klager"})
	f.must(err)
	if out.Released != 1 {
		t.Fatalf("released %d", out.Released)
	}
	f.clock.Advance(time.Minute)
	if res := f.pass(f.d); res != (notice.Result{Print: 1}) {
		t.Fatalf("pass after the address was added: %+v", res)
	}
	n := f.notice(ack.ID)
	if n.Status != "print" || n.PDF == nil {
		t.Fatalf("after the address was added: %s", n)
	}
	text := pdfText(t, n.PDF)
	// Registered on Monday 23 November, received by phone on Monday 16 November: the letter says
	// the day of receipt, and the handling term runs from it (16 November + 42 days: 28 December).
	for _, want := range []string{"Karin de Wit", "Kleverparkweg 12", "2023 CE", "Haarlem",
		"Wij hebben uw klacht ontvangen op maandag 16 november 2026", "uiterlijk op maandag 28 december 2026"} {
		if !strings.Contains(text, want) {
			t.Errorf("letter lacks %q:\n%s", want, text)
		}
	}
}

// TestAnEmailOnlyLetterWithoutSMTPWaitsForAnAddress: without SMTP a letter can only be printed; to
// a recipient with an e-mail address but no postal address it would be printed blank, so it waits.
func TestAnEmailOnlyLetterWithoutSMTPWaitsForAnAddress(t *testing.T) {
	f := newFx(t)
	org := f.org("Sociaal Wijkteam Schalkwijk", "directie@wijkteam-schalkwijk.example", "Schalkwijkerstraat 1, 2035 AA Haarlem")
	ref := f.file(casework.Contact{Name: "Fatima el Amrani", Email: "fatima@example.nl"}, nil, org.ID)
	noSMTP := f.dispatcherVia(f.db, f.cfg, nil)
	f.clock.Advance(time.Minute)
	if res := f.pass(noSMTP); res != (notice.Result{NoAddress: 1}) {
		t.Fatalf("pass without SMTP: %+v", res)
	}
	ack := f.notices()[0]
	// The letter is written, so that the resident can read it on the status page, but not printed.
	if ack.Status != "no_address" || ack.PDF == nil {
		t.Fatalf("acknowledgement: %s", ack)
	}
	_, err := f.db.Rectify(f.ctx, f.staff, ref, casework.Rectification{Complainant: casework.Contact{Name: "Fatima el Amrani", Email: "fatima@example.nl",
		Street: "Kruisweg 1", Postcode: "2011 LA", City: "Haarlem"}, Reason: "op verzoek van klager"})
	f.must(err)
	f.clock.Advance(time.Minute)
	if res := f.pass(noSMTP); res != (notice.Result{Print: 1}) {
		t.Fatalf("pass after the address was added: %+v", res)
	}
	if text := pdfText(t, f.notice(ack.ID).PDF); !strings.Contains(text, "Kruisweg 1") {
		t.Errorf("the printed letter lacks the address:\n%s", text)
	}
}

// TestCopyLetterWrittenAfterTheCaseEndedSaysSo: a copy of the complaint still in the outbox when the
// complaint is withdrawn says that the case ended instead of promising a ruling, and the
// organisation also gets the notice that the case ended.
func TestCopyLetterWrittenAfterTheCaseEndedSaysSo(t *testing.T) {
	f := newFx(t)
	org := f.org("Zorgaanbieder De Linde", "", "Lindelaan 3, 2012 AB Haarlem")
	ref := f.file(casework.Contact{Name: "Fatima el Amrani", Email: "fatima@example.nl"}, nil, org.ID)
	f.must(f.db.TakeUp(f.ctx, f.staff, ref, casework.TakeUp{NotInvolved: true}))
	f.must(f.db.Withdraw(f.ctx, f.staff, ref, casework.Closing{Reason: "Mevrouw trekt de klacht in: het is opgelost."}))
	f.clock.Advance(time.Minute)
	f.pass(f.d)
	letters := map[string]string{}
	for _, n := range f.notices() {
		if n.Recipient == "organisation" {
			if n.Status != "print" {
				t.Fatalf("%s", n)
			}
			letters[n.Kind] = pdfText(t, n.PDF)
		}
	}
	copyText, ended := letters["copy_to_organisation"], letters["case_ended"]
	for _, want := range []string{"Kopie van een klacht over Zorgaanbieder De Linde", "De klacht is inmiddels beëindigd",
		"De klager heeft de klacht op maandag 23 november 2026 ingetrokken.", "geen uitspraak en geen bindend advies"} {
		if !strings.Contains(copyText, want) {
			t.Errorf("copy lacks %q:\n%s", want, copyText)
		}
	}
	if strings.Contains(copyText, "Wij doen uiterlijk op") {
		t.Errorf("the copy of a withdrawn complaint still promises a ruling:\n%s", copyText)
	}
	for _, want := range []string{"Geen uitspraak over de klacht met kenmerk " + ref, "De klager heeft de klacht op maandag 23 november 2026 ingetrokken."} {
		if !strings.Contains(ended, want) {
			t.Errorf("case_ended letter lacks %q:\n%s", want, ended)
		}
	}
	// The staff's note on the withdrawal is for the complainant's letter, not the organisation's.
	if strings.Contains(ended, "het is opgelost") || strings.Contains(copyText, "het is opgelost") {
		t.Errorf("a letter to the organisation quotes the staff's closing note")
	}
}
