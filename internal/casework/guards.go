package casework

import (
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// Hearing records that a party was heard, or why they were not (Awb 9:10).
type Hearing struct {
	Party          Party      `json:"party"`
	OrganisationID int64      `json:"organisation_id,omitempty"`
	HeldOn         string     `json:"held_on,omitempty"`
	Record         string     `json:"record,omitempty"`
	Skipped        SkipReason `json:"skipped,omitempty"`
	SkipNote       string     `json:"skip_note,omitempty"`
}

// Validate checks a hearing record; received and today are the local dates (YYYY-MM-DD) of receipt
// and of now, and orgs are the organisations the complaint is about.
func (h Hearing) Validate(received, today string, orgs []int64) error {
	var v Validator
	v.Check(h.Party.Valid(), "party", "must be complainant or organisation")
	if h.Party == PartyOrganisation {
		found := false
		for _, id := range orgs {
			found = found || id == h.OrganisationID
		}
		v.Check(found, "organisation_id", "must be one of the organisations the complaint is about")
	} else if h.OrganisationID != 0 {
		v.Add("organisation_id", "is only for a hearing of an organisation")
	}
	if h.Skipped == "" {
		if _, err := time.Parse(time.DateOnly, h.HeldOn); err != nil {
			v.Add("held_on", "must be the date of the hearing as YYYY-MM-DD")
		} else if h.HeldOn > today {
			v.Add("held_on", "cannot be in the future")
		} else if h.HeldOn < received {
			v.Add("held_on", "cannot be before the complaint was received (%s)", received)
		}
		CheckText(&v, "record", h.Record, true, MaxLongText)
		v.Check(h.SkipNote == "", "skip_note", "is only for a skipped hearing")
	} else {
		v.Check(h.Skipped.Valid(), "skipped", "must be one of %s", join(SkipReasons))
		v.Check(h.HeldOn == "", "held_on", "a skipped hearing has no date")
		CheckText(&v, "skip_note", h.SkipNote, true, MaxShortText)
		CheckText(&v, "record", h.Record, false, MaxLongText)
	}
	return v.Err()
}

// AdviceInput is one binding advice of a ruling, addressed to one organisation.
type AdviceInput struct {
	OrganisationID int64  `json:"organisation_id"`
	Text           string `json:"text"`
}

// RecommendationInput is a policy recommendation for the annual report.
type RecommendationInput struct {
	LifeDomain LifeDomain `json:"life_domain"`
	Text       string     `json:"text"`
}

// Ruling is the meldpunt's reasoned decision on a complaint (Awb 9:12).
type Ruling struct {
	Verdict         Verdict               `json:"verdict"`
	Findings        string                `json:"findings"`
	Conclusions     string                `json:"conclusions"`
	Advices         []AdviceInput         `json:"advices"`
	Recommendations []RecommendationInput `json:"recommendations"`
}

// HeardParties summarises the hearings recorded for a complaint.
type HeardParties struct {
	Complainant   bool
	Organisations map[int64]bool
	// ObviouslyUnfounded is set when a hearing was skipped because the complaint is obviously unfounded.
	ObviouslyUnfounded bool
}

// Validate checks a ruling against the hearings recorded and the organisations the complaint is
// about: binding advice goes only to those, each heard or skipped for a recorded reason. An
// organisation that the complaint turns out to be about as well is added to it first (and heard).
func (r Ruling) Validate(heard HeardParties, complaintOrgs []int64) error {
	var v Validator
	v.Check(r.Verdict.Valid(), "verdict", "must be one of %s", join(Verdicts))
	CheckText(&v, "findings", r.Findings, true, MaxLongText)
	CheckText(&v, "conclusions", r.Conclusions, true, MaxLongText)
	if !heard.Complainant {
		v.Add("hearings", "record a hearing of the complainant, or why it was skipped, before ruling")
	}
	if len(complaintOrgs) == 0 {
		// The complainant did not know which organisation; staff choose it (AddOrganisation) and hear it.
		v.Add("organisation_ids", "choose the organisation the complaint is about, and hear it, before ruling")
	}
	for _, id := range complaintOrgs {
		if !heard.Organisations[id] {
			v.Add("hearings", "record a hearing of every organisation complained about (organisation %d), or why it was skipped, before ruling", id)
		}
	}
	if heard.ObviouslyUnfounded && r.Verdict != VerdictUnfounded && r.Verdict.Valid() {
		v.Add("verdict", "a hearing was skipped because the complaint is obviously unfounded, so the verdict must be unfounded")
	}
	switch {
	case r.Verdict.Granted() && len(r.Advices) == 0:
		v.Add("advices", "a founded or partly founded ruling needs at least one binding advice")
	case r.Verdict == VerdictUnfounded && len(r.Advices) > 0:
		v.Add("advices", "an unfounded ruling issues no binding advice")
	case len(r.Advices) > 20:
		v.Add("advices", "at most 20 advices")
	}
	seen := map[int64]bool{}
	for i, a := range r.Advices {
		field := "advices[" + itoa(i) + "]"
		switch {
		case a.OrganisationID <= 0 || !slices.Contains(complaintOrgs, a.OrganisationID):
			v.Add(field+".organisation_id", "must be an organisation the complaint is about")
		case seen[a.OrganisationID]:
			v.Add(field+".organisation_id", "one advice per organisation: combine the advice texts")
		}
		seen[a.OrganisationID] = true
		CheckText(&v, field+".text", a.Text, true, MaxLongText)
	}
	if len(r.Recommendations) > 20 {
		v.Add("recommendations", "at most 20 recommendations")
	}
	for i, rec := range r.Recommendations {
		field := "recommendations[" + itoa(i) + "]"
		v.Check(rec.LifeDomain.Valid(), field+".life_domain", "must be one of %s", join(LifeDomains))
		CheckText(&v, field+".text", rec.Text, true, MaxLongText)
	}
	return v.Err()
}

// MaxFirstPostponementDays is the longest first postponement of the handling term (Awb 9:11 lid 2).
const MaxFirstPostponementDays = 28

// MaxConsentedPostponementDays bounds a postponement the complainant agreed to, against typing errors.
const MaxConsentedPostponementDays = 182

// Postponement extends the handling term of a complaint.
type Postponement struct {
	Days   int    `json:"days"`
	Reason string `json:"reason"`
	// Consent records the complainant's written consent; required for every postponement after the first.
	Consent string `json:"consent"`
}

// Validate checks a postponement given how many were granted before.
func (p Postponement) Validate(prior int) error {
	var v Validator
	CheckText(&v, "reason", p.Reason, true, MaxShortText)
	CheckText(&v, "consent", p.Consent, prior > 0, MaxShortText)
	if prior > 0 && strings.TrimSpace(p.Consent) == "" {
		v.Fields[len(v.Fields)-1].Message = "the term was postponed before: a further delay needs the complainant's recorded written consent"
	}
	limit := MaxFirstPostponementDays
	if prior > 0 {
		limit = MaxConsentedPostponementDays
	}
	if p.Days < 1 || p.Days > limit {
		v.Add("days", "must be between 1 and %d days", limit)
	}
	return v.Err()
}

// CheckPostponeInTime refuses a postponement once the handling term has ended (Awb 9:11 lid 2: the
// meldpunt postpones before the term ends); deadline is the instant the term ends.
func CheckPostponeInTime(lastDay string, deadline, now time.Time) error {
	if now.Before(deadline) {
		return nil
	}
	return Errorf(CodeInvalidTransition,
		"The handling term ended on %s, so it can no longer be postponed. Rule as soon as possible: a ruling after the term is recorded as late.",
		lastDay)
}

// Inadmissibility is the reasoned decision not to deal with a complaint (Awb 9:8).
type Inadmissibility struct {
	Ground  InadmissibleGround `json:"ground"`
	Reasons string             `json:"reasons"`
	// EarlierReference names the complaint that was handled before (ground handled_before only).
	EarlierReference string `json:"earlier_reference,omitempty"`
}

// InadmissibilityFile is what the file of a complaint says that bears on a ground for
// inadmissibility.
type InadmissibilityFile struct {
	Reference  string // the complaint declared inadmissible
	ReceivedOn string // its day of receipt, YYYY-MM-DD
	OccurredOn string // when the events took place, YYYY-MM-DD; empty when the file does not say
	// Earlier is the complaint EarlierReference names; nil when there is no complaint with it.
	Earlier *EarlierComplaint
}

// EarlierComplaint is the complaint an inadmissibility on the ground handled_before refers to.
type EarlierComplaint struct {
	Reference string
	Status    Status
}

// Handled reports whether the complaint was dealt with on its merits: heard and ruled on
// (Awb 9:8 lid 1 a refers to a complaint handled under 9:10 to 9:12).
func (e EarlierComplaint) Handled() bool {
	return e.Status == StatusAdvised || e.Status == StatusClosed
}

// Minimum size of a text that explains a decision to its reader (the reasons of an
// inadmissibility are sent to the complainant in the letter).
const (
	MinReasonWords   = 5
	MinReasonLetters = 30
)

// Validate checks an inadmissibility decision against the file of the complaint. Every ground
// needs reasons the complainant can follow (at least MinReasonWords words and MinReasonLetters
// letters: the letter quotes them), and the file must bear the ground out where it can:
//   - handled_before names an earlier complaint (earlier_reference) that exists, is another
//     complaint, and was ruled on (advised or closed);
//   - older_than_one_year needs the day the events took place, more than a year before the day
//     of receipt;
//   - objection_or_appeal_available, before_court and too_light rest on facts the file does not
//     hold; their reasons must say which decision, which court case or why (the substance check).
func (d Inadmissibility) Validate(f InadmissibilityFile) error {
	var v Validator
	d.checkInput(&v)
	earlier := strings.TrimSpace(d.EarlierReference)
	switch d.Ground {
	case InadmissibleHandledBefore:
		switch {
		case earlier == "":
			v.Add("earlier_reference", "name the reference of the earlier complaint that was handled (for example MP-2025-000123)")
		case f.Earlier == nil:
			v.Add("earlier_reference", "no complaint has this reference")
		case f.Earlier.Reference == f.Reference:
			v.Add("earlier_reference", "must be another complaint than this one")
		case !f.Earlier.Handled():
			v.Add("earlier_reference", "complaint %s was not ruled on (it is %s): only a complaint that was heard and ruled on counts as handled before",
				f.Earlier.Reference, f.Earlier.Status)
		}
	case InadmissibleOlderThanYear:
		switch {
		case f.OccurredOn == "":
			v.Add("ground", "the file does not say when the events took place (occurred_on), so it cannot show that they are more than a year old")
		case !MoreThanYearBefore(f.OccurredOn, f.ReceivedOn):
			v.Add("ground", "the events took place on %s, not more than a year before the complaint was received on %s",
				f.OccurredOn, f.ReceivedOn)
		}
	}
	if d.Ground != InadmissibleHandledBefore && earlier != "" {
		v.Add("earlier_reference", "is only for the ground %s", InadmissibleHandledBefore)
	}
	return v.Err()
}

// ValidateInput checks what needs no file: a known ground and reasons of substance. It is the part
// of Validate that can be checked before the complaint is read.
func (d Inadmissibility) ValidateInput() error {
	var v Validator
	d.checkInput(&v)
	return v.Err()
}

func (d Inadmissibility) checkInput(v *Validator) {
	v.Check(d.Ground.Valid(), "ground", "must be one of %s", join(InadmissibleGrounds))
	n := len(v.Fields)
	CheckText(v, "reasons", d.Reasons, true, MaxLongText)
	if len(v.Fields) == n {
		if words, letters := textSize(d.Reasons); words < MinReasonWords || letters < MinReasonLetters {
			v.Add("reasons", "explain to the complainant why the complaint is not dealt with: at least %d different words and %d letters; the letter quotes these reasons",
				MinReasonWords, MinReasonLetters)
		}
	}
}

// textSize counts the words (runs of letters and digits) and the letters of s.
// textSize counts the different words of s (a word repeated, in any case, counts once) and its
// letters: reasons that a letter quotes must say something.
func textSize(s string) (words, letters int) {
	seen := map[string]bool{}
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		seen[strings.ToLower(w)] = true
	}
	for _, r := range s {
		if unicode.IsLetter(r) {
			letters++
		}
	}
	return len(seen), letters
}

