package notice_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"meldpunt/internal/casework"
	"meldpunt/internal/mail/mailtest"
	"meldpunt/internal/notice"
	"meldpunt/internal/postgres"
)

// TestOnePassDeliversALifecycleByEmailOrPrint follows a complaint with a supporter through its
// lifecycle (acknowledgement, copies, postponement, hearing invitation, ruling, advices, reminders,
// acceptance, rejection, closing), about one organisation with an e-mail address and one without,
// plus a second complaint from a resident who has only a postal address (inadmissible). One pass
// must deliver every letter: by e-mail, exactly once, with the letter attached as a PDF, where the
// recipient has an address; to the print queue otherwise.
func TestOnePassDeliversALifecycleByEmailOrPrint(t *testing.T) {
	f := newFx(t)
	withEmail := f.org("Sociaal Wijkteam Schalkwijk", "directie@wijkteam-schalkwijk.example", "Schalkwijkerstraat 1, 2035 AA Haarlem")
	withoutEmail := f.org("Zorgaanbieder De Linde", "", "Lindelaan 3, 2012 AB Haarlem")

	fatima := casework.Contact{Name: "Fatima el Amrani", Email: "fatima@example.nl"}
	supporter := &casework.Contact{Name: "Cliëntenbelang Haarlem", Email: "ondersteuning@clientenbelang.example"}
	ref := f.file(fatima, supporter, withEmail.ID, withoutEmail.ID)
	f.must(f.db.TakeUp(f.ctx, f.staff, ref, casework.TakeUp{NotInvolved: true}))
	_, err := f.db.Postpone(f.ctx, f.staff, ref, casework.Postponement{Days: 14, Reason: "Wij wachten op stukken van de organisatie."})
	f.must(err)
	f.must(f.db.InviteToHearing(f.ctx, f.staff, ref, casework.Invitation{Party: casework.PartyComplainant,
		Date: "2026-11-26", Time: "14:00", Place: "Meldpunt Sociaal Domein, Zijlweg 1, Haarlem"}))
	_, err = f.db.RecordHearing(f.ctx, f.staff, ref, casework.Hearing{Party: casework.PartyComplainant,
		HeldOn: "2026-11-23", Record: "Klaagster gehoord op kantoor."})
	f.must(err)
	for _, o := range []int64{withEmail.ID, withoutEmail.ID} {
		_, err := f.db.RecordHearing(f.ctx, f.staff, ref, casework.Hearing{Party: casework.PartyOrganisation, OrganisationID: o,
			Skipped: casework.SkipWaived, SkipNote: "De directie ziet af van horen."})
		f.must(err)
	}
	advices, err := f.db.Rule(f.ctx, f.staff, ref, casework.Ruling{Verdict: casework.VerdictPartlyFounded,
		Findings: "De klaagster is drie maanden niet teruggebeld.", Conclusions: "De organisaties hebben niet zorgvuldig gehandeld.",
		Advices: []casework.AdviceInput{{OrganisationID: withEmail.ID, Text: "Bel klaagster binnen een week terug."},
			{OrganisationID: withoutEmail.ID, Text: "Regel de huishoudelijke hulp binnen twee weken."}}})
	f.must(err)
	// Issued Monday 23 November, last day Monday 7 December: five working days before is Monday 30 November.
	f.clock.Set(time.Date(2026, time.November, 30, 10, 0, 0, 0, ams))
	if n, err := f.db.SendReminders(f.ctx, postgres.DefaultReminders); err != nil || n != 2 {
		t.Fatalf("reminders: %d, %v; want 2", n, err)
	}
	_, err = f.db.AcceptAdvice(f.ctx, orgActor(withEmail), advices[0].ID, casework.AnswerReceipt{})
	f.must(err)
	_, err = f.db.ConfirmExecution(f.ctx, orgActor(withEmail), advices[0].ID, "Klaagster is gebeld en heeft excuses gekregen.", casework.AnswerReceipt{})
	f.must(err)
	_, err = f.db.RejectAdvice(f.ctx, orgActor(withoutEmail), advices[1].ID,
		casework.Rejection{Reasons: "Wij wijzen dit advies af omdat de huishoudelijke hulp al sinds oktober volledig is geregeld."}, casework.AnswerReceipt{})
	f.must(err)

	jan := casework.Contact{Name: "Jan Jansen", Street: "Kruisweg 1", Postcode: "2011 LA", City: "Haarlem"}
	ref2 := f.file(jan, nil, withEmail.ID)
	f.must(f.db.TakeUp(f.ctx, f.staff, ref2, casework.TakeUp{NotInvolved: true}))
	f.must(f.db.DeclareInadmissible(f.ctx, f.staff, ref2, casework.Inadmissibility{Ground: casework.InadmissibleObjection,
		Reasons: "U kunt bezwaar maken tegen het besluit over uw uitkering."}))

	before := f.notices()
	kinds := map[string]bool{}
	for _, n := range before {
		kinds[n.Kind] = true
		if n.Status != "pending" {
			t.Fatalf("before the pass: %s", n)
		}
	}
	for _, k := range []string{postgres.NoticeAcknowledgement, postgres.NoticeCopyToOrganisation, postgres.NoticePostponement,
		postgres.NoticeHearingInvitation, postgres.NoticeRuling, postgres.NoticeAdviceIssued, postgres.NoticeReminder,
		postgres.NoticeResponseAccepted, postgres.NoticeResponseRejected, postgres.NoticeClosed, postgres.NoticeInadmissible} {
		if !kinds[k] {
			t.Errorf("the lifecycle wrote no %s notice (kinds: %v)", k, sortedKeys(kinds))
		}
	}
	email, post := byEmail(before)
	if len(email) < 10 || len(post) < 5 {
		t.Fatalf("%d e-mail and %d post notices: the lifecycle should give many of both", len(email), len(post))
	}

	f.clock.Advance(time.Minute)
	res := f.pass(f.d)
	if res != (notice.Result{Sent: len(email), Print: len(post)}) {
		t.Fatalf("pass: %+v, want %d sent and %d for print", res, len(email), len(post))
	}
	if n := f.count(`SELECT count(*) FROM notices WHERE status = 'pending'`); n != 0 {
		t.Fatalf("%d notices still pending after the pass", n)
	}
	if got := len(f.srv.Messages()); got != len(email) {
		t.Fatalf("%d e-mails at the server, want one per e-mail notice: %d", got, len(email))
	}

	byID := f.messagesByID()
	for _, before := range email {
		n := f.notice(before.ID)
		msgs := byID[messageID(n.ID)]
		if n.Status != "sent" || n.SentAt == nil || !n.SentAt.Equal(f.clock.Now()) || n.Attempts != 1 || len(msgs) != 1 {
			t.Errorf("%s: %d e-mails with its Message-ID; want sent now, once", n, len(msgs))
			continue
		}
		m := msgs[0]
		if len(m.To) != 1 || m.To[0] != n.Email || m.From != "meldpunt@meldpunt.example" {
			t.Errorf("%s: envelope from %s to %v", n, m.From, m.To)
		}
		files, text := attachments(t, m.Raw)
		wantName := fmt.Sprintf("%s-%s.pdf", n.Reference, n.Kind)
		if len(files) != 1 || files[0].FileName != wantName || files[0].ContentType != "application/pdf" {
			t.Errorf("%s: attachments %v, want one application/pdf named %s", n, files, wantName)
			continue
		}
		// The letter in the e-mail is the letter the outbox keeps (and staff and the resident can
		// download), except the complainant's acknowledgement: the kept copy has no tracking code.
		if n.Kind == postgres.NoticeAcknowledgement && n.Recipient == "complainant" {
			sent, kept := pdfText(t, files[0].Data), pdfText(t, n.PDF)
			if !strings.Contains(sent, "Uw volgcode is:") || strings.Contains(kept, "Uw volgcode is:") ||
				!strings.Contains(kept, "Uw volgcode stond in de brief die wij u stuurden.") {
				t.Errorf("%s: the e-mailed acknowledgement must have the code, the kept copy not:\nsent: %s\nkept: %s", n, sent, kept)
			}
		} else if !bytes.Equal(files[0].Data, n.PDF) {
			t.Errorf("%s: the attached letter differs from the stored one", n)
		}
		letterText := pdfText(t, files[0].Data)
		if !strings.Contains(letterText, n.Reference) || !strings.Contains(letterText, n.Name) {
			t.Errorf("%s: letter text lacks reference %s or recipient %q:\n%s", n, n.Reference, n.Name, letterText)
		}
		if strings.TrimSpace(text) == "" || strings.TrimSpace(m.Subject) == "" {
			t.Errorf("%s: e-mail without subject (%q) or text", n, m.Subject)
		}
		if n.Recipient == "organisation" && (strings.Contains(letterText, fatima.Email) || strings.Contains(text, fatima.Email)) {
			t.Errorf("%s: a letter to an organisation shows the complainant's e-mail address", n)
		}
	}
	for _, before := range post {
		n := f.notice(before.ID)
		if n.Status != "print" || n.SentAt != nil || n.PDF == nil || n.Attempts != 1 {
			t.Errorf("%s: want in the print queue with its letter", n)
			continue
		}
		if len(byID[messageID(n.ID)]) != 0 {
			t.Errorf("%s: a letter for post was e-mailed", n)
		}
		file, name, err := f.db.NoticePDF(f.ctx, f.staff, n.ID)
		f.must(err)
		text := pdfText(t, file)
		if !strings.Contains(text, n.Reference) || !strings.Contains(text, n.Name) || !strings.Contains(name, n.Reference) {
			t.Errorf("%s: printed letter %s lacks reference or recipient:\n%s", n, name, text)
		}
		if n.Recipient == "complainant" && !strings.Contains(text, "Kruisweg 1") {
			t.Errorf("%s: a letter for post lacks the postal address:\n%s", n, text)
		}
	}
	printQueue, err := f.db.Notices(f.ctx, postgres.NoticeFilter{Status: "print"})
	f.must(err)
	if len(printQueue) != len(post) {
		t.Errorf("print queue lists %d letters, want %d", len(printQueue), len(post))
	}
	for _, p := range printQueue {
		if p.Delivery != "post" || !p.HasLetter {
			t.Errorf("print queue entry %+v", p)
		}
	}

	// Nothing is sent twice: another pass finds nothing to do.
	f.clock.Advance(time.Hour)
	if res := f.pass(f.d); res != (notice.Result{}) {
		t.Fatalf("second pass: %+v", res)
	}
	if got := len(f.srv.Messages()); got != len(email) {
		t.Fatalf("%d e-mails after a second pass, want %d", got, len(email))
	}
}

