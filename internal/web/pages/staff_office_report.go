package pages

import (
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
	"meldpunt/internal/report"
	"meldpunt/internal/term"
	"meldpunt/internal/web/api"
	"meldpunt/internal/web/core"
)

// The recommendations and their follow-up, and the annual report: its state, key figures,
// generating the editions, the stored versions, the closing text and finalising.

// ---- recommendations ----

// recsView is the list of policy recommendations with the filter and a follow-up form for each.
type recsView struct {
	Filter *officeForm
	Rows   []recRow
	// Filtered is true when the list is narrowed by the filter; FilterYear and FilterStatus are the
	// filter, carried by the follow-up forms so that the list comes back the same.
	Filtered                 bool
	FilterYear, FilterStatus string
	// More is true when the filter matches more than recsShown recommendations.
	More bool
}

// recsShown is how many recommendations the page shows at most, newest first; a longer list asks
// for a narrower filter.
const recsShown = 100

// recRow is one recommendation with its follow-up form.
type recRow struct {
	ID                                          int64
	Reference, Domain, Text, Status, Note, Date string
	Form                                        *officeForm
}

// recommendationFilter is the filter as typed (year and status) and the store's filter it means.
func (s *Server) recommendationFilter(l core.Lang, values url.Values) (*officeForm, postgres.RecommendationFilter) {
	form := newOfficeForm(l, values)
	year := form.text("year", "year", "text", "office.recs.f.year", "office.recs.f.year.h", false)
	statuses, labels := []string{""}, []string{l.T("office.recs.f.status.all")}
	for _, st := range casework.RecommendationStatuses {
		statuses = append(statuses, string(st))
		labels = append(labels, l.T("office.rec."+string(st)))
	}
	status := form.group("status", "status", "radio", "office.recs.f.status", "", false, statuses, labels, "")
	var f postgres.RecommendationFilter
	now := s.Store.Now()
	if y := strings.TrimSpace(values.Get("year")); y != "" {
		n, err := report.ParseYear(y, now)
		if err != nil {
			year.Error = fmt.Sprintf(l.T("office.err.year"), report.FirstYear, now.In(term.Amsterdam()).Year())
		}
		f.Year = n
	}
	f.Status = casework.RecommendationStatus(values.Get("status"))
	if f.Status != "" && !f.Status.Valid() {
		status.Error = l.T("office.err.status")
	}
	return form, f
}

// newFollowUpForm is the follow-up form of recommendation id with the values status and note.
func newFollowUpForm(l core.Lang, id int64, values url.Values) *officeForm {
	f := newOfficeForm(l, values)
	var statuses, labels []string
	for _, st := range casework.RecommendationStatuses {
		statuses = append(statuses, string(st))
		labels = append(labels, l.T("office.rec."+string(st)))
	}
	n := strconv.FormatInt(id, 10)
	f.group("status-"+n, "status", "radio", "office.recs.f.followup", "", true, statuses, labels, "")
	f.text("note-"+n, "note", "textarea", "office.recs.f.note", "office.recs.f.note.h", false)
	return f
}

func (s *Server) recommendationsPage(c *gin.Context) {
	s.renderRecommendations(c, core.PageLang(c), http.StatusOK, c.Request.URL.Query(), 0, nil)
}

// renderRecommendations renders the recommendations under the filter in values (200, or an error
// status with the follow-up form of recommendation failed as typed). A filter that is not valid is
// refused with 422 and lists nothing.
func (s *Server) renderRecommendations(c *gin.Context, l core.Lang, status int, values url.Values, failed int64, form *officeForm) {
	filter, f := s.recommendationFilter(l, values)
	rv := &recsView{Filter: filter}
	problems := filter.problems()
	if len(problems) > 0 {
		if status == http.StatusOK {
			status = http.StatusUnprocessableEntity
		}
	} else {
		f.Limit = recsShown + 1
		list, err := s.Store.Recommendations(c.Request.Context(), f)
		if err != nil {
			s.PageFail(c, l, err)
			return
		}
		if len(list) > recsShown {
			list, rv.More = list[:recsShown], true
		}
		// The recommendation whose form failed is always shown, first, whatever the filter.
		if failed != 0 && !slices.ContainsFunc(list, func(r postgres.RecommendationView) bool { return r.ID == failed }) {
			one, err := s.Store.Recommendations(c.Request.Context(), postgres.RecommendationFilter{ID: failed})
			if err != nil {
				s.PageFail(c, l, err)
				return
			}
			list = append(one, list...)
		}
		rv.Filtered = f.Year != 0 || f.Status != ""
		if f.Year != 0 {
			rv.FilterYear = strconv.Itoa(f.Year)
		}
		rv.FilterStatus = string(f.Status)
		for _, r := range list {
			row := recRow{ID: r.ID, Reference: r.Reference, Domain: l.Word("domain", string(r.LifeDomain)),
				Text: r.Text, Status: l.Word("office.rec", string(r.Status)), Note: r.Note, Date: l.Day(r.CreatedAt)}
			if r.ID == failed && form != nil {
				row.Form = form
				problems = append(problems, form.problems()...)
			} else {
				row.Form = newFollowUpForm(l, r.ID, url.Values{"status": {string(r.Status)}, "note": {r.Note}})
			}
			rv.Rows = append(rv.Rows, row)
		}
	}
	v := &officeView{Recs: rv}
	if status == http.StatusOK {
		v.Done = officeDone(c, l, "opvolging")
	}
	s.renderOffice(c, l, status, "staff_recommendations", l.T("office.recs.title"), "recs", "/werk/aanbevelingen", v, problems)
}

