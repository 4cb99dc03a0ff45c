package report

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"meldpunt/internal/casework"
)

func sha256Sum(b []byte) []byte {
	s := sha256.Sum256(b)
	return s[:]
}

// jsonReport is the JSON edition: a header about the report and the figures as computed.
type jsonReport struct {
	Report struct {
		Year          int        `json:"year"`
		Version       int        `json:"version"`
		GeneratedAt   time.Time  `json:"generated_at"`
		Draft         bool       `json:"draft"`
		FinalisedAt   *time.Time `json:"finalised_at"`
		PeriodFrom    string     `json:"period_from"`
		PeriodTo      string     `json:"period_to"`
		FiguresSHA256 string     `json:"figures_sha256"`
		SmallCounts   string     `json:"small_counts"`
		Withheld      string     `json:"withheld_counts"`
	} `json:"report"`
	Figures     casework.AnnualFigures `json:"figures"`
	ClosingText string                 `json:"closing_text"`
}

func renderJSON(f casework.AnnualFigures, m Meta) ([]byte, error) {
	var r jsonReport
	r.Report.Year, r.Report.Version, r.Report.GeneratedAt = m.Year, m.Version, m.Generated.UTC()
	r.Report.Draft, r.Report.FinalisedAt, r.Report.FiguresSHA256 = m.Draft, m.FinalisedAt, m.FiguresSHA256
	r.Report.PeriodFrom, r.Report.PeriodTo = fmt.Sprintf("%04d-01-01", m.Year), fmt.Sprintf("%04d-12-31", m.Year)
	r.Report.SmallCounts = fmt.Sprintf(`counts under %d in tables by organisation, kind of organisation or rejection ground, and every count of client support (client_support), are given as "<%d"`,
		casework.SmallCountLimit, casework.SmallCountLimit)
	r.Report.Withheld = fmt.Sprintf(`a count given as %q is withheld because a hidden count could otherwise be worked out from a total`,
		casework.WithheldMark)
	r.Figures, r.ClosingText = f, m.Closing
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // "<5" stays readable
	enc.SetIndent("", "  ")
	if err := enc.Encode(r); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// renderCSV writes every figure as one row: section, category, key, measure, value. Category is
// the organisation's kind or a recommendation's life domain where that applies; values are
// numbers, "<5", percentages with a decimal point, or empty where there is nothing to divide by.
func renderCSV(f casework.AnnualFigures, m Meta) ([]byte, error) {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	rows := [][]string{{"section", "category", "key", "measure", "value"}}
	add := func(section, category, key, measure, value string) {
		rows = append(rows, []string{section, safe(category), safe(key), measure, safe(value)})
	}
	add("report", "", "", "year", strconv.Itoa(m.Year))
	add("report", "", "", "version", strconv.Itoa(m.Version))
	add("report", "", "", "generated_at", m.Generated.UTC().Format(time.RFC3339))
	add("report", "", "", "draft", strconv.FormatBool(m.Draft))
	add("report", "", "", "figures_sha256", m.FiguresSHA256)
	for _, s := range []struct {
		name string
		y    casework.YearSummary
	}{{"summary", f.Summary}, {"previous_year", f.Previous}} {
		for _, kv := range summaryValues(s.y) {
			add(s.name, "", "", kv.name, kv.value)
		}
	}
	for _, b := range []struct {
		name string
		rows []casework.Breakdown
	}{{"by_life_domain", f.ByLifeDomain}, {"by_ground", f.ByGround}, {"by_channel", f.ByChannel}, {"by_month", f.ByMonth}} {
		for _, r := range b.rows {
			add(b.name, "", r.Key, "complaints", strconv.Itoa(r.Complaints))
			add(b.name, "", r.Key, "granted", strconv.Itoa(r.Granted))
			add(b.name, "", r.Key, "previous_year", strconv.Itoa(r.Previous))
		}
	}
	for _, r := range f.ByOrganisationKind {
		add("by_organisation_kind", "", string(r.Kind), "complaints", r.Complaints.String())
		add("by_organisation_kind", "", string(r.Kind), "granted", r.Granted.String())
	}
	for _, r := range f.ByOrganisation {
		add("by_organisation", string(r.Kind), r.Organisation, "complaints", r.Complaints.String())
		add("by_organisation", string(r.Kind), r.Organisation, "granted", r.Granted.String())
	}
	for _, r := range f.AdviceOutcomes {
		for _, kv := range []struct {
			name string
			v    casework.Suppressed
		}{{"issued", r.Issued}, {"accepted", r.Accepted}, {"rejected", r.Rejected}, {"enforced", r.Enforced},
			{"executed", r.Executed}, {"awaiting", r.Awaiting}} {
			add("advice_outcomes", string(r.Kind), r.Organisation, kv.name, kv.v.String())
		}
	}
	for _, g := range f.RejectionGrounds {
		add("rejection_grounds", "", string(g.Ground), "rejected", g.Count.String())
	}
	for _, s := range []struct {
		name string
		recs []casework.RecommendationFigure
	}{{"recommendations", f.Recommendations}, {"earlier_recommendations", f.EarlierRecommendations}} {
		for _, r := range s.recs {
			key := strconv.FormatInt(r.ID, 10)
			add(s.name, string(r.LifeDomain), key, "year", strconv.Itoa(r.Year))
			add(s.name, string(r.LifeDomain), key, "text", r.Text)
			add(s.name, string(r.LifeDomain), key, "status", string(r.Status))
			add(s.name, string(r.LifeDomain), key, "note", r.Note)
		}
	}
	for _, c := range f.FollowUp {
		year := strconv.Itoa(c.Year)
		add("recommendation_follow_up", "", year, "open", strconv.Itoa(c.Open))
		add("recommendation_follow_up", "", year, "adopted", strconv.Itoa(c.Adopted))
		add("recommendation_follow_up", "", year, "partly_adopted", strconv.Itoa(c.PartlyAdopted))
		add("recommendation_follow_up", "", year, "not_adopted", strconv.Itoa(c.NotAdopted))
	}
	// The chapter on client support (absent from figures frozen before it existed).
	if f.ClientSupport != nil {
		for _, r := range supportRows(*f.ClientSupport) {
			add("client_support_"+r.section, "", r.key, r.measure, r.value)
		}
	}
	// The residents' answers after the ruling (absent from figures frozen before they were counted).
	if f.Feedback != nil {
		for _, r := range feedbackRows(*f.Feedback) {
			add("feedback", "", r[0], r[1], r[2])
		}
	}
	if err := w.WriteAll(rows); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// safe keeps a spreadsheet from reading a text cell as a formula: a value that starts with = + -
// @ or a tab or carriage return gets a leading apostrophe. Numbers, including negative ones, pass
// unchanged.
func safe(s string) string {
	if s == "" || strings.IndexByte("=+-@\t\r", s[0]) < 0 {
		return s
	}
	if _, err := strconv.ParseFloat(s, 64); err == nil {
		return s
	}
	return "'" + s
}

type namedValue struct{ name, value string }

// summaryValues are a year's key figures in the order and with the names of the JSON edition.
func summaryValues(y casework.YearSummary) []namedValue {
	i := strconv.Itoa
	share := func(p *float64) string {
		if p == nil {
			return ""
		}
		return strconv.FormatFloat(*p, 'f', 1, 64)
	}
	return []namedValue{
		{"year", i(y.Year)}, {"received", i(y.Received)}, {"taken_up", i(y.TakenUp)}, {"open", i(y.Open)},
		{"inadmissible", i(y.Inadmissible)}, {"withdrawn", i(y.Withdrawn)}, {"resolved", i(y.Resolved)},
		{"ruled", i(y.Ruled)}, {"founded", i(y.Founded)}, {"partly_founded", i(y.PartlyFounded)},
		{"unfounded", i(y.Unfounded)}, {"granted", i(y.Granted)}, {"granted_share", share(y.GrantedShare)},
		{"ruled_within_term", i(y.RuledWithinTerm)}, {"ruled_within_term_share", share(y.RuledWithinTermShare)},
		{"median_days_to_ruling", share(y.MedianDaysToRuling)}, {"with_supporter", i(y.WithSupporter)},
		{"with_supporter_share", share(y.WithSupporterShare)}, {"postponed", i(y.Postponed)},
		{"advices_issued", i(y.AdvicesIssued)}, {"advices_accepted", i(y.AdvicesAccepted)},
		{"advices_rejected", i(y.AdvicesRejected)}, {"advices_enforced", i(y.AdvicesEnforced)},
		{"advices_executed", i(y.AdvicesExecuted)}, {"advices_awaiting", i(y.AdvicesAwaiting)},
		{"recommendations", i(y.Recommendations)},
	}
}
