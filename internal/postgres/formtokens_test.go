package postgres_test

import (
	"strings"
	"sync"
	"testing"
	"time"

	"meldpunt/internal/casework"
	"meldpunt/internal/postgres"
)

func (f *fx) formToken() string {
	f.t.Helper()
	token, err := f.db.NewFormToken(f.ctx)
	f.must(err)
	return token
}

func TestFormTokenFilesOneComplaintAndRepeatsTheConfirmation(t *testing.T) {
	f := newFx(t, local(2026, 11, 23, 10, 0))
	token := f.formToken()
	before := f.count(`SELECT count(*) FROM complaints`)

	first, replayed, err := f.db.FileComplaintOnce(f.ctx, casework.ResidentActor, intake(f.orgA.ID), postgres.IntakeLimit{}, token)
	f.must(err)
	if replayed || first.Reference == "" || first.TrackingCode == "" {
		t.Fatalf("first post: %+v replayed %v", first, replayed)
	}
	// A refresh, a double click: the same post again, an hour later.
	f.clock.Advance(time.Hour)
	again, replayed, err := f.db.FileComplaintOnce(f.ctx, casework.ResidentActor, intake(f.orgA.ID), postgres.IntakeLimit{}, token)
	f.must(err)
	if !replayed || again.Reference != first.Reference || again.TrackingCode != first.TrackingCode ||
		again.HandlingLastDay != first.HandlingLastDay || again.ReceivedOn != first.ReceivedOn {
		t.Fatalf("second post: %+v replayed %v, want the first's receipt %+v", again, replayed, first)
	}
	if n := f.count(`SELECT count(*) FROM complaints`); n != before+1 {
		t.Fatalf("%d complaints filed, want 1", n-before)
	}
	// The confirmation page after the redirect shows the same.
	shown, err := f.db.FormReceipt(f.ctx, token)
	f.must(err)
	if shown.Reference != first.Reference || shown.TrackingCode != first.TrackingCode {
		t.Fatalf("confirmation %+v, want %+v", shown, first)
	}
	// The code it shows works.
	_, err = f.db.LookupComplaint(f.ctx, first.Reference, shown.TrackingCode)
	f.must(err)
	// Neither the token nor the tracking code is in the database in the clear.
	for _, s := range []string{first.TrackingCode, strings.ReplaceAll(first.TrackingCode, "-", ""), token} {
		if hits := f.tablesMentioning(s); len(hits) > 0 {
			t.Errorf("%q stored in the clear in %v", s, hits)
		}
	}
	if n := f.count(`SELECT count(*) FROM form_tokens WHERE sealed_code <> '' AND complaint_id = $1`, f.complaintID(first.Reference)); n != 1 {
		t.Fatalf("%d sealed codes for the complaint, want 1", n)
	}
	// Another form files another complaint.
	other, replayed, err := f.db.FileComplaintOnce(f.ctx, casework.ResidentActor, intake(f.orgA.ID), postgres.IntakeLimit{}, f.formToken())
	f.must(err)
	if replayed || other.Reference == first.Reference {
		t.Fatalf("another form: %+v replayed %v", other, replayed)
	}
}

func TestFormTokenTwoPostsAtOnceFileOneComplaint(t *testing.T) {
	f := newFx(t, local(2026, 11, 23, 10, 0))
	before := f.count(`SELECT count(*) FROM complaints`)
	for round := 0; round < 3; round++ {
		token := f.formToken()
		const posts = 6
		var wg sync.WaitGroup
		start := make(chan struct{})
		receipts := make([]casework.Receipt, posts)
		replays := make([]bool, posts)
		errs := make([]error, posts)
		for i := range posts {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				receipts[i], replays[i], errs[i] = f.db.FileComplaintOnce(f.ctx, casework.ResidentActor, intake(f.orgA.ID),
					postgres.IntakeLimit{}, token)
			}()
		}
		close(start)
		wg.Wait()
		filed := 0
		for i := range posts {
			f.must(errs[i])
			if !replays[i] {
				filed++
			}
			if receipts[i].Reference != receipts[0].Reference || receipts[i].TrackingCode != receipts[0].TrackingCode ||
				receipts[i].TrackingCode == "" {
				t.Fatalf("round %d post %d: %+v, want %+v", round, i, receipts[i], receipts[0])
			}
		}
		if filed != 1 {
			t.Fatalf("round %d: %d posts filed, want 1", round, filed)
		}
	}
	if n := f.count(`SELECT count(*) FROM complaints`); n != before+3 {
		t.Fatalf("%d complaints for 3 forms", n-before)
	}
}

