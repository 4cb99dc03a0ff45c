package pages

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"meldpunt/internal/casework"
	"meldpunt/internal/postgres"
	"meldpunt/internal/web/core"
)

// The pages of support requests (issue 12, point 3), without JavaScript, Dutch and English:
//
//   - /ondersteuning/{id}/vraag: a resident asks the supporter of this directory entry to contact
//     them (the complaint form's honeypot, least fill time and intake limit); the confirmation
//     shows the reference and the secret code, never in a URL;
//   - /hulpvraag: the resident looks the request up (reference and code, posted) and, on a
//     referral, takes it, keeps the first choice or withdraws (/hulpvraag/keuze);
//   - /ondersteuner/verzoeken: a supporter's own requests, and each with accept, decline (a reason)
//     and refer (a reason and a member of the pool, those that fit the request suggested first);
//   - /werk/hulpvraag/{id}: staff see a request on the worklist to phone the resident (recorded).

// requestPages are the templates of these pages.
var requestPages = []string{"request_form", "request_done", "request_status", "supporter_requests", "supporter_request",
	"staff_request"}

// requestsView is the data of every support request page.
type requestsView struct {
	Done string
	// The form of the resident (asking, looking up) or of the supporter's decisions.
	Form                           *officeForm
	Token, Honeypot, HoneypotLabel string
	// Supporter is the directory entry asked (request_form).
	Supporter *directoryEntry
	Receipt   *casework.SupportRequestReceipt
	// The resident's request and the proof, posted again with each choice (request_status).
	Resident        *casework.ResidentRequestView
	Reference, Code string
	// The supporter's pages.
	List    []requestRow
	Detail  *casework.SupportRequest
	Decline *officeForm
	Refer   *officeForm
	// Staff.
	Staff *casework.StaffRequestView
}

// requestRow is one request in a supporter's list.
type requestRow struct {
	ID                                int64
	Reference, Name, Status, Received string
	PickupLastDay, Channel, Domains   string
	Open, Overdue                     bool
}

func (s *Server) RequestRoutes(page core.PageRouter, supporter, staff gin.HandlerFunc) {
	page("GET", "/ondersteuning/:id/vraag", s.requestFormPage)
	page("POST", "/ondersteuning/:id/vraag", s.submitRequest)
	page("GET", "/hulpvraag", s.requestLookupPage)
	page("POST", "/hulpvraag", s.requestLookup)
	page("POST", "/hulpvraag/keuze", s.requestChoice)
	page("GET", "/ondersteuner/verzoeken", supporter, s.supporterRequestsPage)
	page("GET", "/ondersteuner/verzoeken/:id", supporter, s.supporterRequestPage)
	page("POST", "/ondersteuner/verzoeken/:id/aanvaarden", supporter, s.supporterDecision(casework.StepAccept))
	page("POST", "/ondersteuner/verzoeken/:id/afwijzen", supporter, s.supporterDecision(casework.StepDecline))
	page("POST", "/ondersteuner/verzoeken/:id/doorverwijzen", supporter, s.supporterDecision(casework.StepRefer))
	page("GET", "/werk/hulpvraag/:id", staff, s.staffRequestPage)
}

// pageID reads the id of a page path; a bad one is a 404 page.
func (s *Server) pageID(c *gin.Context, l core.Lang) (int64, bool) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		s.PageError(c, l, http.StatusNotFound)
		return 0, false
	}
	return id, true
}

// requestForm builds the resident's form for supporter sup with the values typed.
func requestForm(l core.Lang, sup casework.Supporter, values url.Values) *officeForm {
	f := newOfficeForm(l, values)
	f.text("name", "name", "text", "req.f.name", "", true).Autocomplete = "name"
	f.text("email", "email", "email", "req.f.email", "req.f.email.h", false).Autocomplete = "email"
	f.text("phone", "phone", "tel", "req.f.phone", "req.f.phone.h", false).Autocomplete = "tel"
	var chans, chanLabels []string
	for _, ch := range sup.Channels {
		chans = append(chans, string(ch))
		chanLabels = append(chanLabels, l.T("req.channel."+string(ch)))
	}
	f.group("channel", "channel", "radio", "req.f.channel", "req.f.channel.h", true, chans, chanLabels, "")
	def := sup.Languages[0]
	for _, code := range sup.Languages {
		if code == l.Code() {
			def = code
		}
	}
	var langLabels []string
	for _, code := range sup.Languages {
		langLabels = append(langLabels, l.T("sup.lang."+code))
	}
	f.group("language", "language", "radio", "req.f.language", "", true, sup.Languages, langLabels, def)
	f.text("question", "question", "textarea", "req.f.question", "req.f.question.h", true)
	domains := codesOf(casework.LifeDomains)
	var domainLabels []string
	for _, d := range domains {
		domainLabels = append(domainLabels, l.T("domain."+d))
	}
	f.group("life_domains", "life_domains", "checkbox", "req.f.domains", "req.f.domains.h", false, domains, domainLabels, "")
	return f
}