// Closing is the note that goes with resolving or withdrawing a complaint.
type Closing struct {
	Reason string `json:"reason"`
}

// Validate checks a closing note.
func (c Closing) Validate() error {
	var v Validator
	CheckText(&v, "reason", c.Reason, true, MaxShortText)
	return v.Err()
}

// Minimum size of the reasons for rejecting a binding advice: letters, and different words (one
// word repeated is no reason).
const (
	MinRejectionWords   = 5
	MinRejectionLetters = 30
)

// CheckRejectionReasons validates the reasons an organisation gives for rejecting an advice: they
// are mandatory and substantive: at least MinRejectionLetters letters in at least
// MinRejectionWords different words.
func CheckRejectionReasons(reasons string) error {
	var v Validator
	CheckText(&v, "reasons", reasons, true, MaxLongText)
	if len(v.Fields) == 0 {
		words, letters := textSize(reasons)
		if words < MinRejectionWords || letters < MinRejectionLetters {
			v.Add("reasons", "explain in your own words why the advice is rejected: which part of it you cannot carry out and why. "+
				"Use at least %d different words and %d letters; the complainant receives these reasons in writing",
				MinRejectionWords, MinRejectionLetters)
		}
	}
	return v.Err()
}

// CheckNote validates a free-text note such as an execution note or a staff note.
func CheckNote(field, s string, required bool) error {
	var v Validator
	CheckText(&v, field, s, required, MaxLongText)
	return v.Err()
}

