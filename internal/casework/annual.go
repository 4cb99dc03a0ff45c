package casework

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
)

// RejectionGround is the kind of reason an organisation gives for rejecting an advice. The annual
// report summarises rejections by these grounds; the organisation's own words go to the
// complainant, never into the report.
type RejectionGround string

// Grounds for rejecting an advice.
const (
	RejectionLegal            RejectionGround = "legal"             // a law or regulation stands in the way
	RejectionFinancial        RejectionGround = "financial"         // no budget, or too costly
	RejectionDisputesFindings RejectionGround = "disputes_findings" // the organisation disagrees with the findings
	RejectionAlreadyRemedied  RejectionGround = "already_remedied"  // already put right in another way
	RejectionNotFeasible      RejectionGround = "not_feasible"      // cannot be carried out in practice
	RejectionOther            RejectionGround = "other"
)

// RejectionGrounds lists every ground for rejecting an advice.
var RejectionGrounds = []RejectionGround{RejectionLegal, RejectionFinancial, RejectionDisputesFindings,
	RejectionAlreadyRemedied, RejectionNotFeasible, RejectionOther}

// Valid reports whether g is a known ground for rejecting an advice.
func (g RejectionGround) Valid() bool { return slices.Contains(RejectionGrounds, g) }

// Rejection is an organisation's reasoned rejection of an advice.
type Rejection struct {
	Reasons string          `json:"reasons"`
	Ground  RejectionGround `json:"ground,omitempty"` // defaults to "other"
}

// Validate checks the rejection and fills in the default ground.
func (r *Rejection) Validate() error {
	if r.Ground == "" {
		r.Ground = RejectionOther
	}
	if err := CheckRejectionReasons(r.Reasons); err != nil {
		return err
	}
	if !r.Ground.Valid() {
		var v Validator
		v.Add("ground", "must be one of %s", join(RejectionGrounds))
		return v.Err()
	}
	return nil
}

// RecommendationStatuses lists every follow-up state of a policy recommendation.
var RecommendationStatuses = []RecommendationStatus{RecommendationOpen, RecommendationAdopted,
	RecommendationPartlyAdopted, RecommendationNotAdopted}

// Valid reports whether s is a known follow-up state.
func (s RecommendationStatus) Valid() bool { return slices.Contains(RecommendationStatuses, s) }

// Closed reports whether the follow-up of a recommendation with this status is finished: adopted or
// not adopted. Open and partly adopted recommendations are still followed in later reports.
func (s RecommendationStatus) Closed() bool {
	return s == RecommendationAdopted || s == RecommendationNotAdopted
}

// FollowUp is staff's update of a recommendation's follow-up.
type FollowUp struct {
	Status RecommendationStatus `json:"status"`
	Note   string               `json:"note"`
}

// Validate checks a follow-up update.
func (f FollowUp) Validate() error {
	var v Validator
	v.Check(f.Status.Valid(), "status", "must be one of %s", join(RecommendationStatuses))
	// Saying that a recommendation was (partly or not) adopted needs a word on how or why.
	CheckText(&v, "note", f.Note, f.Status.Valid() && f.Status != RecommendationOpen, MaxLongText)
	return v.Err()
}

// MaxClosingText bounds the meldpunt's closing text in the annual report.
const MaxClosingText = 20000

// ClosingText is the meldpunt's own closing text of an annual report, in one language.
type ClosingText struct {
	Language Language `json:"language"`
	Text     string   `json:"text"`
}

// Validate checks the closing text; an empty text clears it.
func (c ClosingText) Validate() error {
	var v Validator
	v.Check(c.Language == LanguageDutch || c.Language == LanguageEnglish, "language", "must be nl or en")
	CheckText(&v, "text", c.Text, false, MaxClosingText)
	return v.Err()
}

// SmallCountLimit is the smallest count an organisation-level table shows as a number; smaller
// counts are shown as "<5" so that no complainant can be recognised from them.
const SmallCountLimit = 5

// Suppressed is a count from an organisation-level table: a number of at least SmallCountLimit,
// or hidden. A count under the limit is hidden by the database before it leaves the query (Hidden;
// its value never reaches the program). A larger count is withheld as well (Withheld) where
// showing it would let a hidden count be worked out by subtraction from a total; see Protect.
type Suppressed struct {
	N        int
	Hidden   bool
	Withheld bool
}

// SuppressedOf turns a count that the database may have hidden (nil) into a Suppressed.
func SuppressedOf(n *int) Suppressed {
	if n == nil {
		return Suppressed{Hidden: true}
	}
	return Suppressed{N: *n}
}

// Shown reports whether the count is printed as a number.
func (s Suppressed) Shown() bool { return !s.Hidden && !s.Withheld }

// WithheldMark is how a withheld count is printed.
const WithheldMark = "x"

// String is the count as the report prints it: the number, "<5", or "x".
func (s Suppressed) String() string {
	switch {
	case s.Hidden:
		return "<" + strconv.Itoa(SmallCountLimit)
	case s.Withheld:
		return WithheldMark
	}
	return strconv.Itoa(s.N)
}

