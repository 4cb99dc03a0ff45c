package web_test

import (
	"encoding/csv"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"meldpunt/internal/casework"
)

// Tests of the access log you can read (issue 13 point 5): the reason before opening a case somebody
// else handles (API header and the case page's question), and the privacy officer's log.

// accessRows returns the access log of a case as "user:via:reason" in the order written.
func (h *harness) accessRows(ref string) []string {
	h.t.Helper()
	var rows []string
	if err := h.db.Select(&rows, `SELECT concat_ws(':', a.user_id, a.via, a.reason) FROM access_log a
		JOIN complaints c ON c.id = a.complaint_id WHERE c.reference = $1 ORDER BY a.id`, ref); err != nil {
		h.t.Fatal(err)
	}
	return rows
}

func (h *harness) openWithReason(ref string, as role, reason string) *response {
	h.t.Helper()
	return h.send(request{method: "GET", path: "/api/v1/complaints/" + ref, as: as,
		header: map[string]string{"X-Access-Reason": reason}})
}

// TestAccessReasonAPI: the admin opening a case the staff member handles is refused without
// X-Access-Reason (403 access_reason_required, saying how), let in with it and logged; not asked
// again that day, asked again the next day; the handler and a case without a handler need none.
func TestAccessReasonAPI(t *testing.T) {
	h := newHarness(t)
	ref := h.inTreatment(h.orgA)
	adminID := h.w.users[admin].ID
	before := len(h.accessRows(ref))

	p := h.call("GET", "/api/v1/complaints/"+ref, admin, nil).problem(t, http.StatusForbidden, "access_reason_required")
	if !strings.Contains(p.Detail, "X-Access-Reason") {
		t.Errorf("the refusal does not say how to give a reason: %q", p.Detail)
	}
	res := h.call("GET", "/api/v1/complaints/"+ref, admin, nil)
	if s, ok := containsAny(res.body, append(piiStrings, "Klager gehoord")...); ok {
		t.Errorf("the refusal shows %q of the case", s)
	}
	if rows := h.accessRows(ref); len(rows) != before {
		t.Errorf("a refused opening was logged: %v", rows)
	}
	// A reason that is too long or not one line is refused; nothing logged.
	h.openWithReason(ref, admin, strings.Repeat("x", casework.MaxAccessReason+1)).problem(t, http.StatusUnprocessableEntity, "validation_failed")
	if rows := h.accessRows(ref); len(rows) != before {
		t.Errorf("an opening with a bad reason was logged: %v", rows)
	}

	var c casework.Complaint
	h.openWithReason(ref, admin, "Klager belde; Sanne is met verlof.").ok(t, http.StatusOK, &c)
	if c.Complainant.Name != piiName {
		t.Errorf("the case opened with a reason has complainant %q", c.Complainant.Name)
	}
	// The rest of the day: no new reason needed.
	h.clock.Set(startTime.Add(13*time.Hour + 30*time.Minute)) // 23:30 the same day
	h.call("GET", "/api/v1/complaints/"+ref, admin, nil).want(t, http.StatusOK)
	rows := h.accessRows(ref)[before:]
	want := []string{
		fmt.Sprintf("%d:api:Klager belde; Sanne is met verlof.", adminID),
		fmt.Sprintf("%d:api:", adminID),
	}
	if strings.Join(rows, "|") != strings.Join(want, "|") {
		t.Errorf("access log %v, want %v", rows, want)
	}
	// The next day: asked again.
	h.clock.Set(startTime.Add(14 * time.Hour)) // 00:00 the next day
	h.call("GET", "/api/v1/complaints/"+ref, admin, nil).problem(t, http.StatusForbidden, "access_reason_required")
	h.openWithReason(ref, admin, "Nog een vraag van de klager.").want(t, http.StatusOK)

	// The handler needs no reason; a reason sent where none is needed is not logged as one.
	h.call("GET", "/api/v1/complaints/"+ref, staff, nil).want(t, http.StatusOK)
	h.openWithReason(ref, staff, "Eigen zaak.").want(t, http.StatusOK)
	rows = h.accessRows(ref)
	staffID := h.w.users[staff].ID
	if got := rows[len(rows)-2:]; got[0] != fmt.Sprintf("%d:api:", staffID) || got[1] != fmt.Sprintf("%d:api:", staffID) {
		t.Errorf("the handler's openings were logged as %v", got)
	}
	// A case without a handler yet (received) needs none either.
	fresh := h.file(h.orgA).Reference
	h.call("GET", "/api/v1/complaints/"+fresh, admin, nil).want(t, http.StatusOK)
	if rows := h.accessRows(fresh); len(rows) != 1 || rows[0] != fmt.Sprintf("%d:api:", adminID) {
		t.Errorf("the unassigned case's log is %v", rows)
	}
	// Acting on a case is no reading of it: a non-handler's permitted action answers with the case,
	// logged as the action's.
	h.call("POST", "/api/v1/complaints/"+ref+"/notes", admin, map[string]any{"note": "Gebeld met klager."}).want(t, http.StatusOK)
	if rows := h.accessRows(ref); rows[len(rows)-1] != fmt.Sprintf("%d:action:", adminID) {
		t.Errorf("the action's access was logged as %q", rows[len(rows)-1])
	}
}