// followUpPage records the follow-up of a recommendation and returns to the list as it was filtered.
func (s *Server) followUpPage(c *gin.Context) {
	l, ok := s.readPageForm(c)
	if !ok {
		return
	}
	in := c.Request.PostForm
	filter := url.Values{}
	for _, k := range []string{"year", "status"} {
		if v := in.Get("filter_" + k); v != "" {
			filter.Set(k, v)
		}
	}
	// A filter that is not valid is dropped rather than carried on.
	if form, _ := s.recommendationFilter(l, filter); len(form.problems()) > 0 {
		filter = url.Values{}
	}
	id, err := api.PathID(c, "No such recommendation.")
	if err == nil {
		_, err = s.Store.UpdateRecommendation(c.Request.Context(), core.Actor(c), id,
			casework.FollowUp{Status: casework.RecommendationStatus(in.Get("status")), Note: in.Get("note")})
	}
	if err == nil {
		officeRedirect(c, l, "/werk/aanbevelingen", "opvolging", filter)
		return
	}
	if fields, ok := validationFields(err); ok {
		form := newFollowUpForm(l, id, url.Values{"status": {in.Get("status")}, "note": {in.Get("note")}})
		form.addErrors(fields) // FollowUp.Validate names only the form's fields, status and note
		s.renderRecommendations(c, l, http.StatusUnprocessableEntity, filter, id, form)
		return
	}
	s.PageFail(c, l, err)
}

// ---- the annual report ----

// reportYears is how many years the report page links to: this year and the five before it.
const reportYears = 6

// reportView is one year's annual report as staff prepare it.
type reportView struct {
	Year  int
	Final bool
	// FinalisedOn is the day the report was made final; Running is true while the year has not
	// ended, and FinalFrom is the day from which it can be made final.
	FinalisedOn, FinalFrom string
	Running                bool
	Summary                []figureRow
	Versions               []versionRow
	// Closing is the closing-text form and Finalise the finalise form, both nil once the report is
	// final; ClosingNL and ClosingEN are then shown as text.
	Closing              *officeForm
	Finalise             *officeForm
	ClosingNL, ClosingEN string
	Years                []int
}

// versionRow is one stored generation of the report.
type versionRow struct {
	ID                                               int64
	Version                                          int
	Format, Language, Generated, Trigger, State, SHA string
}

// officeYear parses the :year of a report page; a year that cannot have a report gets a 404 page
// that names the years that can.
func (s *Server) officeYear(c *gin.Context, l core.Lang) (int, bool) {
	now := s.Store.Now()
	year, err := report.ParseYear(c.Param("year"), now)
	if err != nil {
		p := newPage(l, "office.e404year.title", "report")
		p.HasErrors = true
		p.Message = fmt.Sprintf(l.T("office.e404year.text"), report.FirstYear, now.In(term.Amsterdam()).Year())
		s.render(c, http.StatusNotFound, "error", p)
		return 0, false
	}
	return year, true
}

// reportStart goes to the report on the last year that has ended.
func (s *Server) reportStart(c *gin.Context) {
	l := core.PageLang(c)
	year := max(s.Store.Now().In(term.Amsterdam()).Year()-1, report.FirstYear)
	c.Redirect(http.StatusSeeOther, l.URL(fmt.Sprintf("/werk/jaarverslag/%d", year)))
}

func (s *Server) reportPage(c *gin.Context) {
	l := core.PageLang(c)
	if year, ok := s.officeYear(c, l); ok {
		s.renderReport(c, l, http.StatusOK, year, reportForms{})
	}
}