// emailNotices files complaints until the outbox holds n acknowledgements to residents with an
// e-mail address, and returns them.
func (f *fx) emailNotices(org casework.Organisation, n int) []row {
	f.t.Helper()
	for i := range n {
		f.file(casework.Contact{Name: fmt.Sprintf("Klager %d", i), Email: fmt.Sprintf("klager%d@example.nl", i)}, nil, org.ID)
	}
	email, _ := byEmail(f.notices())
	if len(email) != n {
		f.t.Fatalf("%d e-mail notices, want %d", len(email), n)
	}
	return email
}

// TestSMTPOutageRetriesWithDoublingBackoff: while the SMTP server is down every e-mail stays in the
// outbox, tried again after 1, 2, 4 minutes (the store's clock); the print queue is not held up;
// once the server is back every e-mail is delivered exactly once.
func TestSMTPOutageRetriesWithDoublingBackoff(t *testing.T) {
	f := newFx(t)
	org := f.org("Sociaal Wijkteam Schalkwijk", "directie@wijkteam.example", "")
	email := f.emailNotices(org, 5) // more than one batch (4)
	f.file(casework.Contact{Name: "Jan Jansen", Street: "Kruisweg 1", Postcode: "2011 LA", City: "Haarlem"}, nil, org.ID)

	f.srv.Stop()
	expectWaiting := func(attempts int, wait time.Duration) {
		t.Helper()
		for _, e := range email {
			n := f.notice(e.ID)
			if n.Status != "pending" || n.Attempts != attempts || !strings.Contains(n.LastError, "connect") ||
				!n.NextAttemptAt.Equal(f.clock.Now().Add(wait)) {
				t.Fatalf("%s; want pending after %d attempts, a connect error, next attempt at %s", n, attempts,
					f.clock.Now().Add(wait).In(ams).Format(time.TimeOnly))
			}
		}
	}
	if res := f.pass(f.d); res != (notice.Result{Retry: 5, Print: 1}) {
		t.Fatalf("pass with SMTP down: %+v, want 5 to retry and the letter for post queued", res)
	}
	expectWaiting(1, time.Minute)

	// Not due yet: a pass just before the back-off has run out leaves them alone.
	f.clock.Advance(time.Minute - time.Second)
	if res := f.pass(f.d); res != (notice.Result{}) {
		t.Fatalf("pass before the back-off ran out: %+v", res)
	}
	f.clock.Advance(time.Second)
	if res := f.pass(f.d); res != (notice.Result{Retry: 5}) {
		t.Fatalf("second attempt: %+v", res)
	}
	expectWaiting(2, 2*time.Minute)
	f.clock.Advance(2 * time.Minute)
	if res := f.pass(f.d); res != (notice.Result{Retry: 5}) {
		t.Fatalf("third attempt: %+v", res)
	}
	expectWaiting(3, 4*time.Minute)

	f.srv.Start()
	// The server is back, but the notices wait for their next attempt.
	if res := f.pass(f.d); res != (notice.Result{}) || len(f.srv.Messages()) != 0 {
		t.Fatalf("pass before the next attempt: %+v, %d messages", res, len(f.srv.Messages()))
	}
	f.clock.Advance(4 * time.Minute)
	if res := f.pass(f.d); res != (notice.Result{Sent: 5}) {
		t.Fatalf("fourth attempt with SMTP back: %+v", res)
	}
	f.expectDeliveredOnce(email)
	f.clock.Advance(time.Hour)
	if res := f.pass(f.d); res != (notice.Result{}) || len(f.srv.Messages()) != 5 {
		t.Fatalf("pass after delivery: %+v, %d messages", res, len(f.srv.Messages()))
	}
}

