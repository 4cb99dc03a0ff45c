package pages

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"meldpunt/internal/casework"
	"meldpunt/internal/web/core"
)

// The status page: a resident proves their case with the reference and the tracking code (fields
// reference and tracking_code) and sees the resident's view of it, never more.

// lookupForm is the status form as typed, with its errors per field.
type lookupForm struct {
	Reference, TrackingCode string
	ReferenceError          string
	CodeError               string
}

// caseView is the resident's view of a case, in words.
type caseView struct {
	// L is the page's language, for the partial "zaak-uitspraak" that the resident's and the
	// supporter's case pages share.
	L               core.Lang
	Reference       string
	TrackingCode    string // as the resident typed it, for the letter downloads
	Received        string
	Status          string
	HandlingLastDay string
	Organisations   []string
	Verdict         string
	Findings        string
	Conclusions     string
	Advices         []adviceView
	Timeline        []eventView
	Letters         []letterView
	// Rep is the form to change or end who acts for the resident (supporter.go); nil on the
	// supporter's page.
	Rep *statusRepForm
	// After is what happens after the ruling, the route to the Nationale ombudsman and, on the
	// resident's page, the form "Is het advies uitgevoerd?" (feedback.go); nil before the ruling.
	After *afterRulingView
}

type adviceView struct {
	Organisation string
	Text         string
	LastDay      string
	Answer       string
	Reasons      string
	Rejected     bool
}

type eventView struct {
	Day    string
	What   string
	Reason string
}

type letterView struct {
	ID    int64
	What  string
	Day   string
	Ready bool
}

func newCaseView(l core.Lang, v casework.ResidentView, code string) *caseView {
	cv := &caseView{L: l, Reference: v.Reference, TrackingCode: code, Received: l.Date(v.ReceivedOn),
		Status: l.Word("status", string(v.Status)), HandlingLastDay: l.Date(v.HandlingLastDay),
		Organisations: v.Organisations, Findings: v.Findings, Conclusions: v.Conclusions}
	cv.After = newAfterRulingView(l, v, code, code != "", nil)
	if v.Verdict != "" {
		cv.Verdict = l.Word("verdict", string(v.Verdict))
	}
	for _, a := range v.Advices {
		cv.Advices = append(cv.Advices, adviceView{Organisation: a.OrganisationName, Text: a.Text,
			LastDay: l.Date(a.RespondBy), Answer: l.Word("advice", string(a.Status)),
			Reasons: a.RejectionReasons, Rejected: a.Status == casework.AdviceRejected})
	}
	for _, e := range v.Timeline {
		ev := eventView{Day: l.Day(e.At), What: l.Word("action", e.Action)}
		if e.Action == string(casework.ActionPostpone) {
			ev.Reason = e.Reason
		}
		cv.Timeline = append(cv.Timeline, ev)
	}
	for _, lt := range v.Letters {
		cv.Letters = append(cv.Letters, letterView{ID: lt.ID, What: l.Word("letter", lt.Kind),
			Day: l.Day(lt.CreatedAt), Ready: lt.Ready})
	}
	return cv
}

// statusPage renders the status form: 200, or with errors (422 for missing fields, 404 for a case
// not found).
func (s *Server) statusPage(c *gin.Context, l core.Lang, status int, f lookupForm) {
	p := newPage(l, "status.title", "status")
	p.Lookup = f
	if f.ReferenceError != "" {
		p.Problems = append(p.Problems, problemLink{Field: "reference", Message: f.ReferenceError})
	}
	if f.CodeError != "" {
		p.Problems = append(p.Problems, problemLink{Field: "tracking_code", Message: f.CodeError})
	}
	if status == http.StatusOK {
		p.menuAt("/status")
	} else {
		p.HasErrors = true
	}
	s.render(c, status, "status", p)
}

func (s *Server) StatusFormPage(c *gin.Context) {
	s.statusPage(c, core.PageLang(c), http.StatusOK, lookupForm{})
}

// proveCasePage is proveCase for the pages: under the same look-up limit of the client, it reads the
// posted reference and tracking code and runs do; a case not found counts as a failed attempt and
// re-renders the status form with one message, whether the reference or the code was wrong.
func (s *Server) proveCasePage(c *gin.Context, do func(l core.Lang, f lookupForm) error) {
	l, ok := s.readPageForm(c)
	if !ok {
		return
	}
	client := "ip:" + core.SourceKey(c.ClientIP())
	if s.Lookups.Blocked(client) {
		s.PageError(c, l, http.StatusTooManyRequests)
		return
	}
	f := lookupForm{Reference: strings.TrimSpace(c.Request.PostForm.Get("reference")),
		TrackingCode: strings.TrimSpace(c.Request.PostForm.Get("tracking_code"))}
	var v casework.Validator
	casework.CheckText(&v, "reference", f.Reference, true, 40)
	casework.CheckText(&v, "tracking_code", f.TrackingCode, true, 60)
	for _, fe := range v.Fields {
		msg := l.T("status.toolong")
		if strings.HasPrefix(fe.Message, "is required") {
			msg = l.T(map[string]string{"reference": "status.req.reference", "tracking_code": "status.req.code"}[fe.Field])
		}
		if fe.Field == "reference" {
			f.ReferenceError = msg
		} else {
			f.CodeError = msg
		}
	}
	if len(v.Fields) > 0 {
		s.statusPage(c, l, http.StatusUnprocessableEntity, f)
		return
	}
	err := do(l, f)
	if err == nil {
		return
	}
	if casework.ErrorCode(err) == casework.CodeNotFound {
		s.Lookups.Fail(client)
		f.ReferenceError = l.T("status.notfound")
		s.statusPage(c, l, http.StatusNotFound, f)
		return
	}
	s.PageFail(c, l, err)
}

// StatusLookup shows the resident's view of the case the posted reference and code prove.
func (s *Server) StatusLookup(c *gin.Context) {
	s.proveCasePage(c, func(l core.Lang, f lookupForm) error {
		view, err := s.Store.LookupComplaint(c.Request.Context(), f.Reference, f.TrackingCode)
		if err != nil {
			return err
		}
		pool, err := s.Store.Supporters(c.Request.Context(), casework.SupporterFilter{})
		if err != nil {
			return err
		}
		p := newPage(l, "case.title", "status")
		p.View = newCaseView(l, view, f.TrackingCode)
		p.View.Rep = newStatusRepForm(l, view, pool, nil, nil)
		s.render(c, http.StatusOK, "case", p)
		return nil
	})
}

// StatusLetter sends a letter of the proven case as a PDF attachment.
func (s *Server) StatusLetter(c *gin.Context) {
	s.proveCasePage(c, func(_ core.Lang, f lookupForm) error {
		id, err := strconv.ParseInt(c.Param("id"), 10, 64)
		if err != nil || id <= 0 {
			return casework.Errorf(casework.CodeNotFound, "No letter with this id.")
		}
		file, name, err := s.Store.ResidentLetter(c.Request.Context(), f.Reference, f.TrackingCode, id)
		if err != nil {
			return err
		}
		c.Header("Content-Disposition", `attachment; filename="`+name+`"`)
		c.Data(http.StatusOK, "application/pdf", file)
		return nil
	})
}
