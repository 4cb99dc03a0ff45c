package web_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
)

// TestTrajectoryPagesReferredBy: the form to start a trajectory asks which other member of the
// pool referred the client (not the supporter's own), a referral from oneself is refused on the
// field, and a referral from another member is kept with the trajectory.
func TestTrajectoryPagesReferredBy(t *testing.T) {
	h := newHarness(t)
	own, other := h.pooled("Cliëntenbelang Haarlem"), h.pooled("Sociaal Raadslieden")
	h.linkSupporter(own)
	p := h.pageAs("GET", "/ondersteuner/trajecten", supporter, nil)
	if !strings.Contains(p.body, `name="referred_by_id"`) || !strings.Contains(p.body, `value="`+strconv.FormatInt(other, 10)+`"`) ||
		strings.Contains(p.body, `<option value="`+strconv.FormatInt(own, 10)+`"`) {
		t.Fatalf("the start form's referrer: %s", p)
	}
	if en := h.pageAs("GET", "/ondersteuner/trajecten?lang=en", supporter, nil); !strings.Contains(en.body, "Referred by a supporter of the pool") {
		t.Errorf("English start form: %s", en)
	}
	p = h.pageAs("POST", "/ondersteuner/trajecten", supporter, url.Values{"client_label": {"PdB-12"}, "started_on": {"2026-02-09"},
		"referred_by_id": {strconv.FormatInt(own, 10)}})
	if p.status != http.StatusUnprocessableEntity || !strings.Contains(p.body, `<a href="#referred_by_id">Een cliënt kan niet door uzelf verwezen zijn.`) {
		t.Fatalf("referred by oneself: %s", p)
	}
	p = h.pageAs("POST", "/ondersteuner/trajecten", supporter, url.Values{"client_label": {"PdB-12"}, "started_on": {"2026-02-09"},
		"referred_by_id": {strconv.FormatInt(other, 10)}})
	if p.status != http.StatusSeeOther {
		t.Fatalf("referred by another member: %s", p)
	}
	var by int64
	if err := h.db.Get(&by, `SELECT referred_by_id FROM trajectories WHERE client_label = 'PdB-12'`); err != nil || by != other {
		t.Fatalf("referred_by_id %d %v", by, err)
	}
}

// TestSuspendedMemberAccountSeesNothing: once the admin suspends a member of the pool, its
// signed-in account (the same session, the API and the pages) acts for nobody: GET /me shows no
// supporter_id, the client's case is not found, the case list and the requests are refused or
// empty, and the start page says why.
func TestSuspendedMemberAccountSeesNothing(t *testing.T) {
	h := newHarness(t)
	mine := h.pooledReachable("Cliëntenbelang Haarlem")
	h.linkSupporter(mine)
	client := h.fileChoosing(mine, h.orgA)
	h.call("GET", "/api/v1/complaints/"+client.Reference, supporter, nil).want(t, http.StatusOK)
	h.call("POST", "/api/v1/supporters/"+strconv.FormatInt(mine, 10)+"/suspend", admin,
		map[string]any{"reason": "Levert nu ook zorg"}).want(t, http.StatusOK)

	h.call("GET", "/api/v1/complaints/"+client.Reference, supporter, nil).problem(t, http.StatusNotFound, "not_found")
	var list struct{ Complaints []struct{ Reference string } }
	h.call("GET", "/api/v1/complaints", supporter, nil).ok(t, http.StatusOK, &list)
	if len(list.Complaints) != 0 {
		t.Fatalf("a suspended member's account lists %+v", list.Complaints)
	}
	h.call("GET", "/api/v1/support-requests", supporter, nil).problem(t, http.StatusForbidden, "forbidden")
	var me struct {
		SupporterID *int64 `json:"supporter_id"`
	}
	h.call("GET", "/api/v1/me", supporter, nil).ok(t, http.StatusOK, &me)
	if me.SupporterID != nil {
		t.Fatalf("GET /me of a suspended member's account shows supporter_id %d", *me.SupporterID)
	}
	p := h.pageAs("GET", "/ondersteuner", supporter, nil)
	if p.status != http.StatusOK || !strings.Contains(p.body, `id="geen-lid"`) || strings.Contains(p.body, client.Reference) {
		t.Fatalf("the start page of a suspended member's account: %s", p)
	}
	if p = h.pageAs("GET", "/ondersteuner/zaak/"+client.Reference, supporter, nil); p.status != http.StatusNotFound {
		t.Fatalf("the client's case page: %d", p.status)
	}
}
