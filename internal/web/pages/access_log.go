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
	"meldpunt/internal/term"
	"meldpunt/internal/web/api"
	"meldpunt/internal/web/core"
)

// accessPages are the templates of this file.
var accessPages = []string{"access_reason", "access_log"}

// AccessRoutes registers the question before a case and the officer's pages.
func (s *Server) AccessRoutes(page core.PageRouter, staff gin.HandlerFunc) {
	page("POST", "/werk/klacht/:reference/reden", staff, s.stateAccessReason)
	readers := s.RequirePage(api.AccessLogReaders...)
	page("GET", api.AccessLogPath, readers, s.accessLogPage)
	page("GET", api.AccessLogPath+".csv", readers, s.accessLogPageCSV)
}

// accessReasonView is the question before a case: its reference and the reason as typed.
type accessReasonView struct {
	Reference string
	Action    string
	Reason    string
	Error     string
	Max       int
}

// accessReasonPage asks why the user opens a case somebody else handles (status 200, or 422 with
// the error).
func (s *Server) accessReasonPage(c *gin.Context, l core.Lang, status int, ref, reason, errMsg string) {
	p := newPage(l, "access.q.title", "work")
	p.Access = &accessReasonView{Reference: ref, Action: casePath(ref) + "/reden", Reason: reason, Error: errMsg,
		Max: casework.MaxAccessReason}
	if errMsg != "" {
		p.HasErrors = true
		p.Problems = []problemLink{{Field: "reason", Message: errMsg}}
	} else {
		p.menuAt(casePath(ref))
	}
	s.render(c, status, "access_reason", p)
}

// stateAccessReason records the reason posted from the question and goes on to the case (303); an
// empty or too long reason asks again (422).
func (s *Server) stateAccessReason(c *gin.Context) {
	l, ok := s.readPageForm(c)
	if !ok {
		return
	}
	ref, ok := caseReference(c)
	if !ok {
		s.PageError(c, l, http.StatusNotFound)
		return
	}
	reason := c.Request.PostForm.Get("reason")
	err := s.Store.StateAccessReason(c.Request.Context(), core.Actor(c), ref, reason)
	var e *casework.Error
	if errors.As(err, &e) && e.Code == casework.CodeValidation {
		msg := l.T("access.q.err.required")
		if strings.TrimSpace(reason) != "" {
			msg = fmt.Sprintf(l.T("access.q.err.invalid"), casework.MaxAccessReason)
		}
		s.accessReasonPage(c, l, http.StatusUnprocessableEntity, ref, reason, msg)
		return
	}
	if err != nil {
		s.PageFail(c, l, err)
		return
	}
	c.Redirect(http.StatusSeeOther, l.URL(casePath(ref)))
}

// pageAccessNames are the query keys of the page (Dutch, like the page's other addresses).
var pageAccessNames = map[string]string{"user_id": "gebruiker", "from": "van", "to": "tot", "page": "pagina"}

// accessLogView is the officer's page.
type accessLogView struct {
	Users    []accessUserChoice
	From, To string
	// Errors beside the fields, by query key.
	UserError, FromError, ToError string
	Rows                          []accessRow
	Total                         int
	Showing                       string
	Prev, Next                    string
	CSV                           string
}

type accessUserChoice struct {
	ID       string
	Label    string
	Selected bool
}

type accessRow struct {
	When, User, Reference, Via, Reason string
	HasReason                          bool
}

// accessLogPage is /toegangslog: the filter (user, from, to), a page of 50 rows, paging, the CSV.
func (s *Server) accessLogPage(c *gin.Context) {
	l := core.PageLang(c)
	q := c.Request.URL.Query()
	p := newPage(l, "access.log.title", "accesslog").menuAt(api.AccessLogPath)
	v := &accessLogView{From: q.Get("van"), To: q.Get("tot")}
	p.AccessLog = v
	users, err := s.Store.AccessLogUsers(c.Request.Context())
	if err != nil {
		s.PageFail(c, l, err)
		return
	}
	v.Users = append(v.Users, accessUserChoice{ID: "", Label: l.T("access.log.everyone"), Selected: q.Get("gebruiker") == ""})
	for _, u := range users {
		id := strconv.FormatInt(u.ID, 10)
		v.Users = append(v.Users, accessUserChoice{ID: id, Label: u.Name + " (" + l.Word("role", string(u.Role)) + ")",
			Selected: q.Get("gebruiker") == id})
	}
	f, err := api.AccessFilterOf(q, pageAccessNames, 50)
	if err != nil {
		var e *casework.Error
		if !errors.As(err, &e) {
			s.PageFail(c, l, err)
			return
		}
		p.HasErrors = true
		for _, fe := range e.Fields {
			msg := l.T("access.log.err." + fe.Field)
			switch fe.Field {
			case "gebruiker":
				v.UserError = msg
			case "van":
				v.FromError = msg
			case "tot":
				v.ToError = msg
			}
			link := problemLink{Field: fe.Field, Message: msg}
			if fe.Field == "pagina" {
				link.Field = "" // no field on the page: the paging links made it
			}
			p.Problems = append(p.Problems, link)
		}
		s.render(c, http.StatusUnprocessableEntity, "access_log", p)
		return
	}
	page, err := s.Store.AccessLog(c.Request.Context(), core.Actor(c), f)
	if err != nil {
		s.PageFail(c, l, err)
		return
	}
	v.Total = page.Total
	for _, e := range page.Entries {
		via := l.T("access.via.unknown")
		if e.Via != "" {
			via = l.Word("access.via", string(e.Via))
		}
		v.Rows = append(v.Rows, accessRow{
			When:      l.Day(e.At) + " " + e.At.In(term.Amsterdam()).Format("15:04"),
			User:      e.UserName + " (" + l.Word("role", string(e.UserRole)) + ")",
			Reference: e.Reference, Via: via, Reason: e.Reason, HasReason: e.Reason != ""})
	}
	if page.Total > 0 {
		first := (f.Page-1)*f.PerPage + 1
		last := min(f.Page*f.PerPage, page.Total)
		v.Showing = fmt.Sprintf(l.T("access.log.showing"), first, last, page.Total)
	}
	query := func(pageNo int, csvFile bool) string {
		out := url.Values{}
		if f.UserID > 0 {
			out.Set("gebruiker", strconv.FormatInt(f.UserID, 10))
		}
		if f.From != "" {
			out.Set("van", f.From)
		}
		if f.To != "" {
			out.Set("tot", f.To)
		}
		if pageNo > 1 {
			out.Set("pagina", strconv.Itoa(pageNo))
		}
		if l.EN() {
			out.Set("lang", "en")
		}
		path := api.AccessLogPath
		if csvFile {
			path += ".csv"
		}
		if len(out) == 0 {
			return path
		}
		return path + "?" + out.Encode()
	}
	if f.Page > 1 {
		v.Prev = query(f.Page-1, false)
	}
	if f.Page*f.PerPage < page.Total {
		v.Next = query(f.Page+1, false)
	}
	v.CSV = query(0, true)
	s.render(c, http.StatusOK, "access_log", p)
}

// accessLogPageCSV is /toegangslog.csv: the CSV of the page's filter.
func (s *Server) accessLogPageCSV(c *gin.Context) {
	l := core.PageLang(c)
	f, err := api.AccessFilterOf(c.Request.URL.Query(), pageAccessNames, 50)
	if err != nil {
		s.PageFail(c, l, err)
		return
	}
	body, err := s.AccessCSV(c, f)
	if err != nil {
		s.PageFail(c, l, err)
		return
	}
	s.SendAccessCSV(c, f, body)
}
