package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gin-gonic/gin"

	"meldpunt/internal/casework"
	"meldpunt/internal/web"
)

// outcome is the expected status of one route for each caller, in the order of allRoles.
type outcome struct{ anon, staff, admin, orgA, orgB, council, supporter int }

func (o outcome) of(r role) int {
	return map[role]int{anon: o.anon, staff: o.staff, admin: o.admin, orgA: o.orgA, orgB: o.orgB,
		council: o.council, supporter: o.supporter}[r]
}

// Common rows.
var (
	everyone     = func(s int) outcome { return outcome{s, s, s, s, s, s, s} }
	signedInOnly = func(s int) outcome { return outcome{401, s, s, s, s, s, s} }
	staffOnly    = func(s int) outcome { return outcome{401, s, s, 403, 403, 403, 403} }
	adminOnly    = func(s int) outcome { return outcome{401, 403, s, 403, 403, 403, 403} }
	// handlerOnly is for actions on a case the harness's staff member took up: only its handler acts
	// on it (Awb 9:7), so the admin, who is not, is refused too.
	handlerOnly = func(s int) outcome { return outcome{401, s, 403, 403, 403, 403, 403} }
	// reportReaders: the council, staff and admin.
	reportReaders = func(s int) outcome { return outcome{401, s, s, 403, 403, s, 403} }
)

// matrixShared holds fixtures that read-only cells share.
type matrixShared struct {
	linked    receipt // a received complaint about A and B whose complainant chose the supporter's member of the pool
	adviceA   int64   // an issued advice to A
	supporter int64   // the supporter's user id (its account belongs to pooled)
	ackLetter int64   // the acknowledgement letter of linked, to the complainant, ready
	orgLetter int64   // the letter issuing adviceA, to A, ready

	reportVersion  int64 // a stored annual report
	recommendation int64 // a policy recommendation made with the ruling on adviceA
	pooled         int64 // an active member of the pool of client supporters
}

// cell returns the concrete path and body of one request; cells that change state make fresh
// fixtures so that every caller meets the same starting state.
type cell func(h *harness, s *matrixShared, as role) (path string, body any)

func fixed(path string, body any) cell {
	return func(*harness, *matrixShared, role) (string, any) { return path, body }
}

// onReceived, onInTreatment and onReadyToRule act on a fresh complaint about A in that state.
func onReceived(action string, body any) cell {
	return func(h *harness, _ *matrixShared, _ role) (string, any) {
		return "/api/v1/complaints/" + h.file(h.orgA).Reference + "/" + action, body
	}
}

func onInTreatment(action string, body any) cell {
	return func(h *harness, _ *matrixShared, _ role) (string, any) {
		return "/api/v1/complaints/" + h.inTreatment(h.orgA) + "/" + action, body
	}
}

// onAdviceToA acts on a fresh advice to A, issued or (accepted) already accepted by A.
func onAdviceToA(action string, accepted bool, body any) cell {
	return func(h *harness, _ *matrixShared, _ role) (string, any) {
		_, advs := h.advised(h.orgA)
		id := advs[h.orgA].ID
		if accepted {
			h.call("POST", fmt.Sprintf("/api/v1/advices/%d/accept", id), orgA, nil).want(h.t, http.StatusOK)
		}
		return fmt.Sprintf("/api/v1/advices/%d/%s", id, action), body
	}
}

// onAdvicePage is onAdviceToA for the organisation's pages: the form post of action on a fresh
// advice to A.
func onAdvicePage(action string, accepted bool, form url.Values) cell {
	return func(h *harness, _ *matrixShared, _ role) (string, any) {
		_, advs := h.advised(h.orgA)
		id := advs[h.orgA].ID
		if accepted {
			h.call("POST", fmt.Sprintf("/api/v1/advices/%d/accept", id), orgA, nil).want(h.t, http.StatusOK)
		}
		if form == nil {
			form = url.Values{}
		}
		return fmt.Sprintf("/organisatie/advies/%d/%s", id, action), form
	}
}

// onPooled changes the status of the shared member of the pool without a reason (422: nothing
// changes).
func onPooled(action string) cell {
	return func(_ *harness, s *matrixShared, _ role) (string, any) {
		return fmt.Sprintf("/api/v1/supporters/%d/%s", s.pooled, action), map[string]any{}
	}
}

// matrixRows is the whole matrix: authzMatrix and the rows of the staff's pages, kept beside their
// tests (staffCaseMatrix, staffOfficeMatrix).
func matrixRows() []matrixRow {
	return slices.Concat(authzMatrix, staffCaseMatrix, staffOfficeMatrix, twoFactorMatrix, poolMatrix, requestMatrix,
		tracksMatrix, supporterMatrix, figuresMatrix, retentionMatrix, accessMatrix, publicInfoMatrix, staffTasksMatrix,
		worklistMatrix, feedbackMatrix, intakeMatrix)
}

// matrixRow is one route of the API with the outcome for every caller.
type matrixRow struct {
	method, route string
	want          outcome
	cell          cell
	// last rows run after all others: they revoke the callers' tokens.
	last bool
}

