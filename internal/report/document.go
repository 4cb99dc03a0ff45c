package report

import (
	"fmt"
	"strconv"
	"time"

	"meldpunt/internal/casework"
	"meldpunt/internal/pdf"
	"meldpunt/internal/term"
)

// renderPDF lays the figures out as the report's PDF in t's language.
func (g *Generator) renderPDF(t *texts, f casework.AnnualFigures, m Meta) ([]byte, error) {
	doc := g.document(t, f, m)
	if err := t.err(); err != nil {
		return nil, err
	}
	return pdf.Report(doc)
}

// document builds the report: cover, summary, breakdowns, advice outcomes, recommendations, the
// meldpunt's closing text, the comparison with last year and how the figures are counted.
func (g *Generator) document(t *texts, f casework.AnnualFigures, m Meta) pdf.ReportDoc {
	year := f.Year
	labels := pdf.DutchReportLabels()
	if t.lang == casework.LanguageEnglish {
		labels = pdf.EnglishReportLabels()
	}
	generated := t.dateTime(m.Generated)
	cover := []string{}
	if m.Generated.Before(time.Date(year+1, 1, 1, 0, 0, 0, 0, term.Amsterdam())) {
		cover = append(cover, t.T("cover.period_open", "year", year, "today", t.date(m.Generated)))
	} else {
		cover = append(cover, t.T("cover.period", "year", year))
	}
	cover = append(cover, t.T("cover.version", "version", m.Version, "generated", generated))
	if m.Draft {
		cover = append(cover, t.T("cover.draft"))
	} else if m.FinalisedAt != nil {
		cover = append(cover, t.T("cover.final", "date", t.date(*m.FinalisedAt)))
	}
	cover = append(cover, t.T("cover.format"))

	doc := pdf.ReportDoc{
		Sender: g.sender, Language: string(t.lang), Labels: labels, Draft: m.Draft,
		Title:      t.T("title", "year", year),
		Subtitle:   t.T("subtitle", "city", g.city()),
		CoverLines: cover,
		Created:    m.Generated,
	}
	doc.Sections = []pdf.ReportSection{
		summarySection(t, f, m, generated),
		topicsSection(t, f),
		organisationsSection(t, f),
		intakeSection(t, f),
		adviceSection(t, f),
		feedbackSection(t, f), // feedback_section.go
		recommendationsSection(t, f),
		supportSection(t, f), // support_chapter.go
		closingSection(t, m),
		comparisonSection(t, f),
		{Title: t.T("method.title"), Blocks: []pdf.Block{
			{Kind: pdf.TextBlock, Text: t.T("method.text")},
			{Kind: pdf.NoteBlock, Text: t.T("method.generated", "generated", generated, "hash", m.FiguresSHA256)},
		}},
	}
	return doc
}

func (g *Generator) city() string {
	if g.sender.City != "" {
		return g.sender.City
	}
	return "Haarlem"
}

