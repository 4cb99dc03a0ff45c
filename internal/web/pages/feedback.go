package pages

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"meldpunt/internal/casework"
	"meldpunt/internal/web/core"
)

// After the ruling. The resident's status page (and the supporter's case page) says what happens
// next per advice and the route to the Nationale ombudsman with its last day, without the handling
// term; the resident's page has the form "Is het advies uitgevoerd?" (per advice yes, partly, no
// or don't know, satisfaction 1–5, a comment). A good answer redirects (303) to a thank-you page that
// carries neither the reference nor the code; a bad one renders the case page again, 422, with the
// error summary and the answer as given. Staff see the resident's answer on the case page, mark a
// "not carried out" report dealt with (a note is required), and list the open reports, paged, at
// /werk/niet-uitgevoerd.

// formNotCarriedOut is the case page's form that marks a "not carried out" report dealt with.
const formNotCarriedOut = "not-carried-out"

// notCarriedOutPageSize is the number of reports on a page of /werk/niet-uitgevoerd.
const notCarriedOutPageSize = 20

func init() {
	// Staff may mark a report dealt with in every status a note may be added in: the store checks
	// that the case has an open report.
	caseFormActions[formNotCarriedOut] = casework.ActionAddNote
	caseFlags["niet-uitgevoerd"] = "fb.sc.done"
	pageNames = append(pageNames, "feedback_done", "feedback_list")
}

// FeedbackRoutes registers the resident's form and its thank-you page (public) and the staff's
// list and action (staff: the session check for staff and admin).
func (s *Server) FeedbackRoutes(page core.PageRouter, staff gin.HandlerFunc) {
	page("POST", "/status/terugkoppeling", s.StatusFeedback)
	page("GET", "/status/terugkoppeling/ontvangen", s.StatusFeedbackDone)
	page("GET", "/werk/niet-uitgevoerd", staff, s.NotCarriedOutList)
	page("POST", "/werk/klacht/:reference/niet-uitgevoerd", staff, s.staffCaseNotCarriedOut)
}

// afterRulingView is what the resident's and the supporter's pages show after the ruling.
type afterRulingView struct {
	OmbudsmanLastDay string
	Steps            []adviceStepView
	// Form is the resident's form; nil on the supporter's page.
	Form *feedbackForm
}

// adviceStepView is what happens next with one advice, in a sentence; Reasons are the
// organisation's reasons for a rejection (free text).
type adviceStepView struct {
	Text    string
	Reasons string
}

// feedbackForm is the form "Is het advies uitgevoerd?", pre-filled with the last answer or as posted.
type feedbackForm struct {
	Reference, TrackingCode string
	Given                   string // "U gaf ons uw antwoord op ...", after a first answer
	Advices                 []feedbackGroup
	Satisfaction            feedbackGroup
	Comment                 string
	CommentError            string
}

// feedbackGroup is one group of radio buttons with its error; ID is that of the first button, which
// the error summary links to (its error is ID-fout).
type feedbackGroup struct {
	ID, Name, Legend, Error string
	Options                 []feedbackOption
}

type feedbackOption struct {
	ID, Value, Label string
	Checked          bool
}

// feedbackPosted is the answer as posted, with the errors by field id (advies-<id>-yes, tevreden-1,
// comment).
type feedbackPosted struct {
	answer casework.FeedbackAnswer
	chosen map[int64]string
	errors map[string]string
}

