package pages

import (
	"cmp"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"meldpunt/internal/casework"
	"meldpunt/internal/postgres"
	"meldpunt/internal/term"
	"meldpunt/internal/web/api"
	"meldpunt/internal/web/core"
)

// The organisation's pages: its advices, most urgent first, and one advice with the complaint it
// rests on and the forms to accept, reject with reasons, and confirm execution. Every action goes
// through the same store methods as the API; a success redirects (303) back to the advice with a
// flag (?klaar=aanvaard|afgewezen|uitgevoerd) that carries no personal data.

// orgAdviceRow is one advice in the organisation's list.
type orgAdviceRow struct {
	ID        int64
	Reference string
	Status    string
	LastDay   string
	Left      string // "nog 3 dagen", "termijn verstreken", or what is still to be done
	Urgent    bool
}

// orgAdviceView is the advice page.
type orgAdviceView struct {
	ID         int64
	Text       string
	Status     string
	LastDay    string
	Left       string
	Reasons    string
	Ground     string
	Note       string
	CanAnswer  bool // issued, within the term
	Lapsed     bool // issued, but the term has ended (the sweep has not yet marked it)
	CanExecute bool // accepted or enforced
	Enforced   bool
	Done       string // success message after an action

	Case struct {
		Reference   string
		Received    string
		Grounds     []string
		LifeDomains []string
		Summary     string
		Verdict     string
		Findings    string
		Conclusions string
	}
	Timeline []eventView

	// The reject form as typed, with its errors; ReasonsError and GroundError are per field.
	ReasonsValue string
	GroundValue  string
	ReasonsError string
	GroundError  string
	NoteValue    string
	NoteError    string
	Grounds      []choice
	// Confirming is the second step of accepting: "Weet u het zeker?" with what follows
	// (org_confirm.go); the page then shows only that question.
	Confirming *orgConfirmView
}

// urgency orders the list: answers due first (by deadline), then advices to be executed, then the
// settled ones.
func urgency(s casework.AdviceStatus) int {
	switch s {
	case casework.AdviceIssued:
		return 0
	case casework.AdviceEnforced:
		return 1
	case casework.AdviceAccepted:
		return 2
	}
	return 3
}

// OrgList shows the organisation's advices.
func (s *Server) OrgList(c *gin.Context) {
	l := core.PageLang(c)
	list, err := s.Store.Advices(c.Request.Context(), core.Actor(c), postgres.AdviceFilter{Limit: 500})
	if err != nil {
		s.PageFail(c, l, err)
		return
	}
	slices.SortStableFunc(list, func(a, b casework.Advice) int {
		if d := cmp.Compare(urgency(a.Status), urgency(b.Status)); d != 0 {
			return d
		}
		return a.DeadlineAt.Compare(b.DeadlineAt)
	})
	now := s.Store.Now()
	p := newPage(l, "org.title", "org").menuAt("/organisatie")
	for _, a := range list {
		row := orgAdviceRow{ID: a.ID, Reference: a.ComplaintRef, Status: l.Word("orgstatus", string(a.Status)),
			LastDay: l.Date(a.RespondBy)}
		switch a.Status {
		case casework.AdviceIssued:
			row.Left, row.Urgent = daysLeftAt(l, a, now)
		case casework.AdviceAccepted, casework.AdviceEnforced:
			row.Left = l.T("org.todo.execute")
		default:
			row.Left = l.T("org.todo.none")
		}
		p.OrgAdvices = append(p.OrgAdvices, row)
	}
	s.render(c, http.StatusOK, "org_list", p)
}