func summarySection(t *texts, f casework.AnnualFigures, m Meta, generated string) pdf.ReportSection {
	s, p := f.Summary, f.Previous
	year, prev := f.Year, f.Year-1
	var blocks []pdf.Block
	if s.Received == 0 {
		blocks = append(blocks, pdf.Block{Kind: pdf.TextBlock, Text: t.T("summary.empty", "year", year)})
	} else {
		lead := t.T("summary.lead", "year", year, "previous", prev, "received", t.num(s.Received),
			"previous_received", t.num(p.Received), "ruled", t.num(s.Ruled), "granted", t.num(s.Granted),
			"granted_share", t.percent(s.GrantedShare), "advices", t.num(s.AdvicesIssued))
		switch {
		case s.AdvicesEnforced == 1:
			lead += " " + t.T("summary.lead_enforced_one")
		case s.AdvicesEnforced > 1:
			lead += " " + t.T("summary.lead_enforced", "enforced", t.num(s.AdvicesEnforced))
		}
		blocks = append(blocks, pdf.Block{Kind: pdf.TextBlock, Text: lead})
	}
	was := func(v string) string { return t.T("fig.previous", "previous", prev, "value", v) }
	blocks = append(blocks,
		pdf.Block{Kind: pdf.SubheadingBlock, Text: t.T("summary.figures")},
		pdf.Block{Kind: pdf.FiguresBlock, Figures: []pdf.KeyFigure{
			{Value: t.num(s.Received), Label: t.T("fig.received"), Note: was(t.num(p.Received))},
			{Value: t.num(s.Ruled), Label: t.T("fig.ruled"), Note: was(t.num(p.Ruled))},
			{Value: t.num(s.Granted) + " (" + t.percent(s.GrantedShare) + ")", Label: t.T("fig.granted"),
				Note: was(t.num(p.Granted))},
			{Value: t.percent(s.RuledWithinTermShare), Label: t.T("fig.within_term"), Note: was(t.percent(p.RuledWithinTermShare))},
			{Value: t.days(s.MedianDaysToRuling), Label: t.T("fig.median_days"), Note: was(t.days(p.MedianDaysToRuling))},
			{Value: t.percent(s.WithSupporterShare), Label: t.T("fig.with_supporter"), Note: was(t.percent(p.WithSupporterShare))},
			{Value: t.num(s.AdvicesIssued), Label: t.T("fig.advices"), Note: was(t.num(p.AdvicesIssued))},
			{Value: t.num(s.AdvicesEnforced), Label: t.T("fig.enforced"), Note: was(t.num(p.AdvicesEnforced))},
			{Value: t.num(s.TakenUp), Label: t.T("fig.taken_up"), Note: was(t.num(p.TakenUp))},
		}},
		pdf.Block{Kind: pdf.SubheadingBlock, Text: t.T("summary.handling")},
		pdf.Block{Kind: pdf.TableBlock, Table: handlingTable(t, s)},
		pdf.Block{Kind: pdf.SubheadingBlock, Text: t.T("summary.advices")},
		pdf.Block{Kind: pdf.TableBlock, Table: adviceTable(t, s)},
		pdf.Block{Kind: pdf.NoteBlock, Text: t.T("summary.note", "year", year, "generated", generated)},
	)
	return pdf.ReportSection{Title: t.T("summary.title"), Blocks: blocks}
}

func countColumns(t *texts) []pdf.Column {
	return []pdf.Column{{Title: t.T("col.item"), Width: 4}, {Title: t.T("col.count"), Align: pdf.AlignRight, Width: 1}}
}

// handlingTable shows what became of the year's complaints; every number is a figure of the
// summary, as computed in SQL.
func handlingTable(t *texts, s casework.YearSummary) *pdf.Table {
	row := func(key string, n int) []string { return []string{t.T(key), t.num(n)} }
	sub := func(key string, n int) []string { return []string{"    " + t.T(key), t.num(n)} }
	rows := [][]string{
		row("row.received", s.Received),
		row("row.taken_up", s.TakenUp),
		row("row.inadmissible", s.Inadmissible),
		row("row.withdrawn", s.Withdrawn),
		row("row.resolved", s.Resolved),
		row("row.ruled", s.Ruled),
		sub("row.founded", s.Founded),
		sub("row.partly_founded", s.PartlyFounded),
		sub("row.unfounded", s.Unfounded),
		{t.T("row.granted"), t.num(s.Granted) + " (" + t.percent(s.GrantedShare) + ")"},
		{t.T("row.within_term"), t.num(s.RuledWithinTerm) + " (" + t.percent(s.RuledWithinTermShare) + ")"},
		{t.T("row.median_days"), t.days(s.MedianDaysToRuling)},
		row("row.open", s.Open),
		row("row.postponed", s.Postponed),
		{t.T("row.with_supporter"), t.num(s.WithSupporter) + " (" + t.percent(s.WithSupporterShare) + ")"},
		row("row.recommendations", s.Recommendations),
	}
	bold := make([]bool, len(rows))
	bold[0] = true
	return &pdf.Table{Columns: countColumns(t), Rows: rows, Bold: bold}
}

