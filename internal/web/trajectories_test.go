package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"meldpunt/internal/casework"
)

// Tests of client trajectories: the API and the supporter's pages, the authorisation rows, and
// the refusal of another member's trajectories.

// supporterOnlyAPI and supporterOnlyPage: only the supporter's account (anonymous callers get 401
// from the API and the sign-in page from the pages).
var (
	supporterOnlyAPI  = func(s int) outcome { return outcome{401, 403, 403, 403, 403, 403, s} }
	supporterOnlyPage = func(s int) outcome { return outcome{303, 403, 403, 403, 403, 403, s} }
)

// tracked links the fixture supporter's account to the member of the pool pooled and starts a
// trajectory for it with one issue, one activity and one referral outside the pool; closed closes
// it as well.
func (h *harness) tracked(pooled int64, closed bool) casework.Trajectory {
	h.t.Helper()
	h.linkSupporter(pooled)
	ctx, a := context.Background(), casework.ActorOf(h.w.users[supporter])
	t, err := h.store.CreateTrajectory(ctx, a, casework.TrajectoryInput{ClientLabel: "MdV", StartedOn: "2026-02-02"})
	if err == nil {
		_, err = h.store.AddTrajectoryIssue(ctx, a, t.ID, casework.IssueInput{Topic: casework.TopicDebts, NotedOn: "2026-02-02"})
	}
	if err == nil {
		_, err = h.store.AddTrajectoryActivity(ctx, a, t.ID, casework.ActivityInput{OnDate: "2026-02-02", Channel: casework.ActivityWalkIn, Minutes: 45})
	}
	if err == nil {
		_, err = h.store.AddTrajectoryReferral(ctx, a, t.ID, casework.ReferralInput{OnDate: "2026-02-03", ToOrganisation: "Schuldhulp Haarlem"})
	}
	if err == nil && closed {
		_, err = h.store.CloseTrajectory(ctx, a, t.ID, casework.CloseInput{EndedOn: "2026-02-20", Outcome: casework.OutcomeResolved})
	}
	if err == nil {
		t, err = h.store.Trajectory(ctx, a, t.ID)
	}
	if err != nil {
		h.t.Fatalf("trajectory fixture: %v", err)
	}
	return t
}

// onTrack is a cell on a fresh trajectory of the supporter (closed when closed): the path is
// format with the trajectory's id and, for a removal, the id of its record of that kind.
func onTrack(format string, closed bool, body any) cell {
	return func(h *harness, s *matrixShared, _ role) (string, any) {
		t := h.tracked(s.pooled, closed)
		entry := map[string]int64{"issues": t.Issues[0].ID, "activities": t.Activities[0].ID, "referrals": t.Referrals[0].ID}
		for kind, id := range entry {
			if strings.Contains(format, "/"+kind+"/%d") {
				return fmt.Sprintf(format, t.ID, id), body
			}
		}
		return fmt.Sprintf(format, t.ID), body
	}
}

// linkedFixed is fixed with the supporter's account linked to the shared member of the pool.
func linkedFixed(path string, body any) cell {
	return func(h *harness, s *matrixShared, _ role) (string, any) {
		h.linkSupporter(s.pooled)
		return path, body
	}
}

