package api

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
	"meldpunt/internal/web/core"
)

// The access log you can read (issue 13 point 5). A member of staff who opens a case somebody else
// handles says why first: on the case page a question before the case (accessReasonPage, a form
// posted to /werk/klacht/REF/reden), in the API the header X-Access-Reason. The reason is asked once
// per case and day. The privacy officer (role privacy) and the admin read the log on /toegangslog and
// with GET /api/v1/access-log (JSON) and /api/v1/access-log.csv; the privacy officer sees nothing else
// of the meldpunt.

// accessReasonHeader carries the reason for opening a case in the API (never the URL).
const accessReasonHeader = "X-Access-Reason"

// AccessLogReaders read the access log: the privacy officer and the admin.
var AccessLogReaders = []casework.Role{casework.RolePrivacy, casework.RoleAdmin}

// AccessLogPath is the officer's page.
const AccessLogPath = "/toegangslog"

// errReasonHeader is the API's refusal of an opening without a reason: it says how to give one.
var errReasonHeader = casework.Errorf(casework.CodeReasonRequired,
	"You do not handle this case: send why you open it in the request header %s (one line, at most %d characters, UTF-8). "+
		"It is written to the access log, which the privacy officer reads; the same reason lets you open this case again today.",
	accessReasonHeader, casework.MaxAccessReason)

// openComplaintAPI is GET /api/v1/complaints/{reference} for staff and the admin.
func (s *Server) openComplaintAPI(c *gin.Context) {
	reason := c.GetHeader(accessReasonHeader)
	complaint, err := s.Store.OpenComplaint(c.Request.Context(), core.Actor(c), c.Param("reference"),
		casework.Access{Via: casework.AccessAPI, Reason: reason})
	if casework.ErrorCode(err) == casework.CodeReasonRequired {
		err = errReasonHeader
	}
	if err != nil {
		s.Fail(c, err)
		return
	}
	s.WriteJSON(c, http.StatusOK, complaint)
}

// openCasePartAPI checks and logs the opening of a part of a case (its letters, an advice with the
// case's summary) by staff as openComplaintAPI does the case: with X-Access-Reason when somebody
// else handles it. It answers the refusal itself and reports whether to go on.
func (s *Server) openCasePartAPI(c *gin.Context, reference string) bool {
	err := s.Store.OpenCasePart(c.Request.Context(), core.Actor(c), reference,
		casework.Access{Via: casework.AccessAPI, Reason: c.GetHeader(accessReasonHeader)})
	if casework.ErrorCode(err) == casework.CodeReasonRequired {
		err = errReasonHeader
	}
	if err != nil {
		s.Fail(c, err)
		return false
	}
	return true
}

// AccessFilterOf reads the filter of the log from a query: user id, from and to (YYYY-MM-DD), page.
// names maps the filter's fields to the query's keys.
func AccessFilterOf(q url.Values, names map[string]string, perPage int) (casework.AccessFilter, error) {
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

// AccessLogAPI is GET /api/v1/access-log: a page of the log as JSON.
func (s *Server) AccessLogAPI(c *gin.Context) {
	f, err := AccessFilterOf(c.Request.URL.Query(), apiAccessNames, 50)
	if err != nil {
		s.Fail(c, err)
		return
	}
	page, err := s.Store.AccessLog(c.Request.Context(), core.Actor(c), f)
	if err != nil {
		s.Fail(c, err)
		return
	}
	s.WriteJSON(c, http.StatusOK, page)
}

// AccessLogCSVAPI is GET /api/v1/access-log.csv: every row the filter selects.
func (s *Server) AccessLogCSVAPI(c *gin.Context) {
	f, err := AccessFilterOf(c.Request.URL.Query(), apiAccessNames, 50)
	if err != nil {
		s.Fail(c, err)
		return
	}
	body, err := s.AccessCSV(c, f)
	if err != nil {
		s.Fail(c, err)
		return
	}
	s.SendAccessCSV(c, f, body)
}

// AccessCSV writes the rows of the log that f selects as CSV, one row per opening: at (RFC 3339),
// local date and time, user id, name and role, reference, via, reason. Text cells that a spreadsheet
// would run as a formula get a leading apostrophe.
func (s *Server) AccessCSV(c *gin.Context, f casework.AccessFilter) ([]byte, error) {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	if err := w.Write([]string{"at", "local_time", "user_id", "user_name", "user_role", "reference", "via", "reason"}); err != nil {
		return nil, err
	}
	err := s.Store.EachAccess(c.Request.Context(), core.Actor(c), f, func(e casework.AccessEntry) error {
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

func (s *Server) SendAccessCSV(c *gin.Context, f casework.AccessFilter, body []byte) {
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