// TestSMTPOutageBeyondMaxAttemptsFailsUntilRetried: an outage longer than the attempts allow leaves
// the notice failed (shown to staff, not dropped, not tried again by itself); RetryFailed puts it
// back and it is delivered once.
func TestSMTPOutageBeyondMaxAttemptsFailsUntilRetried(t *testing.T) {
	f := newFx(t)
	cfg := f.cfg
	cfg.MaxBackoff = 3 * time.Minute // 1, 2, then 3 instead of 4
	d := f.dispatcher(f.db, cfg)
	org := f.org("Sociaal Wijkteam Schalkwijk", "directie@wijkteam.example", "")
	email := f.emailNotices(org, 1)
	id := email[0].ID

	f.srv.Stop()
	for attempt, wait := range []time.Duration{time.Minute, 2 * time.Minute, 3 * time.Minute} {
		if res := f.pass(d); res != (notice.Result{Retry: 1}) {
			t.Fatalf("attempt %d: %+v", attempt+1, res)
		}
		if n := f.notice(id); n.Status != "pending" || n.Attempts != attempt+1 || !n.NextAttemptAt.Equal(f.clock.Now().Add(wait)) {
			t.Fatalf("after attempt %d: %s, want next attempt after %s", attempt+1, n, wait)
		}
		f.clock.Advance(wait)
	}
	if res := f.pass(d); res != (notice.Result{Failed: 1}) {
		t.Fatalf("attempt %d (MaxAttempts): %+v, want failed", cfg.MaxAttempts, res)
	}
	n := f.notice(id)
	if n.Status != "failed" || n.Attempts != cfg.MaxAttempts || !strings.Contains(n.LastError, "connect") || n.SentAt != nil {
		t.Fatalf("after MaxAttempts: %s", n)
	}
	failed, err := f.db.Notices(f.ctx, postgres.NoticeFilter{Status: "failed"})
	f.must(err)
	if len(failed) != 1 || failed[0].ID != id || failed[0].Attempts != cfg.MaxAttempts || failed[0].LastError == "" || failed[0].Delivery != "email" {
		t.Fatalf("failed notices for staff: %+v", failed)
	}

	// A failed notice is not tried again by itself, not even when the server is back.
	f.srv.Start()
	f.clock.Advance(24 * time.Hour)
	if res := f.pass(d); res != (notice.Result{}) || len(f.srv.Messages()) != 0 {
		t.Fatalf("pass over a failed notice: %+v, %d messages", res, len(f.srv.Messages()))
	}
	f.must(f.db.RetryFailed(f.ctx, id))
	if err := f.db.RetryFailed(f.ctx, id); casework.ErrorCode(err) != casework.CodeInvalidTransition {
		t.Fatalf("retrying a notice that is no longer failed: %v", err)
	}
	if res := f.pass(d); res != (notice.Result{Sent: 1}) {
		t.Fatalf("pass after RetryFailed: %+v", res)
	}
	f.expectDeliveredOnce(email)
	if n := f.notice(id); n.Attempts != 1 {
		t.Fatalf("after RetryFailed and delivery: %s, want the attempts counted afresh", n)
	}
}

