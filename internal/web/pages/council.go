package pages

import (
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"meldpunt/internal/casework"
	"meldpunt/internal/report"
	"meldpunt/internal/term"
	"meldpunt/internal/web/core"
)

// The council's pages: the years with an annual report, and one year's figures online (the same
// casework.AnnualFigures as the PDF, CSV and JSON editions, frozen when the report is final) as
// tables with simple bar charts in CSS, and the downloads. Counts hidden in the report ("<5", "x")
// are hidden here in exactly the same way: the page prints casework.Suppressed as the report does.

// councilYears is how many years the start page offers: this year and the five before it.
const councilYears = 6

// figureRow is one key figure, this year and the year before.
type figureRow struct {
	Key, Label, Value, Previous string
}

// barRow is one row of a breakdown with its bar (a width class w0 … w100 in steps of 5).
type barRow struct {
	Label                         string
	Complaints, Granted, Previous int
	Bar                           string
}

// breakdownTable is a breakdown by life domain, ground, channel or month.
type breakdownTable struct {
	ID, Caption string
	Rows        []barRow
}

// orgFigure is a row of an organisation-level table, with the counts as the report prints them.
type orgFigure struct {
	Name, Kind string
	Values     []string
}

type councilYear struct {
	Year       int
	Draft      bool
	Summary    []figureRow
	Breakdowns []breakdownTable
	Kinds      []orgFigure
	Orgs       []orgFigure
	Outcomes   []orgFigure
	Grounds    []orgFigure
	Downloads  []download
	// Support is the chapter on client support; nil in figures frozen before it existed.
	Support *supportFiguresView
}

type download struct {
	Path, Label string
}

// reportFiles are the downloads of a year page: the file name in the path and the edition.
var reportFiles = map[string]struct {
	format report.Format
	lang   casework.Language
	label  string
}{
	"rapport-nl.pdf": {report.PDF, casework.LanguageDutch, "council.dl.pdfnl"},
	"rapport-en.pdf": {report.PDF, casework.LanguageEnglish, "council.dl.pdfen"},
	"rapport.csv":    {report.CSV, casework.LanguageDutch, "council.dl.csv"},
	"rapport.json":   {report.JSON, casework.LanguageDutch, "council.dl.json"},
}

var reportFileOrder = []string{"rapport-nl.pdf", "rapport-en.pdf", "rapport.csv", "rapport.json"}

// CouncilStart lists the years to read.
func (s *Server) CouncilStart(c *gin.Context) {
	l := core.PageLang(c)
	p := newPage(l, "council.title", "council").menuAt("/raad")
	current := s.Store.Now().In(term.Amsterdam()).Year()
	for y := current; y > current-councilYears && y >= report.FirstYear; y-- {
		p.Years = append(p.Years, y)
	}
	s.render(c, http.StatusOK, "council_years", p)
}

// pageYear parses the :year of a council page; a bad year is a 404 page.
func (s *Server) pageYear(c *gin.Context, l core.Lang) (int, bool) {
	year, err := report.ParseYear(c.Param("year"), s.Store.Now())
	if err != nil {
		s.PageError(c, l, http.StatusNotFound)
		return 0, false
	}
	return year, true
}

// CouncilYearPage shows a year's figures.
func (s *Server) CouncilYearPage(c *gin.Context) {
	l := core.PageLang(c)
	year, ok := s.pageYear(c, l)
	if !ok {
		return
	}
	f, state, err := s.Reports.Figures(c.Request.Context(), year)
	if err != nil {
		s.PageFail(c, l, err)
		return
	}
	v := &councilYear{Year: year, Draft: !state.Final()}
	v.Summary = summaryRows(l, f.Summary, f.Previous)
	v.Breakdowns = []breakdownTable{
		breakdown(l, "domein", "council.by.domain", f.ByLifeDomain, func(k string) string { return l.Word("domain", k) }),
		breakdown(l, "grond", "council.by.ground", f.ByGround, func(k string) string { return l.Word("ground", k) }),
		breakdown(l, "kanaal", "council.by.channel", f.ByChannel, func(k string) string { return l.Word("channel", k) }),
		breakdown(l, "maand", "council.by.month", f.ByMonth, func(k string) string { return monthName(l, k) }),
	}
	for _, k := range f.ByOrganisationKind {
		v.Kinds = append(v.Kinds, orgFigure{Name: l.Word("kind", string(k.Kind)),
			Values: []string{k.Complaints.String(), k.Granted.String()}})
	}
	for _, o := range f.ByOrganisation {
		v.Orgs = append(v.Orgs, orgFigure{Name: o.Organisation, Kind: l.Word("kind", string(o.Kind)),
			Values: []string{o.Complaints.String(), o.Granted.String()}})
	}
	for _, o := range f.AdviceOutcomes {
		v.Outcomes = append(v.Outcomes, orgFigure{Name: o.Organisation, Kind: l.Word("kind", string(o.Kind)),
			Values: []string{o.Issued.String(), o.Accepted.String(), o.Rejected.String(), o.Enforced.String(),
				o.Executed.String(), o.Awaiting.String()}})
	}
	for _, g := range f.RejectionGrounds {
		v.Grounds = append(v.Grounds, orgFigure{Name: l.Word("rground", string(g.Ground)), Values: []string{g.Count.String()}})
	}
	if f.ClientSupport != nil {
		v.Support = &supportFiguresView{}
		fillSupportView(l, v.Support, *f.ClientSupport)
	}
	for _, name := range reportFileOrder {
		v.Downloads = append(v.Downloads, download{Path: fmt.Sprintf("/raad/jaar/%d/%s", year, name),
			Label: l.T(reportFiles[name].label)})
	}
	p := newPage(l, "council.year.title", "council").menuAt(fmt.Sprintf("/raad/jaar/%d", year))
	p.Title = fmt.Sprintf(p.Title, year)
	p.Council = v
	s.render(c, http.StatusOK, "council_year", p)
}

