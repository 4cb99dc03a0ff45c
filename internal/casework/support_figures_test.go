package casework

import (
	"errors"
	"testing"
	"time"
)

// TestParseSupportPeriod: four-digit years from 2000 to this year, quarters 1 to 4 or none; the
// days of a quarter and of a year.
func TestParseSupportPeriod(t *testing.T) {
	for _, tc := range []struct{ year, quarter, field string }{
		{"2026", "", ""}, {"2000", "4", ""}, {"1999", "", "year"}, {"2027", "", "year"}, {"26", "", "year"},
		{"２０２６", "", "year"}, {"2026", "5", "quarter"}, {"2026", "0", "quarter"}, {"2026", "1 ", "quarter"},
		{"", "9", ""},
	} {
		_, err := ParseSupportPeriod(tc.year, tc.quarter, 2026)
		var e *Error
		switch {
		case tc.year == "":
			if !errors.As(err, &e) || len(e.Fields) != 2 {
				t.Errorf("no year and a bad quarter: %v", err)
			}
		case tc.field == "" && err != nil:
			t.Errorf("%q %q: %v", tc.year, tc.quarter, err)
		case tc.field != "" && (!errors.As(err, &e) || e.Code != CodeValidation || len(e.Fields) != 1 || e.Fields[0].Field != tc.field):
			t.Errorf("%q %q: %v, want a validation error on %s", tc.year, tc.quarter, err, tc.field)
		}
	}
	for _, tc := range []struct {
		p          SupportPeriod
		from, last string
		name       string
	}{
		{SupportPeriod{Year: 2026}, "2026-01-01", "2026-12-31", "2026"},
		{SupportPeriod{Year: 2026, Quarter: 1}, "2026-01-01", "2026-03-31", "2026-Q1"},
		{SupportPeriod{Year: 2024, Quarter: 4}, "2024-10-01", "2024-12-31", "2024-Q4"},
	} {
		from, until := tc.p.Days()
		if from.Format(time.DateOnly) != tc.from || until.AddDate(0, 0, -1).Format(time.DateOnly) != tc.last || tc.p.String() != tc.name {
			t.Errorf("%+v: %s to %s, %s", tc.p, from, until, tc.p)
		}
	}
}

// TestSupportFiguresProtect: in each group with a published total where exactly one count is
// hidden, the smallest shown count is withheld, and the hours behind hidden or withheld counts
// are dropped; a group with two hidden counts, or without a shown total, is left as it is.
func TestSupportFiguresProtect(t *testing.T) {
	n := func(v int) Suppressed { return Suppressed{N: v} }
	hidden, withheld := Suppressed{Hidden: true}, Suppressed{Withheld: true}
	h := func(v float64) *float64 { return &v }
	f := SupportFigures{
		Clients: n(20), Activities: n(30), Issues: n(12), Referrals: n(9), Ended: hidden, Complaints: n(10),
		ComplaintsWithSupporter: hidden, WithSupporterShare: h(20), Hours: h(40),
		HoursBySupporter: []SupporterHours{{"A", n(9), h(10)}, {"B", n(8), h(20)}, {"C", hidden, h(10)}},
		ActivitiesByChannel: []ChannelCount{{ActivityPhone, n(20), h(30)}, {ActivityEmail, hidden, h(4)},
			{ActivityDesk, hidden, h(6)}},
		IssuesByTopic:     []TopicCount{{TopicFinances, n(7)}, {TopicDebts, n(5)}},
		ReferralsInPool:   n(6),
		ReferralsOutside:  hidden,
		OutcomesByOutcome: []OutcomeCount{{OutcomeResolved, hidden}, {OutcomeReferred, hidden}},
	}
	f.Protect()
	if f.HoursBySupporter[1].Clients != withheld || f.HoursBySupporter[1].Hours != nil || f.HoursBySupporter[2].Hours != nil ||
		f.HoursBySupporter[0].Clients != n(9) || *f.HoursBySupporter[0].Hours != 10 {
		t.Errorf("supporters: %+v", f.HoursBySupporter)
	}
	if f.ActivitiesByChannel[0].Activities != n(20) || f.ActivitiesByChannel[1].Hours != nil || f.ActivitiesByChannel[2].Hours != nil {
		t.Errorf("channels: %+v", f.ActivitiesByChannel)
	}
	if f.IssuesByTopic[0].Issues != n(7) || f.IssuesByTopic[1].Issues != n(5) {
		t.Errorf("topics without a hidden count: %+v", f.IssuesByTopic)
	}
	if f.ReferralsInPool != withheld {
		t.Errorf("referrals within the pool: %s", f.ReferralsInPool)
	}
	if f.WithSupporterShare != nil || f.Hours == nil {
		t.Errorf("share %v, hours %v", f.WithSupporterShare, f.Hours)
	}
	f.Activities = hidden
	f.Protect()
	if f.Hours != nil {
		t.Error("the total of hours is shown with the activities hidden")
	}
}
