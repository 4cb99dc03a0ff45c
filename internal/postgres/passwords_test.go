package postgres_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"meldpunt/internal/casework"
)

// fieldsOf returns the fields of a validation error, or fails the test.
func fieldsOf(t *testing.T, err error) []string {
	t.Helper()
	e, ok := err.(*casework.Error)
	if !ok || e.Code != casework.CodeValidation {
		t.Fatalf("want a validation error, got %v", err)
	}
	var fields []string
	for _, fe := range e.Fields {
		fields = append(fields, fe.Field+": "+fe.Message)
	}
	return fields
}

func TestCreateUserRefusesGuessablePasswords(t *testing.T) {
	f := newFx(t, local(2026, 3, 3, 10, 0))
	for _, pw := range []string{"123456789012", "aaaaaaaaaaaa", "wachtwoord123", "bram@meldpunt.example.nl", "BramJansen2026", "kort"} {
		_, err := f.db.CreateUser(f.ctx, casework.NewUser{Email: "bram@meldpunt.example.nl", Name: "Bram Jansen",
			Role: casework.RoleStaff, Password: pw})
		fields := fieldsOf(t, err)
		if len(fields) != 1 || fields[0][:9] != "password:" {
			t.Errorf("%q: fields %v, want one error on password", pw, fields)
		}
	}
	if _, err := f.db.CreateUser(f.ctx, casework.NewUser{Email: "bram@meldpunt.example.nl", Name: "Bram Jansen",
		Role: casework.RoleStaff, Password: "fietsbel onder de brug"}); err != nil {
		t.Fatalf("a good password was refused: %v", err)
	}
}

func TestSetUserActiveEndsSessionsAndTokens(t *testing.T) {
	f := newFx(t, local(2026, 3, 3, 10, 0))
	admin, err := f.db.CreateUser(f.ctx, casework.NewUser{Email: "beheer@meldpunt.example.nl", Name: "Beheerder",
		Role: casework.RoleAdmin, Password: "een lang en geheim wachtwoord"})
	f.must(err)
	api, err := f.db.Login(f.ctx, f.staff.Email, "correct horse battery", "", time.Hour)
	f.must(err)
	web, err := f.db.SignIn(f.ctx, f.staff.Email, "correct horse battery", time.Hour)
	f.must(err)

	if _, err := f.db.SetUserActive(f.ctx, admin, admin.ID, false); casework.ErrorCode(err) != casework.CodeValidation {
		t.Fatalf("an admin switched their own account off: %v", err)
	}
	if _, err := f.db.SetUserActive(f.ctx, admin, 999999, false); casework.ErrorCode(err) != casework.CodeNotFound {
		t.Fatalf("unknown user: %v", err)
	}
	a, err := f.db.SetUserActive(f.ctx, admin, f.staff.ID, false)
	f.must(err)
	if a.Active || a.ID != f.staff.ID {
		t.Fatalf("switched off: %+v", a)
	}
	if _, err := f.db.UserByToken(f.ctx, api.Token); casework.ErrorCode(err) != casework.CodeUnauthenticated {
		t.Errorf("the token still works: %v", err)
	}
	if _, err := f.db.UserBySession(f.ctx, web.Token, time.Hour); casework.ErrorCode(err) != casework.CodeUnauthenticated {
		t.Errorf("the session still works: %v", err)
	}
	if _, err := f.db.Login(f.ctx, f.staff.Email, "correct horse battery", "", time.Hour); casework.ErrorCode(err) != casework.CodeUnauthenticated {
		t.Errorf("a switched-off user signed in: %v", err)
	}
	list, err := f.db.Accounts(f.ctx)
	f.must(err)
	i := slices.IndexFunc(list, func(a casework.Account) bool { return a.ID == f.staff.ID })
	if i < 0 || list[i].Active {
		t.Errorf("the account list does not show the switched-off user as off: %+v", list)
	}
	// Switched on again: the old token stays ended, a new sign-in works.
	a, err = f.db.SetUserActive(f.ctx, admin, f.staff.ID, true)
	f.must(err)
	if !a.Active {
		t.Fatal("not switched on")
	}
	if _, err := f.db.UserByToken(f.ctx, api.Token); err == nil {
		t.Error("an ended token came back")
	}
	if _, err := f.db.Login(f.ctx, f.staff.Email, "correct horse battery", "", time.Hour); err != nil {
		t.Errorf("sign-in after switching on: %v", err)
	}

	// A sign-in that raced a switch-off: it checked the account while it was on and stored its
	// session and token after the switch-off had ended the others (here: switched off without
	// ending them, the state that race leaves). Switching the user on again does not revive them.
	raceAPI, err := f.db.Login(f.ctx, f.staff.Email, "correct horse battery", "", time.Hour)
	f.must(err)
	raceWeb, err := f.db.SignIn(f.ctx, f.staff.Email, "correct horse battery", time.Hour)
	f.must(err)
	if _, err := f.sql.ExecContext(f.ctx, `UPDATE users SET disabled_at = now() WHERE id = $1`, f.staff.ID); err != nil {
		t.Fatal(err)
	}
	_, err = f.db.SetUserActive(f.ctx, admin, f.staff.ID, true)
	f.must(err)
	if _, err := f.db.UserByToken(f.ctx, raceAPI.Token); err == nil {
		t.Error("a token stored during the switch-off works after switching on")
	}
	if _, err := f.db.UserBySession(f.ctx, raceWeb.Token, time.Hour); err == nil {
		t.Error("a session stored during the switch-off works after switching on")
	}
	// Switching on a user who is on already ends nothing.
	still, err := f.db.Login(f.ctx, f.staff.Email, "correct horse battery", "", time.Hour)
	f.must(err)
	_, err = f.db.SetUserActive(f.ctx, admin, f.staff.ID, true)
	f.must(err)
	if _, err := f.db.UserByToken(f.ctx, still.Token); err != nil {
		t.Errorf("switching on an active user ended their token: %v", err)
	}
}

