package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"meldpunt/internal/casework"
	"meldpunt/internal/postgres"
)

// Support requests (issue 12, point 3): the API and the pages of the resident, the supporter and
// staff.

// requestOutcome: the supporter's own routes; staff and admin only read (the worklist).
var (
	requestReaders = func(staffS, supS int) outcome { return outcome{401, staffS, staffS, 403, 403, 403, supS} }
	supporterAPI   = func(s int) outcome { return outcome{401, 403, 403, 403, 403, 403, s} }
	supporterPage  = func(s int) outcome { return outcome{303, 403, 403, 403, 403, 403, s} }
)

// requestMatrix holds the authorisation rows of support requests (see matrixRows). The public posts
// are sent incomplete (422: nothing stored); the supporter's decisions act on a fresh request to the
// member of the pool the supporter's account belongs to, a decline and a referral without a reason
// (422). Staff get 404 for a request that is not on the worklist.
var requestMatrix = []matrixRow{
	{"POST", "/api/v1/support-requests", everyone(422), fixed("/api/v1/support-requests", map[string]any{"name": "Jan"}), false},
	{"POST", "/api/v1/support-requests/lookup", everyone(422), fixed("/api/v1/support-requests/lookup", map[string]any{}), false},
	{"POST", "/api/v1/support-requests/choose", everyone(422), fixed("/api/v1/support-requests/choose", map[string]any{}), false},
	{"GET", "/api/v1/support-requests", requestReaders(200, 200), onOwnRequests(""), false},
	{"GET", "/api/v1/support-requests/:id", requestReaders(404, 200), onFreshRequest("", nil), false},
	{"POST", "/api/v1/support-requests/:id/accept", supporterAPI(200), onFreshRequest("/accept", nil), false},
	{"POST", "/api/v1/support-requests/:id/decline", supporterAPI(422), onFreshRequest("/decline", map[string]any{}), false},
	{"POST", "/api/v1/support-requests/:id/refer", supporterAPI(422), onFreshRequest("/refer", map[string]any{"reason": "Beter daar."}), false},

	{"GET", "/ondersteuning/:id/vraag", everyone(200), onPooledForm(), false},
	{"POST", "/ondersteuning/:id/vraag", everyone(422), onPooledForm(), false},
	{"GET", "/hulpvraag", everyone(200), fixed("/hulpvraag?lang=en", nil), false},
	{"POST", "/hulpvraag", everyone(422), fixed("/hulpvraag", url.Values{}), false},
	{"POST", "/hulpvraag/keuze", everyone(422), fixed("/hulpvraag/keuze", url.Values{}), false},
	{"GET", "/ondersteuner/verzoeken", supporterPage(200), onOwnRequests("page"), false},
	{"GET", "/ondersteuner/verzoeken/:id", supporterPage(200), onFreshRequestPage("", nil), false},
	{"POST", "/ondersteuner/verzoeken/:id/aanvaarden", supporterPage(303), onFreshRequestPage("/aanvaarden", url.Values{}), false},
	{"POST", "/ondersteuner/verzoeken/:id/afwijzen", supporterPage(422), onFreshRequestPage("/afwijzen", url.Values{}), false},
	{"POST", "/ondersteuner/verzoeken/:id/doorverwijzen", supporterPage(422), onFreshRequestPage("/doorverwijzen", url.Values{}), false},
	{"GET", "/werk/hulpvraag/:id", officeStaff(404), onFreshRequestPage("/werk", nil), false},
}

// linkSupporter makes the harness's supporter account belong to the shared member of the pool.
func (h *harness) linkSupporter(pooled int64) {
	h.t.Helper()
	if err := h.store.LinkSupporterUser(context.Background(), h.w.users[supporter].ID, pooled); err != nil {
		h.t.Fatal(err)
	}
}

// askPooled sends a support request to the member of the pool id through the store (no limit) and
// returns its receipt and id.
func (h *harness) askPooled(id int64, mutate ...func(*casework.SupportRequestInput)) (casework.SupportRequestReceipt, int64) {
	h.t.Helper()
	in := casework.SupportRequestInput{SupporterID: id, Name: piiName, Phone: piiPhone, Email: piiEmail,
		Channel: casework.SupportPhone, Language: "ar", Question: "Ik wil hulp bij mijn aanvraag voor huishoudelijke hulp.",
		LifeDomains: []casework.LifeDomain{casework.DomainCare}}
	for _, m := range mutate {
		m(&in)
	}
	rec, err := h.store.AskSupport(context.Background(), in, postgres.IntakeLimit{})
	if err != nil {
		h.t.Fatal(err)
	}
	var rid int64
	if err := h.db.Get(&rid, `SELECT id FROM support_requests WHERE reference = $1 AND status <> 'transferred'`, rec.Reference); err != nil {
		h.t.Fatal(err)
	}
	return rec, rid
}