// authzMatrix lists every route of the API. A route registered on the engine but missing here fails
// TestAuthzMatrix, so no route escapes this review. Allowed callers get a 2xx or, where the request
// is deliberately invalid so as to change nothing, 422; refused callers get 401 (anonymous), 403
// (wrong role) or 404 (another organisation's advice), and the database is shown unchanged.
var authzMatrix = []matrixRow{
	{"GET", "/healthz", everyone(200), fixed("/healthz", nil), false},
	{"GET", "/readyz", everyone(200), fixed("/readyz", nil), false},
	{"GET", "/metrics", everyone(200), fixed("/metrics", nil), false},
	{"GET", "/api/v1/openapi.json", everyone(200), fixed("/api/v1/openapi.json", nil), false},

	// The public HTML pages: no accounts, the same page for every caller (a bearer token means
	// nothing there). The form posts are sent without a form body, so they are refused with 422 and
	// change nothing; pages/test.go files, looks up and downloads through them.
	{"GET", "/", everyone(200), fixed("/", nil), false},
	{"GET", "/klacht", everyone(200), fixed("/klacht?lang=en", nil), false},
	{"POST", "/klacht", everyone(422), fixed("/klacht", nil), false},
	{"GET", "/ondersteuning", everyone(200), fixed("/ondersteuning?life_domain=income&language=tr&channel=walk_in&neighbourhood=oost", nil), false},
	{"GET", "/privacy", everyone(200), fixed("/privacy?lang=en", nil), false},
	{"GET", "/status", everyone(200), fixed("/status", nil), false},
	{"POST", "/status", everyone(422), fixed("/status", nil), false},
	{"POST", "/status/brief/:id", everyone(422),
		func(_ *harness, s *matrixShared, _ role) (string, any) {
			return fmt.Sprintf("/status/brief/%d", s.ackLetter), nil
		}, false},
	{"POST", "/status/dossier", everyone(422), fixed("/status/dossier", nil), false},
	// Asking for a new tracking code (tracking_web_test.go): the same answer for every caller; an
	// unknown reference keeps the matrix free of side effects.
	{"GET", "/status/nieuwe-code", everyone(200), fixed("/status/nieuwe-code?lang=en", nil), false},
	{"POST", "/status/nieuwe-code", everyone(303), fixed("/status/nieuwe-code",
		url.Values{"reference": {"MP-2026-999999"}, "email_or_postcode": {"2011 AB"}}), false},
	{"GET", "/status/nieuwe-code/verstuurd", everyone(200), fixed("/status/nieuwe-code/verstuurd", nil), false},
	{"GET", "/static/*filepath", everyone(200), fixed("/static/site.css", nil), false},

	// Signing in and out of the pages. Callers of the pages use their session cookie (see request).
	// A signed-in user asking for the sign-in form goes to their start page; the empty form is
	// refused and counts as no failed attempt; signing out ends the caller's session (last).
	{"GET", "/inloggen", outcome{200, 303, 303, 303, 303, 303, 303}, fixed("/inloggen", nil), false},
	{"POST", "/inloggen", everyone(422), fixed("/inloggen", nil), false},
	{"POST", "/uitloggen", everyone(303), fixed("/uitloggen", nil), true},

	// Pages behind a session: without one, 303 to /inloggen; another role, a 403 page; an
	// organisation sees only its own advice (404 page). Answers redirect (303) back to the advice.
	{"GET", "/organisatie", outcome{303, 403, 403, 200, 200, 403, 403}, fixed("/organisatie", nil), false},
	{"GET", "/organisatie/advies/:id", outcome{303, 403, 403, 200, 404, 403, 403},
		func(_ *harness, s *matrixShared, _ role) (string, any) {
			return fmt.Sprintf("/organisatie/advies/%d", s.adviceA), nil
		}, false},
	{"POST", "/organisatie/advies/:id/aanvaarden", outcome{303, 403, 403, 303, 404, 403, 403}, onAdvicePage("aanvaarden", false, url.Values{"bevestigd": {"ja"}}), false},
	{"POST", "/organisatie/advies/:id/afwijzen", outcome{303, 403, 403, 303, 404, 403, 403}, onAdvicePage("afwijzen", false,
		url.Values{"reasons": {"Het advies is niet uitvoerbaar binnen de huidige contractafspraken met de gemeente."}, "ground": {"legal"}}), false},
	{"POST", "/organisatie/advies/:id/uitgevoerd", outcome{303, 403, 403, 303, 404, 403, 403}, onAdvicePage("uitgevoerd", true,
		url.Values{"note": {"Uitgevoerd."}}), false},
	{"GET", "/raad", outcome{303, 200, 200, 403, 403, 200, 403}, fixed("/raad", nil), false},
	// The staff's worklist; the case and office pages are in staffCaseMatrix and staffOfficeMatrix.
	{"GET", "/werk", outcome{303, 200, 200, 403, 403, 403, 403}, fixed("/werk", nil), false},
	{"GET", "/raad/jaar/:year", outcome{303, 200, 200, 403, 403, 200, 403}, fixed("/raad/jaar/2025", nil), false},
	{"GET", "/raad/jaar/:year/:file", outcome{303, 200, 200, 403, 403, 200, 403}, fixed("/raad/jaar/2025/rapport.json", nil), false},

	// Public: residents file and follow complaints without an account; signed-in users other than
	// the meldpunt's own may not file.
	// A supporter files for a client with the client's recorded consent (representation_test.go).
	{"POST", "/api/v1/complaints", outcome{201, 201, 201, 403, 403, 403, 201},
		func(h *harness, _ *matrixShared, as role) (string, any) {
			body := intakeBody(h.orgA)
			if as == supporter {
				body["supporter_consent"] = true
			}
			return "/api/v1/complaints", body
		}, false},
	{"POST", "/api/v1/complaints/lookup", everyone(200),
		func(_ *harness, s *matrixShared, _ role) (string, any) {
			return "/api/v1/complaints/lookup", map[string]string{"reference": s.linked.Reference, "tracking_code": s.linked.TrackingCode}
		}, false},
	{"POST", "/api/v1/complaints/lookup/new-code", everyone(202), fixed("/api/v1/complaints/lookup/new-code",
		map[string]string{"reference": "MP-2026-999999", "email_or_postcode": "2011 AB"}), false},
	{"POST", "/api/v1/complaints/lookup/letters/:id", everyone(200),
		func(_ *harness, s *matrixShared, _ role) (string, any) {
			return fmt.Sprintf("/api/v1/complaints/lookup/letters/%d", s.ackLetter),
				map[string]string{"reference": s.linked.Reference, "tracking_code": s.linked.TrackingCode}
		}, false},
	// The resident's whole file (right of access; export.go): proved like the look-up, whoever
	// calls. It holds the complainant's personal data, which no organisation may receive here, so
	// the matrix sends no proof (422 for every caller); export_test.go downloads it.
	{"POST", "/api/v1/complaints/lookup/export", everyone(422), fixed("/api/v1/complaints/lookup/export", map[string]string{}), false},
	{"GET", "/api/v1/organisations", everyone(200), fixed("/api/v1/organisations", nil), false},
	// The pool of client supporters: a public directory; the admin changes it. The admin's changes
	// are sent incomplete (422) so that they change nothing; supporters_test.go makes them.
	{"GET", "/api/v1/supporters", everyone(200), fixed("/api/v1/supporters?life_domain=care&language=ar&channel=phone&neighbourhood=noord", nil), false},
	{"GET", "/api/v1/supporters/:id", everyone(200),
		func(_ *harness, s *matrixShared, _ role) (string, any) {
			return fmt.Sprintf("/api/v1/supporters/%d", s.pooled), nil
		}, false},
	{"GET", "/api/v1/term", everyone(200), fixed("/api/v1/term?from=2026-03-03&days=14", nil), false},
	{"POST", "/api/v1/auth/login", everyone(422), fixed("/api/v1/auth/login", map[string]string{"email": "", "password": ""}), false},

	{"POST", "/api/v1/auth/logout", signedInOnly(204), fixed("/api/v1/auth/logout", nil), true},
	{"GET", "/api/v1/me", signedInOnly(200), fixed("/api/v1/me", nil), false},
	// Changing one's own password: an empty form is refused (422) before any password is checked.
	{"PUT", "/api/v1/me/password", signedInOnly(422), fixed("/api/v1/me/password",
		map[string]string{"current_password": "", "new_password": ""}), false},
	// Setting a password with a one-time link: public (the code is the proof); an empty code is 422.
	{"POST", "/api/v1/auth/password-reset", everyone(422), fixed("/api/v1/auth/password-reset",
		map[string]string{"code": "", "new_password": ""}), false},

	// Cases: staff and admin all, the supporter the cases of the clients who chose them and consented;
	// never organisations or council.
	{"GET", "/api/v1/complaints", outcome{401, 200, 200, 403, 403, 403, 200}, fixed("/api/v1/complaints", nil), false},
	{"GET", "/api/v1/complaints/:reference", outcome{401, 200, 200, 403, 403, 403, 200},
		func(_ *harness, s *matrixShared, _ role) (string, any) {
			return "/api/v1/complaints/" + s.linked.Reference, nil
		}, false},
	{"POST", "/api/v1/complaints/:reference/take-up", staffOnly(200), onReceived("take-up", map[string]any{"not_involved": true}), false},
	// The harness's staff member handles the case: taking over one's own case is a conflict; the
	// admin takes it over.
	{"POST", "/api/v1/complaints/:reference/take-over", outcome{401, 409, 200, 403, 403, 403, 403},
		onInTreatment("take-over", map[string]any{"not_involved": true, "reason": "Collega is met verlof."}), false},
	{"POST", "/api/v1/complaints/:reference/hearings", handlerOnly(200), onInTreatment("hearings",
		map[string]any{"party": "complainant", "held_on": "2026-03-03", "record": "Gehoord."}), false},
	{"POST", "/api/v1/complaints/:reference/ruling", handlerOnly(200),
		func(h *harness, _ *matrixShared, _ role) (string, any) {
			return "/api/v1/complaints/" + h.readyToRule(h.orgA) + "/ruling", foundedRuling(h.orgA)
		}, false},
	{"POST", "/api/v1/complaints/:reference/postpone", handlerOnly(200), onInTreatment("postpone",
		map[string]any{"days": 14, "reason": "Stukken nog niet binnen."}), false},
	{"POST", "/api/v1/complaints/:reference/inadmissible", handlerOnly(200), onInTreatment("inadmissible",
		map[string]any{"ground": "too_light", "reasons": "Het ging om een afspraak die tien minuten later begon."}), false},
	{"POST", "/api/v1/complaints/:reference/resolve", staffOnly(200), onReceived("resolve", map[string]any{"reason": "Opgelost."}), false},
	{"POST", "/api/v1/complaints/:reference/withdraw", staffOnly(200), onReceived("withdraw", map[string]any{"reason": "Ingetrokken."}), false},
	{"POST", "/api/v1/complaints/:reference/notes", staffOnly(200),
		func(_ *harness, s *matrixShared, _ role) (string, any) {
			return "/api/v1/complaints/" + s.linked.Reference + "/notes", map[string]any{"note": "Notitie."}
		}, false},
	// Staff record the choice of a supporter from a letter the complainant signed (representation.go);
	// the resident changes it with reference and tracking code; the chosen supporter adds information.
	{"POST", "/api/v1/complaints/:reference/supporter", staffOnly(200),
		func(h *harness, s *matrixShared, _ role) (string, any) {
			return "/api/v1/complaints/" + h.file(h.orgA).Reference + "/supporter", map[string]any{
				"supporter_id": s.pooled, "supporter_consent": true, "received_on": "2026-03-02"}
		}, false},
	{"POST", "/api/v1/complaints/lookup/representation", everyone(200),
		func(h *harness, s *matrixShared, _ role) (string, any) {
			r := h.file(h.orgA)
			return "/api/v1/complaints/lookup/representation", map[string]any{"reference": r.Reference,
				"tracking_code": r.TrackingCode, "supporter_id": s.pooled, "supporter_consent": true}
		}, false},
	{"POST", "/api/v1/complaints/:reference/information", outcome{401, 403, 403, 403, 403, 403, 201},
		func(_ *harness, s *matrixShared, _ role) (string, any) {
			return "/api/v1/complaints/" + s.linked.Reference + "/information", map[string]any{
				"information": "Mevrouw heeft drie keer gebeld.", "documents": []string{"Brief van 3 maart"}}
		}, false},
	// Staff make the file for a request by letter; without a reason refused (422), nothing changes.
	{"POST", "/api/v1/complaints/:reference/export", staffOnly(422),
		func(_ *harness, s *matrixShared, _ role) (string, any) {
			return "/api/v1/complaints/" + s.linked.Reference + "/export", map[string]any{}
		}, false},
	{"PUT", "/api/v1/complaints/:reference/complainant", staffOnly(200),
		func(h *harness, _ *matrixShared, _ role) (string, any) {
			return "/api/v1/complaints/" + h.file(h.orgA).Reference + "/complainant",
				map[string]any{"name": "Karin de Wit", "phone": "023 511 5100", "street": "Grote Markt 2", "postcode": "2011 RD", "city": "Haarlem",
					"reason": "op verzoek van klager, brief van 3 maart"}
		}, false},

	{"POST", "/api/v1/complaints/:reference/hearing-invitations", handlerOnly(200), onInTreatment("hearing-invitations",
		map[string]any{"party": "complainant", "date": "2026-03-10", "time": "10:30", "place": "Stadhuis, kamer 1.12"}), false},
	{"POST", "/api/v1/complaints/:reference/organisations", handlerOnly(200),
		func(h *harness, _ *matrixShared, _ role) (string, any) {
			return "/api/v1/complaints/" + h.inTreatment(h.orgA) + "/organisations", map[string]any{"organisation_id": h.orgB}
		}, false},
	{"GET", "/api/v1/complaints/:reference/notices", staffOnly(200),
		func(_ *harness, s *matrixShared, _ role) (string, any) {
			return "/api/v1/complaints/" + s.linked.Reference + "/notices", nil
		}, false},

	// Letters and the watch list: staff; an organisation downloads only letters addressed to it.
	{"GET", "/api/v1/watch", staffOnly(200), fixed("/api/v1/watch", nil), false},
	{"GET", "/api/v1/notices", staffOnly(200), fixed("/api/v1/notices?status=print", nil), false},
	// The supporter reads only its own copies (representation_test.go): an organisation's letter is not found.
	{"GET", "/api/v1/notices/:id/pdf", outcome{401, 200, 200, 200, 404, 403, 404},
		func(_ *harness, s *matrixShared, _ role) (string, any) {
			return fmt.Sprintf("/api/v1/notices/%d/pdf", s.orgLetter), nil
		}, false},
	{"POST", "/api/v1/notices/:id/posted", staffOnly(204),
		func(h *harness, _ *matrixShared, _ role) (string, any) {
			ref := h.file(h.orgA).Reference
			h.deliverAll()
			return fmt.Sprintf("/api/v1/notices/%d/posted", h.notice(ref, "acknowledgement", 0)), nil
		}, false},
	{"POST", "/api/v1/notices/:id/retry", staffOnly(204),
		func(h *harness, _ *matrixShared, _ role) (string, any) {
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
				}
			}
			return fmt.Sprintf("/api/v1/notices/%d/retry", id), nil
		}, false},

	// Advice: organisations their own only (another's is not found), staff and admin all (the admin
	// gave the reason for its case earlier that day: newMatrixShared; review13_privacy_test.go).
	{"GET", "/api/v1/advices", outcome{401, 200, 200, 200, 200, 403, 403}, fixed("/api/v1/advices", nil), false},
	{"GET", "/api/v1/advices/:id", outcome{401, 200, 200, 200, 404, 403, 403},
		func(_ *harness, s *matrixShared, _ role) (string, any) {
			return fmt.Sprintf("/api/v1/advices/%d", s.adviceA), nil
		}, false},
	// Organisations answer online; staff record an answer that came on paper, with received_on and
	// channel, which these bodies lack (422, nothing changed; answers_test.go records them).
	{"POST", "/api/v1/advices/:id/accept", outcome{401, 422, 422, 200, 404, 403, 403}, onAdviceToA("accept", false, nil), false},
	{"POST", "/api/v1/advices/:id/reject", outcome{401, 422, 422, 200, 404, 403, 403}, onAdviceToA("reject", false,
		map[string]string{"reasons": "Het advies is niet uitvoerbaar binnen de huidige contractafspraken met de gemeente."}), false},
	{"POST", "/api/v1/advices/:id/executed", outcome{401, 422, 422, 200, 404, 403, 403}, onAdviceToA("executed", true,
		map[string]string{"note": "Uitgevoerd."}), false},

	// The annual report: council, staff and admin read it; staff and admin write the closing text,
	// finalise it and follow up recommendations. A GET serves the newest stored edition; a POST of
	// staff or admin makes a new one.
	{"GET", "/api/v1/reports/annual/:file", reportReaders(200), fixed("/api/v1/reports/annual/2025.pdf", nil), false},
	{"POST", "/api/v1/reports/annual/:file", staffOnly(201), fixed("/api/v1/reports/annual/2025.csv", nil), false},
	{"GET", "/api/v1/reports/years/:year", reportReaders(200), fixed("/api/v1/reports/years/2025", nil), false},
	{"GET", "/api/v1/reports/versions/:id", reportReaders(200),
		func(_ *harness, s *matrixShared, _ role) (string, any) {
			return fmt.Sprintf("/api/v1/reports/versions/%d", s.reportVersion), nil
		}, false},
	{"PUT", "/api/v1/reports/years/:year/closing", staffOnly(200), fixed("/api/v1/reports/years/2025/closing",
		map[string]any{"language": "nl", "text": "Het meldpunt sluit af met een oproep aan de raad."}), false},
	// The year has not ended: allowed callers are told so (409) and nothing changes.
	{"POST", "/api/v1/reports/years/:year/finalise", staffOnly(409), fixed("/api/v1/reports/years/2026/finalise", nil), false},
	{"GET", "/api/v1/recommendations", staffOnly(200), fixed("/api/v1/recommendations", nil), false},
	{"POST", "/api/v1/recommendations/:id/follow-up", staffOnly(200),
		func(_ *harness, s *matrixShared, _ role) (string, any) {
			return fmt.Sprintf("/api/v1/recommendations/%d/follow-up", s.recommendation),
				map[string]any{"status": "partly_adopted", "note": "Deels opgenomen in het beleidsplan."}
		}, false},

	// Administration.
	{"POST", "/api/v1/supporters", adminOnly(422), fixed("/api/v1/supporters", map[string]any{"name": "Zonder verklaring", "kind": "organisation"}), false},
	{"PUT", "/api/v1/supporters/:id", adminOnly(422),
		func(_ *harness, s *matrixShared, _ role) (string, any) {
			return fmt.Sprintf("/api/v1/supporters/%d", s.pooled), map[string]any{"name": "Zonder verklaring", "kind": "organisation"}
		}, false},
	{"POST", "/api/v1/supporters/:id/suspend", adminOnly(422), onPooled("suspend"), false},
	{"POST", "/api/v1/supporters/:id/reinstate", adminOnly(422), onPooled("reinstate"), false},
	{"POST", "/api/v1/supporters/:id/remove", adminOnly(422), onPooled("remove"), false},
	{"POST", "/api/v1/organisations", adminOnly(201),
		func(_ *harness, _ *matrixShared, as role) (string, any) {
			return "/api/v1/organisations", map[string]any{"name": "Woningcorporatie " + string(as), "kind": "housing"}
		}, false},
	{"GET", "/api/v1/users", adminOnly(200), fixed("/api/v1/users", nil), false},
	// A password that is too short: allowed callers get 422 without a bcrypt hash being made.
	{"POST", "/api/v1/users", adminOnly(422), fixed("/api/v1/users",
		map[string]any{"email": "nieuw@meldpunt.example", "name": "Nieuw", "role": "staff", "password": "kort"}), false},
	// Signing a user out everywhere: a throw-away user made for each caller.
	{"POST", "/api/v1/users/:id/sessions/revoke", adminOnly(204),
		func(h *harness, _ *matrixShared, as role) (string, any) {
			var id int64
			if err := h.db.Get(&id, `INSERT INTO users (email, name, role, password_hash, created_at)
				VALUES ($1, 'Wegwerp', 'staff', 'x', $2) RETURNING id`, "wegwerp-"+strings.ReplaceAll(string(as), " ", "")+"@meldpunt.example",
				h.clock.Now()); err != nil {
				h.t.Fatal(err)
			}
			return fmt.Sprintf("/api/v1/users/%d/sessions/revoke", id), nil
		}, false},
	// Switching a throw-away user off, and making a one-time link for one.
	{"PATCH", "/api/v1/users/:id", adminOnly(200),
		func(h *harness, _ *matrixShared, as role) (string, any) {
			return fmt.Sprintf("/api/v1/users/%d", h.officeThrowAwayUser("patch-"+string(as))), map[string]any{"active": false}
		}, false},
	{"POST", "/api/v1/users/:id/password-reset", adminOnly(201),
		func(h *harness, _ *matrixShared, as role) (string, any) {
			return fmt.Sprintf("/api/v1/users/%d/password-reset", h.officeThrowAwayUser("reset-"+string(as))), nil
		}, false},
	{"GET", "/api/v1/equated-days", staffOnly(200), fixed("/api/v1/equated-days", nil), false},
	{"POST", "/api/v1/equated-days", adminOnly(201), fixed("/api/v1/equated-days",
		map[string]any{"day": "2030-06-03", "label": "Gelijkgestelde dag (test)"}), false},
}

