package casework

import (
	"slices"
	"strconv"
	"strings"
	"time"
)

// After the ruling (issue 14 point 4): the resident tells whether the binding advice was carried
// out and how satisfied they are; an advice "not carried out" is a report on the staff's worklist.
// The resident's view says what happens next and until when the Nationale ombudsman can be asked.

// CarriedOut is the resident's answer to "was the advice carried out?".
type CarriedOut string

// Answers to "was the advice carried out?".
const (
	CarriedOutYes     CarriedOut = "yes"
	CarriedOutPartly  CarriedOut = "partly"
	CarriedOutNo      CarriedOut = "no"
	CarriedOutUnknown CarriedOut = "unknown" // the resident does not know
)

// CarriedOutAnswers lists every answer, in the order the form offers them.
var CarriedOutAnswers = []CarriedOut{CarriedOutYes, CarriedOutPartly, CarriedOutNo, CarriedOutUnknown}

// Valid reports whether c is a known answer.
func (c CarriedOut) Valid() bool { return slices.Contains(CarriedOutAnswers, c) }

// MaxFeedbackComment bounds the resident's comment, in characters.
const MaxFeedbackComment = 2000

// MaxDealtWithNote bounds staff's note on a "not carried out" report, in characters.
const MaxDealtWithNote = 2000

// AdviceCarriedOut is the resident's answer on one binding advice.
type AdviceCarriedOut struct {
	AdviceID   int64      `json:"advice_id" db:"advice_id"`
	CarriedOut CarriedOut `json:"carried_out" db:"carried_out"`
}

// FeedbackAnswer is what the resident sends after the ruling: per binding advice of the case
// whether it was carried out (none for a ruling without advice), how satisfied they are (1–5) and
// an optional comment.
type FeedbackAnswer struct {
	Advices      []AdviceCarriedOut `json:"advices"`
	Satisfaction int                `json:"satisfaction"`
	Comment      string             `json:"comment"`
}

// Normalize trims the comment.
func (f *FeedbackAnswer) Normalize() { f.Comment = strings.TrimSpace(f.Comment) }

// Validate checks the answer against the advices of the case (adviceIDs): each advice answered
// once with a known answer, no other advice, a satisfaction of 1 to 5, a comment of at most
// MaxFeedbackComment characters. Field names: advices[<advice id>], satisfaction, comment.
func (f FeedbackAnswer) Validate(adviceIDs []int64) error {
	var v Validator
	seen := map[int64]bool{}
	for _, a := range f.Advices {
		field := "advices[" + strconv.FormatInt(a.AdviceID, 10) + "]"
		switch {
		case !slices.Contains(adviceIDs, a.AdviceID):
			v.Add(field, "is not an advice of this case")
		case seen[a.AdviceID]:
			v.Add(field, "is answered twice")
		case !a.CarriedOut.Valid():
			v.Add(field, "choose one of %s", join(CarriedOutAnswers))
		}
		seen[a.AdviceID] = true
	}
	for _, id := range adviceIDs {
		if !seen[id] {
			v.Add("advices["+strconv.FormatInt(id, 10)+"]", "tell whether this advice was carried out (or that you do not know)")
		}
	}
	v.Check(f.Satisfaction >= 1 && f.Satisfaction <= 5, "satisfaction", "choose a number from 1 to 5")
	CheckText(&v, "comment", f.Comment, false, MaxFeedbackComment)
	return v.Err()
}

// NotCarriedOut reports whether the answer says of any advice that it was not carried out: a
// report for the staff's worklist.
func (f FeedbackAnswer) NotCarriedOut() bool {
	return slices.ContainsFunc(f.Advices, func(a AdviceCarriedOut) bool { return a.CarriedOut == CarriedOutNo })
}

// Feedback is the current answer of a case with what staff did with a "not carried out" report.
type Feedback struct {
	FeedbackAnswer
	FirstAt    time.Time `json:"first_at"`
	AnsweredAt time.Time `json:"answered_at"`
	// ReportedAt is when the answer last gained a "not carried out"; nil when it holds none.
	ReportedAt *time.Time `json:"reported_at,omitempty"`
	// DealtWithAt, DealtWithBy and DealtWithNote: staff marked the report dealt with (staff only).
	DealtWithAt   *time.Time `json:"dealt_with_at,omitempty"`
	DealtWithBy   string     `json:"dealt_with_by,omitempty"`
	DealtWithNote string     `json:"dealt_with_note,omitempty"`
}

// DealtWith is staff's note on a "not carried out" report: what they did (for instance, they
// contacted the organisation and what it said).
type DealtWith struct {
	Note string `json:"note"`
}

// Validate requires the note.
func (d DealtWith) Validate() error {
	var v Validator
	CheckText(&v, "note", strings.TrimSpace(d.Note), true, MaxDealtWithNote)
	return v.Err()
}

// CheckFeedbackAllowed says whether the resident may answer about a case in status s with verdict
// v: only after a ruling (advised, or closed with a verdict).
func CheckFeedbackAllowed(s Status, v Verdict) error {
	if v == "" || (s != StatusAdvised && s != StatusClosed) {
		return Errorf(CodeInvalidTransition, "You can tell us about the advice once the meldpunt has ruled on your complaint.")
	}
	return nil
}

