package term

import (
	"errors"
	"fmt"
	"time"
)

// DefaultDays is the usual response term of an organisation, in days.
const DefaultDays = 14

// MaxDays is the longest term LastDay accepts (about ten years).
const MaxDays = 3660

// Reason tells why the last day of a term moved past a day.
type Reason string

// Reasons used in Skip.
const (
	// ReasonSaturday marks a Saturday.
	ReasonSaturday Reason = "saturday"
	// ReasonSunday marks a Sunday.
	ReasonSunday Reason = "sunday"
	// ReasonHoliday marks a holiday of art. 3 (1) and (2) Algemene
	// termijnenwet (see Holiday).
	ReasonHoliday Reason = "holiday"
	// ReasonEquated marks a day equated to a holiday by Royal Decree
	// (art. 3 (3) Algemene termijnenwet).
	ReasonEquated Reason = "equated"
	// ReasonExtension marks a working day that the term was extended past
	// so that it contains two working days (art. 2 Algemene termijnenwet).
	ReasonExtension Reason = "extension"
)

// Names used in Skip.Name for the reasons that have no holiday name.
const (
	NameSaturday  = "Saturday"
	NameSunday    = "Sunday"
	NameEquated   = "Equated to a holiday by Royal Decree"
	NameExtension = "Extension to two working days (art. 2 Algemene termijnenwet)"
)

// Skip is a day that the last day of a term moved past, with the reason.
type Skip struct {
	Date   Date   `json:"date"`
	Reason Reason `json:"reason"`
	// Name is a human-readable description such as "Saturday",
	// "Good Friday" or the label of an equated day.
	Name string `json:"name"`
}

// Calendar decides which days are working days and computes terms.
// The zero Calendar does not apply the Algemene termijnenwet and knows no
// equated days; most callers want DefaultCalendar.
type Calendar struct {
	// Termijnenwet makes LastDay apply art. 1 and 2 of the Algemene
	// termijnenwet. When false, the last day is simply start + days.
	Termijnenwet bool
	// Equated holds the days equated to holidays by Royal Decree
	// (art. 3 (3) Algemene termijnenwet), with a label each. Keys must be
	// normalised dates. A nil map means no equated days.
	Equated map[Date]string
}

// DefaultCalendar returns a Calendar that applies the Algemene termijnenwet
// and knows the equated days of DefaultEquatedDays.
func DefaultCalendar() Calendar {
	return Calendar{Termijnenwet: true, Equated: DefaultEquatedDays()}
}

// DefaultEquatedDays returns the days equated to holidays by Royal Decree
// (art. 3 (3) Algemene termijnenwet) that were published when this package
// was written. Each call returns a fresh map that the caller may extend.
func DefaultEquatedDays() map[Date]string {
	const (
		afterKingsDay  = "Friday after King's Day (equated by Royal Decree)"
		afterAscension = "Friday after Ascension Day (equated by Royal Decree)"
	)
	return map[Date]string{
		NewDate(2023, time.April, 28):    afterKingsDay,
		NewDate(2023, time.May, 19):      afterAscension,
		NewDate(2024, time.May, 10):      afterAscension,
		NewDate(2024, time.December, 27): "Friday after Boxing Day (equated by Royal Decree)",
		NewDate(2025, time.May, 30):      afterAscension,
		NewDate(2026, time.January, 2):   "Friday after New Year's Day (equated by Royal Decree)",
		NewDate(2026, time.May, 15):      afterAscension,
		NewDate(2027, time.May, 7):       afterAscension,
		NewDate(2028, time.April, 28):    afterKingsDay,
		NewDate(2028, time.May, 26):      afterAscension,
	}
}

// NonWorking reports whether d is a Saturday, a Sunday, a holiday or an
// equated day, and if so returns the Skip describing it. It ignores
// c.Termijnenwet. When a day has several reasons, a holiday wins over an
// equated day, and both win over the weekend: 26 December on a Saturday is
// reported as Boxing Day.
func (c Calendar) NonWorking(d Date) (Skip, bool) {
	if name, ok := Holiday(d); ok {
		return Skip{Date: d, Reason: ReasonHoliday, Name: name}, true
	}
	if label, ok := c.Equated[d]; ok {
		if label == "" {
			label = NameEquated
		}
		return Skip{Date: d, Reason: ReasonEquated, Name: label}, true
	}
	switch d.Weekday() {
	case time.Saturday:
		return Skip{Date: d, Reason: ReasonSaturday, Name: NameSaturday}, true
	case time.Sunday:
		return Skip{Date: d, Reason: ReasonSunday, Name: NameSunday}, true
	}
	return Skip{}, false
}