// requestInput reads the resident's form.
func requestInput(id int64, v url.Values) casework.SupportRequestInput {
	in := casework.SupportRequestInput{SupporterID: id, Name: v.Get("name"), Email: v.Get("email"), Phone: v.Get("phone"),
		Channel: casework.SupportChannel(v.Get("channel")), Language: v.Get("language"), Question: v.Get("question")}
	for _, d := range v["life_domains"] {
		in.LifeDomains = append(in.LifeDomains, casework.LifeDomain(d))
	}
	return in
}

// requestMessages map the field errors of support requests (field and the start of the message) to
// their plain-language texts; other errors get the shared texts.
var requestMessages = fieldTexts{
	{"name", "is required", "req.err.name"},
	{"email", "give an e-mail address or a phone number", "req.err.reach"},
	{"email", "give your e-mail address", "req.err.email.channel"},
	{"phone", "give your phone number", "req.err.phone.channel"},
	{"phone", "only digits", "err.phone"},
	{"channel", "", "req.err.channel"},
	{"language", "", "req.err.language"},
	{"question", "is required", "req.err.question"},
	{"life_domains", "", "err.choose"},
	{"reason", "is required", "req.err.reason"},
	{"referred_to", "", "req.err.referred_to"},
	{"reference", "", "req.err.reference"},
	{"code", "", "req.err.code"},
}

// requestFormPage shows the form to ask the supporter of a directory entry for help; a supporter
// that is not in the pool (any more) is not found.
func (s *Server) requestFormPage(c *gin.Context) {
	l := core.PageLang(c)
	id, ok := s.pageID(c, l)
	if !ok {
		return
	}
	s.requestFormWith(c, l, id, http.StatusOK, nil, nil, "")
}

// requestFormWith renders the form: status 200, 422 with the field errors, or with message as the
// only problem (a post that looked like a bot's, the intake limit, the database away).
func (s *Server) requestFormWith(c *gin.Context, l core.Lang, id int64, status int, values url.Values, fe []casework.FieldError, message string) {
	sup, err := s.Store.Supporter(c.Request.Context(), id, false)
	if err != nil {
		s.PageFail(c, l, err)
		return
	}
	entry := directoryEntryOf(l, sup)
	v := &requestsView{Supporter: &entry, Form: requestForm(l, sup, values)}
	v.Token = s.PageFormToken(c.Request.Context(), values.Get(core.FormTokenField))
	v.Honeypot, v.HoneypotLabel = core.HoneypotField, l.T("complaint.honeypot")
	p := newPage(l, "req.title", "support")
	p.Title = l.F("req.title", sup.Name)
	switch {
	case message != "":
		p.HasErrors = true
		p.Problems = []problemLink{{Message: message}}
	case len(fe) > 0:
		p.HasErrors = true
		p.Problems = requestMessages.onForm(l, v.Form, fe)
	default:
		p.menuAt(fmt.Sprintf("/ondersteuning/%d/vraag", id))
	}
	p.Requests = v
	s.render(c, status, "request_form", p)
}