// AdviceStep is what happens next with one binding advice, as the resident's view says it.
type AdviceStep struct {
	AdviceID     int64  `json:"advice_id"`
	Organisation string `json:"organisation"`
	// LastDay is the organisation's last day to accept or reject the advice (YYYY-MM-DD).
	LastDay string `json:"last_day"`
	// Outcome: "waiting" (the organisation may still answer until LastDay), "accepted", "rejected"
	// (with Reasons), "enforced" (no answer in time: the advice must be carried out in full) or
	// "executed" (the organisation confirmed it was carried out).
	Outcome string `json:"outcome"`
	Reasons string `json:"reasons,omitempty"`
}

// Outcomes of an AdviceStep.
const (
	StepWaiting  = "waiting"
	StepAccepted = "accepted"
	StepRejected = "rejected"
	StepEnforced = "enforced"
	StepExecuted = "executed"
)

// NextSteps says per advice what happens next.
func NextSteps(advices []Advice) []AdviceStep {
	steps := make([]AdviceStep, 0, len(advices))
	for _, a := range advices {
		s := AdviceStep{AdviceID: a.ID, Organisation: a.OrganisationName, LastDay: a.RespondBy}
		switch a.Status {
		case AdviceIssued:
			s.Outcome = StepWaiting
		case AdviceAccepted:
			s.Outcome = StepAccepted
		case AdviceRejected:
			s.Outcome, s.Reasons = StepRejected, a.RejectionReasons
		case AdviceEnforced:
			s.Outcome = StepEnforced
		case AdviceExecuted:
			s.Outcome = StepExecuted
		}
		steps = append(steps, s)
	}
	return steps
}

// OmbudsmanLastDay is the last day (YYYY-MM-DD) to take the complaint to the Nationale ombudsman:
// one year after the day of the ruling (ruledOn, the local date in Europe/Amsterdam), as the ruling
// letter counts it (Wet Nationale ombudsman, art. 12). A ruling on 29 February gives 1 March.
func OmbudsmanLastDay(ruledOn string) string { return YearAfter(ruledOn) }

// AfterRuling is what the resident's view holds once the meldpunt has ruled.
type AfterRuling struct {
	RuledOn string `json:"ruled_on"`
	// OmbudsmanLastDay is the last day to go on to the Nationale ombudsman.
	OmbudsmanLastDay string       `json:"ombudsman_last_day"`
	NextSteps        []AdviceStep `json:"next_steps"`
	// Feedback is the resident's current answer (without staff's handling of it); nil before any.
	Feedback *FeedbackAnswer `json:"feedback,omitempty"`
	// FeedbackAt is when the resident last answered.
	FeedbackAt *time.Time `json:"feedback_at,omitempty"`
}

// NotCarriedOutReport is one "not carried out" report on the staff's worklist.
type NotCarriedOutReport struct {
	Reference   string    `json:"reference" db:"reference"`
	HandlerName string    `json:"handler_name,omitempty" db:"handler_name"`
	ReportedAt  time.Time `json:"reported_at" db:"reported_at"`
	// Organisations are the organisations whose advice the resident says was not carried out.
	Organisations string `json:"organisations" db:"organisations"`
	Satisfaction  int    `json:"satisfaction" db:"satisfaction"`
}

// FeedbackFigures are the annual report's figures of the residents' answers after the ruling, on
// the complaints received in the year (as every figure of the report), in the state they are in
// when the figures are computed. The distributions are counts under SmallCountLimit hidden ("<5")
// and protected against working them out from the totals (see Protect); the totals are printed as
// the summary's counts are.
type FeedbackFigures struct {
	// Answers counts the cases whose resident answered; AdviceAnswers the advices answered on.
	Answers       int `json:"answers"`
	AdviceAnswers int `json:"advice_answers"`
	// CarriedOut counts the advices by the resident's answer: yes, partly, no, don't know.
	CarriedOut []CarriedOutCount `json:"carried_out"`
	// Satisfaction counts the answers by score, 1 to 5.
	Satisfaction []SatisfactionCount `json:"satisfaction"`
	// MeanSatisfaction is the mean score with one decimal; nil without answers, and withheld (nil)
	// when any count of Satisfaction is not shown, since with the total it would give them away.
	MeanSatisfaction *float64 `json:"mean_satisfaction"`
	// NotCarriedOut counts the cases whose answer says an advice was not carried out (a report on
	// the staff's worklist); DealtWith those of them that staff marked dealt with.
	NotCarriedOut int `json:"not_carried_out_reports"`
	DealtWith     int `json:"not_carried_out_dealt_with"`
}

// CarriedOutCount counts the advices with one answer.
type CarriedOutCount struct {
	Answer CarriedOut `json:"answer"`
	Count  Suppressed `json:"count"`
}

// SatisfactionCount counts the answers with one score.
type SatisfactionCount struct {
	Score int        `json:"score"`
	Count Suppressed `json:"count"`
}

// protect withholds counts of the distributions that the totals would give away, and the mean
// when a score's count is not shown; it reports whether it changed anything.
func (f *FeedbackFigures) protect() bool {
	carried := make([]*Suppressed, len(f.CarriedOut))
	for i := range f.CarriedOut {
		carried[i] = &f.CarriedOut[i].Count
	}
	scores := make([]*Suppressed, len(f.Satisfaction))
	for i := range f.Satisfaction {
		scores[i] = &f.Satisfaction[i].Count
	}
	changed := protectGroup(carried)
	changed = protectGroup(scores) || changed
	for _, s := range scores {
		if !s.Shown() && f.MeanSatisfaction != nil {
			f.MeanSatisfaction, changed = nil, true
		}
	}
	return changed
}
