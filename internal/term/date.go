package term

import (
	"database/sql/driver"
	"fmt"
	"time"
)

// Date is a calendar date without time of day or time zone.
//
// The zero Date (all fields zero) means "no date". Dates built with NewDate,
// ParseDate or AddDays are always normalised; comparisons and map look-ups
// assume normalised values.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// MinYear and MaxYear bound the years that ParseDate accepts and that term
// computations may start from or end in.
const (
	MinYear = 1
	MaxYear = 9999
)

// NewDate returns the date y-m-d, normalised the way time.Date normalises
// out-of-range values: NewDate(2026, 1, 32) is 2026-02-01.
func NewDate(y int, m time.Month, d int) Date {
	return dateOf(time.Date(y, m, d, 0, 0, 0, 0, time.UTC))
}

// dateOf returns the calendar date of t in t's own location.
func dateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{Year: y, Month: m, Day: d}
}

// utc returns midnight UTC at the start of d.
func (d Date) utc() time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC)
}

// ParseDate parses a date in the strict form "YYYY-MM-DD". The year must lie
// in 0001..9999 and the date must exist in the Gregorian calendar; anything
// else, including surrounding spaces or trailing characters, is an error.
func ParseDate(s string) (Date, error) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return Date{}, fmt.Errorf("term: invalid date %q: want YYYY-MM-DD", s)
	}
	y, ok1 := digits(s[0:4])
	m, ok2 := digits(s[5:7])
	d, ok3 := digits(s[8:10])
	if !ok1 || !ok2 || !ok3 {
		return Date{}, fmt.Errorf("term: invalid date %q: want YYYY-MM-DD", s)
	}
	if y < MinYear || y > MaxYear {
		return Date{}, fmt.Errorf("term: invalid date %q: year out of range", s)
	}
	if m < 1 || m > 12 || d < 1 || d > daysIn(y, time.Month(m)) {
		return Date{}, fmt.Errorf("term: invalid date %q: no such day", s)
	}
	return Date{Year: y, Month: time.Month(m), Day: d}, nil
}

// digits parses s as a non-negative decimal number made of ASCII digits only.
func digits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// daysIn returns the number of days in month m of year y.
func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// String returns d in the form "YYYY-MM-DD".
func (d Date) String() string {
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// AddDays returns the date n calendar days after d (before d when n < 0).
func (d Date) AddDays(n int) Date {
	return NewDate(d.Year, d.Month, d.Day+n)
}

// Weekday returns the day of the week of d.
func (d Date) Weekday() time.Weekday {
	return d.utc().Weekday()
}

// Before reports whether d lies before o.
func (d Date) Before(o Date) bool {
	return d.compare(o) < 0
}

// After reports whether d lies after o.
func (d Date) After(o Date) bool {
	return d.compare(o) > 0
}

// compare returns -1, 0 or +1 as d lies before, on or after o.
func (d Date) compare(o Date) int {
	switch {
	case d.Year != o.Year:
		return sign(d.Year - o.Year)
	case d.Month != o.Month:
		return sign(int(d.Month) - int(o.Month))
	default:
		return sign(d.Day - o.Day)
	}
}

func sign(n int) int {
	switch {
	case n < 0:
		return -1
	case n > 0:
		return 1
	}
	return 0
}

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool {
	return d == Date{}
}

// valid reports whether d is a normalised date in years MinYear..MaxYear.
func (d Date) valid() bool {
	return d.Year >= MinYear && d.Year <= MaxYear &&
		d.Month >= time.January && d.Month <= time.December &&
		d.Day >= 1 && d.Day <= daysIn(d.Year, d.Month)
}

// DaysUntil returns the number of calendar days from d to o, that is o - d.
// It is negative when o lies before d.
func (d Date) DaysUntil(o Date) int {
	// Unix seconds rather than time.Duration: a Duration overflows after
	// about 292 years.
	return int((o.utc().Unix() - d.utc().Unix()) / (24 * 60 * 60))
}

// MarshalText implements encoding.TextMarshaler. It returns "YYYY-MM-DD",
// or an empty text for the zero Date, so JSON carries the plain string form.
func (d Date) MarshalText() ([]byte, error) {
	if d.IsZero() {
		return []byte{}, nil
	}
	return []byte(d.String()), nil
}

// UnmarshalText implements encoding.TextUnmarshaler. It accepts the strict
// "YYYY-MM-DD" form of ParseDate; an empty text yields the zero Date.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// Value implements driver.Valuer. It returns the "YYYY-MM-DD" string, or nil
// (SQL NULL) for the zero Date.
func (d Date) Value() (driver.Value, error) {
	if d.IsZero() {
		return nil, nil
	}
	return d.String(), nil
}

// Scan implements sql.Scanner. It accepts a time.Time, whose year, month and
// day are used as they are (without converting its zone), a "YYYY-MM-DD"
// string or []byte, and nil, which yields the zero Date.
func (d *Date) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*d = Date{}
		return nil
	case time.Time:
		*d = dateOf(v)
		return nil
	case string:
		return d.scanString(v)
	case []byte:
		return d.scanString(string(v))
	default:
		return fmt.Errorf("term: cannot scan %T into Date", src)
	}
}

func (d *Date) scanString(s string) error {
	v, err := ParseDate(s)
	if err != nil {
		return err
	}
	*d = v
	return nil
}