// IsWorkingDay reports whether d is neither a Saturday, a Sunday, a holiday
// nor an equated day. It ignores c.Termijnenwet.
func (c Calendar) IsWorkingDay(d Date) bool {
	_, non := c.NonWorking(d)
	return !non
}

// Result is the outcome of a term computation.
type Result struct {
	// Start is the date the term started from (the day of the event, not
	// counted itself).
	Start Date `json:"start"`
	// Days is the length of the term in days.
	Days int `json:"days"`
	// Nominal is Start + Days, the last day before the Algemene
	// termijnenwet is applied.
	Nominal Date `json:"nominal"`
	// LastDay is the last day of the term after art. 2 and art. 1.
	LastDay Date `json:"last_day"`
	// Skipped lists, in order, every day from Nominal up to but not
	// including LastDay, that is every day the last day moved past. It is
	// empty (not nil) when LastDay equals Nominal.
	Skipped []Skip `json:"skipped"`
	// Deadline is DeadlineInstant(LastDay): a response is on time when it
	// is committed before this instant.
	Deadline time.Time `json:"deadline"`
}

// LastDay computes the last day of a term of the given number of days that
// starts on the day after start (art. 6:8 Awb). When c.Termijnenwet is set, it then
// extends the term until it contains at least two working days if days is 3
// or more (art. 2 Algemene termijnenwet), and after that moves a last day
// that is not a working day to the next working day (art. 1).
//
// LastDay returns an error when days is outside 1..MaxDays, when start is
// zero or not a valid date in years 1..9999, or when the last day would fall
// after 9999-12-31.
func (c Calendar) LastDay(start Date, days int) (Result, error) {
	if days < 1 || days > MaxDays {
		return Result{}, fmt.Errorf("term: term of %d days outside 1..%d", days, MaxDays)
	}
	if start.IsZero() {
		return Result{}, errors.New("term: start date is zero")
	}
	if !start.valid() {
		return Result{}, fmt.Errorf("term: invalid start date %s", start)
	}

	nominal := start.AddDays(days)
	last := nominal
	if c.Termijnenwet {
		// Art. 2: a term of at least three days must contain two days that
		// are not a Saturday, Sunday or holiday. Count the days
		// start+1 .. last and extend one day at a time.
		if days >= 3 {
			working := 0
			for d := start.AddDays(1); !d.After(last); d = d.AddDays(1) {
				if c.IsWorkingDay(d) {
					working++
				}
			}
			for working < 2 {
				last = last.AddDays(1)
				if c.IsWorkingDay(last) {
					working++
				}
			}
		}
		// Art. 1: a term ending on a Saturday, Sunday or holiday ends on
		// the next day that is none of these.
		for !c.IsWorkingDay(last) {
			last = last.AddDays(1)
		}
	}
	if last.Year > MaxYear {
		return Result{}, fmt.Errorf("term: last day of a %d-day term from %s lies after year %d", days, start, MaxYear)
	}

	skipped := make([]Skip, 0, nominal.DaysUntil(last))
	for d := nominal; d.Before(last); d = d.AddDays(1) {
		s, ok := c.NonWorking(d)
		if !ok {
			s = Skip{Date: d, Reason: ReasonExtension, Name: NameExtension}
		}
		skipped = append(skipped, s)
	}
	return Result{
		Start:    start,
		Days:     days,
		Nominal:  nominal,
		LastDay:  last,
		Skipped:  skipped,
		Deadline: DeadlineInstant(last),
	}, nil
}

// WorkingDaysBefore returns the date that lies n working days before d: the
// n-th working day counting back from the day before d. It is used for
// reminders, such as 5 and 1 working days before a last day. Working days
// are decided by IsWorkingDay, whatever c.Termijnenwet says. For n < 1 it
// returns d.
func (c Calendar) WorkingDaysBefore(d Date, n int) Date {
	for n > 0 {
		d = d.AddDays(-1)
		if c.IsWorkingDay(d) {
			n--
		}
	}
	return d
}

// WorkingDaysAfter returns the date that lies n working days after d: the
// n-th working day counting from the day after d. An invitation sent on d
// has been out n working days on that date. Working days are decided by
// IsWorkingDay, whatever c.Termijnenwet says. For n < 1 it returns d.
func (c Calendar) WorkingDaysAfter(d Date, n int) Date {
	for n > 0 {
		d = d.AddDays(1)
		if c.IsWorkingDay(d) {
			n--
		}
	}
	return d
}