// orgAdvicePage renders the advice page with status (200, or an error status with the reject or
// execute form as typed).
func (s *Server) orgAdvicePage(c *gin.Context, l core.Lang, status int, id int64, form *orgAdviceView, problems []problemLink) {
	d, err := s.Store.Advice(c.Request.Context(), core.Actor(c), id)
	if err != nil {
		s.PageFail(c, l, err)
		return
	}
	now := s.Store.Now()
	v := &orgAdviceView{ID: d.ID, Text: d.Text, Status: l.Word("orgstatus", string(d.Status)), LastDay: l.Date(d.RespondBy),
		Reasons: d.RejectionReasons, Note: d.ExecutionNote, Enforced: d.Status == casework.AdviceEnforced}
	if d.RejectionGround != "" {
		v.Ground = l.T("rground." + string(d.RejectionGround))
	}
	switch d.Status {
	case casework.AdviceIssued:
		v.Left, _ = daysLeftAt(l, d.Advice, now)
		v.CanAnswer = now.Before(d.DeadlineAt)
		v.Lapsed = !v.CanAnswer
	case casework.AdviceAccepted, casework.AdviceEnforced:
		v.CanExecute = true
	}
	v.Case.Reference, v.Case.Received = d.Complaint.Reference, l.Day(d.Complaint.ReceivedAt)
	for _, g := range d.Complaint.Grounds {
		v.Case.Grounds = append(v.Case.Grounds, l.T("ground."+string(g)))
	}
	for _, dm := range d.Complaint.LifeDomains {
		v.Case.LifeDomains = append(v.Case.LifeDomains, l.T("domain."+string(dm)))
	}
	v.Case.Summary, v.Case.Findings, v.Case.Conclusions = d.Complaint.Summary, d.Complaint.Findings, d.Complaint.Conclusions
	if d.Complaint.Verdict != "" {
		v.Case.Verdict = l.Word("orgverdict", string(d.Complaint.Verdict))
	}
	for _, e := range d.Timeline {
		v.Timeline = append(v.Timeline, eventView{Day: l.Day(e.At), What: l.Word("action", e.Action)})
	}
	if form != nil {
		v.ReasonsValue, v.GroundValue, v.ReasonsError, v.GroundError = form.ReasonsValue, form.GroundValue, form.ReasonsError, form.GroundError
		v.NoteValue, v.NoteError = form.NoteValue, form.NoteError
	}
	// The ground of a rejection is never chosen for the organisation: no radio button is checked
	// until it checks one itself (org_confirm.go refuses a rejection without one).
	for _, g := range casework.RejectionGrounds {
		v.Grounds = append(v.Grounds, choice{ID: "ground-" + string(g), Value: string(g), Label: l.T("rground." + string(g)),
			Checked: v.GroundValue == string(g)})
	}
	if status == http.StatusOK {
		switch c.Query("klaar") {
		case "aanvaard":
			v.Done = l.T("org.done.accept")
		case "afgewezen":
			v.Done = l.T("org.done.reject")
		case "uitgevoerd":
			v.Done = l.T("org.done.execute")
		}
	}
	p := newPage(l, "org.advice.title", "org")
	p.Title = fmt.Sprintf(p.Title, v.Case.Reference)
	if form != nil && form.Confirming != nil && v.CanAnswer {
		v.Confirming = form.Confirming
		p.Title = fmt.Sprintf(l.T("orgc.title"), v.Case.Reference)
	}
	p.OrgAdvice = v
	if status == http.StatusOK {
		if v.Confirming == nil { // the question is the answer to a post: no link to it
			p.menuAt(fmt.Sprintf("/organisatie/advies/%d", id))
		}
	} else {
		p.HasErrors = true
		p.Problems = problems
	}
	s.render(c, status, "org_advice", p)
}

// daysLeftAt describes the term of an issued advice at the instant now: "nog N dagen", "vandaag is
// de laatste dag", or "termijn verstreken" once the deadline instant has passed; urgent is true in
// the last five days and after.
func daysLeftAt(l core.Lang, a casework.Advice, now time.Time) (left string, urgent bool) {
	if !now.Before(a.DeadlineAt) {
		return l.T("org.lapsed"), true
	}
	last, err := term.ParseDate(a.RespondBy)
	if err != nil {
		return "", false
	}
	n := term.LocalDate(now).DaysUntil(last)
	switch {
	case n <= 0:
		return l.T("org.today"), true
	case n == 1:
		return l.T("org.left1"), true
	}
	return fmt.Sprintf(l.T("org.leftn"), n), n <= 5
}

func (s *Server) OrgAdvice(c *gin.Context) {
	l := core.PageLang(c)
	id, err := api.AdviceID(c)
	if err != nil {
		s.PageFail(c, l, err)
		return
	}
	s.orgAdvicePage(c, l, http.StatusOK, id, nil, nil)
}

