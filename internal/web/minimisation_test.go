package web_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// Minimisation checked (issue 13 point 6): for a richly filled case, every role requests every
// route that carries (part of) a case and that it may use; every JSON field path it receives is
// collected (complainant.email, advices[].text, ...) and compared with the table in README.md,
// section "Who sees what of a case", either way: a path the table does not allow is a leak, an entry
// of the table no path matches is a table that promises more than the service shows (or a case not
// rich enough to show it).

// readmeTableSection is the README's section with the table.
const readmeTableSection = "## Who sees what of a case"

// whoSeesWhat parses the table: one row per role, the role in the first cell (trimmed), the field
// paths as code spans in the last cell; a last cell without code spans ("nothing") is the empty set.
func whoSeesWhat(t *testing.T) map[string][]string {
	t.Helper()
	f, err := os.Open("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows := map[string][]string{}
	in, header := false, 0
	code := regexp.MustCompile("`([^`]+)`")
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case line == readmeTableSection:
			in = true
			continue
		case in && strings.HasPrefix(line, "## "):
			in = false
		}
		if !in || !strings.HasPrefix(line, "|") {
			continue
		}
		header++
		if header <= 2 { // the header and its separator
			continue
		}
		cells := strings.Split(strings.Trim(line, "|"), "|")
		if len(cells) < 2 {
			t.Fatalf("README table row %q: want at least two cells", line)
		}
		role := strings.TrimSpace(strings.ReplaceAll(cells[0], "*", ""))
		var fields []string
		for _, m := range code.FindAllStringSubmatch(cells[len(cells)-1], -1) {
			fields = append(fields, m[1])
		}
		if _, dup := rows[role]; dup {
			t.Fatalf("README table lists role %q twice", role)
		}
		rows[role] = fields
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(rows) == 0 {
		t.Fatalf("README.md has no table under %q", readmeTableSection)
	}
	return rows
}

// fieldPaths adds to seen every field path of a JSON document below prefix: object keys joined by
// dots, the items of an array as [] (advices[].text). Empty lists and objects add nothing.
func fieldPaths(seen map[string]bool, prefix string, v any) {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			p := k
			if prefix != "" {
				p = prefix + "." + k
			}
			fieldPaths(seen, p, e)
		}
	case []any:
		// An empty list shows nothing of a case.
		for _, e := range x {
			fieldPaths(seen, prefix+"[]", e)
		}
	default:
		if prefix != "" {
			seen[prefix] = true
		}
	}
}

// covers reports whether the table's entry covers path: the same path, or a prefix entry ending in
// ".*" (everything under it) or "[].*".
func covers(entry, path string) bool {
	if p, ok := strings.CutSuffix(entry, ".*"); ok {
		return path == p || strings.HasPrefix(path, p+".") || strings.HasPrefix(path, p+"[]")
	}
	return entry == path
}

// compareWithTable checks seen against the table's entries, either way, and reports whether they
// differ.
func compareWithTable(t *testing.T, who string, entries []string, seen map[string]bool) bool {
	t.Helper()
	differ := false
	paths := slices.Sorted(func(yield func(string) bool) {
		for p := range seen {
			if !yield(p) {
				return
			}
		}
	})
	for _, p := range paths {
		if !slices.ContainsFunc(entries, func(e string) bool { return covers(e, p) }) {
			t.Errorf("%s sees %s, which the README table does not list", who, p)
			differ = true
		}
	}
	for _, e := range entries {
		if !slices.ContainsFunc(paths, func(p string) bool { return covers(e, p) }) {
			t.Errorf("the README table lists %s for %s, which it did not see", e, who)
			differ = true
		}
	}
	return differ
}

// richCase is a case with everything filled in: contact details, a supporter of the pool acting
// with consent (and a contribution of theirs), an invitation, a postponement, hearings, a note, a
// founded ruling with a recommendation and advice to A (accepted and executed) and to B (rejected
// with reasons), and its letters written.
type richCase struct {
	r        receipt
	adviceA  int64
	adviceB  int64
	pooled   int64
	letterID int64 // a letter to the complainant
	copyID   int64 // a copy to the supporter
}

