package casework

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// SupportPeriod is a quarter or a calendar year over which the figures of client support are
// counted. Quarter 0 is the whole year. Its days are local days in Europe/Amsterdam.
type SupportPeriod struct {
	Year    int `json:"year"`
	Quarter int `json:"quarter,omitempty"`
}

// FirstSupportYear is the earliest year the figures of client support can be asked for.
const FirstSupportYear = 2000

// ParseSupportPeriod checks a year (four digits, from FirstSupportYear up to currentYear) and an
// optional quarter (1 to 4, empty for the whole year) as asked for in a request.
func ParseSupportPeriod(year, quarter string, currentYear int) (SupportPeriod, error) {
	var v Validator
	var p SupportPeriod
	if len(year) != 4 || strings.Trim(year, "0123456789") != "" {
		v.Add("year", "must be a year of four digits, such as %d", currentYear-1)
	} else {
		p.Year, _ = strconv.Atoi(year)
		v.Check(p.Year >= FirstSupportYear, "year", "must be %d or later", FirstSupportYear)
		v.Check(p.Year <= currentYear, "year", "%d has not begun; the latest year is %d", p.Year, currentYear)
	}
	if quarter != "" {
		if len(quarter) != 1 || quarter[0] < '1' || quarter[0] > '4' {
			v.Add("quarter", "must be 1, 2, 3 or 4, or left out for the whole year")
		} else {
			p.Quarter = int(quarter[0] - '0')
		}
	}
	if err := v.Err(); err != nil {
		return SupportPeriod{}, err
	}
	return p, nil
}

// Days returns the first day of the period and the first day after it, as dates at midnight UTC
// (the calendar days of the period; for instants use the local midnights of these dates).
func (p SupportPeriod) Days() (from, until time.Time) {
	first, months := time.January, 12
	if p.Quarter > 0 {
		first, months = time.Month(3*(p.Quarter-1)+1), 3
	}
	from = time.Date(p.Year, first, 1, 0, 0, 0, 0, time.UTC)
	return from, from.AddDate(0, months, 0)
}

// String names the period as in a file name: "2026" or "2026-Q2".
func (p SupportPeriod) String() string {
	if p.Quarter == 0 {
		return strconv.Itoa(p.Year)
	}
	return fmt.Sprintf("%d-Q%d", p.Year, p.Quarter)
}

// SupportFigures are the anonymous figures of client support over one period, from the supporters'
// records of their trajectories (DOMAIN.md §7, seed 002) and from the complaints. They hold no
// personal data: no client label, no complaint; counts of clients, issues, contacts, referrals
// and outcomes under SmallCountLimit are hidden, and counts that would reveal a hidden one by
// subtraction from a total are withheld (see Protect), as in the annual report.
//
// The definitions (computed in SQL, package postgres):
//   - clients: the trajectories active in the period (begun on or before its last day, not ended
//     before its first); a client helped by two supporters counts twice; new: begun in the period,
//     of which referred: begun on a referral from another member of the pool;
//   - issues: the issues (kwesties) noted in the period, by topic;
//   - hours: the minutes of the activities in the period, per member of the pool (with the number
//     of its clients in the period) and in total; hours are hidden with the count of clients
//     behind them;
//   - activities: the contacts and other work in the period, by channel, with their hours;
//   - referrals: made in the period, to another member of the pool or to an organisation outside;
//   - outcomes: of the trajectories ended in the period;
//   - complaints: received in the period (local date), and of those with a supporter.
type SupportFigures struct {
	Period     SupportPeriod `json:"period"`
	PeriodFrom string        `json:"period_from"` // first day, YYYY-MM-DD
	PeriodTo   string        `json:"period_to"`   // last day, YYYY-MM-DD

	Clients         Suppressed `json:"clients"`
	NewClients      Suppressed `json:"new_clients"`
	ReferredClients Suppressed `json:"new_clients_referred_within_pool"`

	Issues        Suppressed   `json:"issues"`
	IssuesByTopic []TopicCount `json:"issues_by_topic"`

	// Hours is the total, with one decimal; nil when the clients are too few to show it.
	Hours            *float64         `json:"hours"`
	HoursBySupporter []SupporterHours `json:"hours_by_supporter"`

	Activities          Suppressed     `json:"activities"`
	ActivitiesByChannel []ChannelCount `json:"activities_by_channel"`

	Referrals         Suppressed     `json:"referrals"`
	ReferralsInPool   Suppressed     `json:"referrals_within_pool"`
	ReferralsOutside  Suppressed     `json:"referrals_outside_pool"`
	Ended             Suppressed     `json:"ended"`
	OutcomesByOutcome []OutcomeCount `json:"outcomes"`

	Complaints              Suppressed `json:"complaints"`
	ComplaintsWithSupporter Suppressed `json:"complaints_with_supporter"`
	// WithSupporterShare is the percentage (one decimal) of the complaints that had a supporter;
	// nil when either count is not shown.
	WithSupporterShare *float64 `json:"complaints_with_supporter_share"`
}