func onOwnRequests(kind string) cell {
	return func(h *harness, s *matrixShared, _ role) (string, any) {
		h.linkSupporter(s.pooled)
		if kind == "page" {
			return "/ondersteuner/verzoeken", nil
		}
		return "/api/v1/support-requests", nil
	}
}

func onFreshRequest(action string, body any) cell {
	return func(h *harness, s *matrixShared, _ role) (string, any) {
		h.linkSupporter(s.pooled)
		_, id := h.askPooled(s.pooled)
		return fmt.Sprintf("/api/v1/support-requests/%d%s", id, action), body
	}
}

func onFreshRequestPage(action string, form url.Values) cell {
	return func(h *harness, s *matrixShared, _ role) (string, any) {
		h.linkSupporter(s.pooled)
		_, id := h.askPooled(s.pooled)
		if action == "/werk" {
			return fmt.Sprintf("/werk/hulpvraag/%d", id), nil
		}
		return fmt.Sprintf("/ondersteuner/verzoeken/%d%s", id, action), form
	}
}

func onPooledForm() cell {
	return func(_ *harness, s *matrixShared, _ role) (string, any) {
		return fmt.Sprintf("/ondersteuning/%d/vraag", s.pooled), url.Values{}
	}
}

// requestBody is a good support request to the member of the pool id (phone, walk-in).
func requestBody(id int64) map[string]any {
	return map[string]any{"supporter_id": id, "name": "Fatima el Amrani", "email": "fatima@bewoner.example",
		"phone": "06 1111 2222", "channel": "phone", "language": "ar", "question": "Ik heb hulp nodig bij mijn bijstand.",
		"life_domains": []string{"income"}}
}

type requestReceiptJSON struct {
	Reference     string `json:"reference"`
	Code          string `json:"code"`
	Status        string `json:"status"`
	SupporterName string `json:"supporter_name"`
	PickupLastDay string `json:"pickup_last_day"`
}

type residentRequestJSON struct {
	Reference      string   `json:"reference"`
	Status         string   `json:"status"`
	SupporterName  string   `json:"supporter_name"`
	ReferredToName string   `json:"referred_to_name"`
	Reason         string   `json:"reason"`
	Steps          []string `json:"steps"`
	History        []struct {
		Kind string `json:"kind"`
	} `json:"history"`
}

type supportRequestJSON struct {
	ID           int64    `json:"id"`
	Reference    string   `json:"reference"`
	Status       string   `json:"status"`
	Name         string   `json:"name"`
	Question     string   `json:"question"`
	CallResident bool     `json:"call_resident"`
	Steps        []string `json:"steps"`
}