func TestChangePasswordKeepsOnlyTheCallersSession(t *testing.T) {
	f := newFx(t, local(2026, 3, 3, 10, 0))
	mine, err := f.db.Login(f.ctx, f.staff.Email, "correct horse battery", "", time.Hour)
	f.must(err)
	other, err := f.db.Login(f.ctx, f.staff.Email, "correct horse battery", "", time.Hour)
	f.must(err)
	page, err := f.db.SignIn(f.ctx, f.staff.Email, "correct horse battery", time.Hour)
	f.must(err)

	err = f.db.ChangePassword(f.ctx, f.staff, "wrong current", "fietsbel onder de brug", mine.Token)
	if fields := fieldsOf(t, err); len(fields) != 1 || fields[0] != "current_password: is not correct" {
		t.Fatalf("wrong current password: %v", fields)
	}
	err = f.db.ChangePassword(f.ctx, f.staff, "correct horse battery", "annadevries2026", mine.Token)
	if fields := fieldsOf(t, err); len(fields) != 1 || fields[0][:13] != "new_password:" {
		t.Fatalf("a password made of the user's name: %v", fields)
	}
	if _, err := f.db.UserByToken(f.ctx, other.Token); err != nil {
		t.Fatal("a refused change ended a token")
	}
	f.must(f.db.ChangePassword(f.ctx, f.staff, "correct horse battery", "fietsbel onder de brug", mine.Token))
	if _, err := f.db.UserByToken(f.ctx, mine.Token); err != nil {
		t.Errorf("the caller's token ended: %v", err)
	}
	if _, err := f.db.UserByToken(f.ctx, other.Token); err == nil {
		t.Error("another token survived the change")
	}
	if _, err := f.db.UserBySession(f.ctx, page.Token, time.Hour); err == nil {
		t.Error("a web session survived the change")
	}
	if _, err := f.db.Login(f.ctx, f.staff.Email, "correct horse battery", "", time.Hour); err == nil {
		t.Error("the old password still works")
	}
	if _, err := f.db.Login(f.ctx, f.staff.Email, "fietsbel onder de brug", "", time.Hour); err != nil {
		t.Errorf("the new password does not work: %v", err)
	}
}