func adviceTable(t *texts, s casework.YearSummary) *pdf.Table {
	row := func(key string, n int) []string { return []string{t.T(key), t.num(n)} }
	rows := [][]string{
		row("row.advices_issued", s.AdvicesIssued),
		row("row.advices_accepted", s.AdvicesAccepted),
		row("row.advices_rejected", s.AdvicesRejected),
		row("row.advices_enforced", s.AdvicesEnforced),
		row("row.advices_awaiting", s.AdvicesAwaiting),
		row("row.advices_executed", s.AdvicesExecuted),
	}
	bold := make([]bool, len(rows))
	bold[0] = true
	return &pdf.Table{Columns: countColumns(t), Rows: rows, Bold: bold}
}

// bars turns a breakdown into a bar chart; compare adds last year's figures.
func bars(t *texts, caption string, rows []casework.Breakdown, label func(string) string, compare bool, year int) *pdf.BarChart {
	c := &pdf.BarChart{Caption: caption, Compare: compare}
	if compare {
		c.Legend = [2]string{strconv.Itoa(year), strconv.Itoa(year - 1)}
	}
	for _, r := range rows {
		b := pdf.Bar{Label: label(r.Key), Value: float64(r.Complaints), Display: t.num(r.Complaints)}
		if compare {
			b.CompareValue, b.CompareDisplay = float64(r.Previous), t.num(r.Previous)
		}
		c.Items = append(c.Items, b)
	}
	return c
}

func (t *texts) label(prefix string) func(string) string {
	return func(key string) string { return t.T(prefix + "." + key) }
}

// monthLabel turns "2025-03" into "maart".
func (t *texts) monthLabel(key string) string {
	if len(key) == 7 {
		if n, err := strconv.Atoi(key[5:]); err == nil {
			return t.T("month." + strconv.Itoa(n))
		}
	}
	return key
}

func topicsSection(t *texts, f casework.AnnualFigures) pdf.ReportSection {
	return pdf.ReportSection{Title: t.T("topics.title"), Blocks: []pdf.Block{
		{Kind: pdf.TextBlock, Text: t.T("topics.lead")},
		{Kind: pdf.BarsBlock, Bars: bars(t, t.T("topics.domains"), f.ByLifeDomain, t.label("domain"), false, f.Year)},
		{Kind: pdf.BarsBlock, Bars: bars(t, t.T("topics.grounds"), f.ByGround, t.label("ground"), false, f.Year)},
		{Kind: pdf.TableBlock, Table: breakdownTable(t, f.ByLifeDomain, t.label("domain"))},
	}}
}

// breakdownTable lists a breakdown with complaints and granted rulings.
func breakdownTable(t *texts, rows []casework.Breakdown, label func(string) string) *pdf.Table {
	tb := &pdf.Table{Columns: []pdf.Column{{Title: t.T("col.item"), Width: 3},
		{Title: t.T("col.complaints"), Align: pdf.AlignRight, Width: 1},
		{Title: t.T("col.granted"), Align: pdf.AlignRight, Width: 1}}}
	for _, r := range rows {
		tb.Rows = append(tb.Rows, []string{label(r.Key), t.num(r.Complaints), t.num(r.Granted)})
	}
	return tb
}

func suppressedBar(label string, v casework.Suppressed) pdf.Bar {
	return pdf.Bar{Label: label, Value: float64(v.N), Display: v.String(), Suppressed: !v.Shown()}
}