// TestSupportRequestAPI: a resident asks (201, reference and code), a refused request is 422 with
// the fields, an inactive supporter 422; the resident looks the request up (404 for a wrong code);
// the supporter lists and decides on its own requests (another supporter's is 404, a supporter
// account of no member 403); the resident chooses on a referral; staff see the list without
// contact details and a request on the worklist only, the look recorded.
func TestSupportRequestAPI(t *testing.T) {
	h := newHarness(t)
	pooled := h.pooled("Cliëntenbelang Haarlem")
	other := h.pooled("Sociaal Raadslieden")

	// A supporter account that belongs to no member of the pool lists nothing.
	h.call("GET", "/api/v1/support-requests", supporter, nil).problem(t, http.StatusForbidden, "forbidden")

	var rec requestReceiptJSON
	h.call("POST", "/api/v1/support-requests", anon, requestBody(pooled)).ok(t, http.StatusCreated, &rec)
	if rec.Reference == "" || rec.Code == "" || rec.Status != "pending" || rec.SupporterName != "Cliëntenbelang Haarlem" ||
		rec.PickupLastDay == "" {
		t.Fatalf("receipt %+v", rec)
	}
	bad := requestBody(pooled)
	bad["channel"], bad["email"], bad["phone"] = "email", "", ""
	h.refused(request{method: "POST", path: "/api/v1/support-requests", body: bad}, http.StatusUnprocessableEntity,
		"validation_failed", "email", "channel")
	long := requestBody(pooled)
	long["question"] = strings.Repeat("x", casework.MaxQuestion+1)
	h.refused(request{method: "POST", path: "/api/v1/support-requests", body: long}, http.StatusUnprocessableEntity,
		"validation_failed", "question")
	h.call("POST", "/api/v1/supporters/"+fmt.Sprint(other)+"/suspend", admin, map[string]any{"reason": "Tijdelijk gesloten."}).want(t, http.StatusOK)
	h.refused(request{method: "POST", path: "/api/v1/support-requests", body: requestBody(other)}, http.StatusUnprocessableEntity,
		"validation_failed", "supporter_id")
	h.call("POST", "/api/v1/supporters/"+fmt.Sprint(other)+"/reinstate", admin, map[string]any{"reason": "Weer open."}).want(t, http.StatusOK)

	var view residentRequestJSON
	h.call("POST", "/api/v1/support-requests/lookup", anon, map[string]any{"reference": rec.Reference, "code": rec.Code}).ok(t, http.StatusOK, &view)
	if view.Status != "pending" || view.SupporterName != "Cliëntenbelang Haarlem" {
		t.Errorf("resident's view %+v", view)
	}
	h.call("POST", "/api/v1/support-requests/lookup", anon, map[string]any{"reference": rec.Reference, "code": "WRONG-CODE"}).
		problem(t, http.StatusNotFound, "not_found")

	// The supporter's own list; the other supporter's account sees nothing of it.
	h.linkSupporter(pooled)
	var list struct {
		SupportRequests []supportRequestJSON `json:"support_requests"`
	}
	h.call("GET", "/api/v1/support-requests", supporter, nil).ok(t, http.StatusOK, &list)
	if len(list.SupportRequests) != 1 || list.SupportRequests[0].Name != "Fatima el Amrani" || list.SupportRequests[0].Question == "" {
		t.Fatalf("supporter's list %+v", list)
	}
	id := list.SupportRequests[0].ID
	_, otherID := h.askPooled(other)
	h.call("GET", fmt.Sprintf("/api/v1/support-requests/%d", otherID), supporter, nil).problem(t, http.StatusNotFound, "not_found")
	h.call("POST", fmt.Sprintf("/api/v1/support-requests/%d/accept", otherID), supporter, nil).problem(t, http.StatusNotFound, "not_found")

	// Staff: every request, without contact details or questions; a request not on the worklist is 404.
	res := h.call("GET", "/api/v1/support-requests", staff, nil).want(t, http.StatusOK)
	if strings.Contains(string(res.body), "Fatima") || strings.Contains(string(res.body), "bijstand") || !strings.Contains(string(res.body), rec.Reference) {
		t.Errorf("staff's list shows too much or too little: %s", res.body)
	}
	h.call("GET", fmt.Sprintf("/api/v1/support-requests/%d", id), staff, nil).problem(t, http.StatusNotFound, "not_found")
	h.call("GET", "/api/v1/support-requests", orgA, nil).problem(t, http.StatusForbidden, "forbidden")

	// Refer, then the resident chooses to go on with the other supporter.
	h.call("POST", fmt.Sprintf("/api/v1/support-requests/%d/refer", id), supporter, map[string]any{"referred_to": pooled, "reason": "Zelf."}).
		refusedFields(t, "referred_to")
	var decided supportRequestJSON
	h.call("POST", fmt.Sprintf("/api/v1/support-requests/%d/refer", id), supporter,
		map[string]any{"referred_to": other, "reason": "De Sociaal Raadslieden weten meer van de bijstand."}).ok(t, http.StatusOK, &decided)
	if decided.Status != "referred" || len(decided.Steps) != 0 {
		t.Errorf("referred %+v", decided)
	}
	h.call("POST", fmt.Sprintf("/api/v1/support-requests/%d/accept", id), supporter, nil).problem(t, http.StatusConflict, "invalid_transition")
	h.call("POST", "/api/v1/support-requests/choose", anon, map[string]any{"reference": rec.Reference, "code": rec.Code, "step": "take_referral"}).
		ok(t, http.StatusOK, &view)
	if view.Status != "pending" || view.SupporterName != "Sociaal Raadslieden" || len(view.History) != 4 {
		t.Errorf("after taking the referral %+v", view)
	}
	h.call("POST", "/api/v1/support-requests/choose", anon, map[string]any{"reference": rec.Reference, "code": rec.Code, "step": "keep"}).
		problem(t, http.StatusConflict, "invalid_transition")

	// Two working days later nobody picked it up: on the worklist and in the watch; staff see it (recorded).
	h.clock.Advance(6 * 24 * time.Hour)
	var watch struct {
		SupportRequests []struct {
			ID        int64  `json:"id"`
			Reference string `json:"reference"`
			Overdue   bool   `json:"overdue"`
		} `json:"support_requests"`
	}
	h.call("GET", "/api/v1/watch", staff, nil).ok(t, http.StatusOK, &watch)
	found := int64(0)
	for _, w := range watch.SupportRequests {
		if w.Reference == rec.Reference && w.Overdue {
			found = w.ID
		}
	}
	if found == 0 {
		t.Fatalf("watch %+v", watch)
	}
	res = h.call("GET", fmt.Sprintf("/api/v1/support-requests/%d", found), staff, nil).want(t, http.StatusOK)
	if !strings.Contains(string(res.body), "06 1111 2222") || strings.Contains(string(res.body), "bijstand") {
		t.Errorf("staff's view of an overdue request: %s", res.body)
	}
	if n := h.count(`SELECT count(*) FROM support_request_events WHERE kind = 'viewed_by_staff' AND actor_id = $1`, h.w.users[staff].ID); n != 1 {
		t.Errorf("%d recorded looks", n)
	}
}