func itoa(i int) string { return strconv.Itoa(i) }

// TakeUp assigns a complaint to the staff member taking it up, who declares not to have been
// involved in what the complaint is about (Awb 9:7). Nobody takes a case up for someone else.
type TakeUp struct {
	NotInvolved bool `json:"not_involved"`
}

// Validate checks a take-up.
func (t TakeUp) Validate() error {
	var v Validator
	v.Check(t.NotInvolved, "not_involved", "the handler must declare not to have been involved in what the complaint is about")
	return v.Err()
}

// Office hours of a hearing: the earliest and the latest time it may start (local time).
const (
	HearingEarliestStart = "09:00"
	HearingLatestStart   = "17:00"
)

// NoResponseWorkingDays is how many working days an invitation must have been out before a party
// that did not respond may be passed over (SkipNoResponse).
const NoResponseWorkingDays = 5

// Invitation invites a party to a hearing (Awb 9:10): the letter names the date, time and place.
type Invitation struct {
	Party          Party  `json:"party"`
	OrganisationID int64  `json:"organisation_id,omitempty"`
	Date           string `json:"date"`
	Time           string `json:"time"`
	Place          string `json:"place"`
}

// Validate checks an invitation; today and clock are the local date and time of now (YYYY-MM-DD,
// HH:MM) and orgs the complaint's organisations. nonWorking names a date that is not a working day
// ("Saturday", "Christmas Day") and returns "" for a working day: a hearing falls on a working
// day, in office hours, and not at a time already past.
func (in Invitation) Validate(today, clock string, orgs []int64, nonWorking func(date string) string) error {
	var v Validator
	v.Check(in.Party.Valid(), "party", "must be complainant or organisation")
	if in.Party == PartyOrganisation {
		v.Check(slices.Contains(orgs, in.OrganisationID), "organisation_id", "must be one of the organisations the complaint is about")
	} else if in.OrganisationID != 0 {
		v.Add("organisation_id", "is only for an invitation to an organisation")
	}
	if _, err := time.Parse(time.DateOnly, in.Date); err != nil {
		v.Add("date", "must be a date as YYYY-MM-DD")
	} else if in.Date < today {
		v.Add("date", "cannot be in the past")
	} else if in.Date > YearAfter(today) {
		v.Add("date", "cannot be more than a year ahead")
	} else if why := nonWorking(in.Date); why != "" {
		if why == "Saturday" || why == "Sunday" {
			why = "a " + why
		}
		v.Add("date", "%s is %s, not a working day: choose a working day", in.Date, why)
	}
	if t, err := time.Parse("15:04", in.Time); err != nil || len(in.Time) != 5 {
		v.Add("time", "must be a time as HH:MM")
	} else if s := t.Format("15:04"); s < HearingEarliestStart || s > HearingLatestStart {
		v.Add("time", "%s is outside office hours: a hearing starts between %s and %s", s, HearingEarliestStart, HearingLatestStart)
	} else if in.Date == today && s <= clock {
		v.Add("time", "%s today has passed already", s)
	}
	CheckText(&v, "place", in.Place, true, MaxShortText)
	return v.Err()
}

// CheckNoResponse refuses to pass over a party for not responding (SkipNoResponse) unless an
// invitation to that party went out at least NoResponseWorkingDays working days before today.
// invitedOn is the local date the earliest invitation to the party was sent ("" when none was) and
// from the first day the party may be passed over (invitedOn plus the working days).
func (h Hearing) CheckNoResponse(today, invitedOn, from string) error {
	if h.Skipped != SkipNoResponse {
		return nil
	}
	var v Validator
	switch {
	case invitedOn == "":
		v.Add("skipped", "no_response needs an invitation to this party: send one first (hearing-invitations)")
	case today < from:
		v.Add("skipped", "the invitation went out on %s: no_response can be recorded from %s, %d working days later",
			invitedOn, from, NoResponseWorkingDays)
	}
	return v.Err()
}