// pageRoute reports whether a route of the matrix is one of the public HTML pages.
func pageRoute(route string) bool {
	return !strings.HasPrefix(route, "/api/") && route != "/healthz" && route != "/readyz" && route != "/metrics"
}

// engineRoutes returns "METHOD path" of every route registered on the server's gin engine.
func engineRoutes(t *testing.T, srv *web.Server) []string {
	t.Helper()
	engine, ok := srv.Handler().(*gin.Engine)
	if !ok {
		t.Fatalf("web.Server.Handler() is a %T, not the *gin.Engine: enumerate the routes another way", srv.Handler())
	}
	var routes []string
	for _, r := range engine.Routes() {
		routes = append(routes, r.Method+" "+r.Path)
	}
	slices.Sort(routes)
	return routes
}

// newMatrixShared makes the fixtures that the matrix's read-only cells share.
func newMatrixShared(h *harness) *matrixShared {
	h.t.Helper()
	s := &matrixShared{supporter: h.w.users[supporter].ID, pooled: h.pooled("Cliëntenbelang Haarlem")}
	h.linkSupporter(s.pooled)
	s.linked = h.fileChoosing(s.pooled, h.orgA, h.orgB)
	adviceRef, advs := h.advised(h.orgA)
	s.adviceA = advs[h.orgA].ID
	// The admin does not handle the advice's case: it states why it opens it, which holds that day.
	h.send(request{method: "GET", path: "/api/v1/complaints/" + adviceRef, as: admin,
		header: map[string]string{"X-Access-Reason": "Matrix: de adviezen nalopen."}}).want(h.t, http.StatusOK)
	h.deliverAll()
	s.ackLetter = h.notice(s.linked.Reference, "acknowledgement", 0)
	s.orgLetter = h.notice(adviceRef, "advice_issued", h.orgA)
	recRef := h.readyToRule(h.orgB)
	ruling := foundedRuling(h.orgB)
	ruling["recommendations"] = []map[string]any{{"life_domain": "care", "text": "Leg vaste doorlooptijden vast voor aanvragen."}}
	h.call("POST", "/api/v1/complaints/"+recRef+"/ruling", staff, ruling).want(h.t, http.StatusOK)
	s.recommendation = h.complaint(recRef).Recommendations[0].ID
	rep := h.call("GET", "/api/v1/reports/annual/2025.json", staff, nil).want(h.t, http.StatusOK)
	if _, err := fmt.Sscan(rep.header.Get("X-Report-Id"), &s.reportVersion); err != nil {
		h.t.Fatalf("report id %q: %v", rep.header.Get("X-Report-Id"), err)
	}
	return s
}

