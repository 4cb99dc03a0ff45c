package casework

import (
	"slices"

	"meldpunt/internal/term"
)

// RetentionCategory is the Selectielijst gemeenten 2020 (process 13, complaints) category of a
// closed case, which sets how long its file is kept (DOMAIN.md §8).
type RetentionCategory string

const (
	// RetentionHandled: a complaint that was handled (ruled and closed, or resolved): 5 years.
	RetentionHandled RetentionCategory = "handled"
	// RetentionOmbudsman: a complaint that went on to the Nationale ombudsman: 10 years.
	RetentionOmbudsman RetentionCategory = "ombudsman"
	// RetentionShort: a complaint declared inadmissible or withdrawn: 1 year.
	RetentionShort RetentionCategory = "inadmissible_withdrawn"
)

// RetentionCategories lists every category, shortest first.
var RetentionCategories = []RetentionCategory{RetentionShort, RetentionHandled, RetentionOmbudsman}

// Valid reports whether c is a known category.
func (c RetentionCategory) Valid() bool { return slices.Contains(RetentionCategories, c) }

// Years is how many years after its start (the day the case closed) a file of category c is kept.
func (c RetentionCategory) Years() int {
	switch c {
	case RetentionShort:
		return 1
	case RetentionOmbudsman:
		return 10
	default:
		return 5
	}
}

// RetentionFor is the category of a case that ended in status s; wentToOmbudsman is whether staff
// recorded that the complainant went on to the ombudsman. ok is false for a case still open.
func RetentionFor(s Status, wentToOmbudsman bool) (c RetentionCategory, ok bool) {
	switch {
	case !slices.Contains([]Status{StatusClosed, StatusResolved, StatusInadmissible, StatusWithdrawn}, s):
		return "", false
	case wentToOmbudsman:
		return RetentionOmbudsman, true
	case s == StatusInadmissible || s == StatusWithdrawn:
		return RetentionShort, true
	default:
		return RetentionHandled, true
	}
}

// DestroyOn is the first day on which a file of category c whose term started on from may be
// destroyed: the same calendar day c.Years() years later (29 February becomes 1 March).
func DestroyOn(from term.Date, c RetentionCategory) term.Date {
	return term.NewDate(from.Year+c.Years(), from.Month, from.Day)
}