// tracksMatrix holds the authorisation rows of trajectories (see matrixRows): the supporter's
// account only, on the trajectories of its own member of the pool. The pages' posts are sent
// empty, so that the supporter's are refused and change nothing; the tests below make them.
var tracksMatrix = []matrixRow{
	{"GET", "/api/v1/trajectories", supporterOnlyAPI(200), linkedFixed("/api/v1/trajectories?status=open", nil), false},
	{"POST", "/api/v1/trajectories", supporterOnlyAPI(201), linkedFixed("/api/v1/trajectories",
		map[string]any{"client_label": "AB", "started_on": "2026-03-01", "life_domains": []string{"income"}}), false},
	{"GET", "/api/v1/trajectories/:id", supporterOnlyAPI(200), onTrack("/api/v1/trajectories/%d", false, nil), false},
	{"PUT", "/api/v1/trajectories/:id", supporterOnlyAPI(200), onTrack("/api/v1/trajectories/%d", false,
		map[string]any{"client_label": "AB-2", "life_domains": []string{"care"}}), false},
	{"POST", "/api/v1/trajectories/:id/issues", supporterOnlyAPI(201), onTrack("/api/v1/trajectories/%d/issues", false,
		map[string]any{"topic": "housing_shelter", "noted_on": "2026-03-02"}), false},
	{"POST", "/api/v1/trajectories/:id/activities", supporterOnlyAPI(201), onTrack("/api/v1/trajectories/%d/activities", false,
		map[string]any{"on_date": "2026-03-02", "channel": "phone", "minutes": 20}), false},
	{"POST", "/api/v1/trajectories/:id/referrals", supporterOnlyAPI(201), onTrack("/api/v1/trajectories/%d/referrals", false,
		map[string]any{"on_date": "2026-03-02", "to_organisation": "Juridisch Loket", "topic": "objection_appeal"}), false},
	{"DELETE", "/api/v1/trajectories/:id/issues/:entry", supporterOnlyAPI(200), onTrack("/api/v1/trajectories/%d/issues/%d", false, nil), false},
	{"DELETE", "/api/v1/trajectories/:id/activities/:entry", supporterOnlyAPI(200), onTrack("/api/v1/trajectories/%d/activities/%d", false, nil), false},
	{"DELETE", "/api/v1/trajectories/:id/referrals/:entry", supporterOnlyAPI(200), onTrack("/api/v1/trajectories/%d/referrals/%d", false, nil), false},
	{"POST", "/api/v1/trajectories/:id/close", supporterOnlyAPI(200), onTrack("/api/v1/trajectories/%d/close", false,
		map[string]any{"ended_on": "2026-03-03", "outcome": "referred"}), false},
	{"POST", "/api/v1/trajectories/:id/reopen", supporterOnlyAPI(200), onTrack("/api/v1/trajectories/%d/reopen", true, nil), false},

	{"GET", "/ondersteuner/trajecten", supporterOnlyPage(200), linkedFixed("/ondersteuner/trajecten", nil), false},
	{"POST", "/ondersteuner/trajecten", supporterOnlyPage(422), linkedFixed("/ondersteuner/trajecten", url.Values{}), false},
	{"GET", "/ondersteuner/trajecten/:id", supporterOnlyPage(200), onTrack("/ondersteuner/trajecten/%d", false, nil), false},
	{"POST", "/ondersteuner/trajecten/:id", supporterOnlyPage(422), onTrack("/ondersteuner/trajecten/%d", false, url.Values{}), false},
	{"POST", "/ondersteuner/trajecten/:id/kwesties", supporterOnlyPage(422), onTrack("/ondersteuner/trajecten/%d/kwesties", false, url.Values{}), false},
	{"POST", "/ondersteuner/trajecten/:id/contacten", supporterOnlyPage(422), onTrack("/ondersteuner/trajecten/%d/contacten", false, url.Values{}), false},
	{"POST", "/ondersteuner/trajecten/:id/verwijzingen", supporterOnlyPage(422), onTrack("/ondersteuner/trajecten/%d/verwijzingen", false, url.Values{}), false},
	{"POST", "/ondersteuner/trajecten/:id/afsluiten", supporterOnlyPage(422), onTrack("/ondersteuner/trajecten/%d/afsluiten", false, url.Values{}), false},
	// Reopening an open trajectory is refused (409); removing without naming a record is not found.
	{"POST", "/ondersteuner/trajecten/:id/heropenen", supporterOnlyPage(409), onTrack("/ondersteuner/trajecten/%d/heropenen", false, url.Values{}), false},
	{"POST", "/ondersteuner/trajecten/:id/verwijderen", supporterOnlyPage(404), onTrack("/ondersteuner/trajecten/%d/verwijderen", false, url.Values{}), false},
}

