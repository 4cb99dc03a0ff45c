package postgres_test

import (
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"meldpunt/internal/casework"
	"meldpunt/internal/postgres"
	"meldpunt/internal/secret"
)

func (f *fx) code(secret string, at time.Time) string {
	f.t.Helper()
	c, err := totp.GenerateCodeCustom(secret, at, totp.ValidateOpts{Period: 30, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	f.must(err)
	return c
}

// TestTOTPCodeUsedOnceUnderRace: the same code sent by many sign-ins at once gives exactly one
// token; the accepted window is one step either side of now.
func TestTOTPCodeUsedOnceUnderRace(t *testing.T) {
	f := newFx(t, local(2026, 3, 3, 10, 0))
	e, err := f.db.StartTOTP(f.ctx, f.staff)
	f.must(err)
	f.must(f.db.ConfirmTOTP(f.ctx, f.staff, f.code(e.Secret, f.clock.Now())))
	f.clock.Advance(30 * time.Second)
	code := f.code(e.Secret, f.clock.Now())
	var wg sync.WaitGroup
	var mu sync.Mutex
	got := map[casework.Code]int{}
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := f.db.Login(f.ctx, f.staff.Email, "correct horse battery", code, time.Hour)
			mu.Lock()
			if err == nil {
				got["ok"]++
			} else {
				got[casework.ErrorCode(err)]++
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	if got["ok"] != 1 || got[casework.CodeTOTPInvalid] != 7 {
		t.Fatalf("outcomes %v, want one token and seven totp_invalid", got)
	}
	// The window: the next step's code (the phone's clock a little ahead) is accepted; two steps
	// ahead is not.
	f.clock.Advance(30 * time.Second)
	if _, err := f.db.Login(f.ctx, f.staff.Email, "correct horse battery", f.code(e.Secret, f.clock.Now().Add(60*time.Second)), time.Hour); casework.ErrorCode(err) != casework.CodeTOTPInvalid {
		t.Fatalf("a code two steps ahead: %v", err)
	}
	if _, err := f.db.Login(f.ctx, f.staff.Email, "correct horse battery", f.code(e.Secret, f.clock.Now().Add(30*time.Second)), time.Hour); err != nil {
		t.Fatalf("a code one step ahead: %v", err)
	}
	// Having used the step ahead, the current step's code is now too old.
	if _, err := f.db.Login(f.ctx, f.staff.Email, "correct horse battery", f.code(e.Secret, f.clock.Now()), time.Hour); casework.ErrorCode(err) != casework.CodeTOTPInvalid {
		t.Fatalf("a code older than the last one used: %v", err)
	}
	// Malformed codes are simply wrong.
	for _, c := range []string{"12345", "1234567", "abcdef", "12 34 5x", "\x00\x00\x00\x00\x00\x00"} {
		if _, err := f.db.Login(f.ctx, f.staff.Email, "correct horse battery", c, time.Hour); casework.ErrorCode(err) != casework.CodeTOTPInvalid {
			t.Errorf("code %q: %v", c, err)
		}
	}
}

// TestTOTPPendingSignIns: the password alone gives no session when a second step follows; the key
// of a set-up during sign-in is only the pending sign-in's until its first code; a pending sign-in
// that asks for a code carries no key.
func TestTOTPPendingSignIns(t *testing.T) {
	f := newFx(t, local(2026, 3, 3, 10, 0))
	admin, err := f.db.CreateUser(f.ctx, casework.NewUser{Email: "beheer@meldpunt.example.nl", Name: "Beheerder",
		Role: casework.RoleAdmin, Password: "een lang en geheim wachtwoord"})
	f.must(err)
	f.must(f.db.SetTwoFactorRules(f.ctx, admin, postgres.TwoFactorRules{Staff: true}))
	s, err := f.db.SignIn(f.ctx, f.staff.Email, "correct horse battery", time.Hour)
	f.must(err)
	if s.Token != "" || s.Pending == nil || s.Pending.Step != "enrol" || s.Pending.Enrolment == nil {
		t.Fatalf("sign-in %+v", s)
	}
	if n := count(f, `SELECT count(*) FROM totp_keys`); n != 0 {
		t.Fatalf("%d keys before the first code", n)
	}
	if n := count(f, `SELECT count(*) FROM web_sessions`); n != 0 {
		t.Fatalf("%d sessions before the second step", n)
	}
	ws, err := f.db.FinishSignIn(f.ctx, s.Pending.Token, f.code(s.Pending.Enrolment.Secret, f.clock.Now()), time.Hour)
	f.must(err)
	if ws.Token == "" || ws.User.ID != f.staff.ID {
		t.Fatalf("session %+v", ws)
	}
	f.clock.Advance(30 * time.Second)
	s, err = f.db.SignIn(f.ctx, f.staff.Email, "correct horse battery", time.Hour)
	f.must(err)
	if s.Pending == nil || s.Pending.Step != "code" || s.Pending.Enrolment != nil {
		t.Fatalf("second sign-in %+v", s.Pending)
	}
	// Expired pending sign-ins of the user go at the next sign-in.
	f.clock.Advance(time.Hour)
	_, err = f.db.SignIn(f.ctx, f.staff.Email, "correct horse battery", time.Hour)
	f.must(err)
	if n := count(f, `SELECT count(*) FROM pending_sign_ins`); n != 1 {
		t.Fatalf("%d pending sign-ins kept, want the new one", n)
	}
	// The admin, not required, signs in with the password alone.
	if s, err := f.db.SignIn(f.ctx, admin.Email, "een lang en geheim wachtwoord", time.Hour); err != nil || s.Pending != nil || s.Token == "" {
		t.Fatalf("admin sign-in %+v %v", s, err)
	}
}

// TestTOTPKeysSealed: with MELDPUNT_TOTP_KEY the keys are stored encrypted, in totp_keys and in a
// pending set-up; a key stored before the key was configured is still read; with another key the
// stored keys cannot be read, and signing in fails rather than letting anyone through.
func TestTOTPKeysSealed(t *testing.T) {
	f := newFx(t, local(2026, 3, 3, 10, 0))
	// Set up without a key: stored as it is.
	e, err := f.db.StartTOTP(f.ctx, f.staff)
	f.must(err)
	var stored string
	f.must(f.sql.GetContext(f.ctx, &stored, `SELECT secret FROM totp_keys WHERE user_id = $1`, f.staff.ID))
	if stored != e.Secret {
		t.Fatalf("without a key: stored %q", stored)
	}
	sealer, err := secret.NewSealer([]byte(strings.Repeat("s", 32)))
	f.must(err)
	f.db.SetSealer(sealer)
	// The earlier key is still read and confirmed.
	f.must(f.db.ConfirmTOTP(f.ctx, f.staff, f.code(e.Secret, f.clock.Now())))
	// A new set-up is sealed.
	admin, err := f.db.CreateUser(f.ctx, casework.NewUser{Email: "beheer@meldpunt.example.nl", Name: "Beheerder",
		Role: casework.RoleAdmin, Password: "een lang en geheim wachtwoord"})
	f.must(err)
	ae, err := f.db.StartTOTP(f.ctx, admin)
	f.must(err)
	f.must(f.sql.GetContext(f.ctx, &stored, `SELECT secret FROM totp_keys WHERE user_id = $1`, admin.ID))
	if !strings.HasPrefix(stored, "v1:") || strings.Contains(stored, ae.Secret) {
		t.Fatalf("with a key: stored %q", stored)
	}
	if again, err := f.db.PendingTOTP(f.ctx, admin); err != nil || again.Secret != ae.Secret {
		t.Fatalf("read back %q %v", again.Secret, err)
	}
	f.must(f.db.ConfirmTOTP(f.ctx, admin, f.code(ae.Secret, f.clock.Now())))
	f.clock.Advance(30 * time.Second)
	if _, err := f.db.Login(f.ctx, admin.Email, "een lang en geheim wachtwoord", f.code(ae.Secret, f.clock.Now()), time.Hour); err != nil {
		t.Fatalf("sign-in with a sealed key: %v", err)
	}
	// A pending set-up during sign-in is sealed too.
	f.must(f.db.SetTwoFactorRules(f.ctx, admin, postgres.TwoFactorRules{Staff: true}))
	other, err := f.db.CreateUser(f.ctx, casework.NewUser{Email: "bram@meldpunt.example.nl", Name: "Bram Jansen",
		Role: casework.RoleStaff, Password: "fietsbel onder de brug"})
	f.must(err)
	s, err := f.db.SignIn(f.ctx, other.Email, "fietsbel onder de brug", time.Hour)
	f.must(err)
	f.must(f.sql.GetContext(f.ctx, &stored, `SELECT secret FROM pending_sign_ins WHERE user_id = $1`, other.ID))
	if !strings.HasPrefix(stored, "v1:") || strings.Contains(stored, s.Pending.Enrolment.Secret) {
		t.Fatalf("pending set-up stored %q", stored)
	}
	// Another key: the sealed keys cannot be read and nobody signs in with them.
	wrong, err := secret.NewSealer([]byte(strings.Repeat("w", 32)))
	f.must(err)
	f.db.SetSealer(wrong)
	f.clock.Advance(30 * time.Second)
	_, err = f.db.Login(f.ctx, admin.Email, "een lang en geheim wachtwoord", f.code(ae.Secret, f.clock.Now()), time.Hour)
	if err == nil || casework.ErrorCode(err) != casework.CodeInternal || !errors.Is(err, secret.ErrNoKey) {
		t.Fatalf("sign-in with another key: %v", err)
	}
}

func count(f *fx, query string) int {
	f.t.Helper()
	var n int
	f.must(f.sql.GetContext(f.ctx, &n, query))
	return n
}