// TestTemporaryRefusalIsRetriedAndDeliveredOnce: a 4xx reply (at the end of DATA or to RCPT TO) is
// retried after the back-off and delivered exactly once.
func TestTemporaryRefusalIsRetriedAndDeliveredOnce(t *testing.T) {
	for _, tt := range []struct {
		name string
		fail func(*mailtest.Server)
		code string
	}{
		{"451 at the end of DATA", func(s *mailtest.Server) { s.FailNext(1, 451) }, "451"},
		{"452 at the end of DATA", func(s *mailtest.Server) { s.FailNext(1, 452) }, "452"},
		{"450 to RCPT TO", func(s *mailtest.Server) { s.FailNextRcpt(1, 450) }, "450"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := newFx(t)
			email := f.emailNotices(f.org("Sociaal Wijkteam Schalkwijk", "", ""), 1)
			tt.fail(f.srv)
			if res := f.pass(f.d); res != (notice.Result{Retry: 1}) {
				t.Fatalf("pass with a refusal: %+v", res)
			}
			n := f.notice(email[0].ID)
			if n.Status != "pending" || n.Attempts != 1 || !strings.Contains(n.LastError, tt.code) || !n.NextAttemptAt.Equal(f.clock.Now().Add(time.Minute)) {
				t.Fatalf("after the refusal: %s", n)
			}
			if len(f.srv.Messages()) != 0 {
				t.Fatal("a refused message was stored")
			}
			f.clock.Advance(time.Minute)
			if res := f.pass(f.d); res != (notice.Result{Sent: 1}) {
				t.Fatalf("retry: %+v", res)
			}
			f.expectDeliveredOnce(email)
			if len(f.srv.Messages()) != 1 {
				t.Fatalf("%d messages, want 1", len(f.srv.Messages()))
			}
		})
	}
}

// TestPermanentRefusalFailsWithoutRetry: a 5xx reply to the message or its recipient fails the
// notice at once; it is not tried again, and the other notices of the pass are still delivered.
func TestPermanentRefusalFailsWithoutRetry(t *testing.T) {
	for _, tt := range []struct {
		name string
		fail func(*mailtest.Server)
		code string
	}{
		{"550 at the end of DATA", func(s *mailtest.Server) { s.FailNext(1, 550) }, "550"},
		{"554 at the end of DATA", func(s *mailtest.Server) { s.FailNext(1, 554) }, "554"},
		{"550 to RCPT TO", func(s *mailtest.Server) { s.FailNextRcpt(1, 550) }, "550"},
		{"553 to RCPT TO", func(s *mailtest.Server) { s.FailNextRcpt(1, 553) }, "553"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := newFx(t)
			email := f.emailNotices(f.org("Sociaal Wijkteam Schalkwijk", "", ""), 3)
			tt.fail(f.srv)
			if res := f.pass(f.d); res != (notice.Result{Sent: 2, Failed: 1}) {
				t.Fatalf("pass with one refusal: %+v", res)
			}
			var failed row
			var sent []row
			for _, e := range email {
				if n := f.notice(e.ID); n.Status == "failed" {
					failed = n
				} else {
					sent = append(sent, e)
				}
			}
			if failed.ID == 0 || failed.Attempts != 1 || !strings.Contains(failed.LastError, tt.code) ||
				!strings.Contains(failed.LastError, "permanent") || failed.SentAt != nil {
				t.Fatalf("refused notice: %s", failed)
			}
			f.expectDeliveredOnce(sent)
			if msgs := f.messagesByID()[messageID(failed.ID)]; len(msgs) != 0 {
				t.Fatalf("the refused notice was stored %d times", len(msgs))
			}
			f.clock.Advance(24 * time.Hour)
			if res := f.pass(f.d); res != (notice.Result{}) {
				t.Fatalf("pass after the refusal: %+v, want no retry", res)
			}
			if n := f.notice(failed.ID); n.Attempts != 1 || n.Status != "failed" || len(f.srv.Messages()) != 2 {
				t.Fatalf("after a day: %s, %d messages", n, len(f.srv.Messages()))
			}
		})
	}
}

// TestDispatcherDiedAfterClaimingBeforeSending: a dispatcher that claimed notices and died leaves
// them leased; once the lease has run out another dispatcher delivers each exactly once.
func TestDispatcherDiedAfterClaimingBeforeSending(t *testing.T) {
	f := newFx(t)
	org := f.org("Sociaal Wijkteam Schalkwijk", "directie@wijkteam.example", "")
	email := f.emailNotices(org, 5)
	f.file(casework.Contact{Name: "Jan Jansen", Street: "Kruisweg 1", Postcode: "2011 LA", City: "Haarlem"}, nil, org.ID)
	all := f.notices()

	// The process that dies: it claims every notice, then nothing more happens.
	dying := f.process()
	claimed, err := dying.ClaimNotices(f.ctx, 100, f.cfg.Lease)
	f.must(err)
	if len(claimed) != len(all) {
		t.Fatalf("claimed %d of %d notices", len(claimed), len(all))
	}

	// While the lease holds, no other dispatcher touches them.
	f.clock.Advance(f.cfg.Lease - time.Second)
	if res := f.pass(f.d); res != (notice.Result{}) || len(f.srv.Messages()) != 0 {
		t.Fatalf("pass during the lease: %+v", res)
	}
	f.clock.Advance(time.Second)
	if res := f.pass(f.d); res != (notice.Result{Sent: 5, Print: 1}) {
		t.Fatalf("pass after the lease: %+v", res)
	}
	f.expectDeliveredOnce(email)
	for _, n := range f.notices() {
		if n.Attempts != 2 || (n.Status != "sent" && n.Status != "print") {
			t.Errorf("%s: want delivered on the second claim", n)
		}
	}
	if distinct, total := f.distinctIDs(); distinct != 5 || total != 5 {
		t.Fatalf("%d distinct Message-IDs in %d messages, want 5 in 5", distinct, total)
	}
}