// TestTrajectoriesAPI: the supporter starts a trajectory, records an issue, contacts and desk work,
// referrals in and outside the pool, sees the hours and the last contact, removes a mistaken
// record, closes and reopens it; invalid input is 422 with the fields named; a closed trajectory
// takes no new records (409).
func TestTrajectoriesAPI(t *testing.T) {
	h := newHarness(t)
	own, other := h.pooled("Cliëntenbelang Haarlem"), h.pooled("Sociaal Raadslieden")
	h.linkSupporter(own)

	var tr struct {
		ID            int64  `json:"id"`
		SupporterID   int64  `json:"supporter_id"`
		ClientLabel   string `json:"client_label"`
		EndedOn       string `json:"ended_on"`
		Outcome       string `json:"outcome"`
		Minutes       int    `json:"minutes"`
		LastContactOn string `json:"last_contact_on"`
		Issues        []struct {
			ID    int64  `json:"id"`
			Topic string `json:"topic"`
		} `json:"issues"`
		Activities []struct {
			ID int64 `json:"id"`
		} `json:"activities"`
		Referrals []struct {
			ToSupporter    string `json:"to_supporter"`
			ToOrganisation string `json:"to_organisation"`
		} `json:"referrals"`
	}
	h.call("POST", "/api/v1/trajectories", supporter, map[string]any{"client_label": "FY-031", "started_on": "2026-02-16",
		"life_domains": []string{"income", "housing"}}).ok(t, http.StatusCreated, &tr)
	if tr.SupporterID != own || tr.ClientLabel != "FY-031" {
		t.Fatalf("started %+v", tr)
	}
	base := fmt.Sprintf("/api/v1/trajectories/%d", tr.ID)
	h.call("POST", base+"/issues", supporter, map[string]any{"topic": "debts", "noted_on": "2026-02-16"}).want(t, http.StatusCreated)
	for _, a := range []map[string]any{{"on_date": "2026-02-16", "channel": "walk_in", "minutes": 60},
		{"on_date": "2026-02-20", "channel": "desk", "minutes": 30}, {"on_date": "2026-02-18", "channel": "whatsapp", "minutes": 10}} {
		h.call("POST", base+"/activities", supporter, a).want(t, http.StatusCreated)
	}
	h.call("POST", base+"/referrals", supporter, map[string]any{"on_date": "2026-02-20", "to_supporter_id": other, "topic": "debts"}).want(t, http.StatusCreated)
	h.call("POST", base+"/referrals", supporter, map[string]any{"on_date": "2026-02-21", "to_organisation": "Juridisch Loket"}).
		ok(t, http.StatusCreated, &tr)
	if tr.Minutes != 100 || tr.LastContactOn != "2026-02-18" || len(tr.Referrals) != 2 || tr.Referrals[0].ToSupporter != "Sociaal Raadslieden" {
		t.Fatalf("after the records: %+v", tr)
	}
	h.call("DELETE", fmt.Sprintf("%s/activities/%d", base, tr.Activities[0].ID), supporter, nil).ok(t, http.StatusOK, &tr)
	if tr.Minutes != 40 {
		t.Errorf("after removing the walk-in hour: %d minutes", tr.Minutes)
	}

	for _, c := range []struct {
		path   string
		body   map[string]any
		fields []string
	}{
		{"/api/v1/trajectories", map[string]any{"client_label": "j.jansen@mail.example", "started_on": "2026-03-04"}, []string{"client_label", "started_on"}},
		{"/api/v1/trajectories", map[string]any{"client_label": "06 1234 5678", "started_on": "2026-03-01"}, []string{"client_label"}},
		{base + "/issues", map[string]any{"topic": "geld", "noted_on": "2026-02-15"}, []string{"topic", "noted_on"}},
		{base + "/activities", map[string]any{"on_date": "2026-03-03", "channel": "fax", "minutes": 721}, []string{"channel", "minutes"}},
		{base + "/referrals", map[string]any{"on_date": "2026-03-03", "to_supporter_id": own}, []string{"to_supporter_id"}},
		{base + "/referrals", map[string]any{"on_date": "2026-03-03"}, []string{"to_supporter_id"}},
		{base + "/close", map[string]any{"ended_on": "2026-02-20", "outcome": "resolved"}, []string{"ended_on"}},
	} {
		h.refused(request{method: "POST", path: c.path, as: supporter, body: c.body}, http.StatusUnprocessableEntity, "validation_failed", c.fields...)
	}

	h.call("POST", base+"/close", supporter, map[string]any{"ended_on": "2026-03-02", "outcome": "referred"}).ok(t, http.StatusOK, &tr)
	if tr.EndedOn != "2026-03-02" || tr.Outcome != "referred" {
		t.Fatalf("closed %+v", tr)
	}
	h.call("POST", base+"/issues", supporter, map[string]any{"topic": "debts", "noted_on": "2026-03-03"}).problem(t, http.StatusConflict, "invalid_transition")
	var list struct {
		Trajectories []struct {
			ID      int64 `json:"id"`
			Minutes int   `json:"minutes"`
		} `json:"trajectories"`
	}
	h.call("GET", "/api/v1/trajectories?status=closed", supporter, nil).ok(t, http.StatusOK, &list)
	if len(list.Trajectories) != 1 || list.Trajectories[0].Minutes != 40 {
		t.Errorf("closed list %+v", list)
	}
	h.call("GET", "/api/v1/trajectories?status=gesloten", supporter, nil).problem(t, http.StatusUnprocessableEntity, "validation_failed")
	tr.EndedOn, tr.Outcome = "", "" // decoding leaves absent fields as they were
	h.call("POST", base+"/reopen", supporter, nil).ok(t, http.StatusOK, &tr)
	if tr.EndedOn != "" || tr.Outcome != "" {
		t.Errorf("reopened %+v", tr)
	}
	if body := string(h.call("GET", base, supporter, nil).want(t, http.StatusOK).body); strings.Contains(body, "ended_on") {
		t.Errorf("a reopened trajectory has an end: %s", body)
	}
}

