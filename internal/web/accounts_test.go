package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestAPIAdminSwitchesAUserOffAndOn(t *testing.T) {
	h := newHarness(t)
	id := h.w.users[council].ID
	path := fmt.Sprintf("/api/v1/users/%d", id)
	// Refusals: another field, no field, an unknown user, the admin's own account.
	p := h.call("PATCH", path, admin, map[string]any{"active": false, "role": "admin"}).problem(t, http.StatusUnprocessableEntity, "validation_failed")
	wantFields(t, p, "role")
	p = h.call("PATCH", path, admin, map[string]any{}).problem(t, http.StatusUnprocessableEntity, "validation_failed")
	wantFields(t, p, "active")
	h.call("PATCH", "/api/v1/users/999999", admin, map[string]any{"active": false}).problem(t, http.StatusNotFound, "not_found")
	p = h.call("PATCH", fmt.Sprintf("/api/v1/users/%d", h.w.users[admin].ID), admin, map[string]any{"active": false}).
		problem(t, http.StatusUnprocessableEntity, "validation_failed")
	wantFields(t, p, "active")
	h.call("PATCH", path, staff, map[string]any{"active": false}).problem(t, http.StatusForbidden, "forbidden")
	h.call("GET", "/api/v1/me", council, nil).want(t, http.StatusOK)

	// Off: the council's token and page session end at once, and sign-in is refused.
	var a struct {
		ID     int64 `json:"id"`
		Active bool  `json:"active"`
	}
	h.call("PATCH", path, admin, map[string]any{"active": false}).ok(t, http.StatusOK, &a)
	if a.ID != id || a.Active {
		t.Fatalf("after switching off: %+v", a)
	}
	h.call("GET", "/api/v1/me", council, nil).problem(t, http.StatusUnauthorized, "unauthenticated")
	if pg := h.pageAs("GET", "/raad", council, nil); pg.status != http.StatusSeeOther {
		t.Errorf("the council's page session still works: %d", pg.status)
	}
	login := map[string]string{"email": "griffie@gemeente.example", "password": h.w.passwords[council]}
	h.call("POST", "/api/v1/auth/login", anon, login).problem(t, http.StatusUnauthorized, "unauthenticated")
	var list struct {
		Users []struct {
			ID     int64 `json:"id"`
			Active bool  `json:"active"`
		} `json:"users"`
	}
	h.call("GET", "/api/v1/users", admin, nil).ok(t, http.StatusOK, &list)
	found := false
	for _, u := range list.Users {
		if u.ID == id {
			found = !u.Active
		}
	}
	if !found {
		t.Error("the user list does not show the switched-off account as off")
	}
	// On again: sign-in works.
	h.call("PATCH", path, admin, map[string]any{"active": true}).ok(t, http.StatusOK, &a)
	if !a.Active {
		t.Fatal("not switched on")
	}
	h.call("POST", "/api/v1/auth/login", anon, login).want(t, http.StatusOK)
}

func TestAPIChangeOwnPassword(t *testing.T) {
	h := newHarness(t)
	old := h.w.passwords[supporter]
	// A second token of the same user, which the change must end.
	var other struct {
		Token string `json:"token"`
	}
	h.call("POST", "/api/v1/auth/login", anon, map[string]string{"email": "ondersteuner@mee.example", "password": old}).ok(t, http.StatusOK, &other)

	p := h.call("PUT", "/api/v1/me/password", supporter, map[string]string{"current_password": "not it", "new_password": "fietsbel onder de brug"}).
		problem(t, http.StatusUnprocessableEntity, "validation_failed")
	wantFields(t, p, "current_password")
	if strings.Contains(p.Detail, "new") || len(p.Errors) != 1 || p.Errors[0].Message != "is not correct" {
		t.Errorf("a wrong current password says more than that: %+v", p)
	}
	for _, weak := range []string{"123456789012", "aaaaaaaaaaaa", "wachtwoord123", "ondersteuner@mee.example", "kort"} {
		p := h.call("PUT", "/api/v1/me/password", supporter, map[string]string{"current_password": old, "new_password": weak}).
			problem(t, http.StatusUnprocessableEntity, "validation_failed")
		wantFields(t, p, "new_password")
	}
	h.send(request{method: "GET", path: "/api/v1/me", token: other.Token}).want(t, http.StatusOK)

	var done map[string]bool
	h.call("PUT", "/api/v1/me/password", supporter, map[string]string{"current_password": old, "new_password": "fietsbel onder de brug"}).
		ok(t, http.StatusOK, &done)
	if !done["other_sessions_ended"] || !done["this_token_kept"] {
		t.Errorf("answer %v", done)
	}
	h.call("GET", "/api/v1/me", supporter, nil).want(t, http.StatusOK)
	h.send(request{method: "GET", path: "/api/v1/me", token: other.Token}).problem(t, http.StatusUnauthorized, "unauthenticated")
	h.call("POST", "/api/v1/auth/login", anon, map[string]string{"email": "ondersteuner@mee.example", "password": old}).
		problem(t, http.StatusUnauthorized, "unauthenticated")
	h.call("POST", "/api/v1/auth/login", anon, map[string]string{"email": "ondersteuner@mee.example", "password": "fietsbel onder de brug"}).
		want(t, http.StatusOK)
}