// submitRequest sends the resident's request. A refused form comes back with everything typed; a
// sent one answers the confirmation itself (no redirect: the code is never in a URL).
func (s *Server) submitRequest(c *gin.Context) {
	l, ok := s.readPageForm(c)
	if !ok {
		return
	}
	id, ok := s.pageID(c, l)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	c.Request.PostForm.Del(core.HoneypotField)
	values := c.Request.PostForm
	bot, err := s.LooksLikeBot(ctx, c.Request.Form)
	if err == nil && bot {
		s.requestFormWith(c, l, id, http.StatusUnprocessableEntity, values, nil, l.T("complaint.again"))
		return
	}
	if err == nil {
		var rec casework.SupportRequestReceipt
		rec, err = s.Store.AskSupport(ctx, requestInput(id, values), s.IntakeLimit(c, true))
		if err == nil {
			p := newPage(l, "req.done.title", "support")
			p.Requests = &requestsView{Receipt: &rec}
			s.render(c, http.StatusOK, "request_done", p)
			return
		}
	}
	var e *casework.Error
	switch {
	case errors.As(err, &e) && e.Code == casework.CodeValidation:
		if len(e.Fields) == 1 && e.Fields[0].Field == "supporter_id" {
			s.PageError(c, l, http.StatusNotFound) // suspended or removed meanwhile
			return
		}
		s.requestFormWith(c, l, id, http.StatusUnprocessableEntity, values, e.Fields, "")
	case errors.As(err, &e) && e.Code == casework.CodeRateLimited:
		c.Header("Retry-After", core.RetryAfter(e.RetryAfter))
		minutes := int(e.RetryAfter.Round(time.Minute) / time.Minute)
		s.requestFormWith(c, l, id, http.StatusTooManyRequests, values, nil, l.F("req.limited", max(minutes, 1)))
	default:
		if e := s.Unavailable(c, err); casework.ErrorCode(e) == core.CodeUnavailable {
			s.requestFormWith(c, l, id, http.StatusServiceUnavailable, values, nil, l.T("req.unavailable"))
			return
		}
		s.PageFail(c, l, err)
	}
}

// lookupForm is the resident's form to find their request.
func requestLookupForm(l core.Lang, values url.Values) *officeForm {
	f := newOfficeForm(l, values)
	f.text("reference", "reference", "text", "req.f.reference", "req.f.reference.h", true).Autocomplete = "off"
	f.text("code", "code", "text", "req.f.code", "req.f.code.h", true).Autocomplete = "off"
	return f
}

func (s *Server) requestLookupPage(c *gin.Context) {
	l := core.PageLang(c)
	p := newPage(l, "req.lookup.title", "support").menuAt("/hulpvraag")
	p.Requests = &requestsView{Form: requestLookupForm(l, nil)}
	s.render(c, http.StatusOK, "request_status", p)
}

// requestLookup shows the resident's request found with the posted reference and code, under the
// look-up limit of the complaint's status page.
func (s *Server) requestLookup(c *gin.Context) {
	l, ok := s.readPageForm(c)
	if !ok {
		return
	}
	s.residentRequestPage(c, l, func(ref, code string) (casework.ResidentRequestView, error) {
		return s.Store.LookupSupportRequest(c.Request.Context(), ref, code)
	})
}

// requestChoice records the resident's choice (take the referral, keep the first choice,
// withdraw) and shows the request again.
func (s *Server) requestChoice(c *gin.Context) {
	l, ok := s.readPageForm(c)
	if !ok {
		return
	}
	step := casework.RequestStep(c.Request.PostForm.Get("step"))
	s.residentRequestPage(c, l, func(ref, code string) (casework.ResidentRequestView, error) {
		return s.Store.ResidentRequestStep(c.Request.Context(), ref, code, step)
	})
}