// TestAccessReasonPage: on the case page the question comes first (no case content), an empty
// reason is asked again with an error summary, a reason leads to the case and is logged, the same
// day the case opens at once, the next day the question comes again; the handler and a case
// without a handler go straight to the case; in English too.
func TestAccessReasonPage(t *testing.T) {
	h := newHarness(t)
	ref := h.inTreatment(h.orgA)
	adminID := h.w.users[admin].ID

	for _, l := range []string{"nl", "en"} {
		path := "/werk/klacht/" + ref
		if l == "en" {
			path += "?lang=en"
		}
		p := h.pageAs("GET", path, admin, nil)
		wantOfficePage(t, p, http.StatusOK, l)
		heading := map[string]string{"nl": "Waarom opent u deze zaak?", "en": "Why do you open this case?"}[l]
		if !strings.Contains(p.body, "<h1>"+heading+"</h1>") || !strings.Contains(p.body, `action="/werk/klacht/`+ref+`/reden`) ||
			!strings.Contains(p.body, `<label for="reason">`) {
			t.Fatalf("%s: no question before the case: %s", l, p)
		}
		if s, ok := containsAny([]byte(p.body), append(piiStrings, "Klager gehoord", "vijf maanden")...); ok {
			t.Errorf("%s: the question shows %q of the case", l, s)
		}
	}
	if rows := h.accessRows(ref); len(rows) != 1 { // the take-up's action only
		t.Errorf("showing the question logged an opening: %v", rows)
	}

	// An empty reason: asked again (422) with the error linked to the field.
	p := h.pageAs("POST", "/werk/klacht/"+ref+"/reden", admin, url.Values{"reason": {"  "}})
	wantOfficePage(t, p, http.StatusUnprocessableEntity, "nl")
	wantErrors(t, p, "reason")
	p = h.pageAs("POST", "/werk/klacht/"+ref+"/reden", admin, url.Values{"reason": {strings.Repeat("lang ", 50)}, "lang": {"en"}})
	wantOfficePage(t, p, http.StatusUnprocessableEntity, "en")
	wantErrors(t, p, "reason")
	if !strings.Contains(p.body, `value="`+strings.TrimSpace(strings.Repeat("lang ", 50))) {
		t.Errorf("the reason typed is not shown again")
	}

	// A reason: on to the case (303), logged.
	p = h.pageAs("POST", "/werk/klacht/"+ref+"/reden", admin, url.Values{"reason": {"Vervanging tijdens verlof."}})
	if p.status != http.StatusSeeOther || p.header.Get("Location") != "/werk/klacht/"+ref {
		t.Fatalf("after the reason: %d to %q", p.status, p.header.Get("Location"))
	}
	p = h.pageAs("GET", "/werk/klacht/"+ref, admin, nil)
	wantOfficePage(t, p, http.StatusOK, "nl")
	if !strings.Contains(p.body, piiName) {
		t.Fatalf("after the reason the case page does not show the case: %s", p)
	}
	rows := h.accessRows(ref)[1:]
	want := []string{fmt.Sprintf("%d:page:Vervanging tijdens verlof.", adminID), fmt.Sprintf("%d:page:", adminID)}
	if strings.Join(rows, "|") != strings.Join(want, "|") {
		t.Errorf("access log %v, want %v", rows, want)
	}
	// The same day again: straight to the case.
	h.clock.Set(startTime.Add(8 * time.Hour))
	if p := h.pageAs("GET", "/werk/klacht/"+ref, admin, nil); !strings.Contains(p.body, piiName) {
		t.Errorf("the same day the question came again: %s", p)
	}
	// The next day: the question again.
	h.clock.Set(startTime.Add(24 * time.Hour))
	if p := h.pageAs("GET", "/werk/klacht/"+ref, admin, nil); strings.Contains(p.body, piiName) || !strings.Contains(p.body, "/reden") {
		t.Errorf("the next day the case opened without a reason: %s", p)
	}
	// The handler, and a case without a handler: no question.
	if p := h.pageAs("GET", "/werk/klacht/"+ref, staff, nil); !strings.Contains(p.body, piiName) {
		t.Errorf("the handler was asked why: %s", p)
	}
	fresh := h.file(h.orgA).Reference
	if p := h.pageAs("GET", "/werk/klacht/"+fresh, admin, nil); !strings.Contains(p.body, piiName) {
		t.Errorf("a case without a handler asked for a reason: %s", p)
	}
	// The handler posting the question writes nothing (no reason is needed).
	n := len(h.accessRows(ref))
	h.pageAs("POST", "/werk/klacht/"+ref+"/reden", staff, url.Values{"reason": {"Eigen zaak."}})
	if len(h.accessRows(ref)) != n {
		t.Errorf("the handler's reason was logged")
	}
}

