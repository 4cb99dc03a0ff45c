package term

import "time"

// Names of the statutory holidays of art. 3 Algemene termijnenwet, as
// returned by Holiday and used in Skip.Name.
const (
	NameNewYear      = "New Year's Day"
	NameGoodFriday   = "Good Friday"
	NameEasterMonday = "Easter Monday"
	NameAscension    = "Ascension Day"
	NameWhitMonday   = "Whit Monday"
	NameKingsDay     = "King's Day"
	NameLiberation   = "Liberation Day (5 May)"
	NameChristmas    = "Christmas Day"
	NameBoxingDay    = "Boxing Day"
)

// Easter returns the date of Western (Gregorian) Easter Sunday in year, using
// the anonymous Gregorian algorithm (Meeus/Jones/Butcher). It is meaningful
// for the Gregorian years 1583 and later.
func Easter(year int) Date {
	a := year % 19
	b := year / 100
	c := year % 100
	d := b / 4
	e := b % 4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i := c / 4
	k := c % 4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	month := (h + l - 7*m + 114) / 31
	day := (h+l-7*m+114)%31 + 1
	return NewDate(year, time.Month(month), day)
}

// Holiday reports whether d is one of the generally recognised holidays of
// art. 3 (1) Algemene termijnenwet, or Good Friday, which art. 3 (2) equates
// with them, and returns its name. Days equated to holidays by Royal Decree
// (art. 3 (3)) are not included; they are data held by a Calendar.
//
// King's Day is 27 April, or 26 April when 27 April is a Sunday; this rule is
// applied to every year, also years before 2014. 5 May is a holiday every
// year. Easter Sunday and Whit Sunday are not listed: they are Sundays.
func Holiday(d Date) (name string, ok bool) {
	switch {
	case d.Month == time.January && d.Day == 1:
		return NameNewYear, true
	case d.Month == time.April && d.Day == 27:
		if d.Weekday() != time.Sunday {
			return NameKingsDay, true
		}
	case d.Month == time.April && d.Day == 26:
		if d.Weekday() == time.Saturday {
			return NameKingsDay, true
		}
	case d.Month == time.May && d.Day == 5:
		return NameLiberation, true
	case d.Month == time.December && d.Day == 25:
		return NameChristmas, true
	case d.Month == time.December && d.Day == 26:
		return NameBoxingDay, true
	}
	// The moveable feasts all fall between 20 March (Good Friday) and
	// 14 June (Whit Monday); skip computing Easter outside that window.
	if d.Month < time.March || d.Month > time.June {
		return "", false
	}
	switch Easter(d.Year).DaysUntil(d) {
	case -2:
		return NameGoodFriday, true
	case 1:
		return NameEasterMonday, true
	case 39:
		return NameAscension, true
	case 50:
		return NameWhitMonday, true
	}
	return "", false
}