// newAfterRulingView describes v.AfterRuling; with form, the resident's form too, pre-filled with
// posted when given, else with the current answer.
func newAfterRulingView(l core.Lang, v casework.ResidentView, code string, form bool, posted *feedbackPosted) *afterRulingView {
	ar := v.AfterRuling
	if ar == nil {
		return nil
	}
	a := &afterRulingView{OmbudsmanLastDay: l.Date(ar.OmbudsmanLastDay)}
	for _, st := range ar.NextSteps {
		text := fmt.Sprintf(l.T("fb.step."+st.Outcome), st.Organisation, l.Date(st.LastDay))
		if !core.Has("fb.step." + st.Outcome) {
			text = st.Organisation
		}
		a.Steps = append(a.Steps, adviceStepView{Text: text, Reasons: st.Reasons})
	}
	if !form {
		return a
	}
	f := &feedbackForm{Reference: v.Reference, TrackingCode: code}
	chosen, score, comment := map[int64]string{}, "", ""
	if ar.Feedback != nil {
		for _, ac := range ar.Feedback.Advices {
			chosen[ac.AdviceID] = string(ac.CarriedOut)
		}
		score, comment = strconv.Itoa(ar.Feedback.Satisfaction), ar.Feedback.Comment
		if ar.FeedbackAt != nil {
			f.Given = fmt.Sprintf(l.T("fb.given"), l.Day(*ar.FeedbackAt))
		}
	}
	errs := map[string]string{}
	if posted != nil {
		chosen, comment, errs = posted.chosen, posted.answer.Comment, posted.errors
		score = ""
		if posted.answer.Satisfaction >= 1 && posted.answer.Satisfaction <= 5 {
			score = strconv.Itoa(posted.answer.Satisfaction)
		}
	}
	for _, st := range ar.NextSteps {
		id := fmt.Sprintf("advies-%d", st.AdviceID)
		g := feedbackGroup{ID: id + "-" + string(casework.CarriedOutAnswers[0]), Name: fmt.Sprintf("advice_%d", st.AdviceID),
			Legend: fmt.Sprintf(l.T("fb.advice.legend"), st.Organisation)}
		g.Error = errs[g.ID]
		for _, ans := range casework.CarriedOutAnswers {
			g.Options = append(g.Options, feedbackOption{ID: id + "-" + string(ans), Value: string(ans),
				Label: l.T("fb.answer." + string(ans)), Checked: chosen[st.AdviceID] == string(ans)})
		}
		f.Advices = append(f.Advices, g)
	}
	f.Satisfaction = feedbackGroup{ID: "tevreden-1", Name: "satisfaction", Legend: l.T("fb.score.legend"), Error: errs["tevreden-1"]}
	for n := 1; n <= 5; n++ {
		v := strconv.Itoa(n)
		f.Satisfaction.Options = append(f.Satisfaction.Options, feedbackOption{ID: "tevreden-" + v, Value: v,
			Label: l.T("fb.score." + v), Checked: score == v})
	}
	f.Comment, f.CommentError = comment, errs["comment"]
	a.Form = f
	return a
}

