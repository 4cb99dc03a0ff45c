package pages

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"meldpunt/internal/casework"
	"meldpunt/internal/web/api"
	"meldpunt/internal/web/core"
)

// The supporter's pages (/ondersteuner): the cases of their clients who chose their member of the
// pool and consented, most urgent first; one case with its timeline, hearing dates, the copies of
// letters and the form to add information; and the complaint form to file for a client with the
// client's consent. Every case is read through the same store methods as the API, so a case without
// consent is not found and every access is logged. The support requests and the trajectories are
// other pages (/ondersteuner/verzoeken, /ondersteuner/trajecten); the start page links to them.

// supporterView is the data of the supporter's pages.
type supporterView struct {
	Cases []clientCaseRow
	// Requests are the support requests waiting for the supporter's answer, the oldest first (the
	// two working days run out in that order).
	Requests []requestRow
	// NoMember: the account belongs to no member of the pool, so it sees no cases.
	NoMember bool

	// One case.
	Case          *caseView
	Complainant   string
	Hearings      []hearingDateView
	Contributions []contributionView
	Done          string
	// The add-information form as typed, with its errors.
	Information, Documents         string
	InformationError, DocumentsErr string
}

type clientCaseRow struct {
	Reference, Complainant, Status, Organisations, Next, NextWhat string
}

type hearingDateView struct{ Date, Time, Place string }

type contributionView struct {
	Day, Who, Information string
	Documents             []string
}

// SupporterRoutes registers the supporter's pages.
func (s *Server) SupporterRoutes(page core.PageRouter, sup gin.HandlerFunc) {
	page("GET", "/ondersteuner", sup, s.supporterStart)
	page("GET", "/ondersteuner/zaak/:reference", sup, s.supporterCasePage)
	page("POST", "/ondersteuner/zaak/:reference/informatie", sup, s.supporterAddInformation)
	page("GET", "/ondersteuner/brief/:id", sup, s.supporterLetter)
	page("GET", "/ondersteuner/klacht", sup, s.supporterComplaintForm)
	page("POST", "/ondersteuner/klacht", sup, s.supporterFileComplaint)
}

// supporterStart lists the cases of the supporter's clients, most urgent first.
func (s *Server) supporterStart(c *gin.Context) {
	l := core.PageLang(c)
	a := core.Actor(c)
	cases, err := s.Store.ClientCases(c.Request.Context(), a)
	if err != nil {
		s.PageFail(c, l, err)
		return
	}
	v := &supporterView{NoMember: a.SupporterID == 0}
	for _, k := range cases {
		row := clientCaseRow{Reference: k.Reference, Complainant: k.ComplainantName, Status: l.Word("status", string(k.Status)),
			Organisations: k.Organisations}
		switch {
		case k.Urgent == "":
		case k.Urgent == k.NextHearing:
			row.Next, row.NextWhat = l.Date(k.Urgent), l.T("ons.next.hearing")
		case k.Urgent == k.AdviceLastDay:
			row.Next, row.NextWhat = l.Date(k.Urgent), l.T("ons.next.advice")
		default:
			row.Next, row.NextWhat = l.Date(k.Urgent), l.T("ons.next.term")
		}
		v.Cases = append(v.Cases, row)
	}
	if a.SupporterID != 0 {
		list, err := s.Store.SupporterRequests(c.Request.Context(), a.SupporterID)
		if err != nil {
			s.PageFail(c, l, err)
			return
		}
		for _, r := range list {
			if r.Status != casework.RequestPending {
				continue
			}
			v.Requests = append(v.Requests, requestRow{ID: r.ID, Reference: r.Reference, Name: r.Name,
				Received: l.Day(r.CreatedAt), PickupLastDay: l.Date(r.PickupLastDay), Overdue: r.Overdue})
		}
	}
	p := newPage(l, "ons.title", "supporter").menuAt("/ondersteuner")
	p.Supporter = v
	s.render(c, http.StatusOK, "supporter", p)
}

// supporterCaseView renders a client's case with status (200, or 422 with the form as typed).
func (s *Server) supporterCaseView(c *gin.Context, l core.Lang, status int, ref string, form *supporterView, problems []problemLink) {
	sc, err := s.Store.SupporterCase(c.Request.Context(), core.Actor(c), ref)
	if err != nil {
		s.PageFail(c, l, err)
		return
	}
	v := &supporterView{Case: newCaseView(l, sc.ResidentView, ""), Complainant: sc.ComplainantName}
	for _, h := range sc.Hearings {
		v.Hearings = append(v.Hearings, hearingDateView{Date: l.Date(h.Date), Time: h.Time, Place: h.Place})
	}
	for _, k := range sc.Contributions {
		v.Contributions = append(v.Contributions, contributionView{Day: l.Day(k.CreatedAt), Who: k.UserName,
			Information: k.Information, Documents: k.Documents})
	}
	if form != nil {
		v.Information, v.Documents, v.InformationError, v.DocumentsErr = form.Information, form.Documents, form.InformationError, form.DocumentsErr
	}
	if status == http.StatusOK && c.Query("klaar") == "informatie" {
		v.Done = l.T("ons.done.info")
	}
	p := newPage(l, "ons.case.title", "supporter")
	p.Title = fmt.Sprintf(p.Title, sc.Reference)
	p.Supporter = v
	if status == http.StatusOK {
		p.menuAt("/ondersteuner/zaak/" + sc.Reference)
	} else {
		p.HasErrors, p.Problems = true, problems
	}
	s.render(c, status, "supporter_case", p)
}

