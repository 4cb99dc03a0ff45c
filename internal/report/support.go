package report

import (
	"bytes"
	"encoding/csv"
	"strconv"

	"meldpunt/internal/casework"
)

// supportRow is one figure of client support: section, key (a topic, channel, outcome or member of
// the pool), measure and value.
type supportRow struct{ section, key, measure, value string }

// hoursText writes hours with one decimal point, or the withheld mark when they are hidden with the
// count of clients or activities behind them.
func hoursText(h *float64) string {
	if h == nil {
		return casework.WithheldMark
	}
	return strconv.FormatFloat(*h, 'f', 1, 64)
}

// supportRows are every figure of client support, in the order of the JSON and with its names.
// Counts are numbers, "<5" or "x"; hours have one decimal point ("x" when hidden); the share is a
// percentage with one decimal point, empty when not shown.
func supportRows(f casework.SupportFigures) []supportRow {
	var rows []supportRow
	add := func(section, key, measure, value string) {
		rows = append(rows, supportRow{section, key, measure, value})
	}
	quarter := ""
	if f.Period.Quarter > 0 {
		quarter = strconv.Itoa(f.Period.Quarter)
	}
	add("period", "", "year", strconv.Itoa(f.Period.Year))
	add("period", "", "quarter", quarter)
	add("period", "", "from", f.PeriodFrom)
	add("period", "", "to", f.PeriodTo)
	add("clients", "", "clients", f.Clients.String())
	add("clients", "", "new_clients", f.NewClients.String())
	add("clients", "", "new_clients_referred_within_pool", f.ReferredClients.String())
	add("hours", "", "hours", hoursText(f.Hours))
	for _, s := range f.HoursBySupporter {
		add("hours_by_supporter", s.Supporter, "clients", s.Clients.String())
		add("hours_by_supporter", s.Supporter, "hours", hoursText(s.Hours))
	}
	add("issues", "", "issues", f.Issues.String())
	for _, t := range f.IssuesByTopic {
		add("issues_by_topic", string(t.Topic), "issues", t.Issues.String())
	}
	add("activities", "", "activities", f.Activities.String())
	for _, c := range f.ActivitiesByChannel {
		add("activities_by_channel", string(c.Channel), "activities", c.Activities.String())
		add("activities_by_channel", string(c.Channel), "hours", hoursText(c.Hours))
	}
	add("referrals", "", "referrals", f.Referrals.String())
	add("referrals", "within_pool", "referrals", f.ReferralsInPool.String())
	add("referrals", "outside_pool", "referrals", f.ReferralsOutside.String())
	add("outcomes", "", "ended", f.Ended.String())
	for _, o := range f.OutcomesByOutcome {
		add("outcomes", string(o.Outcome), "trajectories", o.Trajectories.String())
	}
	add("complaints", "", "complaints", f.Complaints.String())
	add("complaints", "", "complaints_with_supporter", f.ComplaintsWithSupporter.String())
	share := ""
	if f.WithSupporterShare != nil {
		share = strconv.FormatFloat(*f.WithSupporterShare, 'f', 1, 64)
	}
	add("complaints", "", "complaints_with_supporter_share", share)
	return rows
}

// SupportCSV writes the figures of client support as CSV: section, key, measure, value. The
// names of the members of the pool are guarded against spreadsheet formulas.
func SupportCSV(f casework.SupportFigures) ([]byte, error) {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	all := [][]string{{"section", "key", "measure", "value"}}
	for _, r := range supportRows(f) {
		all = append(all, []string{r.section, safe(r.key), r.measure, safe(r.value)})
	}
	if err := w.WriteAll(all); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
