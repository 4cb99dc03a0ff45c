package postgres_test

import (
	"errors"
	"sync"
	"testing"
	"time"

	"meldpunt/internal/casework"
	"meldpunt/internal/postgres"
)

// TestIntakeLimitHoldsUnderParallelFilings: sixteen residents behind one address file at the same
// moment with room for five: exactly five complaints are stored, the others get rate_limited with a
// wait until the first of the five leaves the window, and another address is not held up. After the
// window the address files again, and the rows of the old window are pruned on the way.
func TestIntakeLimitHoldsUnderParallelFilings(t *testing.T) {
	f := newFx(t, local(2026, time.March, 2, 10, 0))
	limit := postgres.IntakeLimit{Source: "203.0.113.9", Max: 5, Window: time.Hour}
	var wg sync.WaitGroup
	errs := make([]error, 16)
	for i := range errs {
		wg.Go(func() {
			_, errs[i] = f.db.FileComplaintLimited(f.ctx, casework.ResidentActor, intake(f.orgA.ID), limit)
		})
	}
	wg.Wait()
	stored, limited := 0, 0
	for _, err := range errs {
		var ce *casework.Error
		switch {
		case err == nil:
			stored++
		case errors.As(err, &ce) && ce.Code == casework.CodeRateLimited:
			limited++
			if ce.RetryAfter != time.Hour {
				t.Errorf("Retry-After %v, want 1h (all filed at the same instant)", ce.RetryAfter)
			}
		default:
			t.Errorf("unexpected error: %v", err)
		}
	}
	if stored != 5 || limited != 11 {
		t.Fatalf("%d stored and %d limited, want 5 and 11", stored, limited)
	}
	if n := f.count(`SELECT count(*) FROM complaints`); n != 5 {
		t.Fatalf("%d complaints in the database, want 5", n)
	}
	other := limit
	other.Source = "2001:db8:1:2::/64"
	if _, err := f.db.FileComplaintLimited(f.ctx, casework.ResidentActor, intake(f.orgA.ID), other); err != nil {
		t.Fatalf("another address: %v", err)
	}
	f.clock.Advance(time.Hour + time.Second)
	if _, err := f.db.FileComplaintLimited(f.ctx, casework.ResidentActor, intake(f.orgA.ID), limit); err != nil {
		t.Fatalf("after the window: %v", err)
	}
	if n := f.count(`SELECT count(*) FROM public_intakes`); n != 1 {
		t.Errorf("%d intake counts kept, want 1 (the old window's pruned)", n)
	}
}

// TestMailAddressKeyJoinsSpellingsOfOneMailbox: spellings that reach one mailbox count as one
// address: case, a +tag, and the full stops in the local part (Gmail delivers "j.an@gmail.com" and
// "ja.n@gmail.com" to "jan@gmail.com", and googlemail.com is gmail.com), so that a sender cannot
// get past the e-mails per hour by moving a dot.
func TestMailAddressKeyJoinsSpellingsOfOneMailbox(t *testing.T) {
	for _, email := range []string{"jan@gmail.com", "j.an@gmail.com", "J.A.N@Gmail.com", "ja.n+1@gmail.com", "jan@googlemail.com", "j.an+x@GoogleMail.com"} {
		if got := postgres.MailAddressKey(email); got != "jan@gmail.com" {
			t.Errorf("MailAddressKey(%q) = %q, want jan@gmail.com", email, got)
		}
	}
	if a, b := postgres.MailAddressKey("jan@example.nl"), postgres.MailAddressKey("piet@example.nl"); a == b {
		t.Errorf("two mailboxes count as one: %q", a)
	}
}

