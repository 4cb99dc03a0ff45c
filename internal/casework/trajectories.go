package casework

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// A trajectory is one client's course of support by one member of the pool, recorded by the
// supporter for seed 002's uniform monitoring: the issues (kwesties) by topic, the contacts and
// other work with the minutes spent, the referrals and the outcome. Dates are local dates
// (YYYY-MM-DD); today is the local date of the store's clock.

// Limits of a trajectory's records.
const (
	// MaxClientLabel is the longest label a supporter gives a client (initials, their own file number).
	MaxClientLabel = 60
	// MaxActivityMinutes is the most minutes one activity may record: a working day and a half.
	MaxActivityMinutes = 720
	// EarliestTrajectoryDate is the earliest date any record of a trajectory may carry: monitoring
	// started long after it, and dates before it are typing errors.
	EarliestTrajectoryDate = "2015-01-01"
)

// Trajectory is one client trajectory as its supporter sees it.
type Trajectory struct {
	ID          int64             `json:"id"`
	SupporterID int64             `json:"supporter_id"`
	ClientLabel string            `json:"client_label"`
	StartedOn   string            `json:"started_on"`
	EndedOn     string            `json:"ended_on,omitempty"`
	Outcome     TrajectoryOutcome `json:"outcome,omitempty"`
	LifeDomains []LifeDomain      `json:"life_domains"`
	// Minutes is the sum of the activities' minutes; LastContactOn the date of the latest contact
	// with the client (desk work is no contact), "" when there was none.
	Minutes       int                  `json:"minutes"`
	LastContactOn string               `json:"last_contact_on,omitempty"`
	Issues        []TrajectoryIssue    `json:"issues"`
	Activities    []TrajectoryActivity `json:"activities"`
	Referrals     []TrajectoryReferral `json:"referrals"`
	CreatedAt     time.Time            `json:"created_at"`
	UpdatedAt     time.Time            `json:"updated_at"`
}

// Open reports whether the trajectory has not been closed.
func (t Trajectory) Open() bool { return t.EndedOn == "" }

// TrajectorySummary is one line of a supporter's list of trajectories.
type TrajectorySummary struct {
	ID            int64             `json:"id" db:"id"`
	ClientLabel   string            `json:"client_label" db:"client_label"`
	StartedOn     string            `json:"started_on" db:"started_on"`
	EndedOn       string            `json:"ended_on,omitempty" db:"ended_on"`
	Outcome       TrajectoryOutcome `json:"outcome,omitempty" db:"outcome"`
	Issues        int               `json:"issues" db:"issues"`
	Minutes       int               `json:"minutes" db:"minutes"`
	LastContactOn string            `json:"last_contact_on,omitempty" db:"last_contact_on"`
}

// TrajectoryIssue is one issue (kwestie) of a trajectory.
type TrajectoryIssue struct {
	ID      int64      `json:"id" db:"id"`
	Topic   IssueTopic `json:"topic" db:"topic"`
	NotedOn string     `json:"noted_on" db:"noted_on"`
}

// TrajectoryActivity is a contact with the client by a channel, or other work (desk), with the
// minutes it took.
type TrajectoryActivity struct {
	ID      int64           `json:"id" db:"id"`
	OnDate  string          `json:"on_date" db:"on_date"`
	Channel ActivityChannel `json:"channel" db:"channel"`
	Minutes int             `json:"minutes" db:"minutes"`
}

// TrajectoryReferral is a referral onwards: to another member of the pool, or to an organisation
// outside it.
type TrajectoryReferral struct {
	ID             int64      `json:"id" db:"id"`
	OnDate         string     `json:"on_date" db:"on_date"`
	ToSupporterID  *int64     `json:"to_supporter_id,omitempty" db:"to_supporter_id"`
	ToSupporter    string     `json:"to_supporter,omitempty" db:"to_supporter"`
	ToOrganisation string     `json:"to_organisation,omitempty" db:"to_organisation"`
	Topic          IssueTopic `json:"topic" db:"topic"`
}

