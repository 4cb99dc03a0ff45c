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