// TestDispatcherDiedAfterSendingBeforeRecording: the process sends an e-mail and cannot record that
// it did. It sends nothing more (not the rest of its batch, not in a later pass) while the outcome
// is unrecorded, and then dies. The notice is still pending under its lease; after the lease it is
// sent again with the SAME Message-ID. That is the one duplicate the design allows: the dispatcher
// that died cannot say whether it sent, and receivers (mail clients and servers) drop a second
// message with a Message-ID they have already seen. So distinct Message-IDs at the server equal the
// e-mail notices, and the total exceeds them by one.
func TestDispatcherDiedAfterSendingBeforeRecording(t *testing.T) {
	f := newFx(t)
	org := f.org("Sociaal Wijkteam Schalkwijk", "directie@wijkteam.example", "")
	email := f.emailNotices(org, 5)
	f.file(casework.Contact{Name: "Jan Jansen", Street: "Kruisweg 1", Postcode: "2011 LA", City: "Haarlem"}, nil, org.ID)

	// A dispatcher that claimed two notices and died before sending anything.
	claimedAndDied, err := f.process().ClaimNotices(f.ctx, 2, f.cfg.Lease)
	f.must(err)
	if len(claimedAndDied) != 2 {
		t.Fatalf("claimed %d", len(claimedAndDied))
	}

	// A dispatcher that sends one letter, cannot record it, stops sending, and dies.
	removeCrash := f.installCrash()
	cfg := f.cfg
	cfg.RecordWait = 500 * time.Millisecond
	crashing := f.dispatcher(f.process(), cfg)
	for range 2 { // the second pass tries to record the outcome first, and sends nothing either
		ctx, cancel := context.WithTimeout(f.ctx, passTimeout)
		res, err := crashing.Pass(ctx)
		cancel()
		if err == nil || !strings.Contains(err.Error(), "1 notice outcomes not recorded") || res.Sent+res.Print > 1 {
			t.Fatalf("pass that cannot record: %+v, %v", res, err)
		}
	}
	if len(f.srv.Messages()) != 1 {
		t.Fatalf("%d e-mails sent by a dispatcher that cannot record, want the one before it knew", len(f.srv.Messages()))
	}
	diedAfterSending := f.srv.Messages()[0].MessageID
	// The letter it sent and the two claimed by the first stay under their lease; the rest of the
	// crashing dispatcher's batch it gave back when it stopped.
	leased := map[int64]bool{claimedAndDied[0].ID: true, claimedAndDied[1].ID: true}
	for _, e := range email {
		if messageID(e.ID) == diedAfterSending {
			leased[e.ID] = true
		}
	}
	for _, n := range f.notices() {
		underLease := n.Status == "pending" && n.Attempts == 1 && n.NextAttemptAt.Equal(f.clock.Now().Add(f.cfg.Lease))
		givenBack := n.Status == "pending" && n.Attempts == 0 && !n.NextAttemptAt.After(f.clock.Now())
		if (leased[n.ID] && !underLease) || (!leased[n.ID] && !givenBack) {
			t.Fatalf("%s: want pending, under its lease %v", n, leased[n.ID])
		}
	}
	if n := f.log.Count("notice outcome not recorded: no letter is sent until it is"); n != 1 {
		t.Fatalf("the failure to record is logged %d times, want once", n)
	}
	removeCrash()

	// A healthy dispatcher delivers the letters given back at once, and those under a lease after
	// it, each e-mail with its one Message-ID.
	if res := f.pass(f.d); res.Sent+res.Print != 6-len(leased) {
		t.Fatalf("pass during the lease: %+v", res)
	}
	f.clock.Advance(f.cfg.Lease)
	if res := f.pass(f.d); res.Sent+res.Print != len(leased) {
		t.Fatalf("pass after the lease: %+v", res)
	}
	byID := f.messagesByID()
	for _, e := range email {
		n := f.notice(e.ID)
		if n.Status != "sent" || (leased[e.ID] && n.Attempts != 2) || (!leased[e.ID] && n.Attempts != 1) {
			t.Errorf("%s: want sent, on the second claim if it was under a lease", n)
		}
		want := 1
		if messageID(e.ID) == diedAfterSending {
			want = 2
		}
		if len(byID[messageID(e.ID)]) != want {
			t.Errorf("%s: %d copies, want %d", n, len(byID[messageID(e.ID)]), want)
		}
	}
	distinct, total := f.distinctIDs()
	if distinct != len(email) || total != len(email)+1 {
		t.Fatalf("%d distinct Message-IDs in %d messages, want %d in %d", distinct, total, len(email), len(email)+1)
	}
	f.clock.Advance(time.Hour)
	if res := f.pass(f.d); res != (notice.Result{}) {
		t.Fatalf("final pass: %+v", res)
	}
}