// StatusFeedback stores the answer of the resident who proves the case: a 303 to the thank-you
// page, or the case page again with the errors (422), or an error page when there is no ruling yet
// (409). A wrong reference or code is the status form's 404 under the look-up limit.
func (s *Server) StatusFeedback(c *gin.Context) {
	s.proveCasePage(c, func(l core.Lang, f lookupForm) error {
		ctx := c.Request.Context()
		view, err := s.Store.LookupComplaint(ctx, f.Reference, f.TrackingCode)
		if err != nil {
			return err
		}
		if view.AfterRuling == nil {
			s.PageErrorText(c, l, http.StatusConflict, "fb.e409")
			return nil
		}
		posted := &feedbackPosted{chosen: map[int64]string{}, errors: map[string]string{}}
		form := c.Request.PostForm
		names := map[int64]string{}
		for _, st := range view.AfterRuling.NextSteps {
			names[st.AdviceID] = st.Organisation
			if v := form.Get(fmt.Sprintf("advice_%d", st.AdviceID)); v != "" {
				posted.chosen[st.AdviceID] = v
				posted.answer.Advices = append(posted.answer.Advices,
					casework.AdviceCarriedOut{AdviceID: st.AdviceID, CarriedOut: casework.CarriedOut(v)})
			}
		}
		posted.answer.Satisfaction, _ = strconv.Atoi(strings.TrimSpace(form.Get("satisfaction")))
		posted.answer.Comment = form.Get("comment")
		_, err = s.Store.GiveFeedback(ctx, f.Reference, f.TrackingCode, posted.answer)
		var e *casework.Error
		switch {
		case err == nil:
			c.Redirect(http.StatusSeeOther, l.URL("/status/terugkoppeling/ontvangen"))
			return nil
		case errors.As(err, &e) && e.Code == casework.CodeInvalidTransition:
			s.PageErrorText(c, l, http.StatusConflict, "fb.e409")
			return nil
		case errors.As(err, &e) && e.Code == casework.CodeValidation:
		default:
			return err
		}
		p := newPage(l, "case.title", "status")
		p.HasErrors = true
		for _, fe := range e.Fields {
			id, msg := "", ""
			switch {
			case strings.HasPrefix(fe.Field, "advices["):
				n, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimPrefix(fe.Field, "advices["), "]"), 10, 64)
				id = fmt.Sprintf("advies-%d-%s", n, casework.CarriedOutAnswers[0])
				msg = fmt.Sprintf(l.T("fb.err.advice"), names[n])
			case fe.Field == "satisfaction":
				id, msg = "tevreden-1", l.T("fb.err.score")
			case fe.Field == "comment":
				id, msg = "comment", l.T("fb.err.comment")
			default:
				msg = l.T("err.generic")
			}
			if id != "" {
				if _, dup := posted.errors[id]; dup {
					continue
				}
				posted.errors[id] = msg
			}
			p.Problems = append(p.Problems, problemLink{Field: id, Message: msg})
		}
		pool, err := s.Store.Supporters(ctx, casework.SupporterFilter{})
		if err != nil {
			return err
		}
		p.View = newCaseView(l, view, f.TrackingCode)
		p.View.Rep = newStatusRepForm(l, view, pool, nil, nil)
		p.View.After = newAfterRulingView(l, view, f.TrackingCode, true, posted)
		s.render(c, http.StatusUnprocessableEntity, "case", p)
		return nil
	})
}

// StatusFeedbackDone thanks the resident for the answer: the page after the redirect, without the
// reference or the code.
func (s *Server) StatusFeedbackDone(c *gin.Context) {
	l := core.PageLang(c)
	s.render(c, http.StatusOK, "feedback_done", newPage(l, "fb.done.title", "status").menuAt("/status/terugkoppeling/ontvangen"))
}

// caseFeedbackView is the resident's answer after the ruling on the staff's case page, with the
// form that marks a "not carried out" report dealt with while it is open.
type caseFeedbackView struct {
	Given, Changed string
	Advices        []string
	Satisfaction   string
	Comment        string
	Open           bool // a "not carried out" report waits for staff
	Reported       string
	DealtWith      string // "Afgehandeld op ... door ..."
	DealtWithNote  string
	Note           *caseInput
}

// caseFeedbackOf describes the complaint's feedback for staff; nil without any.
func caseFeedbackOf(l core.Lang, cp casework.Complaint, in *casePostedForm) *caseFeedbackView {
	fb := cp.Feedback
	if fb == nil {
		return nil
	}
	v := &caseFeedbackView{Given: l.Day(fb.FirstAt), Satisfaction: fmt.Sprintf(l.T("fb.sc.score"), fb.Satisfaction),
		Comment: fb.Comment}
	if !fb.AnsweredAt.Equal(fb.FirstAt) {
		v.Changed = l.Day(fb.AnsweredAt)
	}
	names := map[int64]string{}
	for _, a := range cp.Advices {
		names[a.ID] = a.OrganisationName
	}
	for _, a := range fb.Advices {
		v.Advices = append(v.Advices, names[a.AdviceID]+": "+l.T("fb.answer."+string(a.CarriedOut)))
	}
	if fb.ReportedAt != nil {
		v.Reported = l.Day(*fb.ReportedAt)
	}
	switch {
	case fb.DealtWithAt != nil:
		v.DealtWith = fmt.Sprintf(l.T("fb.sc.dealt"), l.Day(*fb.DealtWithAt), fb.DealtWithBy)
		v.DealtWithNote = fb.DealtWithNote
	case fb.ReportedAt != nil:
		v.Open = true
		note := in.input(l, formNotCarriedOut, "fb-note", "note", "textarea", "fb.sc.note", "fb.sc.note.h", "", true)
		note.Rows = 4
		v.Note = &note
	}
	return v
}