// TestTypedAddressIsUnverifiedWhateverTheDatabaseLocale: an address typed on the public form with
// capitals outside ASCII ("BÜCHER.example", which mail servers deliver as "bücher.example") is
// known as typed, also in a database whose collation lowers ASCII only (locale C, which the private
// cluster falls back to): its letters are e-mailed as the short notice, under the count per address.
func TestTypedAddressIsUnverifiedWhateverTheDatabaseLocale(t *testing.T) {
	f := newFx(t, local(2026, time.March, 2, 10, 0))
	if _, err := f.sql.Exec(`ALTER TABLE complaints ALTER COLUMN complainant_email TYPE text COLLATE "C"`); err != nil {
		t.Fatal(err)
	}
	in := intake(f.orgA.ID)
	in.Complainant.Email = "Jan@BÜCHER.example"
	if _, err := f.db.FileComplaint(f.ctx, casework.ResidentActor, in); err != nil {
		t.Fatal(err)
	}
	var unverified []bool
	if err := f.sql.Select(&unverified, `SELECT unverified FROM notices WHERE recipient = 'complainant'`); err != nil {
		t.Fatal(err)
	}
	if len(unverified) != 1 || !unverified[0] {
		t.Fatalf("the acknowledgement to the typed address: unverified %v, want [true]", unverified)
	}
}

// TestReleasedLetterToATypedAddressStaysUnverified: a letter that waited for an address (no
// e-mail server when it was due) and is released when staff add a phone number, with the address
// typed on the public form unchanged, still goes to that address as the short notice: staff did
// not take the case up or enter the address.
func TestReleasedLetterToATypedAddressStaysUnverified(t *testing.T) {
	f := newFx(t, local(2026, time.March, 2, 10, 0))
	in := intake(f.orgA.ID)
	in.Complainant.Phone = ""
	r, err := f.db.FileComplaint(f.ctx, casework.ResidentActor, in)
	f.must(err)
	// As the dispatcher leaves it without SMTP.
	_, err = f.sql.Exec(`UPDATE notices SET status = 'no_address' WHERE recipient = 'complainant'`)
	f.must(err)
	out, err := f.db.Rectify(f.ctx, f.actor, r.Reference, casework.Rectification{Complainant: casework.Contact{Name: in.Complainant.Name, Email: in.Complainant.Email, Phone: "06 1234 5678"}, Reason: "op verzoek van klager"})
	f.must(err)
	if out.Released != 1 {
		t.Fatalf("%d letters released, want 1", out.Released)
	}
	var unverified []bool
	f.must(f.sql.Select(&unverified, `SELECT unverified FROM notices WHERE recipient = 'complainant' AND status = 'pending'`))
	if len(unverified) != 1 || !unverified[0] {
		t.Fatalf("the released letter to the typed address: unverified %v, want [true]", unverified)
	}
	// An address staff enter is theirs: the letter goes in full.
	_, err = f.sql.Exec(`UPDATE notices SET status = 'no_address' WHERE recipient = 'complainant'`)
	f.must(err)
	_, err = f.db.Rectify(f.ctx, f.actor, r.Reference, casework.Rectification{Complainant: casework.Contact{Name: in.Complainant.Name, Email: "fatima.elamrani@example.nl"}, Reason: "op verzoek van klager"})
	f.must(err)
	unverified = nil
	f.must(f.sql.Select(&unverified, `SELECT unverified FROM notices WHERE recipient = 'complainant' AND status = 'pending'`))
	if len(unverified) != 1 || unverified[0] {
		t.Fatalf("the released letter to the address staff entered: unverified %v, want [false]", unverified)
	}
}

// TestFormKeyOnFirstUseByTwoAtOnce: a replica that asks for the form key while another is making
// it, the first time, gets that key (it used not to see the key just made, and got none: the
// complaint form failed for it).
func TestFormKeyOnFirstUseByTwoAtOnce(t *testing.T) {
	f := newFx(t, local(2026, time.March, 2, 10, 0))
	tx, err := f.sql.Begin()
	f.must(err)
	defer tx.Rollback()
	made := []byte("0123456789abcdef0123456789abcdef")
	_, err = tx.Exec(`INSERT INTO form_keys (id, key) VALUES (1, $1)`, made)
	f.must(err)
	var key []byte
	done := make(chan struct{})
	go func() {
		defer close(done)
		key, err = f.db.FormKey(f.ctx)
	}()
	time.Sleep(300 * time.Millisecond) // the second asker waits for the first's insert
	f.must(tx.Commit())
	<-done
	if err != nil {
		t.Fatalf("the second asker: %v", err)
	}
	if string(key) != string(made) {
		t.Fatalf("the second asker got another key")
	}
}
