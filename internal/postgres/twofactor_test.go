package postgres_test

import (
	"sync"
	"testing"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"meldpunt/internal/casework"
	"meldpunt/internal/postgres"
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
	// The admin, not required, signs in with the password alone.
	if s, err := f.db.SignIn(f.ctx, admin.Email, "een lang en geheim wachtwoord", time.Hour); err != nil || s.Pending != nil || s.Token == "" {
		t.Fatalf("admin sign-in %+v %v", s, err)
	}
}

func count(f *fx, query string) int {
	f.t.Helper()
	var n int
	f.must(f.sql.GetContext(f.ctx, &n, query))
	return n
}