func TestFormTokenRefusedWhenForgedOrExpired(t *testing.T) {
	f := newFx(t, local(2026, 11, 23, 10, 0))
	token := f.formToken()
	wantField := func(err error) {
		t.Helper()
		wantCode(t, err, casework.CodeValidation)
		if fieldMessage(err, "form_token") == "" {
			t.Fatalf("%v: want an error on form_token", err)
		}
	}
	t.Run("a_token_not_handed_out_is_refused", func(t *testing.T) {
		for _, forged := range []string{"", "abc", strings.Repeat("A", len(token)), token[:len(token)-2] + "AA", token + "A"} {
			if forged == token {
				continue
			}
			_, _, err := f.db.FileComplaintOnce(f.ctx, casework.ResidentActor, intake(f.orgA.ID), postgres.IntakeLimit{}, forged)
			wantField(err)
		}
	})
	t.Run("unclaimed_token_shows_no_confirmation", func(t *testing.T) {
		_, err := f.db.FormReceipt(f.ctx, token)
		wantCode(t, err, casework.CodeNotFound)
	})
	t.Run("an_invalid_intake_does_not_use_up_the_token", func(t *testing.T) {
		in := intake(f.orgA.ID)
		in.Summary = ""
		_, _, err := f.db.FileComplaintOnce(f.ctx, casework.ResidentActor, in, postgres.IntakeLimit{}, token)
		wantCode(t, err, casework.CodeValidation)
		r, replayed, err := f.db.FileComplaintOnce(f.ctx, casework.ResidentActor, intake(f.orgA.ID), postgres.IntakeLimit{}, token)
		f.must(err)
		if replayed || r.Reference == "" {
			t.Fatalf("valid post after an invalid one: %+v replayed %v", r, replayed)
		}
	})
	t.Run("an_expired_token_is_refused_and_its_row_pruned", func(t *testing.T) {
		late := f.formToken()
		f.clock.Advance(postgres.FormTokenLifetime)
		_, _, err := f.db.FileComplaintOnce(f.ctx, casework.ResidentActor, intake(f.orgA.ID), postgres.IntakeLimit{}, late)
		wantField(err)
		_, err = f.db.FormReceipt(f.ctx, token)
		wantField(err)
		// The next claim prunes the rows of expired tokens: the sealed code goes with them.
		_, _, err = f.db.FileComplaintOnce(f.ctx, casework.ResidentActor, intake(f.orgA.ID), postgres.IntakeLimit{}, f.formToken())
		f.must(err)
		if n := f.count(`SELECT count(*) FROM form_tokens WHERE expires_at <= $1`, f.clock.Now()); n != 0 {
			t.Fatalf("%d expired form tokens kept", n)
		}
		if n := f.count(`SELECT count(*) FROM form_tokens`); n != 1 {
			t.Fatalf("%d form tokens, want only the fresh one", n)
		}
	})
}

func TestFormTokenOfASupporterKeepsTheCodeFromThem(t *testing.T) {
	f := newFx(t, local(2026, 11, 23, 10, 0))
	_, sup := f.poolMember("Cliëntenbelang Haarlem", "cb@example.nl")
	in := intake(f.orgA.ID)
	in.SupporterConsent = true
	token := f.formToken()
	r, _, err := f.db.FileComplaintOnce(f.ctx, sup, in, postgres.IntakeLimit{}, token)
	f.must(err)
	again, replayed, err := f.db.FileComplaintOnce(f.ctx, sup, in, postgres.IntakeLimit{}, token)
	f.must(err)
	if r.TrackingCode != "" || again.TrackingCode != "" || !replayed || again.Reference != r.Reference {
		t.Fatalf("supporter's receipts %+v then %+v (replayed %v): the code is the client's", r, again, replayed)
	}
}

