package web_test

import (
	"net/url"
	"testing"
)

// The privacy officer's column of the authorisation matrix. The privacy officer (FG) reads the access
// log and nothing of a case: refused (403) on every route that is not public, except its own
// account's and the access log's, written down here.
var privacyWants = map[string]int{
	// The access log (accessMatrix below).
	"GET /toegangslog":                   200,
	"GET /toegangslog.csv":               200,
	"GET /api/v1/access-log":             200,
	"GET /api/v1/access-log.csv":         200,
	"POST /api/v1/auth/logout":           204,
	"GET /api/v1/me":                     200,
	"PUT /api/v1/me/password":            422,
	"GET /account/wachtwoord":            200,
	"POST /account/wachtwoord":           422,
	"GET /inloggen":                      303,
	"POST /werk/klacht/:reference/reden": 403,
}

// privacyWant is the expected status of the row for the privacy officer: as written in
// privacyWants; else what everyone gets on a public route; else refused.
func (row matrixRow) privacyWant(t *testing.T) int {
	t.Helper()
	if w, ok := privacyWants[row.method+" "+row.route]; ok {
		return w
	}
	if w := row.want; w.anon == w.council && w.anon == w.supporter && w.anon == w.staff {
		return w.anon // public: the same for every caller
	}
	return 403
}

// accessMatrix: the question before a case somebody else handles (staff and admin; the admin does
// not handle the harness's cases, so its reason is written), and the access log (privacy officer
// and admin).
var accessMatrix = []matrixRow{
	{"POST", "/werk/klacht/:reference/reden", outcome{303, 303, 303, 403, 403, 403, 403},
		func(h *harness, _ *matrixShared, _ role) (string, any) {
			return "/werk/klacht/" + h.inTreatment(h.orgA) + "/reden", url.Values{"reason": {"Vraag van de klager aan de telefoon."}}
		}, false},
	{"GET", "/toegangslog", outcome{303, 403, 200, 403, 403, 403, 403}, fixed("/toegangslog?van=2026-03-01&tot=2026-03-31", nil), false},
	{"GET", "/toegangslog.csv", outcome{303, 403, 200, 403, 403, 403, 403}, fixed("/toegangslog.csv?van=2026-03-01", nil), false},
	{"GET", "/api/v1/access-log", outcome{401, 403, 200, 403, 403, 403, 403}, fixed("/api/v1/access-log?from=2026-03-01&page=1", nil), false},
	{"GET", "/api/v1/access-log.csv", outcome{401, 403, 200, 403, 403, 403, 403}, fixed("/api/v1/access-log.csv?to=2026-03-31", nil), false},
}