// TestHangUpBeforeReplyResendsWithTheSameMessageID: the server stores the message and hangs up
// before its 250. The dispatcher cannot know that it arrived and tries again after the back-off,
// with the same Message-ID, which the receiver uses to drop the second copy.
func TestHangUpBeforeReplyResendsWithTheSameMessageID(t *testing.T) {
	f := newFx(t)
	email := f.emailNotices(f.org("Sociaal Wijkteam Schalkwijk", "", ""), 1)
	f.srv.HangUpNext(1, mailtest.BeforeReply)
	if res := f.pass(f.d); res != (notice.Result{Retry: 1}) {
		t.Fatalf("pass with a hang-up: %+v", res)
	}
	if n := f.notice(email[0].ID); n.Status != "pending" || n.Attempts != 1 || !strings.Contains(n.LastError, "data") {
		t.Fatalf("after the hang-up: %s", n)
	}
	f.clock.Advance(time.Minute)
	if res := f.pass(f.d); res != (notice.Result{Sent: 1}) {
		t.Fatalf("retry: %+v", res)
	}
	msgs := f.srv.Messages()
	if len(msgs) != 2 || msgs[0].MessageID != messageID(email[0].ID) || msgs[1].MessageID != msgs[0].MessageID {
		t.Fatalf("messages %d, want 2 copies with Message-ID %s", len(msgs), messageID(email[0].ID))
	}
	if n := f.notice(email[0].ID); n.Status != "sent" {
		t.Fatalf("%s", n)
	}

	// A hang-up after the 250 is a delivery: no second copy.
	f.file(casework.Contact{Name: "Klager 2", Email: "klager2@example.nl"}, nil, f.org("CJG Haarlem", "", "").ID)
	more := f.notices()[1:]
	f.srv.HangUpNext(1, mailtest.AfterReply)
	if res := f.pass(f.d); res != (notice.Result{Sent: 1}) {
		t.Fatalf("pass with a hang-up after the reply: %+v", res)
	}
	f.expectDeliveredOnce(more)
	if len(f.srv.Messages()) != 3 {
		t.Fatalf("%d messages, want 3", len(f.srv.Messages()))
	}
}

// TestTwoDispatchersNeverSendANoticeTwice: two dispatchers in separate processes pass over 200
// notices at the same moment. While both live, the lease and the SKIP LOCKED claim give every
// notice to exactly one of them: each is claimed once and e-mailed once.
func TestTwoDispatchersNeverSendANoticeTwice(t *testing.T) {
	f := newFx(t)
	org := f.org("Sociaal Wijkteam Schalkwijk", "", "")
	const complaints = 100 // each with a supporter: 200 acknowledgements
	for i := range complaints {
		f.file(casework.Contact{Name: fmt.Sprintf("Klager %d", i), Email: fmt.Sprintf("klager%d@example.nl", i)},
			&casework.Contact{Name: fmt.Sprintf("Ondersteuner %d", i), Email: fmt.Sprintf("ondersteuner%d@example.nl", i)}, org.ID)
	}
	email := f.notices()
	if len(email) != 2*complaints {
		t.Fatalf("%d notices", len(email))
	}
	cfg := f.cfg
	cfg.Batch = 5
	dispatchers := []*notice.Dispatcher{f.dispatcher(f.process(), cfg), f.dispatcher(f.process(), cfg)}
	results := make([]notice.Result, len(dispatchers))
	errs := make([]error, len(dispatchers))
	var ready, done sync.WaitGroup
	barrier := make(chan struct{})
	for i, d := range dispatchers {
		ready.Add(1)
		done.Add(1)
		go func() {
			defer done.Done()
			ready.Done()
			<-barrier
			ctx, cancel := context.WithTimeout(f.ctx, 4*passTimeout) // 200 letters, race detector
			defer cancel()
			results[i], errs[i] = d.Pass(ctx)
		}()
	}
	ready.Wait()
	close(barrier)
	done.Wait()
	total := notice.Result{}
	for i := range dispatchers {
		if errs[i] != nil {
			t.Fatalf("dispatcher %d: %v", i, errs[i])
		}
		total.Sent += results[i].Sent
		total.Print += results[i].Print
		total.Retry += results[i].Retry
		total.Failed += results[i].Failed
	}
	t.Logf("dispatcher results: %+v and %+v", results[0], results[1])
	if total != (notice.Result{Sent: 2 * complaints}) {
		t.Fatalf("together: %+v, want %d sent", total, 2*complaints)
	}
	if distinct, n := f.distinctIDs(); distinct != 2*complaints || n != 2*complaints {
		t.Fatalf("%d distinct Message-IDs in %d messages, want %d in %d", distinct, n, 2*complaints, 2*complaints)
	}
	f.expectDeliveredOnce(email)
	if n := f.count(`SELECT count(*) FROM notices WHERE attempts <> 1 OR status <> 'sent'`); n != 0 {
		t.Fatalf("%d notices claimed more than once or not sent", n)
	}
}