// staffCaseNotCarriedOut marks the case's open "not carried out" report dealt with, with the note.
func (s *Server) staffCaseNotCarriedOut(c *gin.Context) {
	s.caseAction(c, formNotCarriedOut, "niet-uitgevoerd", func(l core.Lang, cp casework.Complaint, p *casePostedForm) (caseFieldMapper, error) {
		err := s.Store.DealWithNotCarriedOut(c.Request.Context(), core.Actor(c), cp.Reference,
			casework.DealtWith{Note: p.values.Get("note")})
		if casework.ErrorCode(err) == casework.CodeInvalidTransition {
			p.refusal = l.T("fb.sc.err.none")
		}
		return func(fe casework.FieldError) (string, string) {
			if fe.Field == "note" {
				return "fb-note", caseTextMessage(l, fe.Message, "fb.sc.err.note")
			}
			return "", ""
		}, err
	})
}

// notCarriedOutView is the staff's list of open "not carried out" reports, a page of it.
type notCarriedOutView struct {
	Rows              []notCarriedOutRow
	Total             int
	Page, Pages       int
	Prev, Next        string
	From, To          int
	PageLinks         []pageLink
	CountText         string
	NotCarriedOutNone bool
}

type notCarriedOutRow struct {
	Reference, Link, Organisations, Reported, Satisfaction, Handler string
}

type pageLink struct {
	N       int
	URL     string
	Current bool
}

// NotCarriedOutList lists the open "not carried out" reports, oldest first, paged (?pagina=N).
func (s *Server) NotCarriedOutList(c *gin.Context) {
	l := core.PageLang(c)
	page := 1
	if q := c.Query("pagina"); q != "" {
		n, err := strconv.Atoi(q)
		if err != nil || n < 1 || n > 1_000_000 {
			s.PageError(c, l, http.StatusNotFound)
			return
		}
		page = n
	}
	list, total, err := s.Store.NotCarriedOutReports(c.Request.Context(), notCarriedOutPageSize, (page-1)*notCarriedOutPageSize)
	if err != nil {
		s.PageFail(c, l, err)
		return
	}
	pages := max(1, (total+notCarriedOutPageSize-1)/notCarriedOutPageSize)
	if page > pages {
		s.PageError(c, l, http.StatusNotFound)
		return
	}
	at := func(n int) string {
		u := "/werk/niet-uitgevoerd?pagina=" + strconv.Itoa(n)
		if l.EN() {
			u += "&lang=en"
		}
		return u
	}
	v := &notCarriedOutView{Total: total, Page: page, Pages: pages, NotCarriedOutNone: total == 0}
	for _, r := range list {
		row := notCarriedOutRow{Reference: r.Reference, Link: l.URL(casePath(r.Reference)), Organisations: r.Organisations,
			Reported: l.Day(r.ReportedAt), Satisfaction: fmt.Sprintf(l.T("fb.sc.score"), r.Satisfaction), Handler: r.HandlerName}
		if row.Handler == "" {
			row.Handler = l.T("work.nobody")
		}
		v.Rows = append(v.Rows, row)
	}
	if len(list) > 0 {
		v.From, v.To = (page-1)*notCarriedOutPageSize+1, (page-1)*notCarriedOutPageSize+len(list)
		v.CountText = fmt.Sprintf(l.T("fb.list.count"), v.From, v.To, total)
	}
	if page > 1 {
		v.Prev = at(page - 1)
	}
	if page < pages {
		v.Next = at(page + 1)
	}
	if pages > 1 {
		for n := 1; n <= pages; n++ {
			v.PageLinks = append(v.PageLinks, pageLink{N: n, URL: at(n), Current: n == page})
		}
	}
	p := newPage(l, "fb.list.title", "work")
	p.NotCarriedOut = v
	s.render(c, http.StatusOK, "feedback_list", p)
}