// MarshalJSON writes the number, or the string "<5" or "x".
func (s Suppressed) MarshalJSON() ([]byte, error) {
	if !s.Shown() {
		return []byte(strconv.Quote(s.String())), nil
	}
	return []byte(strconv.Itoa(s.N)), nil
}

// UnmarshalJSON reads what MarshalJSON writes.
func (s *Suppressed) UnmarshalJSON(b []byte) error {
	var mark string
	if err := json.Unmarshal(b, &mark); err == nil {
		switch mark {
		case WithheldMark:
			*s = Suppressed{Withheld: true}
			return nil
		case "<" + strconv.Itoa(SmallCountLimit):
			*s = Suppressed{Hidden: true}
			return nil
		}
		return fmt.Errorf("count %q: want a number, \"<5\" or \"x\"", mark)
	}
	var v int
	if err := json.Unmarshal(b, &v); err != nil {
		return fmt.Errorf("count %s: want a number, \"<5\" or \"x\"", b)
	}
	*s = Suppressed{N: v}
	return nil
}

// withhold marks the smallest shown count among cells as withheld, and reports whether it did.
func withhold(cells []*Suppressed) bool {
	var smallest *Suppressed
	for _, c := range cells {
		if c.Shown() && (smallest == nil || c.N < smallest.N) {
			smallest = c
		}
	}
	if smallest == nil {
		return false
	}
	*smallest = Suppressed{Withheld: true}
	return true
}

// protectGroup withholds one more count in a group of cells whose total is published when exactly
// one of them is hidden: otherwise the total minus the shown cells would give the hidden count.
func protectGroup(cells []*Suppressed) bool {
	hidden := 0
	for _, c := range cells {
		if !c.Shown() {
			hidden++
		}
	}
	return hidden == 1 && withhold(cells)
}

// Protect withholds counts that would let a hidden count be worked out (secondary suppression):
//
//   - the advice outcomes per organisation, column by column, against the totals of the summary;
//   - each organisation's outcomes (accepted, rejected, enforced, still running) against its
//     number of advices, which they add up to;
//   - the organisations of one kind against the count of that kind;
//   - the rejections per ground against the summary's number of rejections;
//   - the residents' answers after the ruling (carried out, satisfaction) against their totals,
//     and the mean satisfaction when a score's count is not shown.
//
// In each group where exactly one count is hidden, the smallest shown count is withheld too,
// until no such group is left. Counts that are hidden stay hidden; nothing is ever un-hidden.
func (f *AnnualFigures) Protect() {
	for range 100 { // each round withholds at least one more cell, of which there are finitely many
		changed := false
		rows := f.AdviceOutcomes
		columns := [][]*Suppressed{{}, {}, {}, {}, {}, {}}
		for i := range rows {
			r := &rows[i]
			for j, c := range []*Suppressed{&r.Issued, &r.Accepted, &r.Rejected, &r.Enforced, &r.Executed, &r.Awaiting} {
				columns[j] = append(columns[j], c)
			}
			if r.Issued.Shown() {
				changed = protectGroup([]*Suppressed{&r.Accepted, &r.Rejected, &r.Enforced, &r.Awaiting}) || changed
			}
		}
		for _, col := range columns {
			changed = protectGroup(col) || changed
		}
		for _, k := range f.ByOrganisationKind {
			var complaints, granted []*Suppressed
			for i := range f.ByOrganisation {
				if o := &f.ByOrganisation[i]; o.Kind == k.Kind {
					complaints, granted = append(complaints, &o.Complaints), append(granted, &o.Granted)
				}
			}
			if k.Complaints.Shown() {
				changed = protectGroup(complaints) || changed
			}
			if k.Granted.Shown() {
				changed = protectGroup(granted) || changed
			}
		}
		grounds := make([]*Suppressed, len(f.RejectionGrounds))
		for i := range f.RejectionGrounds {
			grounds[i] = &f.RejectionGrounds[i].Count
		}
		changed = protectGroup(grounds) || changed
		if f.Feedback != nil {
			changed = f.Feedback.protect() || changed
		}
		if !changed {
			return
		}
	}
}

