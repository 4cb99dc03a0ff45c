package web

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"meldpunt/internal/casework"
	"meldpunt/internal/term"
)

// The access log you can read (issue 13 point 5). A member of staff who opens a case somebody else
// handles says why first: on the case page a question before the case (accessReasonPage, a form
// posted to /werk/klacht/REF/reden), in the API the header X-Access-Reason. The reason is asked once
// per case and day. The privacy officer (role privacy) and the admin read the log on /toegangslog and
// with GET /api/v1/access-log (JSON) and /api/v1/access-log.csv; the privacy officer sees nothing else
// of the meldpunt.

// accessReasonHeader carries the reason for opening a case in the API (never the URL).
const accessReasonHeader = "X-Access-Reason"

// accessLogReaders read the access log: the privacy officer and the admin.
var accessLogReaders = []casework.Role{casework.RolePrivacy, casework.RoleAdmin}

// accessLogPath is the officer's page.
const accessLogPath = "/toegangslog"

// accessPages are the templates of this file.
var accessPages = []string{"access_reason", "access_log"}

// accessRoutes registers the question before a case and the officer's pages.
func (s *Server) accessRoutes(page pageRouter, staff gin.HandlerFunc) {
	page("POST", "/werk/klacht/:reference/reden", staff, s.stateAccessReason)
	readers := s.requirePage(accessLogReaders...)
	page("GET", accessLogPath, readers, s.accessLogPage)
	page("GET", accessLogPath+".csv", readers, s.accessLogPageCSV)
}

// errReasonHeader is the API's refusal of an opening without a reason: it says how to give one.
var errReasonHeader = casework.Errorf(casework.CodeReasonRequired,
	"You do not handle this case: send why you open it in the request header %s (one line, at most %d characters, UTF-8). "+
		"It is written to the access log, which the privacy officer reads; the same reason lets you open this case again today.",
	accessReasonHeader, casework.MaxAccessReason)