func TestPasswordResetLinkIsOneTimeAndExpires(t *testing.T) {
	f := newFx(t, local(2026, 3, 3, 10, 0))
	admin, err := f.db.CreateUser(f.ctx, casework.NewUser{Email: "beheer@meldpunt.example.nl", Name: "Beheerder",
		Role: casework.RoleAdmin, Password: "een lang en geheim wachtwoord"})
	f.must(err)
	session, err := f.db.Login(f.ctx, f.staff.Email, "correct horse battery", "", time.Hour)
	f.must(err)
	if _, err := f.db.CreatePasswordReset(f.ctx, admin, 999999, 24*time.Hour); casework.ErrorCode(err) != casework.CodeNotFound {
		t.Fatalf("link for an unknown user: %v", err)
	}
	first, err := f.db.CreatePasswordReset(f.ctx, admin, f.staff.ID, 24*time.Hour)
	f.must(err)
	var stored int
	f.must(f.sql.GetContext(f.ctx, &stored, `SELECT count(*) FROM password_resets WHERE token_hash = convert_to($1, 'UTF8')`, first.Token))
	if stored != 0 {
		t.Fatal("the link's token is stored as it is")
	}
	r, err := f.db.CreatePasswordReset(f.ctx, admin, f.staff.ID, 24*time.Hour)
	f.must(err)
	if _, err := f.db.PasswordResetUser(f.ctx, first.Token); casework.ErrorCode(err) != casework.CodeConflict {
		t.Errorf("a replaced link still works: %v", err)
	}
	if u, err := f.db.PasswordResetUser(f.ctx, r.Token); err != nil || u.ID != f.staff.ID {
		t.Fatalf("link user: %v %v", u, err)
	}
	if _, err := f.db.PasswordResetUser(f.ctx, "not-a-link"); casework.ErrorCode(err) != casework.CodeNotFound {
		t.Errorf("unknown link: %v", err)
	}
	// A weak password is refused and leaves the link usable.
	if _, err := f.db.ResetPassword(f.ctx, r.Token, "aaaaaaaaaaaa"); casework.ErrorCode(err) != casework.CodeValidation {
		t.Fatalf("weak password: %v", err)
	}
	if _, err := f.db.UserByToken(f.ctx, session.Token); err != nil {
		t.Fatal("a refused reset ended the session")
	}
	u, err := f.db.ResetPassword(f.ctx, r.Token, "fietsbel onder de brug")
	f.must(err)
	if u.ID != f.staff.ID {
		t.Errorf("reset the password of %+v", u)
	}
	if _, err := f.db.UserByToken(f.ctx, session.Token); err == nil {
		t.Error("the user's token survived the reset")
	}
	if _, err := f.db.Login(f.ctx, f.staff.Email, "fietsbel onder de brug", "", time.Hour); err != nil {
		t.Errorf("the new password does not work: %v", err)
	}
	if _, err := f.db.ResetPassword(f.ctx, r.Token, "nog een ander lang wachtwoord"); casework.ErrorCode(err) != casework.CodeConflict {
		t.Errorf("a used link worked again: %v", err)
	}
	// A link expires after its time.
	late, err := f.db.CreatePasswordReset(f.ctx, admin, f.staff.ID, 24*time.Hour)
	f.must(err)
	f.clock.Advance(24 * time.Hour)
	if _, err := f.db.ResetPassword(f.ctx, late.Token, "nog een ander lang wachtwoord"); casework.ErrorCode(err) != casework.CodeConflict ||
		!strings.Contains(casework.ErrorMessage(err), "expired") {
		t.Errorf("an expired link: %v", err)
	}
}