func organisationsSection(t *texts, f casework.AnnualFigures) pdf.ReportSection {
	blocks := []pdf.Block{{Kind: pdf.TextBlock, Text: t.T("orgs.lead")}}
	kinds := &pdf.BarChart{Caption: t.T("orgs.kinds")}
	for _, r := range f.ByOrganisationKind {
		kinds.Items = append(kinds.Items, suppressedBar(t.T("kind."+string(r.Kind)), r.Complaints))
	}
	blocks = append(blocks, pdf.Block{Kind: pdf.BarsBlock, Bars: kinds})
	if len(f.ByOrganisation) == 0 {
		blocks = append(blocks, pdf.Block{Kind: pdf.TextBlock, Text: t.T("orgs.none")})
		return pdf.ReportSection{Title: t.T("orgs.title"), Blocks: blocks}
	}
	names := &pdf.BarChart{Caption: t.T("orgs.names")}
	table := &pdf.Table{Columns: []pdf.Column{{Title: t.T("col.organisation"), Width: 4}, {Title: t.T("col.kind"), Width: 2.2},
		{Title: t.T("col.complaints"), Align: pdf.AlignRight, Width: 1.1}, {Title: t.T("col.granted"), Align: pdf.AlignRight, Width: 1.1}}}
	for _, r := range f.ByOrganisation {
		names.Items = append(names.Items, suppressedBar(r.Organisation, r.Complaints))
		table.Rows = append(table.Rows, []string{r.Organisation, t.T("kind." + string(r.Kind)), r.Complaints.String(), r.Granted.String()})
	}
	blocks = append(blocks, pdf.Block{Kind: pdf.BarsBlock, Bars: names}, pdf.Block{Kind: pdf.TableBlock, Table: table},
		pdf.Block{Kind: pdf.NoteBlock, Text: t.T("note.suppressed")})
	return pdf.ReportSection{Title: t.T("orgs.title"), Blocks: blocks}
}

func intakeSection(t *texts, f casework.AnnualFigures) pdf.ReportSection {
	return pdf.ReportSection{Title: t.T("intake.title"), Blocks: []pdf.Block{
		{Kind: pdf.BarsBlock, Bars: bars(t, t.T("intake.channels"), f.ByChannel, t.label("channel"), false, f.Year)},
		{Kind: pdf.BarsBlock, Bars: bars(t, t.T("intake.months"), f.ByMonth, t.monthLabel, false, f.Year)},
	}}
}

func adviceSection(t *texts, f casework.AnnualFigures) pdf.ReportSection {
	blocks := []pdf.Block{{Kind: pdf.TextBlock, Text: t.T("advice.lead")}}
	if len(f.AdviceOutcomes) == 0 {
		blocks = append(blocks, pdf.Block{Kind: pdf.TextBlock, Text: t.T("advice.none")})
	} else {
		table := &pdf.Table{Caption: t.T("advice.table"), Columns: []pdf.Column{{Title: t.T("col.organisation"), Width: 2.4},
			{Title: t.T("col.issued"), Align: pdf.AlignRight, Width: 1}, {Title: t.T("col.accepted"), Align: pdf.AlignRight, Width: 1},
			{Title: t.T("col.rejected"), Align: pdf.AlignRight, Width: 1}, {Title: t.T("col.enforced"), Align: pdf.AlignRight, Width: 1},
			{Title: t.T("col.executed"), Align: pdf.AlignRight, Width: 1}, {Title: t.T("col.awaiting"), Align: pdf.AlignRight, Width: 1}}}
		for _, r := range f.AdviceOutcomes {
			table.Rows = append(table.Rows, []string{r.Organisation, r.Issued.String(), r.Accepted.String(), r.Rejected.String(),
				r.Enforced.String(), r.Executed.String(), r.Awaiting.String()})
		}
		blocks = append(blocks, pdf.Block{Kind: pdf.TableBlock, Table: table})
	}
	blocks = append(blocks, pdf.Block{Kind: pdf.SubheadingBlock, Text: t.T("advice.reasons")})
	if f.Summary.AdvicesRejected == 0 {
		blocks = append(blocks, pdf.Block{Kind: pdf.TextBlock, Text: t.T("advice.reasons_none")})
		return pdf.ReportSection{Title: t.T("advice.title"), Blocks: blocks}
	}
	blocks = append(blocks, pdf.Block{Kind: pdf.TextBlock, Text: t.T("advice.reasons_lead")})
	reasons := &pdf.BarChart{}
	for _, g := range f.RejectionGrounds {
		reasons.Items = append(reasons.Items, suppressedBar(t.T("rejection."+string(g.Ground)), g.Count))
	}
	blocks = append(blocks, pdf.Block{Kind: pdf.BarsBlock, Bars: reasons})
	blocks = append(blocks, pdf.Block{Kind: pdf.NoteBlock, Text: t.T("note.suppressed")})
	return pdf.ReportSection{Title: t.T("advice.title"), Blocks: blocks}
}