// TestAuthzMatrix calls every route as every caller and checks the outcome written in authzMatrix,
// and that every refused request changed nothing.
func TestAuthzMatrix(t *testing.T) {
	h := newHarness(t)

	// The table must list exactly the routes of the engine.
	var listed []string
	for _, row := range matrixRows() {
		listed = append(listed, row.method+" "+row.route)
	}
	slices.Sort(listed)
	registered := engineRoutes(t, h.server)
	for _, r := range registered {
		if !slices.Contains(listed, r) {
			t.Errorf("route %s is registered but not in authzMatrix: add it with the outcome for every caller", r)
		}
	}
	for _, r := range listed {
		if !slices.Contains(registered, r) {
			t.Errorf("authzMatrix lists %s, which is not registered", r)
		}
	}
	if len(listed) != len(slices.Compact(slices.Clone(listed))) {
		t.Errorf("authzMatrix lists a route twice: %v", listed)
	}
	if t.Failed() {
		t.FailNow()
	}

	s := newMatrixShared(h)

	rows := matrixRows()
	slices.SortStableFunc(rows, func(a, b matrixRow) int {
		switch {
		case a.last == b.last:
			return 0
		case a.last:
			return 1
		}
		return -1
	})
	cells := 0
	for _, row := range rows {
		for _, as := range allRoles {
			path, body := row.cell(h, s, as)
			want := row.wantOf(t, as)
			before := h.fingerprint()
			res := h.send(request{method: row.method, path: path, as: as, body: body})
			cells++
			name := fmt.Sprintf("%s %s as %s", row.method, row.route, as)
			if as == orgA || as == orgB {
				if s, ok := containsAny(res.body, piiStrings...); ok {
					t.Errorf("%s: an organisation received the complainant's %q", name, s)
				}
			}
			if res.status != want {
				t.Errorf("%s: got %d, want %d: %s", name, res.status, want, res)
				continue
			}
			code := map[int]string{401: "unauthenticated", 403: "forbidden", 404: "not_found", 422: "validation_failed"}[want]
			if code == "" {
				continue
			}
			if pageRoute(row.route) {
				// Pages answer refusals as HTML pages, not problem documents.
				if ct := res.header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
					t.Errorf("%s: Content-Type %q, want an HTML page", name, ct)
				}
			} else if _, err := res.checkProblem(want, code); err != nil {
				t.Errorf("%s: %v", name, err)
			}
			if after := h.fingerprint(); after != before {
				t.Errorf("%s was refused with %d but changed the database:\n before %s\n after  %s", name, want, before, after)
			}
		}
	}
	if want := len(matrixRows()) * len(allRoles); cells != want {
		t.Fatalf("checked %d cells, want %d", cells, want)
	}
	t.Logf("authorisation matrix: %d routes × %d callers = %d cells", len(matrixRows()), len(allRoles), cells)

	// The logout row revoked every caller's token.
	for _, as := range userRoles {
		h.call("GET", "/api/v1/me", as, nil).problem(t, http.StatusUnauthorized, "unauthenticated")
	}
}