// refusedFields checks a 422 naming field.
func (r *response) refusedFields(t *testing.T, field string) {
	t.Helper()
	p := r.problem(t, http.StatusUnprocessableEntity, "validation_failed")
	for _, f := range p.Errors {
		if f.Field == field {
			return
		}
	}
	t.Errorf("422 without field %s: %+v", field, p)
}

// TestSupportRequestAPIIntakeLimit: the intake limit per source address holds for requests: 429
// with Retry-After, nothing stored.
func TestSupportRequestAPIIntakeLimit(t *testing.T) {
	cfg := testConfig
	cfg.IntakeLimit, cfg.IntakeWindow = 2, time.Hour
	h := newHarnessWith(t, cfg)
	pooled := h.pooled("Cliëntenbelang Haarlem")
	for range 2 {
		h.call("POST", "/api/v1/support-requests", anon, requestBody(pooled)).want(t, http.StatusCreated)
	}
	over := h.call("POST", "/api/v1/support-requests", anon, requestBody(pooled))
	over.problem(t, http.StatusTooManyRequests, "rate_limited")
	if over.header.Get("Retry-After") == "" {
		t.Error("no Retry-After")
	}
	if n := h.count(`SELECT count(*) FROM support_requests`); n != 2 {
		t.Errorf("%d requests stored", n)
	}
	// The page too: 429 with Retry-After, everything typed kept, nothing stored.
	f := h.requestForm(t)
	f.Set("question", "Mijn vraag over de bijstand, met alles wat ik typte.")
	page := h.postForm(fmt.Sprintf("/ondersteuning/%d/vraag", pooled), f, nil)
	wantPage(t, page, http.StatusTooManyRequests, "nl")
	if page.header.Get("Retry-After") == "" || !strings.Contains(page.body, "met alles wat ik typte") ||
		!strings.Contains(page.body, "Probeer het over 60 minuten opnieuw") {
		t.Errorf("the page over the limit: %s", page)
	}
	if n := h.count(`SELECT count(*) FROM support_requests`); n != 2 {
		t.Errorf("%d requests stored", n)
	}
	// Complaints are counted apart.
	h.call("POST", "/api/v1/complaints", anon, intakeBody(h.orgA)).want(t, http.StatusCreated)
}

