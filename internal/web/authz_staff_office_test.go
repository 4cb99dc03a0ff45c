package web_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"time"
)

// Outcomes of the office pages: without a session 303 to the sign-in page; another role a 403 page.
var (
	officeStaff = func(s int) outcome { return outcome{303, s, s, 403, 403, 403, 403} }
	officeAdmin = func(s int) outcome { return outcome{303, 403, s, 403, 403, 403, 403} }
)

// staffOfficeMatrix holds the authorisation rows of the office pages (see matrixRows). Posts that
// change something act on a fixture made fresh for each caller (a letter in the print queue, a failed
// letter, a throw-away user), so that a refused caller's post would show in the database; the others
// are sent so that they are refused with 422 and change nothing.
var staffOfficeMatrix = []matrixRow{
	{"GET", "/werk/post", officeStaff(200), fixed("/werk/post", nil), false},
	{"POST", "/werk/post/:id/verstuurd", officeStaff(303),
		func(h *harness, _ *matrixShared, _ role) (string, any) {
			return fmt.Sprintf("/werk/post/%d/verstuurd", h.officePrintLetter()), url.Values{}
		}, false},
	{"GET", "/werk/brief/:id", officeStaff(200),
		func(_ *harness, s *matrixShared, _ role) (string, any) {
			return fmt.Sprintf("/werk/brief/%d", s.orgLetter), nil
		}, false},
	{"POST", "/werk/brief/:id/opnieuw", officeStaff(303),
		func(h *harness, _ *matrixShared, _ role) (string, any) {
			return fmt.Sprintf("/werk/brief/%d/opnieuw", h.officeFailedLetter()), url.Values{}
		}, false},

	{"GET", "/werk/organisaties", officeStaff(200), fixed("/werk/organisaties", nil), false},
	{"POST", "/werk/organisaties", officeAdmin(303),
		func(_ *harness, _ *matrixShared, as role) (string, any) {
			return "/werk/organisaties", url.Values{"name": {"Woningcorporatie pagina " + string(as)}, "kind": {"housing"}}
		}, false},
	{"GET", "/werk/gebruikers", officeAdmin(200), fixed("/werk/gebruikers", nil), false},
	// A password that is too short: the admin gets 422 without a bcrypt hash being made.
	{"POST", "/werk/gebruikers", officeAdmin(422), fixed("/werk/gebruikers",
		url.Values{"email": {"nieuw@meldpunt.example"}, "name": {"Nieuw"}, "role": {"staff"}, "password": {"kort"}}), false},
	{"POST", "/werk/gebruikers/:id/afmelden", officeAdmin(303),
		func(h *harness, _ *matrixShared, as role) (string, any) {
			return fmt.Sprintf("/werk/gebruikers/%d/afmelden", h.officeThrowAwayUser("pagina-"+string(as))), url.Values{}
		}, false},
	{"POST", "/werk/gebruikers/:id/actief", officeAdmin(303),
		func(h *harness, _ *matrixShared, as role) (string, any) {
			return fmt.Sprintf("/werk/gebruikers/%d/actief", h.officeThrowAwayUser("uit-"+string(as))), url.Values{"active": {"false"}}
		}, false},
	{"POST", "/werk/gebruikers/:id/herstellink", officeAdmin(200),
		func(h *harness, _ *matrixShared, as role) (string, any) {
			return fmt.Sprintf("/werk/gebruikers/%d/herstellink", h.officeThrowAwayUser("link-"+string(as))), url.Values{}
		}, false},
	// One's own password, for every signed-in role: an empty form is refused (422) and changes nothing.
	{"GET", "/account/wachtwoord", outcome{303, 200, 200, 200, 200, 200, 200}, fixed("/account/wachtwoord", nil), false},
	{"POST", "/account/wachtwoord", outcome{303, 422, 422, 422, 422, 422, 422}, fixed("/account/wachtwoord", url.Values{}), false},
	// A one-time link's page is public; an unknown code is a 404 page.
	{"GET", "/wachtwoord-herstellen", everyone(404), fixed("/wachtwoord-herstellen?code=onbekend", nil), false},
	{"POST", "/wachtwoord-herstellen", everyone(404), fixed("/wachtwoord-herstellen", url.Values{"code": {"onbekend"}, "new_password": {"fietsbel onder de brug"}}), false},

	{"GET", "/werk/aanbevelingen", officeStaff(200), fixed("/werk/aanbevelingen?year=2026&status=open", nil), false},
	{"POST", "/werk/aanbevelingen/:id", officeStaff(303),
		func(_ *harness, s *matrixShared, _ role) (string, any) {
			return fmt.Sprintf("/werk/aanbevelingen/%d", s.recommendation),
				url.Values{"status": {"partly_adopted"}, "note": {"Deels opgenomen in het beleidsplan."}}
		}, false},

	{"GET", "/werk/jaarverslag", officeStaff(303), fixed("/werk/jaarverslag", nil), false},
	{"GET", "/werk/jaarverslag/:year", officeStaff(200), fixed("/werk/jaarverslag/2025", nil), false},
	{"POST", "/werk/jaarverslag/:year/maken", officeStaff(303), fixed("/werk/jaarverslag/2025/maken", url.Values{}), false},
	{"POST", "/werk/jaarverslag/:year/slottekst", officeStaff(303), fixed("/werk/jaarverslag/2025/slottekst",
		url.Values{"closing_nl": {"Het meldpunt sluit af met een oproep aan de raad."}, "closing_en": {""}}), false},
	// Without the box ticked: allowed callers are asked to confirm (422) and nothing changes.
	{"POST", "/werk/jaarverslag/:year/definitief", officeStaff(422), fixed("/werk/jaarverslag/2025/definitief", url.Values{}), false},
	{"GET", "/werk/jaarverslag/versie/:id", officeStaff(200),
		func(_ *harness, s *matrixShared, _ role) (string, any) {
			return fmt.Sprintf("/werk/jaarverslag/versie/%d", s.reportVersion), nil
		}, false},
}