func (h *harness) richCase() richCase {
	h.t.Helper()
	var rc richCase
	rc.pooled = h.pooledReachable("Cliëntenbelang Haarlem")
	h.linkSupporter(rc.pooled)
	body := intakeBody(h.orgA, h.orgB)
	body["supporter_id"], body["supporter_consent"] = rc.pooled, true
	body["occurred_on"] = "2026-02-10"
	h.call("POST", "/api/v1/complaints", anon, body).ok(h.t, http.StatusCreated, &rc.r)
	ref := rc.r.Reference
	h.call("POST", "/api/v1/complaints/"+ref+"/take-up", staff, map[string]any{"not_involved": true}).want(h.t, http.StatusOK)
	h.call("POST", "/api/v1/complaints/"+ref+"/hearing-invitations", staff, map[string]any{"party": "complainant",
		"date": "2026-03-10", "time": "10:30", "place": "Stadhuis, kamer 1.12"}).want(h.t, http.StatusOK)
	h.call("POST", "/api/v1/complaints/"+ref+"/postpone", staff, map[string]any{"days": 14, "reason": "Stukken nog niet binnen."}).want(h.t, http.StatusOK)
	h.call("POST", "/api/v1/complaints/"+ref+"/information", supporter, map[string]any{
		"information": "Mevrouw heeft drie keer gebeld.", "documents": []string{"Brief van 3 maart"}}).want(h.t, http.StatusCreated)
	h.call("POST", "/api/v1/complaints/"+ref+"/notes", staff, map[string]any{"note": "Intern: dossier opgevraagd."}).want(h.t, http.StatusOK)
	h.hearAll(ref, h.orgA, h.orgB)
	ruling := foundedRuling(h.orgA, h.orgB)
	ruling["recommendations"] = []map[string]any{{"life_domain": "care", "text": "Leg vaste doorlooptijden vast."}}
	var c struct {
		Advices []struct {
			ID             int64 `json:"id"`
			OrganisationID int64 `json:"organisation_id"`
		} `json:"advices"`
	}
	h.call("POST", "/api/v1/complaints/"+ref+"/ruling", staff, ruling).ok(h.t, http.StatusOK, &c)
	for _, a := range c.Advices {
		if a.OrganisationID == h.orgA {
			rc.adviceA = a.ID
		} else {
			rc.adviceB = a.ID
		}
	}
	h.call("POST", fmt.Sprintf("/api/v1/advices/%d/accept", rc.adviceA), orgA, nil).want(h.t, http.StatusOK)
	h.call("POST", fmt.Sprintf("/api/v1/advices/%d/executed", rc.adviceA), orgA, map[string]string{"note": "Besluit genomen."}).want(h.t, http.StatusOK)
	h.call("POST", fmt.Sprintf("/api/v1/advices/%d/reject", rc.adviceB), orgB, map[string]string{"ground": "not_feasible",
		"reasons": "Het advies is niet uitvoerbaar binnen de huidige contractafspraken met de gemeente."}).want(h.t, http.StatusOK)
	h.deliverAll()
	rc.letterID = h.notice(ref, "acknowledgement", 0)
	if err := h.db.Get(&rc.copyID, `SELECT n.id FROM notices n JOIN complaints c ON c.id = n.complaint_id
		WHERE c.reference = $1 AND n.recipient = 'supporter' ORDER BY n.id LIMIT 1`, ref); err != nil {
		h.t.Fatalf("no copy to the supporter: %v", err)
	}
	return rc
}

// caseRoute is a route that carries (part of) a case, or figures made from cases, with the name
// its field paths start with in the README's table.
type caseRoute struct {
	name string
	req  request
}

// seeRoute requests one route as a role and adds the field paths of a 2xx JSON answer to seen,
// each prefixed with the route's name; a refusal adds nothing.
func (h *harness) seeRoute(seen map[string]bool, r caseRoute) {
	h.t.Helper()
	res := h.send(r.req)
	if res.status >= 300 || !strings.HasPrefix(res.header.Get("Content-Type"), "application/json") {
		return
	}
	var doc any
	if err := json.Unmarshal(res.body, &doc); err != nil {
		h.t.Fatalf("%s %s: %v", r.req.method, r.req.path, err)
	}
	fieldPaths(seen, r.name, doc)
}

