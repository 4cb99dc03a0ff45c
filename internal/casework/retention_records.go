package casework

import (
	"slices"

	"meldpunt/internal/term"
)

// RetentionAction is something staff record about the retention of a closed case's file: what
// moves its destruction date, and the legal hold that stops its destruction.
type RetentionAction string

const (
	// RetentionWentToOmbudsman records the day the complainant went on to the ombudsman: the file
	// is kept 10 years (category ombudsman) from the day it closed.
	RetentionWentToOmbudsman RetentionAction = "ombudsman"
	// RetentionReopen records that the file was reopened (new information, the ombudsman's
	// questions): it has no destruction date until it is recorded closed again.
	RetentionReopen RetentionAction = "reopen"
	// RetentionCloseAgain records the day a reopened file was closed again: its term runs from it.
	RetentionCloseAgain RetentionAction = "close_again"
	// RetentionHold puts the file on hold (legal proceedings, a Woo request): it is never approved
	// or destroyed while the hold lasts.
	RetentionHold RetentionAction = "hold"
	// RetentionLiftHold lifts the hold; only an admin may, since it lets the destruction go on.
	RetentionLiftHold RetentionAction = "lift_hold"
)

// RetentionActions lists every retention action.
var RetentionActions = []RetentionAction{RetentionWentToOmbudsman, RetentionReopen, RetentionCloseAgain,
	RetentionHold, RetentionLiftHold}

// MaxRetentionReason is the longest reason for a reopening or a hold.
const MaxRetentionReason = 500

// RetentionRecord is one record about a file's retention: the action, the day it happened (for the
// ombudsman, a reopening and a closing again) and the reason (required for a reopening and a hold).
type RetentionRecord struct {
	Action RetentionAction `json:"action"`
	On     string          `json:"on,omitempty"`
	Reason string          `json:"reason,omitempty"`
}

// RetentionFile is what the rules need to know of a file's retention as it stands.
type RetentionFile struct {
	Status      Status
	From        term.Date // the day its term starts (closing, or closing again); zero while open
	OmbudsmanOn term.Date
	ReopenedOn  term.Date
	OnHold      bool
}

// Closed reports whether the file belongs to a case that ended, so retention applies to it.
func (f RetentionFile) Closed() bool {
	return slices.Contains([]Status{StatusClosed, StatusResolved, StatusInadmissible, StatusWithdrawn}, f.Status)
}

// Check decides whether role may record r on file f today (the local day). Any staff member or
// admin records the facts that move the term and may put a file on hold, since whoever hears of
// proceedings must be able to stop the destruction at once (not only a handler who may have left);
// only an admin lifts a hold, which lets the destruction go on. It returns the day r names.
func (r RetentionRecord) Check(role Role, f RetentionFile, today term.Date) (term.Date, error) {
	if !role.HandlesCases() {
		return term.Date{}, Errorf(CodeForbidden, "Only the meldpunt's staff record a file's retention.")
	}
	var v Validator
	if !slices.Contains(RetentionActions, r.Action) {
		v.Add("action", "must be one of: %s", join(RetentionActions))
		return term.Date{}, v.Err()
	}
	var on term.Date
	needsDay := r.Action == RetentionWentToOmbudsman || r.Action == RetentionReopen || r.Action == RetentionCloseAgain
	if needsDay {
		d, err := term.ParseDate(r.On)
		switch {
		case r.On == "":
			v.Add("on", "is required")
		case err != nil:
			v.Add("on", "must be a date (YYYY-MM-DD)")
		case d.After(today):
			v.Add("on", "must not be in the future")
		case !f.From.IsZero() && d.Before(f.From) && r.Action != RetentionWentToOmbudsman:
			v.Add("on", "must not be before the day the file closed (%s)", f.From)
		case r.Action == RetentionCloseAgain && !f.ReopenedOn.IsZero() && d.Before(f.ReopenedOn):
			v.Add("on", "must not be before the day the file was reopened (%s)", f.ReopenedOn)
		default:
			on = d
		}
	} else if r.On != "" {
		v.Add("on", "is not used for this action")
	}
	required := r.Action == RetentionReopen || r.Action == RetentionHold
	CheckText(&v, "reason", r.Reason, required, MaxRetentionReason)
	if err := v.Err(); err != nil {
		return term.Date{}, err
	}
	if !f.Closed() {
		return term.Date{}, Errorf(CodeInvalidTransition, "Retention applies to a closed case only.")
	}
	switch r.Action {
	case RetentionWentToOmbudsman:
		if !f.OmbudsmanOn.IsZero() {
			return term.Date{}, Errorf(CodeConflict, "The ombudsman was recorded already (%s).", f.OmbudsmanOn)
		}
	case RetentionReopen:
		if !f.ReopenedOn.IsZero() {
			return term.Date{}, Errorf(CodeConflict, "The file is reopened already (%s).", f.ReopenedOn)
		}
	case RetentionCloseAgain:
		if f.ReopenedOn.IsZero() {
			return term.Date{}, Errorf(CodeConflict, "The file is not reopened.")
		}
	case RetentionHold:
		if f.OnHold {
			return term.Date{}, Errorf(CodeConflict, "The file is on hold already.")
		}
	case RetentionLiftHold:
		if role != RoleAdmin {
			return term.Date{}, Errorf(CodeForbidden, "Only an admin lifts a hold.")
		}
		if !f.OnHold {
			return term.Date{}, Errorf(CodeConflict, "The file is not on hold.")
		}
	}
	return on, nil
}
