package casework

import (
	"slices"
	"time"
)

// Status is the state of a complaint (DOMAIN.md §3).
type Status string

// Complaint statuses.
const (
	StatusReceived     Status = "received"
	StatusInTreatment  Status = "in_treatment"
	StatusAdvised      Status = "advised"
	StatusClosed       Status = "closed"
	StatusInadmissible Status = "inadmissible"
	StatusResolved     Status = "resolved"
	StatusWithdrawn    Status = "withdrawn"
)

// Statuses lists every complaint status.
var Statuses = []Status{StatusReceived, StatusInTreatment, StatusAdvised, StatusClosed, StatusInadmissible,
	StatusResolved, StatusWithdrawn}

// Valid reports whether s is a known complaint status.
func (s Status) Valid() bool { return slices.Contains(Statuses, s) }

// Action is something that happens to a complaint.
type Action string

// Complaint actions. A ruling is two actions because its verdict decides where it leads.
const (
	ActionTakeUp              Action = "take_up"
	ActionRecordHearing       Action = "record_hearing"
	ActionPostpone            Action = "postpone"
	ActionRuleGranted         Action = "rule_granted"
	ActionRuleUnfounded       Action = "rule_unfounded"
	ActionDeclareInadmissible Action = "declare_inadmissible"
	ActionResolve             Action = "resolve"
	ActionWithdraw            Action = "withdraw"
	ActionClose               Action = "close"
	ActionAddNote             Action = "add_note"
	ActionInviteHearing       Action = "invite_hearing"
	ActionTakeOver            Action = "take_over"
	// ActionAddOrganisation adds an organisation the complaint turns out to be about, as well or at
	// all (the complainant did not know which: staff choose it once they took the case up); it gets
	// the copy of the complaint and is heard like the others.
	ActionAddOrganisation Action = "add_organisation"
)

// Actions lists every complaint action.
var Actions = []Action{ActionTakeUp, ActionRecordHearing, ActionPostpone, ActionRuleGranted, ActionRuleUnfounded,
	ActionDeclareInadmissible, ActionResolve, ActionWithdraw, ActionClose, ActionAddNote, ActionInviteHearing,
	ActionTakeOver, ActionAddOrganisation}

// complaintMoves is the whole complaint lifecycle: from → action → to. Anything absent is refused.
var complaintMoves = map[Status]map[Action]Status{
	StatusReceived: {
		ActionTakeUp:   StatusInTreatment,
		ActionResolve:  StatusResolved,
		ActionWithdraw: StatusWithdrawn,
		ActionAddNote:  StatusReceived,
	},
	StatusInTreatment: {
		ActionInviteHearing:       StatusInTreatment,
		ActionAddOrganisation:     StatusInTreatment,
		ActionRecordHearing:       StatusInTreatment,
		ActionPostpone:            StatusInTreatment,
		ActionRuleGranted:         StatusAdvised,
		ActionRuleUnfounded:       StatusClosed,
		ActionDeclareInadmissible: StatusInadmissible,
		ActionResolve:             StatusResolved,
		ActionWithdraw:            StatusWithdrawn,
		ActionAddNote:             StatusInTreatment,
		ActionTakeOver:            StatusInTreatment,
	},
	StatusAdvised: {
		ActionClose:    StatusClosed,
		ActionAddNote:  StatusAdvised,
		ActionTakeOver: StatusAdvised,
	},
	StatusClosed:       {ActionAddNote: StatusClosed},
	StatusInadmissible: {ActionAddNote: StatusInadmissible},
	StatusResolved:     {ActionAddNote: StatusResolved},
	StatusWithdrawn:    {ActionAddNote: StatusWithdrawn},
}

// Next returns the status a complaint in s reaches by action a, or an invalid_transition error.
func (s Status) Next(a Action) (Status, error) {
	to, ok := complaintMoves[s][a]
	if !ok {
		return "", Errorf(CodeInvalidTransition, "A complaint that is %s cannot %s.", s, a)
	}
	return to, nil
}

// Terminal reports whether no action other than a note can change a complaint in s.
func (s Status) Terminal() bool {
	for a, to := range complaintMoves[s] {
		if a != ActionAddNote || to != s {
			return false
		}
	}
	return true
}

// AdviceStatus is the state of a binding advice (DOMAIN.md §4).
type AdviceStatus string

// Advice statuses.
const (
	AdviceIssued   AdviceStatus = "issued"
	AdviceAccepted AdviceStatus = "accepted"
	AdviceRejected AdviceStatus = "rejected"
	AdviceEnforced AdviceStatus = "enforced"
	AdviceExecuted AdviceStatus = "executed"
)

// AdviceStatuses lists every advice status.
var AdviceStatuses = []AdviceStatus{AdviceIssued, AdviceAccepted, AdviceRejected, AdviceEnforced, AdviceExecuted}

// Valid reports whether s is a known advice status.
func (s AdviceStatus) Valid() bool { return slices.Contains(AdviceStatuses, s) }

// Final reports whether nothing more can happen to an advice in s. A complaint closes when every one
// of its advices is final.
func (s AdviceStatus) Final() bool { return s == AdviceRejected || s == AdviceExecuted }

// AdviceAction is something that happens to an advice.
type AdviceAction string

// Advice actions.
const (
	AdviceActionAccept           AdviceAction = "accept"
	AdviceActionReject           AdviceAction = "reject"
	AdviceActionEnforce          AdviceAction = "enforce"
	AdviceActionConfirmExecution AdviceAction = "confirm_execution"
)

// AdviceActions lists every advice action.
var AdviceActions = []AdviceAction{AdviceActionAccept, AdviceActionReject, AdviceActionEnforce, AdviceActionConfirmExecution}

var adviceMoves = map[AdviceStatus]map[AdviceAction]AdviceStatus{
	AdviceIssued: {
		AdviceActionAccept:  AdviceAccepted,
		AdviceActionReject:  AdviceRejected,
		AdviceActionEnforce: AdviceEnforced,
	},
	AdviceAccepted: {AdviceActionConfirmExecution: AdviceExecuted},
	AdviceEnforced: {AdviceActionConfirmExecution: AdviceExecuted},
}

// Next returns the status an advice in s reaches by action a at instant now, given the advice's
// deadline instant. Accepting or rejecting is possible only before the deadline; enforcing only from
// the deadline on.
func (s AdviceStatus) Next(a AdviceAction, deadline, now time.Time) (AdviceStatus, error) {
	to, ok := adviceMoves[s][a]
	if !ok && s == AdviceEnforced && (a == AdviceActionAccept || a == AdviceActionReject) {
		// The sweep got there first: the answer came too late, whatever the clock says now.
		return "", Errorf(CodeDeadlinePassed,
			"The term to respond to this advice ended at %s; the advice must now be executed in full.",
			deadline.Format(time.RFC3339))
	}
	if !ok {
		return "", Errorf(CodeInvalidTransition, "An advice that is %s cannot be given the action %s.", s, a)
	}
	switch a {
	case AdviceActionAccept, AdviceActionReject:
		if !now.Before(deadline) {
			return "", Errorf(CodeDeadlinePassed,
				"The term to respond to this advice ended at %s; the advice must now be executed in full.",
				deadline.Format(time.RFC3339))
		}
	case AdviceActionEnforce:
		if now.Before(deadline) {
			return "", Errorf(CodeInvalidTransition, "The term of this advice has not ended yet.")
		}
	}
	return to, nil
}
