package pages

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"meldpunt/internal/casework"
	"meldpunt/internal/postgres"
	"meldpunt/internal/web/api"
	"meldpunt/internal/web/core"
)

// The staff's office pages: the print queue, organisations, users, recommendation follow-up and the
// annual report. They follow the organisation's pages (org.go): every action is a form post
// through the same store methods as the API; a success redirects (303) back to the page with a flag
// ?klaar=… that carries no personal data, a refusal re-renders the page with 422 (what was typed,
// with a message per field) or 409 (the state does not allow it). This file holds what the pages
// share, the routes, and the print queue with the letters; staff_office_admin.go the
// organisations and users, staff_office_report.go the recommendations and the annual report,
// staff_office_text.go their texts.

// staffOfficePages are the templates of the office pages.
var staffOfficePages = []string{"staff_post", "staff_organisations", "staff_users", "staff_recommendations", "staff_report"}

// officeView is the data of the office pages: Done is the message after a successful action, and
// one of the other fields is the page.
type officeView struct {
	Done   string
	Print  *printView
	Orgs   *orgsView
	Users  *usersView
	Recs   *recsView
	Report *reportView
	Pool   *poolView
	// The supporter's trajectories (tracks.go).
	Tracks *tracksView
}

// StaffOfficeRoutes registers the office pages; staff and admin are the session checks.
func (s *Server) StaffOfficeRoutes(page core.PageRouter, staff, admin gin.HandlerFunc) {
	page("GET", "/werk/post", staff, s.printQueue)
	page("POST", "/werk/post/:id/verstuurd", staff, s.markPostedPage)
	page("GET", "/werk/brief/:id", staff, s.letterPDF)
	page("POST", "/werk/brief/:id/opnieuw", staff, s.retryLetter)

	page("GET", "/werk/organisaties", staff, s.organisationsPage)
	page("POST", "/werk/organisaties", admin, s.addOrganisation)
	page("GET", "/werk/gebruikers", admin, s.usersPage)
	page("POST", "/werk/gebruikers", admin, s.addUser)
	page("POST", "/werk/gebruikers/:id/afmelden", admin, s.signOutUser)

	page("GET", "/werk/aanbevelingen", staff, s.recommendationsPage)
	page("POST", "/werk/aanbevelingen/:id", staff, s.followUpPage)

	page("GET", "/werk/jaarverslag", staff, s.reportStart)
	page("GET", "/werk/jaarverslag/:year", staff, s.reportPage)
	page("POST", "/werk/jaarverslag/:year/maken", staff, s.makeReport)
	page("POST", "/werk/jaarverslag/:year/slottekst", staff, s.setClosingPage)
	page("POST", "/werk/jaarverslag/:year/definitief", staff, s.finalisePage)
	page("GET", "/werk/jaarverslag/versie/:id", staff, s.reportVersionPage)
}

// ---- what the office pages share ----

// officeField is one control of an office form, or a group of radios or checkboxes (Choices). ID is
// the control's id (in a group, the first choice's), Name the form field (as in the JSON API); the
// help text has the id ID-hulp, the error ID-fout. Every text is in the page's language.
type officeField struct {
	ID, Name, Type, Label, Help, Error, Value, Autocomplete string
	// Required is the word "verplicht" when the field is required, else "".
	Required string
	Choices  []choice
}

// DescribedBy is the value of aria-describedby: the help text and the error.
func (f *officeField) DescribedBy() string {
	var ids []string
	if f.Help != "" {
		ids = append(ids, f.ID+"-hulp")
	}
	if f.Error != "" {
		ids = append(ids, f.ID+"-fout")
	}
	return strings.Join(ids, " ")
}

// officeForm is a form of the office pages: its fields in the order of the page, as typed.
type officeForm struct {
	Fields []*officeField
	l      core.Lang
	values url.Values
}

func newOfficeForm(l core.Lang, values url.Values) *officeForm {
	if values == nil {
		values = url.Values{}
	}
	return &officeForm{l: l, values: values}
}