// openComplaintAPI is GET /api/v1/complaints/{reference} for staff and the admin.
func (s *Server) openComplaintAPI(c *gin.Context) {
	reason := c.GetHeader(accessReasonHeader)
	complaint, err := s.store.OpenComplaint(c.Request.Context(), actor(c), c.Param("reference"),
		casework.Access{Via: casework.AccessAPI, Reason: reason})
	if casework.ErrorCode(err) == casework.CodeReasonRequired {
		err = errReasonHeader
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	s.writeJSON(c, http.StatusOK, complaint)
}

// openCasePartAPI checks and logs the opening of a part of a case (its letters, an advice with the
// case's summary) by staff as openComplaintAPI does the case: with X-Access-Reason when somebody
// else handles it. It answers the refusal itself and reports whether to go on.
func (s *Server) openCasePartAPI(c *gin.Context, reference string) bool {
	err := s.store.OpenCasePart(c.Request.Context(), actor(c), reference,
		casework.Access{Via: casework.AccessAPI, Reason: c.GetHeader(accessReasonHeader)})
	if casework.ErrorCode(err) == casework.CodeReasonRequired {
		err = errReasonHeader
	}
	if err != nil {
		s.fail(c, err)
		return false
	}
	return true
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
func (s *Server) accessReasonPage(c *gin.Context, l lang, status int, ref, reason, errMsg string) {
	p := newPage(l, "access.q.title", "work")
	p.Access = &accessReasonView{Reference: ref, Action: casePath(ref) + "/reden", Reason: reason, Error: errMsg,
		Max: casework.MaxAccessReason}
	if errMsg != "" {
		p.HasErrors = true
		p.Problems = []problemLink{{Field: "reason", Message: errMsg}}
	} else {
		p.withSwitch(casePath(ref))
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
		s.pageError(c, l, http.StatusNotFound)
		return
	}
	reason := c.Request.PostForm.Get("reason")
	err := s.store.StateAccessReason(c.Request.Context(), actor(c), ref, reason)
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
		s.pageFail(c, l, err)
		return
	}
	c.Redirect(http.StatusSeeOther, l.URL(casePath(ref)))
}

// accessFilterOf reads the filter of the log from a query: user id, from and to (YYYY-MM-DD), page.
// names maps the filter's fields to the query's keys.
func accessFilterOf(q url.Values, names map[string]string, perPage int) (casework.AccessFilter, error) {
	f := casework.AccessFilter{From: q.Get(names["from"]), To: q.Get(names["to"]), Page: 1, PerPage: perPage}
	var v casework.Validator
	if s := q.Get(names["user_id"]); s != "" {
		id, err := strconv.ParseInt(s, 10, 64)
		v.Check(err == nil && id > 0, names["user_id"], "must be a user's id")
		f.UserID = max(id, 0)
	}
	if s := q.Get(names["page"]); s != "" {
		n, err := strconv.Atoi(s)
		v.Check(err == nil && n >= 1 && n <= 1_000_000, names["page"], "must be a page number")
		if err == nil && n >= 1 && n <= 1_000_000 {
			f.Page = n
		}
	}
	if s := q.Get(names["per_page"]); names["per_page"] != "" && s != "" {
		n, err := strconv.Atoi(s)
		v.Check(err == nil && n >= 1 && n <= casework.MaxAccessPage, names["per_page"], "must be between 1 and %d", casework.MaxAccessPage)
		if err == nil {
			f.PerPage = n
		}
	}
	if err := v.Err(); err != nil {
		return f, err
	}
	if err := f.Validate(); err != nil {
		var e *casework.Error
		if errors.As(err, &e) {
			for i := range e.Fields {
				if n, ok := names[e.Fields[i].Field]; ok {
					e.Fields[i].Field = n
				}
			}
		}
		return f, err
	}
	return f, nil
}

// apiAccessNames are the query keys of the API.
var apiAccessNames = map[string]string{"user_id": "user_id", "from": "from", "to": "to", "page": "page", "per_page": "per_page"}

// pageAccessNames are the query keys of the page (Dutch, like the page's other addresses).
var pageAccessNames = map[string]string{"user_id": "gebruiker", "from": "van", "to": "tot", "page": "pagina"}

// accessLogAPI is GET /api/v1/access-log: a page of the log as JSON.
func (s *Server) accessLogAPI(c *gin.Context) {
	f, err := accessFilterOf(c.Request.URL.Query(), apiAccessNames, 50)
	if err != nil {
		s.fail(c, err)
		return
	}
	page, err := s.store.AccessLog(c.Request.Context(), actor(c), f)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.writeJSON(c, http.StatusOK, page)
}

// accessLogCSVAPI is GET /api/v1/access-log.csv: every row the filter selects.
func (s *Server) accessLogCSVAPI(c *gin.Context) {
	f, err := accessFilterOf(c.Request.URL.Query(), apiAccessNames, 50)
	if err != nil {
		s.fail(c, err)
		return
	}
	body, err := s.accessCSV(c, f)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.sendAccessCSV(c, f, body)
}

// accessCSV writes the rows of the log that f selects as CSV, one row per opening: at (RFC 3339),
// local date and time, user id, name and role, reference, via, reason. Text cells that a spreadsheet
// would run as a formula get a leading apostrophe.
func (s *Server) accessCSV(c *gin.Context, f casework.AccessFilter) ([]byte, error) {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	if err := w.Write([]string{"at", "local_time", "user_id", "user_name", "user_role", "reference", "via", "reason"}); err != nil {
		return nil, err
	}
	err := s.store.EachAccess(c.Request.Context(), actor(c), f, func(e casework.AccessEntry) error {
		return w.Write([]string{e.At.UTC().Format("2006-01-02T15:04:05Z07:00"),
			e.At.In(term.Amsterdam()).Format("2006-01-02 15:04:05"), strconv.FormatInt(e.UserID, 10),
			csvSafe(e.UserName), string(e.UserRole), csvSafe(e.Reference), string(e.Via), csvSafe(e.Reason)})
	})
	if err != nil {
		return nil, err
	}
	w.Flush()
	return buf.Bytes(), w.Error()
}

func (s *Server) sendAccessCSV(c *gin.Context, f casework.AccessFilter, body []byte) {
	name := "toegangslog"
	if f.From != "" {
		name += "-" + f.From
	}
	if f.To != "" {
		name += "-tot-" + f.To
	}
	c.Header("Content-Disposition", fmt.Sprintf(`attachment; filename="%s.csv"`, name))
	c.Header("Cache-Control", "no-store")
	c.Data(http.StatusOK, "text/csv; charset=utf-8", body)
}

// csvSafe keeps a spreadsheet from reading a text cell as a formula (a leading = + - @ tab or CR).
func csvSafe(s string) string {
	if s == "" || strings.IndexByte("=+-@\t\r", s[0]) < 0 {
		return s
	}
	return "'" + s
}

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
	l := langOf(c.Query("lang"))
	q := c.Request.URL.Query()
	p := newPage(l, "access.log.title", "accesslog").withSwitch(accessLogPath)
	v := &accessLogView{From: q.Get("van"), To: q.Get("tot")}
	p.AccessLog = v
	users, err := s.store.AccessLogUsers(c.Request.Context())
	if err != nil {
		s.pageFail(c, l, err)
		return
	}
	v.Users = append(v.Users, accessUserChoice{ID: "", Label: l.T("access.log.everyone"), Selected: q.Get("gebruiker") == ""})
	for _, u := range users {
		id := strconv.FormatInt(u.ID, 10)
		v.Users = append(v.Users, accessUserChoice{ID: id, Label: u.Name + " (" + l.word("role", string(u.Role)) + ")",
			Selected: q.Get("gebruiker") == id})
	}
	f, err := accessFilterOf(q, pageAccessNames, 50)
	if err != nil {
		var e *casework.Error
		if !errors.As(err, &e) {
			s.pageFail(c, l, err)
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
	page, err := s.store.AccessLog(c.Request.Context(), actor(c), f)
	if err != nil {
		s.pageFail(c, l, err)
		return
	}
	v.Total = page.Total
	for _, e := range page.Entries {
		via := l.T("access.via.unknown")
		if e.Via != "" {
			via = l.word("access.via", string(e.Via))
		}
		v.Rows = append(v.Rows, accessRow{
			When:      l.Day(e.At) + " " + e.At.In(term.Amsterdam()).Format("15:04"),
			User:      e.UserName + " (" + l.word("role", string(e.UserRole)) + ")",
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
		path := accessLogPath
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
	l := langOf(c.Query("lang"))
	f, err := accessFilterOf(c.Request.URL.Query(), pageAccessNames, 50)
	if err != nil {
		s.pageFail(c, l, err)
		return
	}
	body, err := s.accessCSV(c, f)
	if err != nil {
		s.pageFail(c, l, err)
		return
	}
	s.sendAccessCSV(c, f, body)
}
