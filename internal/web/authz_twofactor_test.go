package web_test

import (
	"fmt"
	"net/url"
	"strings"
)

// twoFactorMatrix holds the authorisation rows of two-step sign-in (see matrixRows): one's own
// set-up for staff and admin only, the requirement and switching it off for another user for the
// admin only. The second step of signing in needs a pending sign-in, which no caller of the matrix
// has: every caller is sent back to the password page.
var twoFactorMatrix = []matrixRow{
	{"GET", "/api/v1/me/totp", staffOnly(200), fixed("/api/v1/me/totp", nil), false},
	{"POST", "/api/v1/me/totp", staffOnly(201), fixed("/api/v1/me/totp", nil), false},
	// An empty code and an empty password are refused before anything is checked or changed.
	{"POST", "/api/v1/me/totp/confirm", staffOnly(422), fixed("/api/v1/me/totp/confirm", map[string]string{"code": ""}), false},
	{"DELETE", "/api/v1/me/totp", staffOnly(422), fixed("/api/v1/me/totp", map[string]string{"current_password": ""}), false},
	{"DELETE", "/api/v1/users/:id/totp", adminOnly(200),
		func(h *harness, _ *matrixShared, as role) (string, any) {
			return fmt.Sprintf("/api/v1/users/%d/totp", h.throwAwayWithTOTP("api-"+string(as))), nil
		}, false},
	{"GET", "/api/v1/settings/two-factor", adminOnly(200), fixed("/api/v1/settings/two-factor", nil), false},
	// The rules as they are (none required): allowed, and nothing changes.
	{"PUT", "/api/v1/settings/two-factor", adminOnly(200), fixed("/api/v1/settings/two-factor",
		map[string]bool{"staff": false, "admin": false}), false},

	{"GET", "/account/tweestapsverificatie", officeStaff(200), fixed("/account/tweestapsverificatie", nil), false},
	{"POST", "/account/tweestapsverificatie/starten", officeStaff(303), fixed("/account/tweestapsverificatie/starten", url.Values{}), false},
	{"POST", "/account/tweestapsverificatie/bevestigen", officeStaff(422), fixed("/account/tweestapsverificatie/bevestigen", url.Values{}), false},
	{"POST", "/account/tweestapsverificatie/uitzetten", officeStaff(422), fixed("/account/tweestapsverificatie/uitzetten", url.Values{}), false},
	// The QR code of a key being set up: staff and admin start one first.
	{"GET", "/account/tweestapsverificatie/qr.png", officeStaff(200),
		func(h *harness, _ *matrixShared, as role) (string, any) {
			if as == staff || as == admin {
				if _, err := h.store.StartTOTP(h.t.Context(), h.w.users[as]); err != nil {
					h.t.Fatal(err)
				}
			}
			return "/account/tweestapsverificatie/qr.png", nil
		}, false},
	{"GET", "/inloggen/code", everyone(303), fixed("/inloggen/code", nil), false},
	{"POST", "/inloggen/code", everyone(303), fixed("/inloggen/code", url.Values{"code": {"123456"}}), false},
	{"GET", "/inloggen/code/qr.png", everyone(303), fixed("/inloggen/code/qr.png", nil), false},
	{"POST", "/werk/gebruikers/:id/tweestap-uit", officeAdmin(303),
		func(h *harness, _ *matrixShared, as role) (string, any) {
			return fmt.Sprintf("/werk/gebruikers/%d/tweestap-uit", h.throwAwayWithTOTP("pagina-"+string(as))), url.Values{}
		}, false},
	{"POST", "/werk/tweestapsverificatie", officeAdmin(303), fixed("/werk/tweestapsverificatie", url.Values{}), false},
}

// throwAwayWithTOTP makes a throw-away staff account with two-step sign-in on.
func (h *harness) throwAwayWithTOTP(name string) int64 {
	h.t.Helper()
	id := h.officeThrowAwayUser("tf-" + strings.ReplaceAll(name, " ", ""))
	if _, err := h.db.Exec(`INSERT INTO totp_keys (user_id, secret, created_at, confirmed_at) VALUES ($1, $2, $3, $3)`,
		id, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", h.clock.Now()); err != nil {
		h.t.Fatal(err)
	}
	return id
}