// TestUnrenderableLetterFailsAndTheRestIsDelivered: a notice whose letter cannot be written (a kind
// without a template; an advice letter without its advice, so a required date is missing) is
// failed with a "render:" error, shown to staff, not retried, and does not hold up the others.
func TestUnrenderableLetterFailsAndTheRestIsDelivered(t *testing.T) {
	f := newFx(t)
	org := f.org("Sociaal Wijkteam Schalkwijk", "directie@wijkteam.example", "")
	postOrg := f.org("Zorgaanbieder De Linde", "", "Lindelaan 3, 2012 AB Haarlem")
	ref := f.file(casework.Contact{Name: "Fatima el Amrani", Email: "fatima@example.nl"},
		&casework.Contact{Name: "Ondersteuner", Email: "o@example.nl"}, org.ID, postOrg.ID)
	f.advised(ref, org.ID, postOrg.ID)

	var nonsense, noAdvice, noAdvicePost int64
	f.must(f.sql.GetContext(f.ctx, &nonsense, `UPDATE notices SET kind = 'nonsense'
		WHERE id = (SELECT min(id) FROM notices WHERE kind = 'acknowledgement') RETURNING id`))
	// An advice letter whose facts lack the advice cannot say what to do.
	f.must(f.sql.GetContext(f.ctx, &noAdvice, `UPDATE notices SET advice_id = NULL, facts = facts - 'advice'
		WHERE kind = 'advice_issued' AND organisation_id = $1 RETURNING id`, org.ID))
	f.must(f.sql.GetContext(f.ctx, &noAdvicePost, `UPDATE notices SET advice_id = NULL, facts = facts - 'advice'
		WHERE kind = 'advice_issued' AND organisation_id = $1 RETURNING id`, postOrg.ID))
	broken := map[int64]bool{nonsense: true, noAdvice: true, noAdvicePost: true}
	all := f.notices()
	var good []row
	for _, n := range all {
		if !broken[n.ID] {
			good = append(good, n)
		}
	}
	goodEmail, goodPost := byEmail(good)

	res := f.pass(f.d)
	if res != (notice.Result{Sent: len(goodEmail), Print: len(goodPost), Failed: 3}) {
		t.Fatalf("pass: %+v, want %d sent, %d for print, 3 failed", res, len(goodEmail), len(goodPost))
	}
	for id := range broken {
		n := f.notice(id)
		if n.Status != "failed" || !strings.HasPrefix(n.LastError, "render:") || n.Attempts != 1 || n.PDF != nil {
			t.Errorf("%s: want failed with a render error", n)
		}
		if len(f.messagesByID()[messageID(id)]) != 0 {
			t.Errorf("%s: e-mailed", n)
		}
	}
	if n := f.notice(nonsense); !strings.Contains(n.LastError, "nonsense") {
		t.Errorf("%s: the error does not name the kind", n)
	}
	if n := f.notice(noAdvice); !strings.Contains(n.LastError, "advice_issued") {
		t.Errorf("%s: the error does not name the letter", n)
	}
	f.expectDeliveredOnce(goodEmail)
	for _, p := range goodPost {
		if n := f.notice(p.ID); n.Status != "print" {
			t.Errorf("%s: want print", n)
		}
	}
	failed, err := f.db.Notices(f.ctx, postgres.NoticeFilter{Status: "failed"})
	f.must(err)
	if len(failed) != 3 {
		t.Fatalf("staff see %d failed notices, want 3", len(failed))
	}
	// Not retried by itself.
	f.clock.Advance(24 * time.Hour)
	if res := f.pass(f.d); res != (notice.Result{}) {
		t.Fatalf("pass a day later: %+v", res)
	}
}

// TestUnreadableNoticeDoesNotHoldUpTheOutbox: a notice whose stored data the dispatcher cannot read
// (here a number where the letter data holds strings) must end up failed, visible to staff, like a
// letter that cannot be rendered; the other notices claimed with it must still be delivered.
func TestUnreadableNoticeDoesNotHoldUpTheOutbox(t *testing.T) {
	f := newFx(t)
	email := f.emailNotices(f.org("Sociaal Wijkteam Schalkwijk", "", ""), 3)
	bad := email[0].ID
	_, err := f.sql.ExecContext(f.ctx, `UPDATE notices SET data = '{"reason": 42}' WHERE id = $1`, bad)
	f.must(err)

	var passErrs []error
	for range 3 { // three passes, each after the lease
		ctx, cancel := context.WithTimeout(f.ctx, passTimeout)
		_, err := f.d.Pass(ctx)
		cancel()
		if err != nil {
			passErrs = append(passErrs, err)
		}
		f.clock.Advance(f.cfg.Lease)
	}
	n := f.notice(bad)
	delivered := 0
	for _, e := range email[1:] {
		if f.notice(e.ID).Status == "sent" {
			delivered++
		}
	}
	if n.Status != "failed" || delivered != 2 {
		t.Errorf("BUG: one notice with unreadable data blocks its whole batch: after 3 passes %d of the 2 good notices "+
			"claimed with it were delivered, and the bad one is %s (want failed, shown to staff). Pass errors: %v. "+
			"postgres.ClaimNotices returns an error for the whole batch when one row's data does not unmarshal "+
			"(or its case cannot be loaded), after the claim has committed: every notice of the batch stays leased, "+
			"counts an attempt, and is claimed and refused again after each lease, for ever.", delivered, n, passErrs)
	}
}

