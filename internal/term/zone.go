package term

import (
	"sync"
	"time"

	// Embed the time zone database so Europe/Amsterdam is always available,
	// also on hosts and in containers without zoneinfo files.
	_ "time/tzdata"
)

var amsterdam = sync.OnceValue(func() *time.Location {
	loc, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		// Unreachable: time/tzdata is linked into the binary.
		panic("term: cannot load Europe/Amsterdam: " + err.Error())
	}
	return loc
})

// Amsterdam returns the Europe/Amsterdam location, in which all Dutch legal
// dates are reckoned. It is loaded once.
func Amsterdam() *time.Location {
	return amsterdam()
}

// LocalDate returns the calendar date of t in Europe/Amsterdam.
func LocalDate(t time.Time) Date {
	return dateOf(t.In(Amsterdam()))
}

// DeadlineInstant returns the first instant after lastDay: midnight at the
// start of the following day in Europe/Amsterdam. A response is on time when
// it is committed strictly before this instant.
//
// The instant is built with time.Date in the location, so a change to or from
// daylight saving time never shifts it off midnight.
func DeadlineInstant(lastDay Date) time.Time {
	return time.Date(lastDay.Year, lastDay.Month, lastDay.Day+1, 0, 0, 0, 0, Amsterdam())
}
