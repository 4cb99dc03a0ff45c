package report

import (
	"meldpunt/internal/casework"
	"meldpunt/internal/pdf"
)

// supportSection is the chapter "Cliëntondersteuning": the year's figures of client support from
// the supporters' records (casework.SupportFigures, the same as the municipality's page and the
// CSV and JSON editions), with small counts hidden as everywhere in the report.
func supportSection(t *texts, f casework.AnnualFigures) pdf.ReportSection {
	s := pdf.ReportSection{Title: t.T("support.title")}
	c := f.ClientSupport
	if c == nil { // figures frozen before the chapter existed
		s.Blocks = []pdf.Block{{Kind: pdf.NoteBlock, Text: t.T("support.not_counted")}}
		return s
	}
	hours := func(h *float64) string {
		if h == nil {
			return casework.WithheldMark
		}
		return t.dec(*h)
	}
	if c.Clients.Shown() {
		s.Blocks = append(s.Blocks, pdf.Block{Kind: pdf.TextBlock, Text: t.T("support.lead", "year", f.Year,
			"clients", t.num(c.Clients.N), "new", c.NewClients.String(), "hours", hours(c.Hours))})
	} else {
		s.Blocks = append(s.Blocks, pdf.Block{Kind: pdf.TextBlock, Text: t.T("support.lead_few", "year", f.Year)})
	}
	share := "–"
	if c.WithSupporterShare != nil {
		share = t.percent(c.WithSupporterShare)
	}
	s.Blocks = append(s.Blocks,
		pdf.Block{Kind: pdf.FiguresBlock, Figures: []pdf.KeyFigure{
			{Value: c.Clients.String(), Label: t.T("support.fig.clients")},
			{Value: c.NewClients.String(), Label: t.T("support.fig.new")},
			{Value: hours(c.Hours), Label: t.T("support.fig.hours")},
			{Value: c.Issues.String(), Label: t.T("support.fig.issues")},
			{Value: c.Referrals.String(), Label: t.T("support.fig.referrals")},
			{Value: share, Label: t.T("support.fig.share")},
		}})

	topics := &pdf.Table{Caption: t.T("support.topics"), Columns: []pdf.Column{{Title: t.T("col.topic"), Width: 4},
		{Title: t.T("col.issues"), Align: pdf.AlignRight, Width: 1}}}
	for _, r := range c.IssuesByTopic {
		topics.Rows = append(topics.Rows, []string{t.T("topic." + string(r.Topic)), r.Issues.String()})
	}
	topics.Rows = append(topics.Rows, []string{t.T("support.row.issues"), c.Issues.String()})
	topics.Bold = lastBold(len(topics.Rows))
	s.Blocks = append(s.Blocks, pdf.Block{Kind: pdf.TableBlock, Table: topics})

	s.Blocks = append(s.Blocks, pdf.Block{Kind: pdf.SubheadingBlock, Text: t.T("support.hours")})
	if len(c.HoursBySupporter) == 0 {
		s.Blocks = append(s.Blocks, pdf.Block{Kind: pdf.TextBlock, Text: t.T("support.hours_none")})
	} else {
		per := &pdf.Table{Columns: []pdf.Column{{Title: t.T("col.supporter"), Width: 4},
			{Title: t.T("col.clients"), Align: pdf.AlignRight, Width: 1}, {Title: t.T("col.hours"), Align: pdf.AlignRight, Width: 1}}}
		for _, r := range c.HoursBySupporter {
			per.Rows = append(per.Rows, []string{r.Supporter, r.Clients.String(), hours(r.Hours)})
		}
		per.Rows = append(per.Rows, []string{t.T("support.row.total"), c.Clients.String(), hours(c.Hours)})
		per.Bold = lastBold(len(per.Rows))
		s.Blocks = append(s.Blocks, pdf.Block{Kind: pdf.TableBlock, Table: per})
	}

	channels := &pdf.Table{Caption: t.T("support.channels"), Columns: []pdf.Column{{Title: t.T("col.channel"), Width: 4},
		{Title: t.T("col.contacts"), Align: pdf.AlignRight, Width: 1}, {Title: t.T("col.hours"), Align: pdf.AlignRight, Width: 1}}}
	for _, r := range c.ActivitiesByChannel {
		channels.Rows = append(channels.Rows, []string{t.T("activity." + string(r.Channel)), r.Activities.String(), hours(r.Hours)})
	}
	s.Blocks = append(s.Blocks, pdf.Block{Kind: pdf.TableBlock, Table: channels})

	referrals := &pdf.Table{Caption: t.T("support.referrals"), Columns: countColumns(t), Rows: [][]string{
		{t.T("support.row.in_pool"), c.ReferralsInPool.String()},
		{t.T("support.row.outside"), c.ReferralsOutside.String()},
		{t.T("support.row.referrals"), c.Referrals.String()},
		{t.T("support.row.referred_in"), c.ReferredClients.String()},
	}}
	s.Blocks = append(s.Blocks, pdf.Block{Kind: pdf.TableBlock, Table: referrals})

	outcomes := &pdf.Table{Caption: t.T("support.outcomes"), Columns: countColumns(t)}
	for _, r := range c.OutcomesByOutcome {
		outcomes.Rows = append(outcomes.Rows, []string{t.T("outcome." + string(r.Outcome)), r.Trajectories.String()})
	}
	outcomes.Rows = append(outcomes.Rows, []string{t.T("support.row.ended"), c.Ended.String()})
	outcomes.Bold = lastBold(len(outcomes.Rows))
	s.Blocks = append(s.Blocks, pdf.Block{Kind: pdf.TableBlock, Table: outcomes})

	complaints := &pdf.Table{Caption: t.T("support.complaints"), Columns: countColumns(t), Rows: [][]string{
		{t.T("support.row.complaints"), c.Complaints.String()},
		{t.T("support.row.with_supporter"), c.ComplaintsWithSupporter.String()},
		{t.T("support.row.share"), share},
	}}
	s.Blocks = append(s.Blocks, pdf.Block{Kind: pdf.TableBlock, Table: complaints},
		pdf.Block{Kind: pdf.NoteBlock, Text: t.T("support.note")},
		pdf.Block{Kind: pdf.NoteBlock, Text: t.T("note.suppressed")})
	return s
}

// lastBold sets the last of n rows in bold: the total under a table's rows.
func lastBold(n int) []bool {
	b := make([]bool, n)
	if n > 0 {
		b[n-1] = true
	}
	return b
}