// TestAuthCouncilSeesNoCase: the council sees aggregates only, never a case or an advice.
func TestAuthCouncilSeesNoCase(t *testing.T) {
	h := newHarness(t)
	ref, advs := h.advised(h.orgA)
	for _, path := range []string{"/api/v1/complaints", "/api/v1/complaints/" + ref, "/api/v1/complaints?status=advised",
		"/api/v1/advices", fmt.Sprintf("/api/v1/advices/%d", advs[h.orgA].ID), "/api/v1/users", "/api/v1/equated-days"} {
		res := h.call("GET", path, council, nil)
		res.problem(t, http.StatusForbidden, "forbidden")
		if s, ok := containsAny(res.body, append(piiStrings, ref)...); ok {
			t.Errorf("council got %q from %s", s, path)
		}
	}
}

// TestAuthExpiredToken: a token is valid until its TTL has passed, and then refused everywhere.
func TestAuthExpiredToken(t *testing.T) {
	h := newHarness(t)
	var session struct {
		Token     string        `json:"token"`
		ExpiresAt time.Time     `json:"expires_at"`
		User      casework.User `json:"user"`
	}
	h.call("POST", "/api/v1/auth/login", anon, map[string]string{"email": "STAFF@meldpunt.example", "password": h.w.passwords[staff]}).
		ok(t, http.StatusOK, &session)
	if session.Token == "" || session.User.Role != casework.RoleStaff || !session.ExpiresAt.Equal(startTime.Add(testConfig.TokenTTL)) {
		t.Fatalf("session %+v", session)
	}
	me := func() *response { return h.send(request{method: "GET", path: "/api/v1/me", token: session.Token}) }
	me().want(t, http.StatusOK)
	h.clock.Set(startTime.Add(testConfig.TokenTTL - time.Second))
	me().want(t, http.StatusOK)
	h.clock.Set(startTime.Add(testConfig.TokenTTL))
	me().problem(t, http.StatusUnauthorized, "unauthenticated")
	h.send(request{method: "GET", path: "/api/v1/complaints", token: session.Token}).problem(t, http.StatusUnauthorized, "unauthenticated")
	// On a public route a stale token is served as anonymous: no staff-only details.
	res := h.send(request{method: "GET", path: "/api/v1/organisations", token: session.Token})
	res.want(t, http.StatusOK)
	if s, ok := containsAny(res.body, "directie@anker.example", "Postbus"); ok {
		t.Errorf("an expired staff token still sees %q: %s", s, res.body)
	}
	// The fixture tokens, with their own TTL, expire the same way.
	h.call("GET", "/api/v1/me", orgA, nil).want(t, http.StatusOK)
	h.clock.Set(startTime.Add(worldTokenTTL))
	h.call("GET", "/api/v1/me", orgA, nil).problem(t, http.StatusUnauthorized, "unauthenticated")
}