// requestForm is a filled-in request form with a genuine timestamp from a minute ago.
func (h *harness) requestForm(t *testing.T) url.Values {
	t.Helper()
	key, err := h.store.FormKey(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return url.Values{"name": {"Fatima el Amrani"}, "phone": {"06 1111 2222"}, "channel": {"phone"}, "language": {"ar"},
		"question": {"Ik heb hulp nodig bij mijn bijstand."}, "life_domains": {"income", "care"},
		"form_token": {forgeFormToken(key, h.store.Now().Add(-time.Minute))}}
}

// TestSupportRequestPages: the directory links each entry to its form; the form in Dutch and
// English, refused with the errors linked and everything typed kept, a bot's post not stored; the
// confirmation shows reference and code (not in the URL); the resident's page finds the request
// with both (posted) and offers the choice on a referral; the supporter's pages list and decide,
// and tell to phone a resident without e-mail; the worklist shows an overdue request, which staff
// open (recorded).
func TestSupportRequestPages(t *testing.T) {
	h := newHarness(t)
	pooled := h.pooled("Cliëntenbelang Haarlem")
	other := h.pooled("Sociaal Raadslieden")
	dir := h.getPage("/ondersteuning")
	if !strings.Contains(dir.body, fmt.Sprintf(`href="/ondersteuning/%d/vraag"`, pooled)) || !strings.Contains(dir.body, "Vraag hulp aan Cliëntenbelang Haarlem") {
		t.Fatalf("no link to the form in the directory")
	}
	path := fmt.Sprintf("/ondersteuning/%d/vraag", pooled)
	form := h.getPage(path)
	wantPage(t, form, http.StatusOK, "nl")
	for _, want := range []string{`name="website"`, `name="form_token"`, `id="channel" name="channel" value="phone"`,
		`id="language-nl" name="language" value="nl" checked`, `<label for="question">`} {
		if !strings.Contains(form.body, want) {
			t.Errorf("form lacks %s", want)
		}
	}
	if strings.Contains(form.body, `value="whatsapp"`) {
		t.Error("the form offers a channel the supporter does not")
	}
	wantPage(t, h.getPage(path+"?lang=en"), http.StatusOK, "en")
	h.pageAs("GET", fmt.Sprintf("/ondersteuning/%d/vraag", 999999), anon, nil)
	if p := h.getPage("/ondersteuning/999999/vraag"); p.status != http.StatusNotFound {
		t.Errorf("unknown supporter: %d", p.status)
	}

	// Refused: the errors linked, everything typed kept.
	f := h.requestForm(t)
	f.Set("phone", "")
	f.Set("question", "Mijn vraag over de bijstand, met alles wat ik typte.")
	back := h.postForm(path, f, nil)
	wantPage(t, back, http.StatusUnprocessableEntity, "nl")
	wantErrors(t, back, "email", "phone")
	if !strings.Contains(back.body, "met alles wat ik typte") {
		t.Error("the form lost the question")
	}
	// A bot (honeypot) is not stored.
	f = h.requestForm(t)
	f.Set("website", "http://spam.example")
	if p := h.postForm(path, f, nil); p.status != http.StatusUnprocessableEntity || h.count(`SELECT count(*) FROM support_requests`) != 0 {
		t.Fatalf("a bot's post: %d", p.status)
	}

	// Sent back faster than a person fills it in: not stored either.
	f = h.requestForm(t)
	key, err := h.store.FormKey(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	f.Set("form_token", forgeFormToken(key, h.store.Now()))
	if p := h.postForm(path, f, nil); p.status != http.StatusUnprocessableEntity || h.count(`SELECT count(*) FROM support_requests`) != 0 {
		t.Fatalf("a post at once: %d", p.status)
	}

	done := h.postForm(path, h.requestForm(t), nil)
	if done.status != http.StatusOK {
		t.Log(h.logs.String())
	}
	wantPage(t, done, http.StatusOK, "nl")
	var ref, code string
	if err := h.db.Get(&ref, `SELECT reference FROM support_requests`); err != nil {
		t.Fatal(err)
	}
	if i := strings.Index(done.body, `<p id="volgcode" class="code">`); i >= 0 {
		code, _, _ = strings.Cut(done.body[i+len(`<p id="volgcode" class="code">`):], "<")
	}
	if !strings.Contains(done.body, ref) || code == "" {
		t.Fatalf("confirmation without reference or code: %s", done)
	}

	// The resident's page.
	wantPage(t, h.getPage("/hulpvraag"), http.StatusOK, "nl")
	look := h.postForm("/hulpvraag", url.Values{"reference": {ref}, "code": {code}}, nil)
	if look.status != http.StatusOK {
		t.Log(h.logs.String())
	}
	wantPage(t, look, http.StatusOK, "nl")
	if !strings.Contains(look.body, "Wacht op de ondersteuner") || !strings.Contains(look.body, `value="withdraw"`) {
		t.Errorf("resident's page: %s", look)
	}
	if p := h.postForm("/hulpvraag", url.Values{"reference": {ref}, "code": {"WRONG"}}, nil); p.status != http.StatusNotFound {
		t.Errorf("wrong code: %d", p.status)
	}
	if p := h.postForm("/hulpvraag", url.Values{}, nil); p.status != http.StatusUnprocessableEntity {
		t.Errorf("empty look-up: %d", p.status)
	} else {
		wantErrors(t, p, "reference", "code")
	}

	// The supporter's pages: a phone-only resident is to be called.
	h.linkSupporter(pooled)
	list := h.pageAs("GET", "/ondersteuner/verzoeken", supporter, nil)
	wantPage(t, list, http.StatusOK, "nl")
	var id int64
	if err := h.db.Get(&id, `SELECT id FROM support_requests`); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(list.body, fmt.Sprintf(`href="/ondersteuner/verzoeken/%d"`, id)) || !strings.Contains(list.body, `href="/ondersteuner"`) {
		t.Errorf("supporter's list: %s", list)
	}
	detail := h.pageAs("GET", fmt.Sprintf("/ondersteuner/verzoeken/%d?lang=en", id), supporter, nil)
	wantPage(t, detail, http.StatusOK, "en")
	if !strings.Contains(detail.body, "call the resident at 06 1111 2222") || !strings.Contains(detail.body, "Sociaal Raadslieden") {
		t.Errorf("detail: %s", detail)
	}
	p := h.pageAs("POST", fmt.Sprintf("/ondersteuner/verzoeken/%d/doorverwijzen", id), supporter, url.Values{"referred_to": {fmt.Sprint(other)}})
	wantPage(t, p, http.StatusUnprocessableEntity, "nl")
	wantErrors(t, p, "doorverwijzen-reden")
	p = h.pageAs("POST", fmt.Sprintf("/ondersteuner/verzoeken/%d/doorverwijzen", id), supporter,
		url.Values{"referred_to": {fmt.Sprint(other)}, "reason": {"Zij weten meer van de bijstand."}})
	if p.status != http.StatusSeeOther {
		t.Fatalf("refer: %s", p)
	}
	after := h.pageAs("GET", fmt.Sprintf("/ondersteuner/verzoeken/%d?klaar=doorverwezen", id), supporter, nil)
	if !strings.Contains(after.body, "U hebt de bewoner doorverwezen") || !strings.Contains(after.body, `id="bellen"`) {
		t.Errorf("after referring: %s", after)
	}
	// Another supporter's request is not found on the pages either.
	_, otherID := h.askPooled(other)
	if p := h.pageAs("GET", fmt.Sprintf("/ondersteuner/verzoeken/%d", otherID), supporter, nil); p.status != http.StatusNotFound {
		t.Errorf("another supporter's request: %d", p.status)
	}

	// The resident keeps the last word: the choices, then keep the first choice.
	look = h.postForm("/hulpvraag", url.Values{"reference": {ref}, "code": {code}, "lang": {"en"}}, nil)
	wantPage(t, look, http.StatusOK, "en")
	for _, want := range []string{`value="take_referral"`, `value="keep"`, `value="withdraw"`, "Zij weten meer van de bijstand.", "Go on with Sociaal Raadslieden"} {
		if !strings.Contains(look.body, want) {
			t.Errorf("referral on the resident's page lacks %q", want)
		}
	}
	kept := h.postForm("/hulpvraag/keuze", url.Values{"reference": {ref}, "code": {code}, "step": {"keep"}}, nil)
	wantPage(t, kept, http.StatusOK, "nl")
	if !strings.Contains(kept.body, "De bewoner bleef bij de eerste keuze") {
		t.Errorf("kept: %s", kept)
	}
	again := h.postForm("/hulpvraag/keuze", url.Values{"reference": {ref}, "code": {code}, "step": {"keep"}}, nil)
	if again.status != http.StatusConflict || !strings.Contains(again.body, "Uw keuze is niet verwerkt") {
		t.Errorf("keep twice: %s", again)
	}

	// Overdue: on the worklist; staff open it, recorded.
	h.clock.Advance(6 * 24 * time.Hour)
	work := h.pageAs("GET", "/werk", staff, nil)
	if !strings.Contains(work.body, fmt.Sprintf(`href="/werk/hulpvraag/%d"`, id)) {
		t.Fatalf("worklist without the overdue request: %s", work)
	}
	sp := h.pageAs("GET", fmt.Sprintf("/werk/hulpvraag/%d", id), staff, nil)
	wantPage(t, sp, http.StatusOK, "nl")
	if !strings.Contains(sp.body, "06 1111 2222") || strings.Contains(sp.body, "bijstand") {
		t.Errorf("staff's page: %s", sp)
	}
	if n := h.count(`SELECT count(*) FROM support_request_events WHERE kind = 'viewed_by_staff'`); n != 1 {
		t.Errorf("%d recorded looks", n)
	}
}