// TestEnforcedLettersGoOutInOnePassAfterTheSweep: at the deadline the sweep enforces the advice and
// writes the enforced letters; one pass e-mails them to the complainant, the supporter and the
// organisation.
func TestEnforcedLettersGoOutInOnePassAfterTheSweep(t *testing.T) {
	f := newFx(t)
	org := f.org("Sociaal Wijkteam Schalkwijk", "directie@wijkteam.example", "Schalkwijkerstraat 1, 2035 AA Haarlem")
	ref := f.file(casework.Contact{Name: "Fatima el Amrani", Email: "fatima@example.nl"},
		&casework.Contact{Name: "Cliëntenbelang Haarlem", Email: "ondersteuning@clientenbelang.example"}, org.ID)
	advices := f.advised(ref, org.ID)
	adv := advices[0]
	if adv.RespondBy != "2026-12-07" {
		t.Fatalf("advice term %s", adv.RespondBy)
	}
	if res := f.pass(f.d); res.Sent == 0 || res.Retry+res.Failed+res.Print != 0 {
		t.Fatalf("pass over the letters before the deadline: %+v", res)
	}
	earlier := len(f.srv.Messages())

	f.clock.Set(adv.DeadlineAt)
	sweep, err := f.db.Sweep(f.ctx, 0)
	f.must(err)
	if sweep.Enforced != 1 || sweep.Notices != 3 {
		t.Fatalf("sweep: %+v", sweep)
	}
	if res := f.pass(f.d); res != (notice.Result{Sent: 3}) {
		t.Fatalf("pass after the sweep: %+v", res)
	}
	msgs := f.srv.Messages()[earlier:]
	want := map[string]struct{ subject, file string }{
		"fatima@example.nl":                    {"Sociaal Wijkteam Schalkwijk moet ons advies helemaal uitvoeren", ref + "-enforced_complainant.pdf"},
		"ondersteuning@clientenbelang.example": {"Kopie: Sociaal Wijkteam Schalkwijk moet ons advies helemaal uitvoeren", ref + "-enforced_complainant.pdf"},
		"directie@wijkteam.example":            {"U moet het bindend advies nu helemaal uitvoeren", ref + "-enforced_organisation.pdf"},
	}
	if len(msgs) != 3 {
		t.Fatalf("%d e-mails after the sweep, want 3", len(msgs))
	}
	for _, m := range msgs {
		w, ok := want[m.To[0]]
		if !ok || len(m.To) != 1 {
			t.Errorf("unexpected e-mail to %v", m.To)
			continue
		}
		delete(want, m.To[0])
		if m.Subject != w.subject {
			t.Errorf("e-mail to %s: subject %q, want %q", m.To[0], m.Subject, w.subject)
		}
		files, body := attachments(t, m.Raw)
		if len(files) != 1 || files[0].FileName != w.file {
			t.Errorf("e-mail to %s: attachments %v, want %s", m.To[0], files, w.file)
			continue
		}
		text := pdfText(t, files[0].Data)
		for _, s := range []string{ref, "onverkort", "7 december 2026", w.subject} {
			if !strings.Contains(text, s) {
				t.Errorf("enforced letter to %s lacks %q:\n%s", m.To[0], s, text)
			}
		}
		if !strings.Contains(body, "onverkort") {
			t.Errorf("e-mail to %s: the text does not say what the letter says:\n%s", m.To[0], body)
		}
		if m.To[0] == "directie@wijkteam.example" && (!strings.Contains(text, "Neem binnen een week contact op") || strings.Contains(text, "fatima@example.nl")) {
			t.Errorf("enforced letter to the organisation: want the advice quoted, no complainant address:\n%s", text)
		}
	}
	if len(want) != 0 {
		t.Errorf("no enforced letter to %v", sortedKeys(want))
	}
	var kinds []string
	f.must(f.sql.SelectContext(f.ctx, &kinds, `SELECT kind || '/' || recipient || '/' || status FROM notices WHERE kind LIKE 'enforced%' ORDER BY id`))
	if len(kinds) != 3 || strings.Count(strings.Join(kinds, " "), "/sent") != 3 {
		t.Fatalf("enforced notices %v", kinds)
	}
}

// TestABatchThatOutlivesItsLeaseIsNotSentTwice: dispatcher A claims a batch; the SMTP relay is so
// slow (each attempt takes three minutes on the store's clock, then fails) that A's lease on the
// rest of its batch runs out. Dispatcher B, alive too, then rightly claims those notices and sends
// them. A must not send them again: while both dispatchers live, the lease is what keeps a notice
// with one of them.
func TestABatchThatOutlivesItsLeaseIsNotSentTwice(t *testing.T) {
	f := newFx(t)
	email := f.emailNotices(f.org("Sociaal Wijkteam Schalkwijk", "", ""), f.cfg.Batch) // one batch
	b := f.dispatcher(f.process(), f.cfg)
	type passB struct {
		at  time.Time
		res notice.Result
		err error
	}
	bDone := make(chan passB, 1)
	slow := f.relay(2,
		func(i int) {
			f.clock.Advance(3 * time.Minute) // two attempts: six minutes, and the lease is five
			if i == 1 {
				// A's lease on its batch has run out while it still works through it: B passes now.
				at := f.clock.Now()
				ctx, cancel := context.WithTimeout(f.ctx, passTimeout)
				defer cancel()
				res, err := b.Pass(ctx)
				bDone <- passB{at, res, err}
			}
		},
		func(int) {})
	a := f.dispatcherVia(f.process(), f.cfg, slow)
	claimedAt := f.clock.Now()
	ctx, cancel := context.WithTimeout(f.ctx, passTimeout)
	defer cancel()
	resA, err := a.Pass(ctx)
	f.must(err)
	var pb passB
	select {
	case pb = <-bDone:
	default:
		t.Fatal("the scenario did not happen: A's batch did not outlive its lease")
	}
	f.must(pb.err)
	leaseOverAt, resB := pb.at, pb.res
	t.Logf("A claimed at %s (lease %s) and got %+v; B passed at %s and got %+v", claimedAt.In(ams).Format(time.TimeOnly),
		f.cfg.Lease, resA, leaseOverAt.In(ams).Format(time.TimeOnly), resB)
	if !leaseOverAt.After(claimedAt.Add(f.cfg.Lease)) || resB.Sent == 0 {
		t.Fatalf("the scenario did not happen: B passed at %s and sent %d", leaseOverAt, resB.Sent)
	}
	distinct, total := f.distinctIDs()
	if total != distinct {
		twice := []string{}
		for id, msgs := range f.messagesByID() {
			if len(msgs) > 1 {
				twice = append(twice, id)
			}
		}
		t.Errorf("BUG: %d notices e-mailed twice (%v) by two live dispatchers (%d messages, %d distinct Message-IDs). "+
			"Dispatcher.Pass keeps working through a claimed batch after the batch's lease has run out, and "+
			"postgres.Delivered/Retry/Failed do not check that the caller still holds the lease, so another dispatcher "+
			"that claimed the notice meanwhile sends it too. With DefaultConfig (Batch 50, Lease 5m) and the mail "+
			"timeout of 30s, one slow SMTP relay is enough; in serve and dispatch only the 5-minute context of "+
			"cmd/meldpunt/jobs.go (equal to the lease by coincidence, up to clock skew between replicas) bounds it today.", total-distinct, twice, total, distinct)
	}
	// Whatever happened, every notice is delivered in the end, each with its one Message-ID.
	f.clock.Advance(time.Hour)
	f.pass(f.d)
	if distinct, _ := f.distinctIDs(); distinct != len(email) {
		t.Fatalf("%d distinct Message-IDs, want %d", distinct, len(email))
	}
	for _, e := range email {
		if n := f.notice(e.ID); n.Status != "sent" {
			t.Errorf("%s: want sent", n)
		}
	}
}