// TestTrajectoriesOfAnotherMemberAreNotFound: a supporter account of another member of the pool
// finds none of the first member's trajectories, by the API or the pages, and changes nothing; an
// account that belongs to no member is refused.
func TestTrajectoriesOfAnotherMemberAreNotFound(t *testing.T) {
	h := newHarness(t)
	first, second := h.pooled("Cliëntenbelang Haarlem"), h.pooled("MEE & De Wering")
	tr := h.tracked(first, false)
	h.linkSupporter(second)
	before := h.fingerprint()
	id := tr.ID
	for _, r := range []request{
		{method: "GET", path: fmt.Sprintf("/api/v1/trajectories/%d", id)},
		{method: "PUT", path: fmt.Sprintf("/api/v1/trajectories/%d", id), body: map[string]any{"client_label": "X"}},
		{method: "POST", path: fmt.Sprintf("/api/v1/trajectories/%d/issues", id), body: map[string]any{"topic": "debts", "noted_on": "2026-03-01"}},
		{method: "POST", path: fmt.Sprintf("/api/v1/trajectories/%d/activities", id), body: map[string]any{"on_date": "2026-03-01", "channel": "phone", "minutes": 5}},
		{method: "POST", path: fmt.Sprintf("/api/v1/trajectories/%d/referrals", id), body: map[string]any{"on_date": "2026-03-01", "to_organisation": "X"}},
		{method: "DELETE", path: fmt.Sprintf("/api/v1/trajectories/%d/issues/%d", id, tr.Issues[0].ID)},
		{method: "POST", path: fmt.Sprintf("/api/v1/trajectories/%d/close", id), body: map[string]any{"ended_on": "2026-03-01", "outcome": "resolved"}},
		{method: "POST", path: fmt.Sprintf("/api/v1/trajectories/%d/reopen", id)},
	} {
		r.as = supporter
		h.refused(r, http.StatusNotFound, "not_found")
	}
	for _, p := range []string{"", "/kwesties", "/contacten", "/afsluiten"} {
		path := fmt.Sprintf("/ondersteuner/trajecten/%d%s", id, p)
		method, form := "POST", url.Values{"topic": {"debts"}, "noted_on": {"2026-03-01"}, "on_date": {"2026-03-01"}, "channel": {"phone"},
			"minutes": {"5"}, "ended_on": {"2026-03-01"}, "outcome": {"resolved"}, "client_label": {"X"}}
		if p == "" {
			if pg := h.pageAs("GET", path, supporter, nil); pg.status != http.StatusNotFound || strings.Contains(pg.body, "MdV") {
				t.Errorf("GET %s: %d", path, pg.status)
			}
		}
		if pg := h.pageAs(method, path, supporter, form); pg.status != http.StatusNotFound {
			t.Errorf("POST %s: %d", path, pg.status)
		}
	}
	var list struct {
		Trajectories []any `json:"trajectories"`
	}
	h.call("GET", "/api/v1/trajectories", supporter, nil).ok(t, http.StatusOK, &list)
	if len(list.Trajectories) != 0 {
		t.Errorf("the other member lists %d trajectories", len(list.Trajectories))
	}
	if pg := h.pageAs("GET", "/ondersteuner/trajecten", supporter, nil); pg.status != http.StatusOK || strings.Contains(pg.body, "MdV") {
		t.Errorf("the other member's list page shows the trajectory: %d", pg.status)
	}
	if after := h.fingerprint(); after != before {
		t.Errorf("refused requests changed the database:\n before %s\n after  %s", before, after)
	}
	if _, err := h.db.Exec(`UPDATE users SET supporter_id = NULL WHERE id = $1`, h.w.users[supporter].ID); err != nil {
		t.Fatal(err)
	}
	h.call("GET", "/api/v1/trajectories", supporter, nil).problem(t, http.StatusForbidden, "forbidden")
}