func TestComplaintWithoutOrganisationStaffChooseIt(t *testing.T) {
	f := newFx(t, local(2026, 11, 23, 10, 0))
	in := intake()
	in.OrganisationUnknown = true
	in.LifeDomains = nil
	in.LifeDomainUnknown = true
	in.LifeDomainText = "mijn rolstoel en de trap naar mijn flat"
	r, err := f.db.FileComplaint(f.ctx, casework.ResidentActor, in)
	f.must(err)
	c, err := f.db.Complaint(f.ctx, f.actor, r.Reference)
	f.must(err)
	if len(c.Organisations) != 0 || len(c.LifeDomains) != 0 || c.LifeDomainText != in.LifeDomainText {
		t.Fatalf("complaint %+v %+v %q", c.Organisations, c.LifeDomains, c.LifeDomainText)
	}
	if !strings.Contains(c.Timeline[0].Reason, "staff choose it") {
		t.Fatalf("filing event %+v", c.Timeline[0])
	}
	t.Run("without_the_choice_no_organisation_is_refused", func(t *testing.T) {
		_, err := f.db.FileComplaint(f.ctx, casework.ResidentActor, intake())
		wantCode(t, err, casework.CodeValidation)
	})
	id := f.complaintID(r.Reference)
	copies := func() int {
		return f.count(`SELECT count(*) FROM notices WHERE complaint_id = $1 AND kind = $2`, id, postgres.NoticeCopyToOrganisation)
	}
	// While received, the case gets its organisation only by the take-up's handler.
	wantCode(t, f.db.AddOrganisation(f.ctx, f.actor, r.Reference, f.orgB.ID), casework.CodeInvalidTransition)
	// The take-up sends no copy: there is nobody to send it to.
	f.must(f.db.TakeUp(f.ctx, f.actor, r.Reference, casework.TakeUp{NotInvolved: true}))
	if n := copies(); n != 0 {
		t.Fatalf("%d copies at the take-up without an organisation", n)
	}
	// The handler chooses the organisation: an event that says so, and the copy at once.
	f.must(f.db.AddOrganisation(f.ctx, f.actor, r.Reference, f.orgB.ID))
	if n := copies(); n != 1 {
		t.Fatalf("%d copies after choosing, want 1", n)
	}
	c, err = f.db.Complaint(f.ctx, f.actor, r.Reference)
	f.must(err)
	last := c.Timeline[len(c.Timeline)-1]
	if len(c.Organisations) != 1 || c.Organisations[0].ID != f.orgB.ID || last.Action != "add_organisation" ||
		!strings.Contains(last.Reason, "chosen by staff: "+f.orgB.Name) {
		t.Fatalf("after choosing: %+v, last event %+v", c.Organisations, last)
	}
	// A second organisation is added as before.
	f.must(f.db.AddOrganisation(f.ctx, f.actor, r.Reference, f.orgC.ID))
	c, err = f.db.Complaint(f.ctx, f.actor, r.Reference)
	f.must(err)
	if last := c.Timeline[len(c.Timeline)-1]; !strings.Contains(last.Reason, "organisation added: "+f.orgC.Name) {
		t.Fatalf("second organisation's event %+v", last)
	}
	t.Run("no_ruling_before_an_organisation_is_chosen", func(t *testing.T) {
		r2, err := f.db.FileComplaint(f.ctx, casework.ResidentActor, in)
		f.must(err)
		f.must(f.db.TakeUp(f.ctx, f.actor, r2.Reference, casework.TakeUp{NotInvolved: true}))
		_, err = f.db.RecordHearing(f.ctx, f.actor, r2.Reference, casework.Hearing{Party: casework.PartyComplainant,
			Skipped: casework.SkipWaived, SkipNote: "Klager ziet af van horen."})
		f.must(err)
		_, err = f.db.Rule(f.ctx, f.actor, r2.Reference, casework.Ruling{Verdict: casework.VerdictUnfounded,
			Findings: "Bevindingen.", Conclusions: "Conclusies."})
		wantCode(t, err, casework.CodeValidation)
		if !strings.Contains(fieldMessage(err, "organisation_ids"), "choose the organisation") {
			t.Fatalf("%v: want an error on organisation_ids", err)
		}
	})
}

func TestLetterLanguageOfAComplaintFromTurkishPagesIsDutch(t *testing.T) {
	f := newFx(t, local(2026, 11, 23, 10, 0))
	for page, want := range map[string]casework.Language{"tr": casework.LanguageDutch, "ar": casework.LanguageDutch,
		"en": casework.LanguageEnglish} {
		in := intake(f.orgA.ID)
		in.Language = casework.LetterLanguage(page)
		r, err := f.db.FileComplaint(f.ctx, casework.ResidentActor, in)
		f.must(err)
		c, err := f.db.Complaint(f.ctx, f.actor, r.Reference)
		f.must(err)
		if c.Language != want {
			t.Errorf("pages in %s: letters in %s, want %s", page, c.Language, want)
		}
	}
}
