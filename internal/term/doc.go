// Package term computes Dutch legal terms, such as the term within which an
// organisation has to respond to binding advice.
//
// A term of N days starts on the day after the start date (art. 6:8 Awb), so
// its nominal last day is the start date plus N calendar days. Dates are
// local calendar dates in Europe/Amsterdam.
//
// When the Algemene termijnenwet applies (Calendar.Termijnenwet), two rules
// change that last day. First, a term of at least three days is extended,
// day by day, until it contains at least two days that are not a Saturday,
// Sunday or holiday (art. 2). Then a last day that falls on a Saturday,
// Sunday or holiday moves to the next day that is none of these (art. 1).
// The holidays are those of art. 3 (1): New Year's Day, Easter Monday,
// Ascension Day, Whit Monday, Christmas Day, Boxing Day, King's Day (27 April,
// or 26 April when 27 April is a Sunday) and 5 May in every year; art. 3 (2)
// adds Good Friday. Days that the government equates to holidays by Royal
// Decree (art. 3 (3)) cannot be predicted; they are data in
// Calendar.Equated, with the days published so far in DefaultEquatedDays.
// Today's King's Day rule is applied to every year, also to years before 2014
// when the Queen's birthday was celebrated on other dates.
//
// A response is on time when it is committed before midnight at the end of
// the last day, Amsterdam time; DeadlineInstant returns that instant.
package term
