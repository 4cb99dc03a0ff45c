package web_test

import (
	"net/url"
	"testing"
)

// The municipality's column of the authorisation matrix. The outcome struct has a field per
// caller of the older roles; the municipality's policy officer, who sees only the anonymous figures
// of client support, is refused wherever the council is refused, gets what everyone gets on the
// public routes, and is written down here route by route wherever the council is let in (so that
// no route opened to the council is opened to the municipality by default).
var municipalityWants = map[string]int{
	// Its own figures (figuresMatrix below).
	"GET /gemeente":                   200,
	"GET /gemeente/cijfers.csv":       200,
	"GET /gemeente/cijfers.json":      200,
	"GET /api/v1/support-figures":     200,
	"GET /api/v1/support-figures.csv": 200,
	// Its own account, like every signed-in user.
	"POST /api/v1/auth/logout": 204,
	"GET /api/v1/me":           200,
	"PUT /api/v1/me/password":  422,
	"GET /account/wachtwoord":  200,
	"POST /account/wachtwoord": 422,
	"GET /inloggen":            303,
	// The council's annual reports are not the municipality's: the meldpunt, independent of the
	// municipality, reports to the council; the figures of client support are on /gemeente.
	"GET /raad":                        403,
	"GET /raad/jaar/:year":             403,
	"GET /raad/jaar/:year/:file":       403,
	"GET /api/v1/reports/annual/:file": 403,
	"GET /api/v1/reports/years/:year":  403,
	"GET /api/v1/reports/versions/:id": 403,
}

// wantOf is the expected status of the row for caller as.
func (row matrixRow) wantOf(t *testing.T, as role) int {
	t.Helper()
	if as == privacy {
		return row.privacyWant(t)
	}
	if as != municipality {
		return row.want.of(as)
	}
	key := row.method + " " + row.route
	if w, ok := municipalityWants[key]; ok {
		return w
	}
	switch c := row.want.council; {
	case c == 401 || c == 403 || c == 404:
		return c // refused like the council
	case c == row.want.anon && c == row.want.supporter:
		return c // public: the same for every caller
	}
	t.Errorf("%s lets the council in (%d): write down in municipalityWants what the municipality gets", key, row.want.council)
	return -1
}

// figuresRows are the figures of client support: the municipality, the council, staff and admin;
// a page asks anonymous callers to sign in (303).
func figuresRead(s int, page bool) outcome {
	anonymous := 401
	if page {
		anonymous = 303
	}
	return outcome{anonymous, s, s, 403, 403, s, 403}
}

var figuresMatrix = []matrixRow{
	{"GET", "/gemeente", figuresRead(200, true), fixed("/gemeente?jaar=2026&kwartaal=1", nil), false},
	{"GET", "/gemeente/cijfers.csv", figuresRead(200, true), fixed("/gemeente/cijfers.csv?"+url.Values{"jaar": {"2026"}}.Encode(), nil), false},
	{"GET", "/gemeente/cijfers.json", figuresRead(200, true), fixed("/gemeente/cijfers.json?jaar=2025&kwartaal=4&lang=en", nil), false},
	{"GET", "/api/v1/support-figures", figuresRead(200, false), fixed("/api/v1/support-figures?year=2026&quarter=1", nil), false},
	{"GET", "/api/v1/support-figures.csv", figuresRead(200, false), fixed("/api/v1/support-figures.csv?year=2025", nil), false},
}
