package casework

import (
	"slices"
	"time"
)

// AnswerChannel is how an organisation's answer to a binding advice reached the meldpunt when staff
// record it on the organisation's behalf.
type AnswerChannel string

// Channels of an answer recorded by staff.
const (
	AnswerByLetter  AnswerChannel = "letter"
	AnswerByEmail   AnswerChannel = "email"
	AnswerByPhone   AnswerChannel = "phone"
	AnswerAtCounter AnswerChannel = "counter"
)

// AnswerChannels lists every channel of an answer recorded by staff.
var AnswerChannels = []AnswerChannel{AnswerByLetter, AnswerByEmail, AnswerByPhone, AnswerAtCounter}

// Valid reports whether c is a known answer channel.
func (c AnswerChannel) Valid() bool { return slices.Contains(AnswerChannels, c) }

// Receipt of an answer: the two fields staff add when they record an organisation's answer that came
// by post, e-mail, phone or at the counter. Organisations answering online send neither.
type AnswerReceipt struct {
	// ReceivedOn is the local date (YYYY-MM-DD) the answer reached the meldpunt.
	ReceivedOn string        `json:"received_on,omitempty"`
	Channel    AnswerChannel `json:"channel,omitempty"`
}

// Given reports whether either field was sent.
func (r AnswerReceipt) Given() bool { return r.ReceivedOn != "" || r.Channel != "" }

// CheckAnswerer checks who answers an advice and how: an organisation answers for itself and may
// not send the receipt fields; staff answer on an organisation's behalf and must send both.
func (r AnswerReceipt) CheckAnswerer(role Role) error {
	var v Validator
	switch {
	case role == RoleOrganisation:
		const msg = "is only for the meldpunt's staff recording an answer that came by post, e-mail, phone or at the counter"
		v.Check(r.ReceivedOn == "", "received_on", msg)
		v.Check(r.Channel == "", "channel", msg)
	case role.HandlesCases():
		v.Check(r.ReceivedOn != "", "received_on", "give the day the answer reached the meldpunt (YYYY-MM-DD)")
		v.Check(r.Channel.Valid(), "channel", "must be one of %s", join(AnswerChannels))
	default:
		return Errorf(CodeForbidden, "Only the organisation, or the meldpunt's staff on its behalf, answer a binding advice.")
	}
	return v.Err()
}

// Validate checks the day of receipt against the local dates of the advice's issue and of today.
func (r AnswerReceipt) Validate(issuedOn, today string) error {
	var v Validator
	if _, err := time.Parse(time.DateOnly, r.ReceivedOn); err != nil {
		v.Add("received_on", "must be a date as YYYY-MM-DD")
	} else if r.ReceivedOn > today {
		v.Add("received_on", "cannot be in the future")
	} else if r.ReceivedOn < issuedOn {
		v.Add("received_on", "cannot be before the advice was issued (%s)", issuedOn)
	}
	v.Check(r.Channel.Valid(), "channel", "must be one of %s", join(AnswerChannels))
	return v.Err()
}

// NextRecorded returns the status an advice in s reaches when staff record an organisation's answer
// that reached the meldpunt on receivedOn, given the advice's last day (both local dates). An accept
// or reject counts as on time when it was received on or before the last day, however late it is
// recorded; when the sweep already enforced the advice, such an answer corrects the enforcement
// (corrects is true). Confirming execution has no term.
func (s AdviceStatus) NextRecorded(a AdviceAction, lastDay, receivedOn string) (to AdviceStatus, corrects bool, err error) {
	switch a {
	case AdviceActionAccept, AdviceActionReject:
		if s != AdviceIssued && s != AdviceEnforced {
			return "", false, Errorf(CodeInvalidTransition, "An advice that is %s cannot be given the action %s.", s, a)
		}
		if receivedOn > lastDay {
			return "", false, Errorf(CodeDeadlinePassed,
				"The answer reached the meldpunt on %s, after the last day of the term (%s); the advice must be executed in full.",
				receivedOn, lastDay)
		}
		return adviceMoves[AdviceIssued][a], s == AdviceEnforced, nil
	case AdviceActionConfirmExecution:
		to, ok := adviceMoves[s][a]
		if !ok {
			return "", false, Errorf(CodeInvalidTransition, "An advice that is %s cannot be given the action %s.", s, a)
		}
		return to, false, nil
	}
	return "", false, Errorf(CodeInvalidTransition, "Staff cannot record the action %s for an organisation.", a)
}

// HandlerOnly lists the actions on a complaint that only its handler may take (Awb 9:7): whoever
// took the case up, or took it over declaring not to have been involved.
var HandlerOnly = []Action{ActionRecordHearing, ActionInviteHearing, ActionPostpone, ActionRuleGranted,
	ActionRuleUnfounded, ActionDeclareInadmissible, ActionResolve, ActionRecordAnswer}

// ActionRecordAnswer is staff recording an organisation's answer to an advice of the case; it
// changes the advice, not the complaint, so it is not in the complaint's lifecycle table.
const ActionRecordAnswer Action = "record_answer"

// CheckHandler refuses a staff action on a case that another staff member handles. handlerID is
// zero while nobody has taken the case up, when the action is open to every staff member.
func CheckHandler(a Action, actor Actor, handlerID int64, handlerName string) error {
	if !slices.Contains(HandlerOnly, a) || handlerID == 0 || actor.UserID == handlerID {
		return nil
	}
	return Errorf(CodeForbidden,
		"This case is handled by %s. Only the handler acts on it; to act yourself, take the case over and declare that you were not involved.",
		handlerName)
}

// TakeOver moves a case to another staff member, who declares not to have been involved in what the
// complaint is about (Awb 9:7), and says why the case changes hands.
type TakeOver struct {
	NotInvolved bool   `json:"not_involved"`
	Reason      string `json:"reason"`
}

// Validate checks a take-over.
func (t TakeOver) Validate() error {
	var v Validator
	v.Check(t.NotInvolved, "not_involved", "declare that you were not involved in what the complaint is about")
	CheckText(&v, "reason", t.Reason, true, MaxShortText)
	return v.Err()
}