// TestAuthRevokedToken: after logout the token is refused; other sessions are untouched.
func TestAuthRevokedToken(t *testing.T) {
	h := newHarness(t)
	h.call("GET", "/api/v1/complaints", staff, nil).want(t, http.StatusOK)
	res := h.call("POST", "/api/v1/auth/logout", staff, nil)
	res.want(t, http.StatusNoContent)
	if len(res.body) != 0 {
		t.Errorf("logout answered a body: %s", res.body)
	}
	h.call("GET", "/api/v1/me", staff, nil).problem(t, http.StatusUnauthorized, "unauthenticated")
	h.call("GET", "/api/v1/complaints", staff, nil).problem(t, http.StatusUnauthorized, "unauthenticated")
	h.call("POST", "/api/v1/auth/logout", staff, nil).problem(t, http.StatusUnauthorized, "unauthenticated")
	h.call("GET", "/api/v1/me", admin, nil).want(t, http.StatusOK)
}

// TestAuthMalformedCredentials: an Authorization header that is not a valid bearer token is refused
// on protected routes; public routes serve the caller as anonymous.
func TestAuthMalformedCredentials(t *testing.T) {
	h := newHarness(t)
	for _, header := range []string{"Bearer not-a-token", "Bearer ", "Basic c3RhZmY6cGFzcw==", h.tokens[staff],
		"Bearer " + h.tokens[staff] + "x", "Bearer " + strings.Repeat("A", 5000)} {
		for _, path := range []string{"/api/v1/me", "/api/v1/complaints", "/api/v1/equated-days"} {
			h.send(request{method: "GET", path: path, header: map[string]string{"Authorization": header}}).
				problem(t, http.StatusUnauthorized, "unauthenticated")
		}
		res := h.send(request{method: "GET", path: "/api/v1/organisations", header: map[string]string{"Authorization": header}})
		res.want(t, http.StatusOK)
		if strings.Contains(string(res.body), "Postbus") {
			t.Errorf("Authorization %q sees staff-only organisation details: %s", header, res.body)
		}
		// A resident filing with a broken header files as a resident: channel web only.
		before := h.fingerprint()
		body := intakeBody(h.orgA)
		body["channel"] = "phone"
		p := h.send(request{method: "POST", path: "/api/v1/complaints", body: body, header: map[string]string{"Authorization": header}}).
			problem(t, http.StatusUnprocessableEntity, "validation_failed")
		wantFields(t, p, "channel")
		if h.fingerprint() != before {
			t.Fatal("a refused intake changed the database")
		}
	}
}