// CouncilDownload sends the newest stored edition of a year's report, as the API's GET does: a
// download stores nothing, but the very first edition when none is stored. Staff make a new edition
// on /werk/jaarverslag/{year}.
func (s *Server) CouncilDownload(c *gin.Context) {
	l := core.PageLang(c)
	year, ok := s.pageYear(c, l)
	if !ok {
		return
	}
	file, ok := reportFiles[c.Param("file")]
	if !ok {
		s.PageError(c, l, http.StatusNotFound)
		return
	}
	res, err := s.Reports.Latest(c.Request.Context(), report.Request{Year: year, Format: file.format,
		Language: file.lang, Trigger: report.TriggerRequest, Actor: core.Actor(c)})
	if err != nil {
		s.PageFail(c, l, err)
		return
	}
	s.SendReport(c, http.StatusOK, res.Version, res.Content)
}

// summaryRows are the key figures in the order of the report's summary.
func summaryRows(l core.Lang, y, prev casework.YearSummary) []figureRow {
	i := strconv.Itoa
	share := func(p *float64) string {
		if p == nil {
			return "–"
		}
		return decimal(l, *p) + "%"
	}
	days := func(p *float64) string {
		if p == nil {
			return "–"
		}
		return decimal(l, *p)
	}
	rows := []struct {
		key       string
		this, was string
	}{
		{"received", i(y.Received), i(prev.Received)},
		{"taken_up", i(y.TakenUp), i(prev.TakenUp)},
		{"open", i(y.Open), i(prev.Open)},
		{"inadmissible", i(y.Inadmissible), i(prev.Inadmissible)},
		{"withdrawn", i(y.Withdrawn), i(prev.Withdrawn)},
		{"resolved", i(y.Resolved), i(prev.Resolved)},
		{"ruled", i(y.Ruled), i(prev.Ruled)},
		{"founded", i(y.Founded), i(prev.Founded)},
		{"partly_founded", i(y.PartlyFounded), i(prev.PartlyFounded)},
		{"unfounded", i(y.Unfounded), i(prev.Unfounded)},
		{"granted", i(y.Granted), i(prev.Granted)},
		{"granted_share", share(y.GrantedShare), share(prev.GrantedShare)},
		{"ruled_within_term_share", share(y.RuledWithinTermShare), share(prev.RuledWithinTermShare)},
		{"median_days_to_ruling", days(y.MedianDaysToRuling), days(prev.MedianDaysToRuling)},
		{"with_supporter_share", share(y.WithSupporterShare), share(prev.WithSupporterShare)},
		{"postponed", i(y.Postponed), i(prev.Postponed)},
		{"advices_issued", i(y.AdvicesIssued), i(prev.AdvicesIssued)},
		{"advices_accepted", i(y.AdvicesAccepted), i(prev.AdvicesAccepted)},
		{"advices_rejected", i(y.AdvicesRejected), i(prev.AdvicesRejected)},
		{"advices_enforced", i(y.AdvicesEnforced), i(prev.AdvicesEnforced)},
		{"advices_executed", i(y.AdvicesExecuted), i(prev.AdvicesExecuted)},
		{"advices_awaiting", i(y.AdvicesAwaiting), i(prev.AdvicesAwaiting)},
		{"recommendations", i(y.Recommendations), i(prev.Recommendations)},
	}
	out := make([]figureRow, 0, len(rows))
	for _, r := range rows {
		out = append(out, figureRow{Key: r.key, Label: l.T("fig." + r.key), Value: r.this, Previous: r.was})
	}
	return out
}

// decimal writes a number with one decimal, with a decimal comma in Dutch.
func decimal(l core.Lang, f float64) string {
	s := strconv.FormatFloat(f, 'f', 1, 64)
	if !l.EN() {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// breakdown builds a breakdown table with bars scaled to its largest count.
func breakdown(l core.Lang, id, caption string, rows []casework.Breakdown, label func(string) string) breakdownTable {
	t := breakdownTable{ID: id, Caption: l.T(caption)}
	most := 0
	for _, r := range rows {
		most = max(most, r.Complaints)
	}
	for _, r := range rows {
		t.Rows = append(t.Rows, barRow{Label: label(r.Key), Complaints: r.Complaints, Granted: r.Granted,
			Previous: r.Previous, Bar: barClass(r.Complaints, most)})
	}
	return t
}

// barClass is the width class of a bar for n out of most: w0 … w100 in steps of 5, at least w5 for
// a count above zero.
func barClass(n, most int) string {
	if n <= 0 || most <= 0 {
		return "w0"
	}
	step := int(math.Round(float64(n) * 20 / float64(most)))
	return "w" + strconv.Itoa(max(step, 1)*5)
}

// monthName writes a month key "2026-03" as "maart 2026" or "March 2026".
func monthName(l core.Lang, key string) string {
	y, m, ok := strings.Cut(key, "-")
	n, err := strconv.Atoi(m)
	if !ok || err != nil || n < 1 || n > 12 {
		return key
	}
	return l.Month(n) + " " + y
}