// text adds a text field (text, email, password or textarea) with the value typed; a password is
// never shown again.
func (f *officeForm) text(id, name, typ, label, help string, required bool) *officeField {
	fl := &officeField{ID: id, Name: name, Type: typ, Label: f.l.T(label), Value: f.values.Get(name)}
	if typ == "password" {
		fl.Value = ""
	}
	if help != "" {
		fl.Help = f.l.T(help)
	}
	if required {
		fl.Required = f.l.T("required")
	}
	f.Fields = append(f.Fields, fl)
	return fl
}

// group adds a group of radios (or checkboxes) with these values and labels; the value typed is
// checked, or def when nothing was typed. The first choice has the id id, the others id-VALUE.
func (f *officeForm) group(id, name, typ, label, help string, required bool, values, labels []string, def string) *officeField {
	fl := &officeField{ID: id, Name: name, Type: typ, Label: f.l.T(label)}
	if help != "" {
		fl.Help = f.l.T(help)
	}
	if required {
		fl.Required = f.l.T("required")
	}
	chosen, ok := f.values[name]
	if !ok {
		chosen = []string{def}
	}
	for i, v := range values {
		cid := id
		if i > 0 {
			cid = id + "-" + v
		}
		fl.Choices = append(fl.Choices, choice{ID: cid, Value: v, Label: labels[i], Checked: slices.Contains(chosen, v)})
	}
	f.Fields = append(f.Fields, fl)
	return fl
}

// field returns the field named name, or nil.
func (f *officeForm) field(name string) *officeField {
	for _, fl := range f.Fields {
		if fl.Name == name {
			return fl
		}
	}
	return nil
}

// fail sets the message of the field named name unless it has one; it reports whether the form has
// that field.
func (f *officeForm) fail(name, msg string) bool {
	fl := f.field(name)
	if fl == nil {
		return false
	}
	if fl.Error == "" {
		fl.Error = msg
	}
	return true
}

// addErrors puts the field errors of a validation error on the form's fields, in plain language; it
// returns the messages about no field of the form.
func (f *officeForm) addErrors(fields []casework.FieldError) []problemLink {
	var other []problemLink
	for _, fe := range fields {
		if !f.fail(fe.Field, officeFieldError(f.l, fe.Field, fe.Message)) {
			other = append(other, problemLink{Message: f.l.T("err.generic")})
		}
	}
	return other
}

// problems lists the form's errors in the order of its fields, for the error summary.
func (f *officeForm) problems() []problemLink {
	var list []problemLink
	for _, fl := range f.Fields {
		if fl.Error != "" {
			list = append(list, problemLink{Field: fl.ID, Message: fl.Error})
		}
	}
	return list
}

// officeMessages map a casework field error (field and the start of its message; "" matches any)
// to the key of its plain-language text on the office forms. Other errors get the shared texts
// (fieldMessage).
var officeMessages = []struct{ field, prefix, key string }{
	{"name", "is required", "office.err.name"},
	{"email", "is required", "office.err.email"},
	{"kind", "", "office.err.kind"},
	{"role", "", "office.err.role"},
	{"organisation_id", "an organisation account needs", "office.err.org.needed"},
	{"organisation_id", "only organisation accounts", "office.err.org.none"},
	{"organisation_id", "", "office.err.org.unknown"},
	{"password", "is required", "office.err.password"},
	{"password", "must be at least", "office.err.password.short"},
	{"status", "", "office.err.status"},
	{"note", "is required", "office.err.note"},
	{"street", "a postal address needs", "office.err.orgaddress"},
	{"postcode", "a postal address needs", "office.err.orgaddress"},
	{"city", "a postal address needs", "office.err.orgaddress"},
}

// officeFieldError is the plain-language message for a field error on an office form.
func officeFieldError(l core.Lang, field, msg string) string {
	for _, m := range officeMessages {
		if m.field == field && strings.HasPrefix(msg, m.prefix) {
			if m.key == "office.err.password.short" {
				return fmt.Sprintf(l.T(m.key), casework.MinPasswordLength)
			}
			return l.T(m.key)
		}
	}
	return fieldMessage(l, field, msg)
}

// validationFields returns the field errors of a validation error, and false for any other error.
func validationFields(err error) ([]casework.FieldError, bool) {
	var e *casework.Error
	if !errors.As(err, &e) || e.Code != casework.CodeValidation {
		return nil, false
	}
	return e.Fields, true
}