// TestAuthBearerSchemeIsCaseInsensitive: the authentication scheme is a case-insensitive token (RFC 9110
// §11.1), so "bearer" and "BEARER" are the same scheme as "Bearer".
func TestAuthBearerSchemeIsCaseInsensitive(t *testing.T) {
	h := newHarness(t)
	var refused []string
	for _, scheme := range []string{"Bearer", "bearer", "BEARER"} {
		res := h.send(request{method: "GET", path: "/api/v1/me", header: map[string]string{"Authorization": scheme + " " + h.tokens[staff]}})
		if res.status != http.StatusOK {
			refused = append(refused, fmt.Sprintf("%q → %d", scheme, res.status))
		}
	}
	if len(refused) > 0 {
		t.Fatalf("REGRESSION of the bug fixed in e45e865: internal/web/server.go authenticate() took the token with strings.CutPrefix(h, \"Bearer \"), "+
			"which is case-sensitive, so a valid token sent with the scheme written differently is refused as "+
			"unauthenticated (%s), while RFC 9110 §11.1 makes the scheme case-insensitive. Fix: split the header at "+
			"the first space and compare the scheme with strings.EqualFold(scheme, \"Bearer\"); and let logout "+
			"(internal/web/handlers.go, which cuts \"Bearer \" again) use the token authenticate found, or it "+
			"would answer 204 without revoking anything.", strings.Join(refused, ", "))
	}
	// Logging out with the scheme written in lower case revokes the token.
	h.send(request{method: "POST", path: "/api/v1/auth/logout", header: map[string]string{"Authorization": "bearer " + h.tokens[admin]}}).
		want(t, http.StatusNoContent)
	h.call("GET", "/api/v1/me", admin, nil).problem(t, http.StatusUnauthorized, "unauthenticated")
}