// newClosingForm is the form of the closing texts, as typed or (values nil) as stored.
func newClosingForm(l core.Lang, state postgres.ReportState, values url.Values) *officeForm {
	if values == nil {
		values = url.Values{"closing_nl": {state.ClosingNL}, "closing_en": {state.ClosingEN}}
	}
	f := newOfficeForm(l, values)
	f.text("closing_nl", "closing_nl", "textarea", "office.report.f.nl", "office.report.f.nl.h", false)
	f.text("closing_en", "closing_en", "textarea", "office.report.f.en", "office.report.f.en.h", false)
	return f
}

// newFinaliseForm is the form to make the report final: one box to tick.
func newFinaliseForm(l core.Lang, values url.Values) *officeForm {
	f := newOfficeForm(l, values)
	f.group("confirm", "confirm", "checkbox", "office.report.f.confirm", "", true, []string{"yes"},
		[]string{l.T("office.report.f.confirm.box")}, "")
	return f
}

// reportForms are the forms of a report page after a refused post: what was typed in each (nil: as
// stored, or empty), and fail, which sets their errors and returns the problems for the summary.
type reportForms struct {
	closing, finalise url.Values
	fail              func(closing, finalise *officeForm) []problemLink
}

// renderReport renders year's report page (200, or an error status with the forms of forms).
func (s *Server) renderReport(c *gin.Context, l core.Lang, status int, year int, forms reportForms) {
	ctx := c.Request.Context()
	figures, state, err := s.Reports.Figures(ctx, year)
	if err != nil {
		s.PageFail(c, l, err)
		return
	}
	versions, err := s.Store.ReportVersions(ctx, year)
	if err != nil {
		s.PageFail(c, l, err)
		return
	}
	now := s.Store.Now().In(term.Amsterdam())
	rv := &reportView{Year: year, Final: state.Final(), Running: year >= now.Year(),
		FinalFrom: l.CalendarDay(time.Date(year+1, time.January, 1, 0, 0, 0, 0, term.Amsterdam())),
		Summary:   summaryRows(l, figures.Summary, figures.Previous)}
	if state.FinalisedAt != nil {
		rv.FinalisedOn = l.Day(*state.FinalisedAt)
	}
	for y := now.Year(); y > now.Year()-reportYears && y >= report.FirstYear; y-- {
		rv.Years = append(rv.Years, y)
	}
	for _, v := range versions {
		row := versionRow{ID: v.ID, Version: v.Version, Format: strings.ToUpper(v.Format), Language: "–",
			Generated: l.Day(v.GeneratedAt) + " " + v.GeneratedAt.In(term.Amsterdam()).Format("15:04"),
			Trigger:   l.Word("office.trigger", v.Trigger), State: l.T("office.report.state.final")}
		if v.Format == string(report.PDF) {
			row.Language = l.Word("office.language", v.Language)
		}
		if v.Draft {
			row.State = l.T("office.report.state.draft")
		}
		if sum := fmt.Sprintf("%x", []byte(v.SHA256)); len(sum) >= 12 {
			row.SHA = sum[:12]
		}
		rv.Versions = append(rv.Versions, row)
	}
	closing, finalise := newClosingForm(l, state, forms.closing), newFinaliseForm(l, forms.finalise)
	if rv.Final {
		rv.ClosingNL, rv.ClosingEN = state.ClosingNL, state.ClosingEN
	} else {
		rv.Closing, rv.Finalise = closing, finalise
	}
	var problems []problemLink
	if forms.fail != nil {
		problems = forms.fail(closing, finalise)
	}
	v := &officeView{Report: rv}
	if status == http.StatusOK {
		v.Done = officeDone(c, l, "gemaakt", "slottekst", "definitief")
	}
	title := fmt.Sprintf(l.T("office.report.title"), year)
	s.renderOffice(c, l, status, "staff_report", title, "report", fmt.Sprintf("/werk/jaarverslag/%d", year), v, problems)
}

// reportEditions are the editions "make the report" generates: the PDF in Dutch and English, the CSV
// and the JSON.
var reportEditions = []struct {
	format report.Format
	lang   casework.Language
}{{report.PDF, casework.LanguageDutch}, {report.PDF, casework.LanguageEnglish}, {report.CSV, casework.LanguageDutch},
	{report.JSON, casework.LanguageDutch}}

// makeReport generates every edition of the year's report, each stored as a new version: the
// explicit action behind which every download (API, council pages) serves the newest edition.
func (s *Server) makeReport(c *gin.Context) {
	l, ok := s.readPageForm(c)
	if !ok {
		return
	}
	year, ok := s.officeYear(c, l)
	if !ok {
		return
	}
	for _, e := range reportEditions {
		if _, err := s.Reports.Generate(c.Request.Context(), report.Request{Year: year, Format: e.format, Language: e.lang,
			Trigger: report.TriggerRequest, Actor: core.Actor(c)}); err != nil {
			s.PageFail(c, l, err)
			return
		}
	}
	officeRedirect(c, l, fmt.Sprintf("/werk/jaarverslag/%d", year), "gemaakt", nil)
}