// TopicCount counts the issues of one topic.
type TopicCount struct {
	Topic  IssueTopic `json:"topic"`
	Issues Suppressed `json:"issues"`
}

// SupporterHours are one member of the pool's clients and hours in the period. The pool is public,
// so its members are named; the hours are nil (hidden) when the count of clients is not shown.
type SupporterHours struct {
	Supporter string     `json:"supporter"`
	Clients   Suppressed `json:"clients"`
	Hours     *float64   `json:"hours"`
}

// ChannelCount counts the activities of one channel and their hours (nil when the count is not
// shown).
type ChannelCount struct {
	Channel    ActivityChannel `json:"channel"`
	Activities Suppressed      `json:"activities"`
	Hours      *float64        `json:"hours"`
}

// OutcomeCount counts the trajectories ended with one outcome.
type OutcomeCount struct {
	Outcome      TrajectoryOutcome `json:"outcome"`
	Trajectories Suppressed        `json:"trajectories"`
}

// Protect withholds counts that would let a hidden count be worked out from a published total
// (secondary suppression, the annual report's rule): per topic against the issues, per member of
// the pool against the clients (and with the count its hours), per channel against the
// activities (and its hours), within and outside the pool against the referrals, per outcome
// against the ended trajectories. In each group where exactly one count is hidden, the smallest
// shown count is withheld too. The total of hours is hidden when the clients or the activities are, and the share of
// complaints with a supporter when either of its counts is not shown.
func (f *SupportFigures) Protect() {
	for range 100 {
		changed := false
		group := func(total Suppressed, cells []*Suppressed) {
			if total.Shown() {
				changed = protectGroup(cells) || changed
			}
		}
		topics := make([]*Suppressed, len(f.IssuesByTopic))
		for i := range f.IssuesByTopic {
			topics[i] = &f.IssuesByTopic[i].Issues
		}
		group(f.Issues, topics)
		supporters := make([]*Suppressed, len(f.HoursBySupporter))
		for i := range f.HoursBySupporter {
			supporters[i] = &f.HoursBySupporter[i].Clients
		}
		// The hours of all members add up to the total, which is published whenever the clients
		// are: a lone hidden member's hours would follow by subtraction.
		group(f.Clients, supporters)
		channels := make([]*Suppressed, len(f.ActivitiesByChannel))
		for i := range f.ActivitiesByChannel {
			channels[i] = &f.ActivitiesByChannel[i].Activities
		}
		group(f.Activities, channels)
		group(f.Referrals, []*Suppressed{&f.ReferralsInPool, &f.ReferralsOutside})
		outcomes := make([]*Suppressed, len(f.OutcomesByOutcome))
		for i := range f.OutcomesByOutcome {
			outcomes[i] = &f.OutcomesByOutcome[i].Trajectories
		}
		group(f.Ended, outcomes)
		if !changed {
			break
		}
	}
	for i := range f.HoursBySupporter {
		if h := &f.HoursBySupporter[i]; !h.Clients.Shown() {
			h.Hours = nil
		}
	}
	for i := range f.ActivitiesByChannel {
		if c := &f.ActivitiesByChannel[i]; !c.Activities.Shown() {
			c.Hours = nil
		}
	}
	// The total of hours is hidden with the clients, and with the activities (a lone channel's
	// hours would otherwise be the total).
	if !f.Clients.Shown() || !f.Activities.Shown() {
		f.Hours = nil
	}
	if !f.Complaints.Shown() || !f.ComplaintsWithSupporter.Shown() {
		f.WithSupporterShare = nil
	}
}