// AnnualFigures are every figure of the annual report on one year. All of them are computed in
// SQL (package postgres) and shared by the PDF, the CSV and the JSON editions. The figures cover
// the complaints received in the year (by their local date of receipt in Europe/Amsterdam), in the
// state they are in when the figures are computed; recommendations are those made in the year.
type AnnualFigures struct {
	Year     int         `json:"year"`
	Summary  YearSummary `json:"summary"`
	Previous YearSummary `json:"previous_year"`

	ByLifeDomain []Breakdown `json:"by_life_domain"`
	ByGround     []Breakdown `json:"by_ground"`
	ByChannel    []Breakdown `json:"by_channel"`
	ByMonth      []Breakdown `json:"by_month"` // key "2025-01" … "2025-12"

	ByOrganisationKind []OrgBreakdown `json:"by_organisation_kind"`
	ByOrganisation     []OrgBreakdown `json:"by_organisation"`

	AdviceOutcomes   []OrgAdviceOutcome `json:"advice_outcomes"`
	RejectionGrounds []GroundCount      `json:"rejection_grounds"` // counts under 5 hidden: they come from few organisations

	Recommendations        []RecommendationFigure `json:"recommendations"`
	EarlierRecommendations []RecommendationFigure `json:"earlier_recommendations"`
	FollowUp               []FollowUpCount        `json:"recommendation_follow_up"`

	// ClientSupport are the year's figures of client support (the chapter "Cliëntondersteuning");
	// nil in the figures of a report finalised before the chapter existed.
	ClientSupport *SupportFigures `json:"client_support,omitempty"`

	// Feedback are the residents' answers after the ruling (the section "Na de uitspraak"); nil in
	// the figures of a report finalised before they were counted.
	Feedback *FeedbackFigures `json:"feedback,omitempty"`
}

// YearSummary are the key figures of one year.
type YearSummary struct {
	Year          int `json:"year"`
	Received      int `json:"received"`
	TakenUp       int `json:"taken_up"`
	Open          int `json:"open"` // still received or in treatment
	Inadmissible  int `json:"inadmissible"`
	Withdrawn     int `json:"withdrawn"`
	Resolved      int `json:"resolved"`
	Ruled         int `json:"ruled"`
	Founded       int `json:"founded"`
	PartlyFounded int `json:"partly_founded"`
	Unfounded     int `json:"unfounded"`
	Granted       int `json:"granted"`
	// Shares are percentages with one decimal; nil when there is nothing to divide by.
	GrantedShare         *float64 `json:"granted_share"` // of the rulings
	RuledWithinTerm      int      `json:"ruled_within_term"`
	RuledWithinTermShare *float64 `json:"ruled_within_term_share"` // of the rulings
	MedianDaysToRuling   *float64 `json:"median_days_to_ruling"`
	WithSupporter        int      `json:"with_supporter"`
	WithSupporterShare   *float64 `json:"with_supporter_share"` // of the complaints received
	Postponed            int      `json:"postponed"`

	AdvicesIssued   int `json:"advices_issued"`
	AdvicesAccepted int `json:"advices_accepted"` // accepted in time (executed or not)
	AdvicesRejected int `json:"advices_rejected"` // rejected with reasons
	AdvicesEnforced int `json:"advices_enforced"` // the term passed without an answer (executed or not)
	AdvicesExecuted int `json:"advices_executed"` // execution confirmed, after acceptance or enforcement
	AdvicesAwaiting int `json:"advices_awaiting"` // still within their term

	Recommendations int `json:"recommendations"`
}

// Breakdown is one row of a breakdown by life domain, ground, channel or month. A complaint about
// two life domains counts in both.
type Breakdown struct {
	Key        string `json:"key" db:"key"`
	Complaints int    `json:"complaints" db:"complaints"`
	Granted    int    `json:"granted" db:"granted"`
	Previous   int    `json:"previous_year" db:"previous"` // complaints in the same category the year before
}

// OrgBreakdown is one row of the breakdown by organisation or by kind of organisation; the
// Organisation is empty in the breakdown by kind. A complaint about two organisations counts for
// both.
type OrgBreakdown struct {
	Organisation string     `json:"organisation,omitempty"`
	Kind         OrgKind    `json:"kind"`
	Complaints   Suppressed `json:"complaints"`
	Granted      Suppressed `json:"granted"`
}

// OrgAdviceOutcome is what one organisation did with the advices addressed to it.
type OrgAdviceOutcome struct {
	Organisation string     `json:"organisation"`
	Kind         OrgKind    `json:"kind"`
	Issued       Suppressed `json:"issued"`
	Accepted     Suppressed `json:"accepted"`
	Rejected     Suppressed `json:"rejected"`
	Enforced     Suppressed `json:"enforced"`
	Executed     Suppressed `json:"executed"`
	Awaiting     Suppressed `json:"awaiting"`
}

// GroundCount counts rejections on one ground, over all organisations.
type GroundCount struct {
	Ground RejectionGround `json:"ground"`
	Count  Suppressed      `json:"count"`
}

// RecommendationFigure is a policy recommendation as the report shows it.
type RecommendationFigure struct {
	ID         int64                `json:"id" db:"id"`
	Year       int                  `json:"year" db:"year"`
	LifeDomain LifeDomain           `json:"life_domain" db:"life_domain"`
	Text       string               `json:"text" db:"text"`
	Status     RecommendationStatus `json:"status" db:"status"`
	Note       string               `json:"note" db:"note"`
}

// FollowUpCount counts the recommendations of one year by follow-up status.
type FollowUpCount struct {
	Year          int `json:"year" db:"year"`
	Open          int `json:"open" db:"open"`
	Adopted       int `json:"adopted" db:"adopted"`
	PartlyAdopted int `json:"partly_adopted" db:"partly_adopted"`
	NotAdopted    int `json:"not_adopted" db:"not_adopted"`
}