func (s *Server) supporterCasePage(c *gin.Context) {
	l := core.PageLang(c)
	ref, ok := caseReference(c)
	if !ok {
		s.PageFail(c, l, casework.Errorf(casework.CodeNotFound, "No complaint with this reference."))
		return
	}
	s.supporterCaseView(c, l, http.StatusOK, ref, nil, nil)
}

// supporterAddInformation adds information and descriptions of documents (one per line).
func (s *Server) supporterAddInformation(c *gin.Context) {
	l, ok := s.readPageForm(c)
	if !ok {
		return
	}
	ref, ok := caseReference(c)
	if !ok {
		s.PageFail(c, l, casework.Errorf(casework.CodeNotFound, "No complaint with this reference."))
		return
	}
	form := &supporterView{Information: c.Request.PostForm.Get("information"), Documents: c.Request.PostForm.Get("documents")}
	in := casework.NewContribution{Information: form.Information, Documents: strings.Split(form.Documents, "\n")}
	_, err := s.Store.AddContribution(c.Request.Context(), core.Actor(c), ref, in)
	var e *casework.Error
	if errors.As(err, &e) && e.Code == casework.CodeValidation {
		var problems []problemLink
		for _, fe := range e.Fields {
			msg := l.T("ons.err.info")
			if fe.Field == "documents" {
				if form.DocumentsErr != "" {
					continue
				}
				msg = l.T("ons.err.docs")
				form.DocumentsErr = msg
			} else {
				if form.InformationError != "" {
					continue
				}
				if !strings.HasPrefix(fe.Message, "add information") {
					msg = fieldMessage(l, "information", fe.Message)
				}
				form.InformationError = msg
			}
			problems = append(problems, problemLink{Field: fe.Field, Message: msg})
		}
		s.supporterCaseView(c, l, http.StatusUnprocessableEntity, ref, form, problems)
		return
	}
	if err != nil {
		s.PageFail(c, l, err)
		return
	}
	officeRedirect(c, l, "/ondersteuner/zaak/"+normRef(ref), "informatie", nil)
}

// supporterLetter sends a copy sent to the supporter as a PDF attachment.
func (s *Server) supporterLetter(c *gin.Context) {
	l := core.PageLang(c)
	id, err := api.PathID(c, "No letter with this id.")
	if err == nil {
		var file []byte
		var name string
		if file, name, err = s.Store.SupporterLetter(c.Request.Context(), core.Actor(c), id); err == nil {
			c.Header("Content-Disposition", `attachment; filename="`+name+`"`)
			c.Data(http.StatusOK, "application/pdf", file)
			return
		}
	}
	s.PageFail(c, l, err)
}

// supporterComplaintPage renders the complaint form for a client (status 200 or 422 with errors).
func (s *Server) supporterComplaintPage(c *gin.Context, l core.Lang, status int, values url.Values, fe []casework.FieldError) {
	orgs, err := s.formOrganisations(c.Request.Context())
	if err != nil {
		s.PageFail(c, l, err)
		return
	}
	f := newComplaintForm(l, values, orgs)
	f.forSupporter = true
	if status != http.StatusOK {
		f.addErrors(fe)
	}
	f.build()
	p := newPage(l, "ons.complaint.title", "supporter")
	p.Form = f
	if status == http.StatusOK {
		p.menuAt("/ondersteuner/klacht")
	} else {
		p.HasErrors, p.Problems = true, f.problems()
	}
	s.render(c, status, "complaint", p)
}

func (s *Server) supporterComplaintForm(c *gin.Context) {
	s.supporterComplaintPage(c, core.PageLang(c), http.StatusOK, nil, nil)
}

// supporterFileComplaint files the form for the client, with the client's consent; the confirmation
// shows the reference and the tracking code once, to hand to the client.
func (s *Server) supporterFileComplaint(c *gin.Context) {
	l, ok := s.readPageForm(c)
	if !ok {
		return
	}
	f := newComplaintForm(l, c.Request.PostForm, nil)
	f.forSupporter = true
	receipt, err := s.Store.FileComplaint(c.Request.Context(), core.Actor(c), f.intake())
	var e *casework.Error
	if errors.As(err, &e) && e.Code == casework.CodeValidation {
		s.supporterComplaintPage(c, l, http.StatusUnprocessableEntity, c.Request.PostForm, e.Fields)
		return
	}
	if err != nil {
		s.PageFail(c, l, err)
		return
	}
	p := newPage(l, "done.title", "supporter")
	p.Receipt = &receipt
	p.ForClient = true
	s.render(c, http.StatusOK, "confirmation", p)
}