// officeDone is the success message for the flag ?klaar= of a page, when it is one of flags.
func officeDone(c *gin.Context, l core.Lang, flags ...string) string {
	if flag := c.Query("klaar"); slices.Contains(flags, flag) {
		return l.T("office.done." + flag)
	}
	return ""
}

// officeRedirect answers a successful form post: 303 to path with the flag klaar, the query extra,
// and lang=en on English pages.
func officeRedirect(c *gin.Context, l core.Lang, path, flag string, extra url.Values) {
	q := url.Values{}
	for k, v := range extra {
		q[k] = v
	}
	q.Set("klaar", flag)
	if l.EN() {
		q.Set("lang", "en")
	}
	c.Redirect(http.StatusSeeOther, path+"?"+q.Encode())
}

// renderOffice renders an office page titled title: 200 with the language switch to path, or an
// error status with the problems in the error summary.
func (s *Server) renderOffice(c *gin.Context, l core.Lang, status int, name, title, nav, path string, v *officeView, problems []problemLink) {
	p := newPage(l, "", nav)
	p.Title, p.Office = title, v
	if status == http.StatusOK {
		p.menuAt(path)
	} else {
		p.HasErrors = true
		p.Problems = problems
		if len(p.Problems) == 0 {
			p.Problems = []problemLink{{Message: l.T("err.generic")}}
		}
	}
	s.render(c, status, name, p)
}

// ---- the print queue and the letters ----

// printPageSize is how many letters one page of the print queue shows.
const printPageSize = 50

// printView is the print queue: letters to print and post, oldest first.
type printView struct {
	Rows []printRow
	// Next is the id after which the next page starts (0: this is the last page); Paged is true on
	// a page after the first.
	Next  int64
	Paged bool
	// NoAddress are letters that wait for an address and are not in the queue (at most
	// printPageSize; MoreNoAddress says there are more).
	NoAddress     []printRow
	MoreNoAddress bool
}

// printRow is one letter in the print queue.
type printRow struct {
	ID                                  int64
	Reference, Kind, Recipient, Created string
	HasLetter                           bool
}

// printQueue shows the letters waiting to be printed and posted; ?na=ID pages on after that letter.
func (s *Server) printQueue(c *gin.Context) {
	l := core.PageLang(c)
	var after int64
	if na := c.Query("na"); na != "" {
		n, err := strconv.ParseInt(na, 10, 64)
		if err != nil || n < 0 {
			s.PageError(c, l, http.StatusNotFound)
			return
		}
		after = n
	}
	s.printQueuePage(c, l, http.StatusOK, after, nil)
}

// printQueuePage renders the print queue from the letter after (200, or an error status with the
// problems).
func (s *Server) printQueuePage(c *gin.Context, l core.Lang, status int, after int64, problems []problemLink) {
	list, err := s.Store.Notices(c.Request.Context(), postgres.NoticeFilter{Status: "print", Limit: printPageSize + 1, After: after})
	if err != nil {
		s.PageFail(c, l, err)
		return
	}
	pv := &printView{Paged: after > 0}
	if len(list) > printPageSize {
		list = list[:printPageSize]
		pv.Next = list[len(list)-1].ID
	}
	for _, n := range list {
		row := printRow{ID: n.ID, Reference: n.Reference, Kind: l.Word("office.letter", n.Kind),
			Recipient: l.Word("office.to", n.Recipient), Created: l.Day(n.CreatedAt), HasLetter: n.HasLetter}
		// An organisation is named, so that letters to two organisations on one case are told apart;
		// people are not: their details are in the letter.
		if n.Recipient == "organisation" && n.Name != "" {
			row.Recipient += ": " + n.Name
		}
		pv.Rows = append(pv.Rows, row)
	}
	waiting, err := s.Store.Notices(c.Request.Context(), postgres.NoticeFilter{Status: "no_address", Limit: printPageSize + 1})
	if err != nil {
		s.PageFail(c, l, err)
		return
	}
	if len(waiting) > printPageSize {
		waiting, pv.MoreNoAddress = waiting[:printPageSize], true
	}
	for _, n := range waiting {
		pv.NoAddress = append(pv.NoAddress, printRow{ID: n.ID, Reference: n.Reference, Kind: l.Word("office.letter", n.Kind),
			Recipient: l.Word("office.to", n.Recipient), Created: l.Day(n.CreatedAt)})
	}
	v := &officeView{Print: pv}
	if status == http.StatusOK {
		v.Done = officeDone(c, l, "verstuurd")
	}
	s.renderOffice(c, l, status, "staff_post", l.T("office.post.title"), "print", "/werk/post", v, problems)
}