// orgAct reads the form of an advice action, runs do, and redirects to the advice page with the
// flag done; a refusal re-renders the advice page with what was typed and the errors.
func (s *Server) orgAct(c *gin.Context, done string, do func(l core.Lang, id int64, form *orgAdviceView) error) {
	l, ok := s.readPageForm(c)
	if !ok {
		return
	}
	id, err := api.AdviceID(c)
	if err != nil {
		s.PageFail(c, l, err)
		return
	}
	form := &orgAdviceView{ReasonsValue: c.Request.PostForm.Get("reasons"), GroundValue: c.Request.PostForm.Get("ground"),
		NoteValue: c.Request.PostForm.Get("note")}
	err = do(l, id, form)
	if err == nil {
		q := "?klaar=" + done
		if l.EN() {
			q += "&lang=en"
		}
		c.Redirect(http.StatusSeeOther, fmt.Sprintf("/organisatie/advies/%d%s", id, q))
		return
	}
	var e *casework.Error
	if !errors.As(err, &e) {
		s.PageFail(c, l, err)
		return
	}
	switch e.Code {
	case casework.CodeValidation:
		var problems []problemLink
		for _, fe := range e.Fields {
			switch fe.Field {
			case "reasons":
				if form.ReasonsError == "" {
					form.ReasonsError = reasonsMessage(l, fe.Message)
					problems = append(problems, problemLink{Field: "reasons", Message: form.ReasonsError})
				}
			case "ground":
				if form.GroundError == "" {
					form.GroundError = l.T("org.err.ground")
					problems = append(problems, problemLink{Field: "ground-" + string(casework.RejectionGrounds[0]), Message: form.GroundError})
				}
			case "note":
				if form.NoteError == "" {
					form.NoteError = fieldMessage(l, "note", fe.Message)
					problems = append(problems, problemLink{Field: "note", Message: form.NoteError})
				}
			}
		}
		if len(problems) == 0 {
			problems = []problemLink{{Message: l.T("err.generic")}}
		}
		s.orgAdvicePage(c, l, http.StatusUnprocessableEntity, id, form, problems)
	case casework.CodeDeadlinePassed:
		d, derr := s.Store.Advice(c.Request.Context(), core.Actor(c), id)
		if derr != nil {
			s.PageFail(c, l, derr)
			return
		}
		msg := fmt.Sprintf(l.T("org.err.late"), l.Date(d.RespondBy))
		s.orgAdvicePage(c, l, http.StatusConflict, id, form, []problemLink{{Message: msg}})
	case casework.CodeInvalidTransition, casework.CodeConflict:
		s.orgAdvicePage(c, l, http.StatusConflict, id, form, []problemLink{{Message: l.T("org.err.state")}})
	default:
		s.PageFail(c, l, err)
	}
}

// reasonsMessage is the plain-language message for an error in the reasons of a rejection.
func reasonsMessage(l core.Lang, msg string) string {
	switch {
	case strings.HasPrefix(msg, "is required"):
		return l.T("org.err.reasons.empty")
	case strings.HasPrefix(msg, "explain in your own words why"):
		return fmt.Sprintf(l.T("org.err.reasons.short"), casework.MinRejectionWords)
	}
	return fieldMessage(l, "reasons", msg)
}

func (s *Server) OrgReject(c *gin.Context) {
	s.orgAct(c, "afgewezen", func(_ core.Lang, id int64, f *orgAdviceView) error {
		if err := s.orgGroundChosen(c, id, f); err != nil {
			return err
		}
		_, err := s.Store.RejectAdvice(c.Request.Context(), core.Actor(c), id,
			casework.Rejection{Reasons: f.ReasonsValue, Ground: casework.RejectionGround(f.GroundValue)}, casework.AnswerReceipt{})
		return err
	})
}

func (s *Server) OrgExecuted(c *gin.Context) {
	s.orgAct(c, "uitgevoerd", func(_ core.Lang, id int64, f *orgAdviceView) error {
		_, err := s.Store.ConfirmExecution(c.Request.Context(), core.Actor(c), id, f.NoteValue, casework.AnswerReceipt{})
		return err
	})
}
