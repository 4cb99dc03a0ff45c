package main

import (
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"meldpunt/internal/casework"
	"meldpunt/internal/pgtest"
)

// TestServeRefusesUnreadableTwoStepKeys: keys sealed under one MELDPUNT_TOTP_KEY cannot be read
// under another (or none), which would lock their users out with an error at every sign-in; serve
// refuses to start and names the way out, `user two-step-off --unreadable` switches those off (and
// only those), and serve starts again. `--email` switches one user off, the way back for an admin
// who lost their phone.
func TestServeRefusesUnreadableTwoStepKeys(t *testing.T) {
	t.Setenv("DATABASE_URL", pgtest.NewURL(t))
	t.Setenv("MELDPUNT_ADDR", "127.0.0.1:0")
	t.Setenv("MELDPUNT_TOTP_KEY", strings.Repeat("ab", 32))
	for _, email := range []string{"anna@meldpunt.example", "bram@meldpunt.example"} {
		if _, _, err := runCmd(t, "fietsbel onder de brug\n", "user", "add", "--email", email, "--name", "Medewerker", "--role", "staff"); err != nil {
			t.Fatalf("user add: %v", err)
		}
	}
	d, err := openForTest(t)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, email := range []string{"anna@meldpunt.example", "bram@meldpunt.example"} {
		u := casework.User{Email: email, Name: "Medewerker", Role: casework.RoleStaff}
		if err := d.store.SQL().Get(&u.ID, `SELECT id FROM users WHERE email = $1`, email); err != nil {
			t.Fatal(err)
		}
		e, err := d.store.StartTOTP(ctx, u)
		if err != nil {
			t.Fatal(err)
		}
		code, err := totp.GenerateCode(e.Secret, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		if err := d.store.ConfirmTOTP(ctx, u, code); err != nil {
			t.Fatalf("confirm: %v", err)
		}
	}
	if out, _, err := runCmd(t, "", "user", "two-step-off", "--unreadable"); err != nil || !strings.Contains(out, "nothing switched off") {
		t.Fatalf("two-step-off --unreadable with the right key: %v\n%s", err, out)
	}
	// Under another key, serve does not start.
	t.Setenv("MELDPUNT_TOTP_KEY", strings.Repeat("cd", 32))
	if _, _, err := runCmd(t, "", "serve"); err == nil || !strings.Contains(err.Error(), "2 stored two-step sign-in keys cannot be opened") ||
		!strings.Contains(err.Error(), "meldpunt user two-step-off --unreadable") {
		t.Fatalf("serve with another key: %v", err)
	}
	// One user is switched off by address; the other by --unreadable.
	if out, _, err := runCmd(t, "", "user", "two-step-off", "--email", "Anna@meldpunt.example"); err != nil ||
		!strings.Contains(out, "switched off: Anna@meldpunt.example") {
		t.Fatalf("two-step-off --email: %v\n%s", err, out)
	}
	if _, _, err := runCmd(t, "", "user", "two-step-off", "--email", "anna@meldpunt.example"); err == nil || !strings.Contains(err.Error(), "not on") {
		t.Fatalf("two-step-off twice: %v", err)
	}
	if out, _, err := runCmd(t, "", "user", "two-step-off", "--unreadable"); err != nil || out != "two-step sign-in switched off: bram@meldpunt.example\n" {
		t.Fatalf("two-step-off --unreadable: %v\n%q", err, out)
	}
	if _, _, err := runCmd(t, "", "user", "two-step-off"); err == nil {
		t.Fatal("two-step-off without --email or --unreadable: no error")
	}
	var events int
	if err := d.store.SQL().Get(&events, `SELECT count(*) FROM account_events WHERE action = 'two_factor_off' AND actor_user_id IS NULL`); err != nil || events != 2 {
		t.Fatalf("%d command-line events recorded (%v), want 2", events, err)
	}
	// Now serve starts.
	sctx, cancel := context.WithCancel(ctx)
	out := &syncBuffer{}
	done := make(chan error, 1)
	go func() { done <- run(sctx, []string{"serve"}, strings.NewReader(""), out, io.Discard) }()
	waitForURL(t, out, done)
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("serve after the keys were switched off: %v", err)
	}
}