// The PDF lists at most maxListed recommendations of the year per life domain and
// maxListedEarlier open ones of earlier years; the CSV and JSON editions list them all.
const (
	maxListed        = 25
	maxListedEarlier = 200
)

func recommendationsSection(t *texts, f casework.AnnualFigures) pdf.ReportSection {
	blocks := []pdf.Block{}
	if len(f.Recommendations) == 0 {
		blocks = append(blocks, pdf.Block{Kind: pdf.TextBlock, Text: t.T("rec.none", "year", f.Year)})
	} else {
		blocks = append(blocks, pdf.Block{Kind: pdf.TextBlock, Text: t.T("rec.lead", "year", f.Year)})
		// The SQL orders them by life domain; a heading starts each domain. A council reads a list,
		// not a register: past maxListed per domain the PDF says how many more there are, and the
		// CSV and JSON editions hold them all.
		var current casework.LifeDomain
		var items []string
		more := 0
		flush := func() {
			if more > 0 {
				items = append(items, t.T("rec.more", "n", t.num(more)))
			}
			if len(items) > 0 {
				blocks = append(blocks, pdf.Block{Kind: pdf.SubheadingBlock, Text: t.T("domain." + string(current))},
					pdf.Block{Kind: pdf.ListBlock, Items: items})
			}
			items, more = nil, 0
		}
		for _, r := range f.Recommendations {
			if r.LifeDomain != current {
				flush()
				current = r.LifeDomain
			}
			if len(items) == maxListed {
				more++
				continue
			}
			items = append(items, r.Text+" ("+t.T("rec.status", "status", t.T("status."+string(r.Status)))+")")
		}
		flush()
	}
	blocks = append(blocks, pdf.Block{Kind: pdf.SubheadingBlock, Text: t.T("rec.followup")},
		pdf.Block{Kind: pdf.TextBlock, Text: t.T("rec.followup_lead")})
	follow := &pdf.Table{Columns: []pdf.Column{{Title: t.T("col.year"), Width: 1},
		{Title: t.T("col.open"), Align: pdf.AlignRight, Width: 1}, {Title: t.T("col.adopted"), Align: pdf.AlignRight, Width: 1.2},
		{Title: t.T("col.partly_adopted"), Align: pdf.AlignRight, Width: 1.4}, {Title: t.T("col.not_adopted"), Align: pdf.AlignRight, Width: 1.4}}}
	for _, c := range f.FollowUp {
		follow.Rows = append(follow.Rows, []string{strconv.Itoa(c.Year), t.num(c.Open), t.num(c.Adopted),
			t.num(c.PartlyAdopted), t.num(c.NotAdopted)})
	}
	blocks = append(blocks, pdf.Block{Kind: pdf.TableBlock, Table: follow},
		pdf.Block{Kind: pdf.SubheadingBlock, Text: t.T("rec.earlier")})
	if len(f.EarlierRecommendations) == 0 {
		blocks = append(blocks, pdf.Block{Kind: pdf.TextBlock, Text: t.T("rec.earlier_none")})
	} else {
		earlier := &pdf.Table{Columns: []pdf.Column{{Title: t.T("col.year"), Width: 0.7},
			{Title: t.T("col.recommendation"), Width: 4}, {Title: t.T("col.status"), Width: 1.3}, {Title: t.T("col.note"), Width: 2.5}}}
		for _, r := range f.EarlierRecommendations[:min(len(f.EarlierRecommendations), maxListedEarlier)] {
			earlier.Rows = append(earlier.Rows, []string{strconv.Itoa(r.Year),
				t.T("domain."+string(r.LifeDomain)) + ": " + r.Text, t.T("status." + string(r.Status)), r.Note})
		}
		blocks = append(blocks, pdf.Block{Kind: pdf.TableBlock, Table: earlier})
		if more := len(f.EarlierRecommendations) - maxListedEarlier; more > 0 {
			blocks = append(blocks, pdf.Block{Kind: pdf.NoteBlock, Text: t.T("rec.earlier_more", "n", t.num(more))})
		}
	}
	return pdf.ReportSection{Title: t.T("rec.title"), Blocks: blocks}
}