// TrajectoryInput starts a trajectory.
type TrajectoryInput struct {
	ClientLabel string       `json:"client_label"`
	StartedOn   string       `json:"started_on"`
	LifeDomains []LifeDomain `json:"life_domains"`
	// ReferredByID is the member of the pool that referred the client (0: nobody in the pool); the
	// figures count these as new clients referred within the pool.
	ReferredByID int64 `json:"referred_by_id,omitempty"`
}

// Normalize trims the label and sorts the life domains.
func (in *TrajectoryInput) Normalize() {
	in.ClientLabel = strings.TrimSpace(in.ClientLabel)
	in.StartedOn = strings.TrimSpace(in.StartedOn)
	in.LifeDomains = sortedSet(in.LifeDomains)
}

// Validate checks a new trajectory: a label that is no personal data, a start that is not in the
// future, known life domains.
func (in TrajectoryInput) Validate(today string) error {
	var v Validator
	CheckClientLabel(&v, "client_label", in.ClientLabel)
	checkDay(&v, "started_on", in.StartedOn, EarliestTrajectoryDate, today, "")
	checkDomains(&v, in.LifeDomains)
	v.Check(in.ReferredByID >= 0, "referred_by_id", "no such member of the pool")
	return v.Err()
}

// TrajectoryEdit changes the label and the life domains of a trajectory.
type TrajectoryEdit struct {
	ClientLabel string       `json:"client_label"`
	LifeDomains []LifeDomain `json:"life_domains"`
}

// Normalize trims the label and sorts the life domains.
func (e *TrajectoryEdit) Normalize() {
	e.ClientLabel = strings.TrimSpace(e.ClientLabel)
	e.LifeDomains = sortedSet(e.LifeDomains)
}

// Validate checks the change.
func (e TrajectoryEdit) Validate() error {
	var v Validator
	CheckClientLabel(&v, "client_label", e.ClientLabel)
	checkDomains(&v, e.LifeDomains)
	return v.Err()
}

func checkDomains(v *Validator, domains []LifeDomain) {
	for _, d := range domains {
		if !d.Valid() {
			v.Add("life_domains", "must be among %s", join(LifeDomains))
			return
		}
	}
}

// CheckClientLabel checks the label a supporter gives a client: required, at most MaxClientLabel
// characters, and no e-mail address, phone number or other long number (a BSN): the label is for
// the supporter to find the client back (initials, their own file number), and must not become a
// place for personal data.
func CheckClientLabel(v *Validator, field, label string) {
	n := len(v.Fields)
	CheckText(v, field, label, true, MaxClientLabel)
	if len(v.Fields) > n {
		return
	}
	v.Check(!strings.ContainsRune(label, '\n'), field, "must be one line")
	v.Check(!strings.ContainsAny(label, "@＠"), field, "may not contain an e-mail address: use initials or your own file number")
	v.Check(longestNumber(label) < 9, field, "may not contain a phone number or other long number: use initials or your own file number")
}

// longestNumber is the most digits in a row in s, reading spaces, dashes, dots, slashes and
// brackets between digits as part of the number (06-1234 5678, (023) 531.30.00), and a leading
// + too.
func longestNumber(s string) int {
	best, run := 0, 0
	for _, r := range s {
		switch {
		case unicode.IsDigit(r):
			run++
			best = max(best, run)
		case strings.ContainsRune(" -./()+", r):
		default:
			run = 0
		}
	}
	return best
}

// checkDay checks a date field: YYYY-MM-DD, not before earliest, not after today, and (when start
// is not empty) not before the start of the trajectory.
func checkDay(v *Validator, field, day, earliest, today, start string) {
	if !utf8.ValidString(day) {
		v.Add(field, "must be a date as YYYY-MM-DD")
		return
	}
	if _, err := time.Parse(time.DateOnly, day); err != nil {
		v.Add(field, "must be a date as YYYY-MM-DD")
		return
	}
	switch {
	case day > today:
		v.Add(field, "cannot be in the future")
	case start != "" && day < start:
		v.Add(field, "cannot be before the trajectory started (%s)", start)
	case day < earliest:
		v.Add(field, "cannot be before %s", earliest)
	}
}

// IssueInput records an issue of a trajectory.
type IssueInput struct {
	Topic   IssueTopic `json:"topic"`
	NotedOn string     `json:"noted_on"`
}