// accessPage is the JSON of GET /api/v1/access-log.
type accessPage struct {
	Entries []casework.AccessEntry `json:"entries"`
	Total   int                    `json:"total"`
}

// TestAccessLogOrderAndFilters: the officer's list has the rows with a reason first, then the rest,
// newest first in each; filters by user and by local days; pages; reading it is an account event;
// the CSV has the same rows with a formula guarded.
func TestAccessLogOrderAndFilters(t *testing.T) {
	h := newHarness(t)
	refA := h.inTreatment(h.orgA) // 10:00, take-up: staff, action
	h.clock.Set(startTime.Add(time.Hour))
	h.openWithReason(refA, admin, "Vraag van de klager.").want(t, http.StatusOK) // 11:00 admin reason
	h.clock.Set(startTime.Add(2 * time.Hour))
	h.call("GET", "/api/v1/complaints/"+refA, staff, nil).want(t, http.StatusOK) // 12:00 staff
	h.clock.Set(startTime.Add(24 * time.Hour))                                   // the next day, 10:00
	refB := h.inTreatment(h.orgB)
	h.clock.Set(startTime.Add(25 * time.Hour))
	h.openWithReason(refB, admin, "=HYPERLINK(\"http://x\")").want(t, http.StatusOK) // 11:00 next day
	h.clock.Set(startTime.Add(26 * time.Hour))

	var all accessPage
	h.call("GET", "/api/v1/access-log", privacy, nil).ok(t, http.StatusOK, &all)
	var got []string
	for _, e := range all.Entries {
		got = append(got, fmt.Sprintf("%s %s %s %s", e.At.In(startTime.Location()).Format("02 15:04"), e.UserName, e.Reference, e.Reason))
	}
	adminName, staffN := h.w.users[admin].Name, staffName
	want := []string{
		"04 11:00 " + adminName + " " + refB + " =HYPERLINK(\"http://x\")",
		"03 11:00 " + adminName + " " + refA + " Vraag van de klager.",
		"04 10:00 " + staffN + " " + refB + " ",
		"03 12:00 " + staffN + " " + refA + " ",
		"03 10:00 " + staffN + " " + refA + " ",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") || all.Total != 5 {
		t.Fatalf("access log (total %d):\n%s\nwant:\n%s", all.Total, strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if all.Entries[0].Via != casework.AccessAPI || all.Entries[2].Via != casework.AccessAction || all.Entries[0].UserRole != casework.RoleAdmin {
		t.Errorf("how and who: %+v", all.Entries[:3])
	}

	var page accessPage
	h.call("GET", fmt.Sprintf("/api/v1/access-log?user_id=%d", h.w.users[staff].ID), admin, nil).ok(t, http.StatusOK, &page)
	if page.Total != 3 || page.Entries[0].Reference != refB {
		t.Errorf("filtered by the staff member: %+v", page)
	}
	h.call("GET", "/api/v1/access-log?from=2026-03-04&to=2026-03-04", privacy, nil).ok(t, http.StatusOK, &page)
	if page.Total != 2 || page.Entries[0].Reason == "" || page.Entries[1].Reference != refB {
		t.Errorf("the day 4 March: %+v", page)
	}
	h.call("GET", "/api/v1/access-log?to=2026-03-03", privacy, nil).ok(t, http.StatusOK, &page)
	if page.Total != 3 {
		t.Errorf("up to 3 March: %d rows", page.Total)
	}
	h.call("GET", "/api/v1/access-log?per_page=2&page=2", privacy, nil).ok(t, http.StatusOK, &page)
	if page.Total != 5 || len(page.Entries) != 2 || page.Entries[0].ID != all.Entries[2].ID {
		t.Errorf("page 2 of 2 rows: %+v", page)
	}
	for _, bad := range []string{"from=3-3-2026", "to=2026-02-30", "from=2026-03-05&to=2026-03-04", "user_id=x", "page=0", "per_page=201"} {
		h.refused(request{method: "GET", path: "/api/v1/access-log?" + bad, as: privacy}, http.StatusUnprocessableEntity, "validation_failed")
	}

	// Reading the log is an account event of the reader.
	if n := h.count(`SELECT count(*) FROM account_events WHERE action = 'access_log_read' AND actor_user_id = $1`, h.w.users[privacy].ID); n != 4 {
		t.Errorf("%d readings of the log recorded for the privacy officer", n)
	}

	// The CSV: the same rows, in the same order, the formula guarded.
	res := h.call("GET", "/api/v1/access-log.csv", privacy, nil).want(t, http.StatusOK)
	if ct := res.header.Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") {
		t.Errorf("Content-Type %q", ct)
	}
	records, err := csv.NewReader(strings.NewReader(string(res.body))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(records) != 6 || strings.Join(records[0], ",") != "at,local_time,user_id,user_name,user_role,reference,via,reason" {
		t.Fatalf("CSV: %v", records)
	}
	if records[1][5] != refB || records[1][7] != `'=HYPERLINK("http://x")` || records[1][1] != "2026-03-04 11:00:00" || records[1][6] != "api" {
		t.Errorf("CSV first row %v", records[1])
	}
	if records[5][5] != refA || records[5][7] != "" {
		t.Errorf("CSV last row %v", records[5])
	}
	res = h.call("GET", "/api/v1/access-log.csv?from=2026-03-04", admin, nil).want(t, http.StatusOK)
	if n := strings.Count(string(res.body), "\n"); n != 3 {
		t.Errorf("CSV from 4 March has %d lines: %s", n, res.body)
	}
}

// TestAccessLogPage: the officer's page in both languages with its rows (a reason first), the
// filter as radio buttons and days, paging, the CSV link, and a bad day refused with an error
// summary.
func TestAccessLogPage(t *testing.T) {
	h := newHarness(t)
	ref := h.inTreatment(h.orgA)
	h.openWithReason(ref, admin, "Vraag van de klager.").want(t, http.StatusOK)

	for _, l := range []string{"nl", "en"} {
		path := "/toegangslog"
		if l == "en" {
			path += "?lang=en"
		}
		p := h.pageAs("GET", path, privacy, nil)
		wantOfficePage(t, p, http.StatusOK, l)
		first := strings.Index(p.body, "Vraag van de klager.")
		if first < 0 || !strings.Contains(p.body, ref) || !strings.Contains(p.body, `id="gebruiker-iedereen"`) ||
			!strings.Contains(p.body, `id="van"`) || !strings.Contains(p.body, `href="/toegangslog.csv`) {
			t.Errorf("%s: %s", l, p)
		}
		if take := strings.Index(p.body, map[string]string{"nl": "na een handeling", "en": "after an action"}[l]); take < first {
			t.Errorf("%s: the row with a reason is not first", l)
		}
	}
	p := h.pageAs("GET", "/toegangslog?van=gisteren&tot=2026-03-01", privacy, nil)
	wantOfficePage(t, p, http.StatusUnprocessableEntity, "nl")
	wantErrors(t, p, "van")
	p = h.pageAs("GET", "/toegangslog?van=2026-03-04", admin, nil)
	wantOfficePage(t, p, http.StatusOK, "nl")
	if strings.Contains(p.body, ref) {
		t.Errorf("the filter from 4 March shows the row of 3 March")
	}
	res := h.send(request{method: "GET", path: fmt.Sprintf("/toegangslog.csv?gebruiker=%d", h.w.users[admin].ID), as: privacy})
	if res.status != http.StatusOK || !strings.Contains(string(res.body), "Vraag van de klager.") || strings.Count(string(res.body), "\n") != 2 {
		t.Errorf("the page's CSV: %s", res)
	}
	// The signed-in officer lands on the log and has it in the menu.
	if p := h.pageAs("GET", "/inloggen", privacy, nil); p.header.Get("Location") != "/toegangslog" {
		t.Errorf("the privacy officer's start page is %q", p.header.Get("Location"))
	}
}

// TestPrivacyOfficerSeesNoCase: the privacy officer sees the log's references, never a case's
// content, list, advice or letter; the admin creates such an account.
func TestPrivacyOfficerSeesNoCase(t *testing.T) {
	h := newHarness(t)
	ref, advs := h.advised(h.orgA)
	for _, path := range []string{"/api/v1/complaints", "/api/v1/complaints/" + ref, "/api/v1/complaints/" + ref + "/notices",
		"/api/v1/advices", fmt.Sprintf("/api/v1/advices/%d", advs[h.orgA].ID), "/api/v1/watch", "/api/v1/users",
		"/api/v1/reports/annual/2025.json", "/api/v1/support-figures?year=2026"} {
		res := h.call("GET", path, privacy, nil)
		res.problem(t, http.StatusForbidden, "forbidden")
		if s, ok := containsAny(res.body, piiStrings...); ok {
			t.Errorf("the privacy officer got %q from %s", s, path)
		}
	}
	for _, path := range []string{"/werk", "/werk/klacht/" + ref, "/organisatie", "/raad", "/gemeente", "/ondersteuner"} {
		if p := h.pageAs("GET", path, privacy, nil); p.status != http.StatusForbidden || strings.Contains(p.body, piiName) {
			t.Errorf("%s as the privacy officer: %d", path, p.status)
		}
	}
	var u casework.User
	h.call("POST", "/api/v1/users", admin, map[string]any{"email": "fg2@gemeente.example", "name": "Tweede FG",
		"role": "privacy", "password": "een lang en sterk wachtwoord voor de FG"}).ok(t, http.StatusCreated, &u)
	if u.Role != casework.RolePrivacy {
		t.Errorf("created %+v", u)
	}
	// The admin's form offers the role, named in both languages.
	for l, name := range map[string]string{"": "Functionaris gegevensbescherming (alleen het toegangslog)",
		"?lang=en": "Data protection officer (the access log only)"} {
		if p := h.pageAs("GET", "/werk/gebruikers"+l, admin, nil); !strings.Contains(p.body, `value="privacy"`) || !strings.Contains(p.body, name) {
			t.Errorf("the users page%s does not offer the privacy officer's role", l)
		}
	}
}