func closingSection(t *texts, m Meta) pdf.ReportSection {
	s := pdf.ReportSection{Title: t.T("closing.title")}
	if m.Closing == "" {
		s.Blocks = []pdf.Block{{Kind: pdf.NoteBlock, Text: t.T("closing.missing")}}
		return s
	}
	if !m.ClosingTranslated {
		s.Blocks = append(s.Blocks, pdf.Block{Kind: pdf.NoteBlock, Text: t.T("closing.from_dutch")})
	}
	s.Blocks = append(s.Blocks, pdf.Block{Kind: pdf.TextBlock, Text: m.Closing})
	return s
}

func comparisonSection(t *texts, f casework.AnnualFigures) pdf.ReportSection {
	year, prev := f.Year, f.Year-1
	s, p := f.Summary, f.Previous
	table := &pdf.Table{Columns: []pdf.Column{{Title: t.T("col.item"), Width: 3},
		{Title: t.T("col.this_year", "year", year), Align: pdf.AlignRight, Width: 1},
		{Title: t.T("col.previous_year", "previous", prev), Align: pdf.AlignRight, Width: 1},
		{Title: t.T("col.difference"), Align: pdf.AlignRight, Width: 1}}}
	count := func(key string, a, b int) {
		table.Rows = append(table.Rows, []string{t.T(key), t.num(a), t.num(b), t.diff(a - b)})
	}
	ratio := func(key string, a, b *float64, unit func(*float64) string) {
		d := "–"
		if a != nil && b != nil {
			switch x := *a - *b; {
			case x > 0:
				d = "+" + t.dec(x)
			case x < 0:
				d = "−" + t.dec(-x)
			default:
				d = "0"
			}
		}
		table.Rows = append(table.Rows, []string{t.T(key), unit(a), unit(b), d})
	}
	count("row.received", s.Received, p.Received)
	count("row.taken_up", s.TakenUp, p.TakenUp)
	count("row.inadmissible", s.Inadmissible, p.Inadmissible)
	count("row.withdrawn", s.Withdrawn, p.Withdrawn)
	count("row.resolved", s.Resolved, p.Resolved)
	count("row.ruled", s.Ruled, p.Ruled)
	count("row.granted", s.Granted, p.Granted)
	ratio("row.granted", s.GrantedShare, p.GrantedShare, t.percent)
	ratio("row.within_term", s.RuledWithinTermShare, p.RuledWithinTermShare, t.percent)
	ratio("row.median_days", s.MedianDaysToRuling, p.MedianDaysToRuling, t.days)
	ratio("row.with_supporter", s.WithSupporterShare, p.WithSupporterShare, t.percent)
	count("row.advices_issued", s.AdvicesIssued, p.AdvicesIssued)
	count("row.advices_accepted", s.AdvicesAccepted, p.AdvicesAccepted)
	count("row.advices_rejected", s.AdvicesRejected, p.AdvicesRejected)
	count("row.advices_enforced", s.AdvicesEnforced, p.AdvicesEnforced)
	count("row.recommendations", s.Recommendations, p.Recommendations)
	return pdf.ReportSection{Title: t.T("compare.title", "previous", prev), Blocks: []pdf.Block{
		{Kind: pdf.TextBlock, Text: t.T("compare.lead", "year", year, "previous", prev)},
		{Kind: pdf.TableBlock, Table: table},
		{Kind: pdf.BarsBlock, Bars: bars(t, t.T("compare.domains", "year", year, "previous", prev), f.ByLifeDomain, t.label("domain"), true, year)},
		{Kind: pdf.BarsBlock, Bars: bars(t, t.T("compare.months", "year", year, "previous", prev), f.ByMonth, t.monthLabel, true, year)},
	}}
}

// date writes the local date of an instant: "2 januari 2026".
func (t *texts) date(at time.Time) string {
	d := at.In(term.Amsterdam())
	return fmt.Sprintf("%d %s %d", d.Day(), t.T("month."+strconv.Itoa(int(d.Month()))), d.Year())
}

// dateTime writes an instant as local date and time: "2 januari 2026, 06:00".
func (t *texts) dateTime(at time.Time) string {
	return t.date(at) + ", " + at.In(term.Amsterdam()).Format("15:04")
}