func (s *Server) residentRequestPage(c *gin.Context, l core.Lang, do func(ref, code string) (casework.ResidentRequestView, error)) {
	values := c.Request.PostForm
	form := requestLookupForm(l, values)
	p := newPage(l, "req.lookup.title", "support")
	refused := func(status int, fields []casework.FieldError, message string) {
		p.HasErrors = true
		if message != "" {
			p.Problems = []problemLink{{Field: "reference", Message: message}}
		} else {
			p.Problems = requestMessages.onForm(l, form, fields)
		}
		p.Requests = &requestsView{Form: form}
		s.render(c, status, "request_status", p)
	}
	client := "ip:" + core.SourceKey(c.ClientIP())
	if s.Lookups.Blocked(client) {
		refused(http.StatusTooManyRequests, nil, l.T("req.lookup.limited"))
		return
	}
	ref, code := strings.TrimSpace(values.Get("reference")), strings.TrimSpace(values.Get("code"))
	var v casework.Validator
	casework.CheckText(&v, "reference", ref, true, 40)
	casework.CheckText(&v, "code", code, true, 60)
	if fields, bad := validationFields(v.Err()); bad {
		refused(http.StatusUnprocessableEntity, fields, "")
		return
	}
	view, err := do(ref, code)
	switch {
	case err == nil:
	case casework.ErrorCode(err) == casework.CodeNotFound:
		s.Lookups.Fail(client)
		refused(http.StatusNotFound, nil, l.T("req.lookup.notfound"))
		return
	case slices.Contains([]casework.Code{casework.CodeInvalidTransition, casework.CodeConflict, casework.CodeValidation}, casework.ErrorCode(err)):
		// The choice no longer fits (decided meanwhile, or the supporter left the pool): the request
		// as it is now, with the reason.
		if view, err = s.Store.LookupSupportRequest(c.Request.Context(), ref, code); err != nil {
			s.PageFail(c, l, err)
			return
		}
		p.HasErrors = true
		p.ProblemsHeading = l.T("req.choice.failed.h")
		p.Problems = []problemLink{{Message: l.T("req.choice.failed")}}
	default:
		s.PageFail(c, l, err)
		return
	}
	p.Requests = &requestsView{Resident: &view, Reference: ref, Code: code}
	status := http.StatusOK
	if p.HasErrors {
		status = http.StatusConflict
	}
	s.render(c, status, "request_status", p)
}

// pageSupporter is the member of the pool the signed-in supporter belongs to; an account that
// belongs to none gets the 403 page.
func (s *Server) pageSupporter(c *gin.Context, l core.Lang) (casework.User, bool) {
	u, _ := core.User(c)
	if u.SupporterID == nil {
		s.PageErrorText(c, l, http.StatusForbidden, "req.unlinked")
		return u, false
	}
	return u, true
}

func (s *Server) supporterRequestsPage(c *gin.Context) {
	l := core.PageLang(c)
	u, ok := s.pageSupporter(c, l)
	if !ok {
		return
	}
	list, err := s.Store.SupporterRequests(c.Request.Context(), *u.SupporterID)
	if err != nil {
		s.PageFail(c, l, err)
		return
	}
	v := &requestsView{}
	for _, r := range list {
		v.List = append(v.List, requestRow{ID: r.ID, Reference: r.Reference, Name: r.Name, Status: l.T("req.status." + string(r.Status)),
			Received: l.Day(r.CreatedAt), PickupLastDay: l.Date(r.PickupLastDay), Channel: l.T("req.channel." + string(r.Channel)),
			Domains: labels(l, "domain.", r.LifeDomains), Open: r.Status.Open(), Overdue: r.Overdue})
	}
	p := newPage(l, "req.list.title", "requests").menuAt("/ondersteuner/verzoeken")
	p.Requests = v
	s.render(c, http.StatusOK, "supporter_requests", p)
}

func (s *Server) supporterRequestPage(c *gin.Context) {
	l := core.PageLang(c)
	id, ok := s.pageID(c, l)
	if !ok {
		return
	}
	s.supporterRequestWith(c, l, id, http.StatusOK, nil, nil, "")
}

// supporterRequestWith renders one request with the three decisions; the form of failed (decline or
// refer) comes back with what was typed and its errors.
func (s *Server) supporterRequestWith(c *gin.Context, l core.Lang, id int64, status int, failed url.Values, fe []casework.FieldError, step casework.RequestStep) {
	u, ok := s.pageSupporter(c, l)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	req, err := s.Store.SupporterRequest(ctx, *u.SupporterID, id)
	if err != nil {
		s.PageFail(c, l, err)
		return
	}
	v := &requestsView{Detail: &req, Done: officeDone(c, l, "aanvaard", "afgewezen", "doorverwezen")}
	declineValues, referValues := url.Values{}, url.Values{}
	if step == casework.StepDecline {
		declineValues = failed
	}
	if step == casework.StepRefer {
		referValues = failed
	}
	v.Decline = newOfficeForm(l, declineValues)
	v.Decline.text("afwijzen-reden", "reason", "textarea", "req.f.decline.reason", "req.f.decline.reason.h", true)
	v.Refer = newOfficeForm(l, referValues)
	if req.Status == casework.RequestPending {
		cands, err := s.Store.ReferralCandidates(ctx, req)
		if err != nil {
			s.PageFail(c, l, err)
			return
		}
		var ids, names []string
		for _, cand := range cands {
			ids = append(ids, strconv.FormatInt(cand.ID, 10))
			names = append(names, fmt.Sprintf(l.T("req.refer.option"), cand.Name, labels(l, "sup.lang.", cand.Languages),
				labels(l, "domain.", cand.LifeDomains)))
		}
		if len(ids) > 0 {
			v.Refer.group("doorverwijzen-naar", "referred_to", "radio", "req.f.refer.to", "req.f.refer.to.h", true, ids, names, "")
		}
		v.Refer.text("doorverwijzen-reden", "reason", "textarea", "req.f.refer.reason", "req.f.refer.reason.h", true)
	}
	p := newPage(l, "req.detail.title", "requests")
	p.Title = fmt.Sprintf(l.T("req.detail.title"), req.Reference)
	if len(fe) > 0 {
		p.HasErrors = true
		form := v.Decline
		if step == casework.StepRefer {
			form = v.Refer
		}
		p.Problems = requestMessages.onForm(l, form, fe)
	} else {
		p.menuAt(fmt.Sprintf("/ondersteuner/verzoeken/%d", id))
	}
	p.Requests = v
	s.render(c, status, "supporter_request", p)
}