// setClosingPage stores the closing text in Dutch and in English, together: both are checked, then
// both are stored in one transaction.
func (s *Server) setClosingPage(c *gin.Context) {
	l, ok := s.readPageForm(c)
	if !ok {
		return
	}
	year, ok := s.officeYear(c, l)
	if !ok {
		return
	}
	in := c.Request.PostForm
	texts := []struct {
		field string
		text  casework.ClosingText
	}{
		{"closing_nl", casework.ClosingText{Language: casework.LanguageDutch, Text: in.Get("closing_nl")}},
		{"closing_en", casework.ClosingText{Language: casework.LanguageEnglish, Text: in.Get("closing_en")}},
	}
	values := url.Values{"closing_nl": {in.Get("closing_nl")}, "closing_en": {in.Get("closing_en")}}
	var invalid []casework.FieldError
	for _, t := range texts {
		if fields, ok := validationFields(t.text.Validate()); ok {
			for _, fe := range fields {
				invalid = append(invalid, casework.FieldError{Field: t.field, Message: fe.Message})
			}
		}
	}
	if len(invalid) > 0 {
		s.renderReport(c, l, http.StatusUnprocessableEntity, year, reportForms{closing: values,
			fail: func(closing, _ *officeForm) []problemLink {
				for _, fe := range invalid {
					closing.fail(fe.Field, fieldMessage(l, fe.Field, fe.Message))
				}
				return closing.problems()
			}})
		return
	}
	// Both languages in one transaction: a report finalised meanwhile keeps both old texts.
	if _, err := s.Store.SetClosingTexts(c.Request.Context(), core.Actor(c), year, texts[0].text, texts[1].text); err != nil {
		if casework.ErrorCode(err) == casework.CodeInvalidTransition {
			s.renderReport(c, l, http.StatusConflict, year, reportForms{closing: values,
				fail: func(_, _ *officeForm) []problemLink { return []problemLink{{Message: l.T("office.report.err.final")}} }})
			return
		}
		s.PageFail(c, l, err)
		return
	}
	officeRedirect(c, l, fmt.Sprintf("/werk/jaarverslag/%d", year), "slottekst", nil)
}

// finalisePage makes the year's report final, once the box that says so is ticked.
func (s *Server) finalisePage(c *gin.Context) {
	l, ok := s.readPageForm(c)
	if !ok {
		return
	}
	year, ok := s.officeYear(c, l)
	if !ok {
		return
	}
	values := url.Values{"confirm": c.Request.PostForm["confirm"]}
	if c.Request.PostForm.Get("confirm") != "yes" {
		s.renderReport(c, l, http.StatusUnprocessableEntity, year, reportForms{finalise: values,
			fail: func(_, finalise *officeForm) []problemLink {
				finalise.fail("confirm", l.T("office.report.err.confirm"))
				return finalise.problems()
			}})
		return
	}
	_, err := s.Store.FinaliseReport(c.Request.Context(), core.Actor(c), year)
	if err == nil {
		officeRedirect(c, l, fmt.Sprintf("/werk/jaarverslag/%d", year), "definitief", nil)
		return
	}
	if _, ok := validationFields(err); ok {
		// The Dutch closing text is missing: it is asked for at its field.
		s.renderReport(c, l, http.StatusUnprocessableEntity, year, reportForms{finalise: values,
			fail: func(closing, _ *officeForm) []problemLink {
				closing.fail("closing_nl", l.T("office.report.err.closing"))
				return closing.problems()
			}})
		return
	}
	if casework.ErrorCode(err) == casework.CodeInvalidTransition {
		msg := l.T("office.report.err.final")
		if year >= s.Store.Now().In(term.Amsterdam()).Year() {
			msg = fmt.Sprintf(l.T("office.report.err.running"), year, l.CalendarDay(time.Date(year+1, time.January, 1, 0, 0, 0, 0, term.Amsterdam())))
		}
		s.renderReport(c, l, http.StatusConflict, year, reportForms{finalise: values,
			fail: func(_, _ *officeForm) []problemLink { return []problemLink{{Message: msg}} }})
		return
	}
	s.PageFail(c, l, err)
}

// reportVersionPage sends a stored version of a report exactly as it was generated.
func (s *Server) reportVersionPage(c *gin.Context) {
	l := core.PageLang(c)
	id, err := api.PathID(c, "No such report version.")
	if err != nil {
		s.PageFail(c, l, err)
		return
	}
	v, content, err := s.Store.ReportContent(c.Request.Context(), id)
	if err != nil {
		s.PageFail(c, l, err)
		return
	}
	s.SendReport(c, http.StatusOK, v, content)
}