// normRef is a reference as the store keeps it.
func normRef(s string) string { return strings.ToUpper(strings.TrimSpace(s)) }

// statusRepForm is the form on the status page to change or end who acts for the resident.
type statusRepForm struct {
	Now     string
	Acting  bool // someone acts now: ending is offered
	Who     []choice
	Fields  []formField
	Consent formField
	// WhoError is the error of the choice; Done the message after a change.
	WhoError string
	Done     string
}

// newStatusRepForm builds the form with the pool, the choice that stands and what was posted.
func newStatusRepForm(l core.Lang, v casework.ResidentView, pool []casework.Supporter, posted url.Values, errs map[string]string) *statusRepForm {
	f := &statusRepForm{Now: l.T("rep.now.none"), WhoError: errs["supporter_id"]}
	if r := v.Representation; r != nil {
		f.Acting = true
		if r.Kind == "pool" {
			f.Now = fmt.Sprintf(l.T("rep.now.pool"), r.Name, l.Day(r.ConsentAt))
		} else {
			f.Now = fmt.Sprintf(l.T("rep.now.informal"), r.Name, r.Relation, l.Day(r.ConsentAt))
		}
	}
	if posted == nil {
		posted = url.Values{}
	}
	chosen := posted.Get("supporter_id")
	add := func(value, label string) {
		id := "supporter_id"
		if len(f.Who) > 0 {
			id = "supporter_id-" + value
		}
		f.Who = append(f.Who, choice{ID: id, Value: value, Label: label, Checked: chosen == value})
	}
	for _, m := range pool {
		add(strconv.FormatInt(m.ID, 10), m.Name)
	}
	add("informal", l.T("who.informal"))
	if f.Acting {
		add("end", l.T("rep.stop"))
	}
	for _, name := range []string{"supporter_name", "supporter_relation", "supporter_email", "supporter_phone"} {
		ff := formField{Name: name, Label: l.T("f." + name), Value: posted.Get(name), Type: "text", Autocomplete: "off", Error: errs[name]}
		if name == "supporter_email" {
			ff.Type = "email"
		}
		f.Fields = append(f.Fields, ff)
	}
	f.Consent = formField{Name: "supporter_consent", Label: l.T("f.supporter_consent"), Help: l.T("f.supporter_consent.h"),
		Value: "yes", Type: "checkbox", Checked: posted.Get("supporter_consent") == "yes", Error: errs["supporter_consent"]}
	return f
}

// StatusRepresentation changes or ends, for the resident who proves the case, who acts for them;
// the case page comes back with the change, or with the form and its errors (never a redirect: the
// tracking code must stay out of URLs).
func (s *Server) StatusRepresentation(c *gin.Context) {
	s.proveCasePage(c, func(l core.Lang, f lookupForm) error {
		ctx := c.Request.Context()
		posted := c.Request.PostForm
		ch := casework.RepresentationChange{}
		switch posted.Get("supporter_id") {
		case "end":
			ch.End = true
		case "":
		default:
			ch.SupporterID, ch.Supporter, ch.Relation = formRepresentation(posted)
			ch.Consent = posted.Get("supporter_consent") == "yes"
		}
		view, err := s.Store.ResidentChangeRepresentation(ctx, f.Reference, f.TrackingCode, ch)
		status, errs, done := http.StatusOK, map[string]string{}, ""
		var problems []problemLink
		var e *casework.Error
		switch {
		case errors.As(err, &e) && (e.Code == casework.CodeValidation || e.Code == casework.CodeConflict):
			if view, err = s.Store.LookupComplaint(ctx, f.Reference, f.TrackingCode); err != nil {
				return err
			}
			status = http.StatusUnprocessableEntity
			for _, fe := range e.Fields {
				name := formFieldOf(fe.Field)
				if name == "" {
					name = "supporter_id" // end together with a choice
				}
				if _, ok := errs[name]; ok {
					continue
				}
				errs[name] = fieldMessage(l, name, fe.Message)
				if fe.Field == "supporter_id" && strings.HasPrefix(fe.Message, "choose a member of the pool or name an informal representative, or end") {
					errs[name] = l.T("ons.rep.err.who")
				}
				problems = append(problems, problemLink{Field: name, Message: errs[name]})
			}
			if e.Code == casework.CodeConflict || len(problems) == 0 {
				errs["supporter_id"] = l.T("rep.err.nothing")
				problems = append(problems, problemLink{Field: "supporter_id", Message: errs["supporter_id"]})
			}
		case err != nil:
			return err
		default:
			done, posted = l.T("rep.done"), nil
		}
		pool, err := s.Store.Supporters(ctx, casework.SupporterFilter{})
		if err != nil {
			return err
		}
		p := newPage(l, "case.title", "status")
		p.View = newCaseView(l, view, f.TrackingCode)
		p.View.Rep = newStatusRepForm(l, view, pool, posted, errs)
		p.View.Rep.Done = done
		if status != http.StatusOK {
			p.HasErrors, p.Problems = true, problems
		}
		s.render(c, status, "case", p)
		return nil
	})
}