// officePrintLetter files a complaint and has its acknowledgement queued for print; it returns the
// letter's id.
func (h *harness) officePrintLetter() int64 {
	h.t.Helper()
	ref := h.file(h.orgA).Reference
	h.deliverAll()
	return h.notice(ref, "acknowledgement", 0)
}

// officeFailedLetter files a complaint whose acknowledgement the dispatcher gave up on; it returns the
// letter's id.
func (h *harness) officeFailedLetter() int64 {
	h.t.Helper()
	ref := h.file(h.orgA).Reference
	id := h.notice(ref, "acknowledgement", 0)
	claimed, err := h.store.ClaimNotices(context.Background(), 1000, time.Minute)
	if err != nil {
		h.t.Fatal(err)
	}
	for _, d := range claimed {
		if d.ID == id {
			if err := h.store.Failed(context.Background(), d, "SMTP 550 mailbox unavailable"); err != nil {
				h.t.Fatal(err)
			}
		} else if err := h.store.Release(context.Background(), d); err != nil {
			h.t.Fatal(err)
		}
	}
	if n := h.count(`SELECT count(*) FROM notices WHERE id = $1 AND status = 'failed'`, id); n != 1 {
		h.t.Fatalf("letter %d did not fail", id)
	}
	return id
}

// officeThrowAwayUser makes a staff account (without a usable password) and returns its id.
func (h *harness) officeThrowAwayUser(name string) int64 {
	h.t.Helper()
	var id int64
	if err := h.db.Get(&id, `INSERT INTO users (email, name, role, password_hash, created_at)
		VALUES ($1, 'Wegwerp', 'staff', 'x', $2) RETURNING id`, "wegwerp-"+strings.ReplaceAll(name, " ", "")+"@meldpunt.example",
		h.clock.Now()); err != nil {
		h.t.Fatal(err)
	}
	return id
}