// markPostedPage records that a printed letter was posted.
func (s *Server) markPostedPage(c *gin.Context) {
	l, ok := s.readPageForm(c)
	if !ok {
		return
	}
	id, err := api.NoticeID(c)
	if err == nil {
		err = s.Store.MarkPosted(c.Request.Context(), core.Actor(c), id)
	}
	switch {
	case err == nil:
		officeRedirect(c, l, "/werk/post", "verstuurd", nil)
	case casework.ErrorCode(err) == casework.CodeInvalidTransition:
		s.printQueuePage(c, l, http.StatusConflict, 0, []problemLink{{Message: l.T("office.post.err.state")}})
	default:
		s.PageFail(c, l, err)
	}
}

// letterPDF sends any letter as a PDF attachment; a letter the dispatcher has not written yet gets a
// page that says so.
func (s *Server) letterPDF(c *gin.Context) {
	l := core.PageLang(c)
	id, err := api.NoticeID(c)
	var file []byte
	var name string
	if err == nil {
		// A letter shows its case: opened as the case is, unless it waits in the print queue; without
		// today's reason the case page asks for it first.
		var ref string
		var printQueue bool
		if ref, printQueue, err = s.Store.LetterCase(c.Request.Context(), id); err == nil && !printQueue {
			err = s.Store.OpenCasePart(c.Request.Context(), core.Actor(c), ref, casework.Access{Via: casework.AccessPage})
			if casework.ErrorCode(err) == casework.CodeReasonRequired {
				c.Redirect(http.StatusSeeOther, casePath(ref))
				return
			}
		}
	}
	if err == nil {
		file, name, err = s.Store.NoticePDF(c.Request.Context(), core.Actor(c), id)
	}
	switch {
	case err == nil:
		c.Header("Content-Disposition", `attachment; filename="`+name+`"`)
		c.Data(http.StatusOK, "application/pdf", file)
	case casework.ErrorCode(err) == casework.CodeConflict:
		s.PageErrorText(c, l, http.StatusConflict, "office.e409letter")
	default:
		s.PageFail(c, l, err)
	}
}

// retryLetter puts a failed letter back in the outbox and returns to the worklist, which lists the
// failed letters.
func (s *Server) retryLetter(c *gin.Context) {
	l, ok := s.readPageForm(c)
	if !ok {
		return
	}
	id, err := api.NoticeID(c)
	if err == nil {
		err = s.Store.RetryFailed(c.Request.Context(), id)
	}
	switch {
	case err == nil:
		officeRedirect(c, l, "/werk", "opnieuw", nil)
	case casework.ErrorCode(err) == casework.CodeInvalidTransition:
		s.PageErrorText(c, l, http.StatusConflict, "office.e409retry")
	default:
		s.PageFail(c, l, err)
	}
}

// fieldTexts map casework field errors to the keys of their plain-language texts on a page: the
// field ("" for any field), the start of the error's message, and the key. Errors without an entry
// get the shared texts (fieldMessage).
type fieldTexts []struct{ field, prefix, key string }

// onForm puts the field errors on form in plain language and returns the error summary: the
// form's fields in order, then errors of fields the form does not have.
func (ts fieldTexts) onForm(l core.Lang, form *officeForm, fields []casework.FieldError) []problemLink {
	var other []problemLink
	for _, fe := range fields {
		msg := ""
		for _, m := range ts {
			if (m.field == "" || m.field == fe.Field) && strings.HasPrefix(fe.Message, m.prefix) {
				msg = l.T(m.key)
				break
			}
		}
		if msg == "" {
			msg = fieldMessage(l, fe.Field, fe.Message)
		}
		if !form.fail(fe.Field, msg) {
			other = append(other, problemLink{Message: msg})
		}
	}
	return append(form.problems(), other...)
}
