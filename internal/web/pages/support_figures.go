package pages

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/gin-gonic/gin"

	"meldpunt/internal/casework"
	"meldpunt/internal/report"
	"meldpunt/internal/term"
	"meldpunt/internal/web/core"
)

// supportFiguresView is the page /gemeente: the period chosen, its figures as table rows, and the
// downloads.
type supportFiguresView struct {
	L             core.Lang // the page's language, for the shared tables (partials.html, steuncijfers)
	Year, Quarter string    // as chosen (the form shows them again)
	Years         []string
	Quarters      []string
	// YearError and QuarterError say what is wrong with the choice, beside its field.
	YearError, QuarterError string
	Period                  string
	Clients                 []supportFigureRow
	Supporters              []supportFigureRow
	Topics                  []supportFigureRow
	Channels                []supportFigureRow
	Referrals               []supportFigureRow
	Outcomes                []supportFigureRow
	Complaints              []supportFigureRow
	Downloads               []download
}

// supportFigureRow is one row of a table on /gemeente: a label and one or two values.
type supportFigureRow struct {
	Label  string
	Values []string
}

// supportHours writes hours with one decimal (a decimal comma in Dutch), or "x" when hidden.
func supportHours(l core.Lang, h *float64) string {
	if h == nil {
		return casework.WithheldMark
	}
	return decimal(l, *h)
}

// MunicipalityPage shows the figures of the year and quarter chosen in its GET form (jaar,
// kwartaal): this year's figures so far when nothing is chosen. A bad choice is shown again
// with an error summary (422).
func (s *Server) MunicipalityPage(c *gin.Context) {
	l := core.PageLang(c)
	current := s.Store.Now().In(term.Amsterdam()).Year()
	v := &supportFiguresView{Year: c.DefaultQuery("jaar", strconv.Itoa(current)), Quarter: c.Query("kwartaal")}
	for y := current; y > current-councilYears && y >= casework.FirstSupportYear; y-- {
		v.Years = append(v.Years, strconv.Itoa(y))
	}
	v.Quarters = []string{"1", "2", "3", "4"}
	p := newPage(l, "muni.title", "municipality").menuAt("/gemeente")
	p.Municipality = v
	period, err := casework.ParseSupportPeriod(v.Year, v.Quarter, current)
	if err != nil {
		p.HasErrors = true
		var ce *casework.Error
		errors.As(err, &ce)
		for _, fe := range ce.Fields {
			field := map[string]string{"year": "jaar", "quarter": "kwartaal"}[fe.Field]
			msg := l.T("muni.err." + fe.Field)
			p.Problems = append(p.Problems, problemLink{Field: field, Message: msg})
			if fe.Field == "year" {
				v.YearError = msg
			} else {
				v.QuarterError = msg
			}
		}
		s.render(c, http.StatusUnprocessableEntity, "municipality", p)
		return
	}
	f, err := s.Store.SupportFigures(c.Request.Context(), period)
	if err != nil {
		s.PageFail(c, l, err)
		return
	}
	fillSupportView(l, v, f)
	s.render(c, http.StatusOK, "municipality", p)
}

// periodQuery is the query of a period's page or download, starting with sep, in language l.
func periodQuery(l core.Lang, p casework.SupportPeriod, sep string) string {
	q := url.Values{}
	q.Set("jaar", strconv.Itoa(p.Year))
	if p.Quarter > 0 {
		q.Set("kwartaal", strconv.Itoa(p.Quarter))
	}
	if sep == "?" && l.EN() {
		q.Set("lang", "en")
	}
	return sep + q.Encode()
}

func fillSupportView(l core.Lang, v *supportFiguresView, f casework.SupportFigures) {
	v.L = l
	if f.Period.Quarter > 0 {
		v.Period = fmt.Sprintf(l.T("muni.period.quarter"), f.Period.Quarter, f.Period.Year)
	} else {
		v.Period = fmt.Sprintf(l.T("muni.period.year"), f.Period.Year)
	}
	row := func(key string, values ...string) supportFigureRow {
		return supportFigureRow{Label: l.T(key), Values: values}
	}
	v.Clients = []supportFigureRow{
		row("muni.clients", f.Clients.String()),
		row("muni.new", f.NewClients.String()),
		row("muni.referred_in", f.ReferredClients.String()),
		row("muni.hours", supportHours(l, f.Hours)),
		row("muni.issues", f.Issues.String()),
		row("muni.activities", f.Activities.String()),
	}
	for _, h := range f.HoursBySupporter {
		v.Supporters = append(v.Supporters, supportFigureRow{Label: h.Supporter,
			Values: []string{h.Clients.String(), supportHours(l, h.Hours)}})
	}
	for _, t := range f.IssuesByTopic {
		v.Topics = append(v.Topics, supportFigureRow{Label: l.Word("figtopic", string(t.Topic)), Values: []string{t.Issues.String()}})
	}
	for _, ch := range f.ActivitiesByChannel {
		v.Channels = append(v.Channels, supportFigureRow{Label: l.Word("figchannel", string(ch.Channel)),
			Values: []string{ch.Activities.String(), supportHours(l, ch.Hours)}})
	}
	v.Referrals = []supportFigureRow{
		row("muni.ref.pool", f.ReferralsInPool.String()),
		row("muni.ref.outside", f.ReferralsOutside.String()),
		row("muni.ref.total", f.Referrals.String()),
	}
	for _, o := range f.OutcomesByOutcome {
		v.Outcomes = append(v.Outcomes, supportFigureRow{Label: l.Word("figoutcome", string(o.Outcome)),
			Values: []string{o.Trajectories.String()}})
	}
	v.Outcomes = append(v.Outcomes, row("muni.ended", f.Ended.String()))
	share := "–"
	if f.WithSupporterShare != nil {
		share = decimal(l, *f.WithSupporterShare) + "%"
	}
	v.Complaints = []supportFigureRow{
		row("muni.complaints", f.Complaints.String()),
		row("muni.with_supporter", f.ComplaintsWithSupporter.String()),
		row("muni.share", share),
	}
	v.Downloads = []download{
		{Path: "/gemeente/cijfers.csv" + periodQuery(l, f.Period, "?"), Label: l.T("muni.dl.csv")},
		{Path: "/gemeente/cijfers.json" + periodQuery(l, f.Period, "?"), Label: l.T("muni.dl.json")},
	}
}

// MunicipalityDownload sends the figures of the period in the query (jaar, kwartaal) as CSV or
// JSON; a bad period is a 422 page.
func (s *Server) MunicipalityDownload(format report.Format) gin.HandlerFunc {
	return func(c *gin.Context) {
		l := core.PageLang(c)
		period, err := casework.ParseSupportPeriod(c.Query("jaar"), c.Query("kwartaal"),
			s.Store.Now().In(term.Amsterdam()).Year())
		if err != nil {
			s.PageFail(c, l, err)
			return
		}
		f, err := s.Store.SupportFigures(c.Request.Context(), period)
		if err != nil {
			s.PageFail(c, l, err)
			return
		}
		if format == report.CSV {
			s.SendSupportCSV(c, f)
			return
		}
		c.Header("Content-Disposition", fmt.Sprintf(`attachment; filename="clientondersteuning-%s.json"`, f.Period))
		s.WriteJSON(c, http.StatusOK, f)
	}
}