// sortedKeys returns the keys of a set in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// TestMinimisationPerRole: every role's view of a richly filled case, field by field, against the
// README's table "Who sees what of a case".
func TestMinimisationPerRole(t *testing.T) {
	h := newHarness(t)
	rc := h.richCase()
	ref := rc.r.Reference
	lookup := map[string]string{"reference": ref, "tracking_code": rc.r.TrackingCode}
	reason := map[string]string{"X-Access-Reason": "Controle van de minimalisatie."}
	// routes are the routes that carry (part of) a case, or figures made of cases, as role as
	// requests them; a role requests them all and keeps what it is given.
	routes := func(as role) []caseRoute {
		get := func(name, path string) caseRoute { return caseRoute{name, request{method: "GET", path: path, as: as}} }
		return []caseRoute{
			get("list", "/api/v1/complaints"),
			{"complaint", request{method: "GET", path: "/api/v1/complaints/" + ref, as: as, header: reason}},
			get("notices", "/api/v1/complaints/"+ref+"/notices"),
			get("advices", "/api/v1/advices"),
			get("advice", fmt.Sprintf("/api/v1/advices/%d", rc.adviceA)),
			get("advice", fmt.Sprintf("/api/v1/advices/%d", rc.adviceB)),
			get("watch", "/api/v1/watch"),
			get("print_queue", "/api/v1/notices?status=print"),
			get("report", "/api/v1/reports/annual/2026.json"),
			get("figures", "/api/v1/support-figures?year=2026"),
			get("access_log", "/api/v1/access-log"),
			{"lookup", request{method: "POST", path: "/api/v1/complaints/lookup", as: as, body: lookup}},
		}
	}
	views := map[string]role{"staff": staff, "admin": admin, "organisation": orgA, "council": council,
		"municipality": municipality, "supporter (client's consent)": supporter, "privacy": privacy,
		"resident (tracking code)": anon}
	seen := map[string]map[string]bool{}
	for _, name := range sortedKeys(views) {
		seen[name] = map[string]bool{}
		for _, r := range routes(views[name]) {
			if r.name == "lookup" && views[name] != anon {
				continue // the look-up is the resident's, with the tracking code
			}
			h.seeRoute(seen[name], r)
		}
	}
	// The same supporter once the client ended the consent: nothing of the case any more.
	h.call("POST", "/api/v1/complaints/lookup/representation", anon, map[string]any{"reference": ref,
		"tracking_code": rc.r.TrackingCode, "end": true}).want(t, http.StatusOK)
	const noConsent = "supporter (no consent)"
	seen[noConsent] = map[string]bool{}
	for _, r := range routes(supporter) {
		if r.name != "lookup" {
			h.seeRoute(seen[noConsent], r)
		}
	}
	copyRes := h.call("GET", fmt.Sprintf("/api/v1/notices/%d/pdf", rc.copyID), supporter, nil)
	if copyRes.status != http.StatusNotFound {
		t.Errorf("after the consent ended the supporter still downloads a copy: %d", copyRes.status)
	}

	// The written table, either way.
	table := whoSeesWhat(t)
	if got, want := sortedKeys(table), sortedKeys(seen); !slices.Equal(got, want) {
		t.Fatalf("the README table has the roles %q, want one row for each of %q", got, want)
	}
	for _, name := range sortedKeys(seen) {
		if compareWithTable(t, name, table[name], seen[name]) {
			t.Logf("%s sees:\n%s", name, strings.Join(sortedKeys(seen[name]), "\n"))
		}
	}

	// And what the issue asks, whatever the table says: organisations no contact details of the
	// resident; council and municipality figures only; supporters only their consenting clients.
	for p := range seen["organisation"] {
		if strings.Contains(p, "complainant") || strings.Contains(p, "supporter") || strings.Contains(p, "email") ||
			strings.Contains(p, "phone") || strings.Contains(p, "street") || strings.Contains(p, "postcode") {
			t.Errorf("the organisation sees %s", p)
		}
	}
	for _, who := range []string{"council", "municipality"} {
		for p := range seen[who] {
			if !strings.HasPrefix(p, "report.") && !strings.HasPrefix(p, "figures.") {
				t.Errorf("the %s sees %s, which is not a figure", who, p)
			}
		}
	}
	if len(seen[noConsent]) > 0 {
		t.Errorf("a supporter without the client's consent sees %v", sortedKeys(seen[noConsent]))
	}
	if len(seen["privacy"]) == 0 || slices.ContainsFunc(sortedKeys(seen["privacy"]), func(p string) bool { return !strings.HasPrefix(p, "access_log.") }) {
		t.Errorf("the privacy officer sees %v, want the access log only", sortedKeys(seen["privacy"]))
	}
}