// Validate checks an issue of a trajectory that started on started.
func (in IssueInput) Validate(started, today string) error {
	var v Validator
	v.Check(in.Topic.Valid(), "topic", "must be one of %s", join(IssueTopics))
	checkDay(&v, "noted_on", in.NotedOn, EarliestTrajectoryDate, today, started)
	return v.Err()
}

// ActivityInput records a contact or other work on a trajectory.
type ActivityInput struct {
	OnDate  string          `json:"on_date"`
	Channel ActivityChannel `json:"channel"`
	Minutes int             `json:"minutes"`
}

// Validate checks an activity of a trajectory that started on started.
func (in ActivityInput) Validate(started, today string) error {
	var v Validator
	checkDay(&v, "on_date", in.OnDate, EarliestTrajectoryDate, today, started)
	v.Check(in.Channel.Valid(), "channel", "must be one of %s", join(ActivityChannels))
	v.Check(in.Minutes >= 1 && in.Minutes <= MaxActivityMinutes, "minutes", "must be from 1 to %d minutes", MaxActivityMinutes)
	return v.Err()
}

// ReferralInput records a referral onwards: to another member of the pool (ToSupporterID) or to
// an organisation outside it (ToOrganisation), never both.
type ReferralInput struct {
	OnDate         string     `json:"on_date"`
	ToSupporterID  int64      `json:"to_supporter_id"`
	ToOrganisation string     `json:"to_organisation"`
	Topic          IssueTopic `json:"topic"`
}

// Normalize trims the organisation and makes a missing topic "other".
func (in *ReferralInput) Normalize() {
	in.ToOrganisation = strings.TrimSpace(in.ToOrganisation)
	in.OnDate = strings.TrimSpace(in.OnDate)
	if in.Topic == "" {
		in.Topic = TopicOther
	}
}

// Validate checks a referral of a trajectory that started on started. That the member of the pool
// is active and not the supporter itself is the store's to check.
func (in ReferralInput) Validate(started, today string) error {
	var v Validator
	checkDay(&v, "on_date", in.OnDate, EarliestTrajectoryDate, today, started)
	v.Check(in.Topic.Valid(), "topic", "must be one of %s", join(IssueTopics))
	switch {
	case in.ToSupporterID < 0:
		v.Add("to_supporter_id", "must be a supporter's id")
	case in.ToSupporterID == 0 && in.ToOrganisation == "":
		v.Add("to_supporter_id", "choose a member of the pool or name an organisation outside it")
	case in.ToSupporterID != 0 && in.ToOrganisation != "":
		v.Add("to_organisation", "refer to a member of the pool or to an organisation outside it, not both")
	case in.ToOrganisation != "":
		n := len(v.Fields)
		CheckText(&v, "to_organisation", in.ToOrganisation, true, MaxName)
		if len(v.Fields) == n {
			v.Check(!strings.ContainsRune(in.ToOrganisation, '\n'), "to_organisation", "must be one line")
		}
	}
	return v.Err()
}

// CloseInput closes a trajectory.
type CloseInput struct {
	EndedOn string            `json:"ended_on"`
	Outcome TrajectoryOutcome `json:"outcome"`
}

// Validate checks the closing of a trajectory that started on started and whose latest record is
// of latest ("" when it has none): the end is not in the future and not before either.
func (in CloseInput) Validate(started, latest, today string) error {
	var v Validator
	checkDay(&v, "ended_on", in.EndedOn, EarliestTrajectoryDate, today, started)
	if len(v.Fields) == 0 && latest != "" && in.EndedOn < latest {
		v.Add("ended_on", "cannot be before the last record of the trajectory (%s)", latest)
	}
	v.Check(in.Outcome.Valid(), "outcome", "must be one of %s", join(TrajectoryOutcomes))
	return v.Err()
}

// TrajectoryEntry names the kind of record of a trajectory that can be removed when it was a
// mistake.
type TrajectoryEntry string

// Kinds of records of a trajectory.
const (
	EntryIssue    TrajectoryEntry = "issues"
	EntryActivity TrajectoryEntry = "activities"
	EntryReferral TrajectoryEntry = "referrals"
)

// Valid reports whether e is a known kind of record.
func (e TrajectoryEntry) Valid() bool {
	return e == EntryIssue || e == EntryActivity || e == EntryReferral
}