// supporterDecision records the supporter's accept, decline or refer, and redirects to the request.
func (s *Server) supporterDecision(step casework.RequestStep) gin.HandlerFunc {
	flags := map[casework.RequestStep]string{casework.StepAccept: "aanvaard", casework.StepDecline: "afgewezen",
		casework.StepRefer: "doorverwezen"}
	return func(c *gin.Context) {
		l, ok := s.readPageForm(c)
		if !ok {
			return
		}
		id, ok := s.pageID(c, l)
		if !ok {
			return
		}
		u, ok := s.pageSupporter(c, l)
		if !ok {
			return
		}
		values := c.Request.PostForm
		d := postgres.SupporterDecision{Step: step, Reason: values.Get("reason")}
		if to := values.Get("referred_to"); to != "" {
			d.ReferredTo, _ = strconv.ParseInt(to, 10, 64)
			if d.ReferredTo <= 0 {
				d.ReferredTo = -1 // not a member's number: refused as such
			}
		}
		_, err := s.Store.DecideSupportRequest(c.Request.Context(), u, id, d)
		if fields, bad := validationFields(err); bad {
			s.supporterRequestWith(c, l, id, http.StatusUnprocessableEntity, values, fields, step)
			return
		}
		if err != nil {
			s.PageFail(c, l, err)
			return
		}
		officeRedirect(c, l, fmt.Sprintf("/ondersteuner/verzoeken/%d", id), flags[step], nil)
	}
}

// staffRequestPage shows staff what they need to phone the resident of a request on the worklist;
// the look is recorded. A request that is not on the worklist is not found.
func (s *Server) staffRequestPage(c *gin.Context) {
	l := core.PageLang(c)
	id, ok := s.pageID(c, l)
	if !ok {
		return
	}
	v, err := s.Store.StaffSupportRequest(c.Request.Context(), core.Actor(c), id)
	if err != nil {
		s.PageFail(c, l, err)
		return
	}
	p := newPage(l, "req.staff.title", "work")
	p.Title = fmt.Sprintf(l.T("req.staff.title"), v.Reference)
	p.Requests = &requestsView{Staff: &v}
	s.render(c, http.StatusOK, "staff_request", p)
}

// workRequestRow is a support request on the staff's worklist.
type workRequestRow struct {
	ID                                                 int64
	Reference, Supporter, Why, Received, PickupLastDay string
}

// workRequests are the worklist's rows of the support requests nobody picked up in time or whose
// supporter left the pool.
func workRequests(l core.Lang, list []casework.WatchedRequest) []workRequestRow {
	rows := []workRequestRow{}
	for _, r := range list {
		why := l.T("req.work.overdue")
		if r.SupporterStatus != casework.SupporterActive {
			why = l.T("req.work.supporter." + string(r.SupporterStatus))
		}
		rows = append(rows, workRequestRow{ID: r.ID, Reference: r.Reference, Supporter: r.SupporterName, Why: why,
			Received: l.Day(r.CreatedAt), PickupLastDay: l.Date(r.PickupLastDay)})
	}
	return rows
}