func TestAPICreateUserRefusesGuessablePasswords(t *testing.T) {
	h := newHarness(t)
	for _, pw := range []string{"123456789012", "aaaaaaaaaaaa", "wachtwoord123", "nieuw@meldpunt.example"} {
		p := h.call("POST", "/api/v1/users", admin, map[string]any{"email": "nieuw@meldpunt.example", "name": "Nieuwe Collega",
			"role": "staff", "password": pw}).problem(t, http.StatusUnprocessableEntity, "validation_failed")
		wantFields(t, p, "password")
	}
	h.call("POST", "/api/v1/users", admin, map[string]any{"email": "nieuw@meldpunt.example", "name": "Nieuwe Collega",
		"role": "staff", "password": "fietsbel onder de brug"}).want(t, http.StatusCreated)
}

func TestAPIPasswordResetLink(t *testing.T) {
	h := newHarness(t)
	id := h.w.users[orgA].ID
	var link struct {
		Path, URL string
	}
	h.call("POST", fmt.Sprintf("/api/v1/users/%d/password-reset", id), admin, nil).ok(t, http.StatusCreated, &link)
	u, err := url.Parse(link.Path)
	if err != nil || u.Path != "/wachtwoord-herstellen" || u.Query().Get("code") == "" || !strings.HasSuffix(link.URL, link.Path) {
		t.Fatalf("link %+v", link)
	}
	code := u.Query().Get("code")
	if n := h.count(`SELECT count(*) FROM password_resets WHERE user_id = $1 AND expires_at = $2`, id, h.clock.Now().Add(24*time.Hour)); n != 1 {
		t.Errorf("%d links valid for 24 hours", n)
	}
	reset := func(code, pw string) *response {
		return h.call("POST", "/api/v1/auth/password-reset", anon, map[string]string{"code": code, "new_password": pw})
	}
	reset("nope", "fietsbel onder de brug").problem(t, http.StatusNotFound, "not_found")
	p := reset(code, "aaaaaaaaaaaa").problem(t, http.StatusUnprocessableEntity, "validation_failed")
	wantFields(t, p, "new_password")
	h.call("GET", "/api/v1/me", orgA, nil).want(t, http.StatusOK)
	reset(code, "fietsbel onder de brug").want(t, http.StatusNoContent)
	h.call("GET", "/api/v1/me", orgA, nil).problem(t, http.StatusUnauthorized, "unauthenticated")
	h.call("POST", "/api/v1/auth/login", anon, map[string]string{"email": "directie@anker.example", "password": "fietsbel onder de brug"}).
		want(t, http.StatusOK)
	p = reset(code, "nog een ander lang wachtwoord").problem(t, http.StatusConflict, "conflict")
	if !strings.Contains(p.Detail, "used") {
		t.Errorf("a used link: %q", p.Detail)
	}
	// An expired link is refused as expired.
	h.call("POST", fmt.Sprintf("/api/v1/users/%d/password-reset", id), admin, nil).ok(t, http.StatusCreated, &link)
	u, _ = url.Parse(link.Path)
	h.clock.Advance(24*time.Hour + time.Nanosecond)
	p = reset(u.Query().Get("code"), "nog een ander lang wachtwoord").problem(t, http.StatusConflict, "conflict")
	if !strings.Contains(p.Detail, "expired") {
		t.Errorf("an expired link: %q", p.Detail)
	}
}
