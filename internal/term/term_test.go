package term

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// day parses a "YYYY-MM-DD" literal of a test table.
func day(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// skipStrings renders skipped days as "YYYY-MM-DD reason" for comparison.
func skipStrings(skips []Skip) []string {
	out := make([]string, len(skips))
	for i, s := range skips {
		out[i] = s.Date.String() + " " + string(s.Reason)
	}
	return out
}

func TestLastDayTable(t *testing.T) {
	on := DefaultCalendar()
	noEquated := Calendar{Termijnenwet: true}
	off := Calendar{Termijnenwet: false, Equated: DefaultEquatedDays()}

	// Every expectation below was worked out by hand from a calendar and
	// checked with date(1); the weekday of each last day is noted in the
	// test name where it matters.
	tests := []struct {
		name     string
		cal      Calendar
		start    string
		days     int
		last     string
		skipped  []string
		deadline string // RFC 3339; empty means not checked literally
	}{
		// Plain terms and weekends.
		{name: "fourteen days Monday to Monday", cal: on, start: "2026-01-05", days: 14, last: "2026-01-19", deadline: "2026-01-20T00:00:00+01:00"},
		{name: "fourteen days ending on Saturday", cal: on, start: "2026-01-03", days: 14, last: "2026-01-19",
			skipped: []string{"2026-01-17 saturday", "2026-01-18 sunday"}, deadline: "2026-01-20T00:00:00+01:00"},
		{name: "fourteen days ending on Sunday", cal: on, start: "2026-01-04", days: 14, last: "2026-01-19",
			skipped: []string{"2026-01-18 sunday"}},
		{name: "fourteen days ending on Friday from an equated day", cal: on, start: "2026-01-02", days: 14, last: "2026-01-16"},
		{name: "one day Wednesday to Thursday", cal: on, start: "2026-01-07", days: 1, last: "2026-01-08", deadline: "2026-01-09T00:00:00+01:00"},
		{name: "thirty days June to July", cal: on, start: "2026-06-01", days: 30, last: "2026-07-01", deadline: "2026-07-02T00:00:00+02:00"},

		// Christmas, Boxing Day and New Year's Day.
		{name: "Christmas 2024 Wednesday chain with equated Friday and weekend", cal: on, start: "2024-12-11", days: 14, last: "2024-12-30",
			skipped:  []string{"2024-12-25 holiday", "2024-12-26 holiday", "2024-12-27 equated", "2024-12-28 saturday", "2024-12-29 sunday"},
			deadline: "2024-12-31T00:00:00+01:00"},
		{name: "Boxing Day 2024 Thursday chain", cal: on, start: "2024-12-12", days: 14, last: "2024-12-30",
			skipped: []string{"2024-12-26 holiday", "2024-12-27 equated", "2024-12-28 saturday", "2024-12-29 sunday"}},
		{name: "equated Friday 2024-12-27", cal: on, start: "2024-12-13", days: 14, last: "2024-12-30",
			skipped: []string{"2024-12-27 equated", "2024-12-28 saturday", "2024-12-29 sunday"}},
		{name: "Christmas 2025 Thursday chain", cal: on, start: "2025-12-11", days: 14, last: "2025-12-29",
			skipped: []string{"2025-12-25 holiday", "2025-12-26 holiday", "2025-12-27 saturday", "2025-12-28 sunday"}},
		{name: "Christmas 2026 Friday with Boxing Day on Saturday", cal: on, start: "2026-12-11", days: 14, last: "2026-12-28",
			skipped: []string{"2026-12-25 holiday", "2026-12-26 holiday", "2026-12-27 sunday"}},
		{name: "Christmas 2027 on the weekend", cal: on, start: "2027-12-11", days: 14, last: "2027-12-27",
			skipped: []string{"2027-12-25 holiday", "2027-12-26 holiday"}},
		{name: "Christmas Eve 2025 is a working day", cal: on, start: "2025-12-10", days: 14, last: "2025-12-24"},
		{name: "New Year's Day 2026 Thursday with equated Friday", cal: on, start: "2025-12-18", days: 14, last: "2026-01-05",
			skipped:  []string{"2026-01-01 holiday", "2026-01-02 equated", "2026-01-03 saturday", "2026-01-04 sunday"},
			deadline: "2026-01-06T00:00:00+01:00"},
		{name: "equated Friday 2026-01-02", cal: on, start: "2025-12-19", days: 14, last: "2026-01-05",
			skipped: []string{"2026-01-02 equated", "2026-01-03 saturday", "2026-01-04 sunday"}},
		{name: "New Year's Day 2025 Wednesday", cal: on, start: "2024-12-18", days: 14, last: "2025-01-02",
			skipped: []string{"2025-01-01 holiday"}},
		{name: "New Year's Day 2027 Friday", cal: on, start: "2026-12-18", days: 14, last: "2027-01-04",
			skipped: []string{"2027-01-01 holiday", "2027-01-02 saturday", "2027-01-03 sunday"}},
		{name: "New Year's Day 2028 Saturday", cal: on, start: "2027-12-18", days: 14, last: "2028-01-03",
			skipped: []string{"2028-01-01 holiday", "2028-01-02 sunday"}},

		// Easter.
		{name: "Good Friday 2024 four-day chain", cal: on, start: "2024-03-15", days: 14, last: "2024-04-02",
			skipped:  []string{"2024-03-29 holiday", "2024-03-30 saturday", "2024-03-31 sunday", "2024-04-01 holiday"},
			deadline: "2024-04-03T00:00:00+02:00"},
		{name: "Good Friday 2025 four-day chain", cal: on, start: "2025-04-04", days: 14, last: "2025-04-22",
			skipped: []string{"2025-04-18 holiday", "2025-04-19 saturday", "2025-04-20 sunday", "2025-04-21 holiday"}},
		{name: "Good Friday 2026 four-day chain", cal: on, start: "2026-03-20", days: 14, last: "2026-04-07",
			skipped:  []string{"2026-04-03 holiday", "2026-04-04 saturday", "2026-04-05 sunday", "2026-04-06 holiday"},
			deadline: "2026-04-08T00:00:00+02:00"},
		{name: "Easter Saturday 2026", cal: on, start: "2026-03-21", days: 14, last: "2026-04-07",
			skipped: []string{"2026-04-04 saturday", "2026-04-05 sunday", "2026-04-06 holiday"}},
		{name: "Easter Monday 2026", cal: on, start: "2026-03-23", days: 14, last: "2026-04-07",
			skipped: []string{"2026-04-06 holiday"}},
		{name: "Good Friday 2038 chain with Easter Monday and King's Day", cal: on, start: "2038-04-09", days: 14, last: "2038-04-28",
			skipped: []string{"2038-04-23 holiday", "2038-04-24 saturday", "2038-04-25 sunday", "2038-04-26 holiday", "2038-04-27 holiday"}},
		{name: "Maundy Thursday 2026 is a working day", cal: on, start: "2026-03-19", days: 14, last: "2026-04-02"},
		{name: "Easter Monday 2027 right after the spring DST change", cal: on, start: "2027-03-15", days: 14, last: "2027-03-30",
			skipped: []string{"2027-03-29 holiday"}, deadline: "2027-03-31T00:00:00+02:00"},

		// Ascension Day and Whit Monday.
		{name: "Ascension Day 2026 with equated Friday", cal: on, start: "2026-04-30", days: 14, last: "2026-05-18",
			skipped:  []string{"2026-05-14 holiday", "2026-05-15 equated", "2026-05-16 saturday", "2026-05-17 sunday"},
			deadline: "2026-05-19T00:00:00+02:00"},
		{name: "equated Friday 2026-05-15", cal: on, start: "2026-05-01", days: 14, last: "2026-05-18",
			skipped: []string{"2026-05-15 equated", "2026-05-16 saturday", "2026-05-17 sunday"}},
		{name: "Ascension Day 2026 without equated days", cal: noEquated, start: "2026-04-30", days: 14, last: "2026-05-15",
			skipped: []string{"2026-05-14 holiday"}},
		{name: "Friday 2026-05-15 without equated days is a working day", cal: noEquated, start: "2026-05-01", days: 14, last: "2026-05-15"},
		{name: "Ascension Day 2029 without a published equated Friday", cal: on, start: "2029-04-26", days: 14, last: "2029-05-11",
			skipped: []string{"2029-05-10 holiday"}},
		{name: "Ascension Day 2023 with equated Friday", cal: on, start: "2023-05-04", days: 14, last: "2023-05-22",
			skipped: []string{"2023-05-18 holiday", "2023-05-19 equated", "2023-05-20 saturday", "2023-05-21 sunday"}},
		{name: "Ascension Day 2024 with equated Friday", cal: on, start: "2024-04-25", days: 14, last: "2024-05-13",
			skipped: []string{"2024-05-09 holiday", "2024-05-10 equated", "2024-05-11 saturday", "2024-05-12 sunday"}},
		{name: "Ascension Day 2025 with equated Friday", cal: on, start: "2025-05-15", days: 14, last: "2025-06-02",
			skipped: []string{"2025-05-29 holiday", "2025-05-30 equated", "2025-05-31 saturday", "2025-06-01 sunday"}},
		{name: "equated Friday 2027-05-07", cal: on, start: "2027-04-23", days: 14, last: "2027-05-10",
			skipped: []string{"2027-05-07 equated", "2027-05-08 saturday", "2027-05-09 sunday"}},
		{name: "Ascension Day 2028 with equated Friday", cal: on, start: "2028-05-11", days: 14, last: "2028-05-29",
			skipped: []string{"2028-05-25 holiday", "2028-05-26 equated", "2028-05-27 saturday", "2028-05-28 sunday"}},
		{name: "Whit Monday 2026", cal: on, start: "2026-05-11", days: 14, last: "2026-05-26",
			skipped: []string{"2026-05-25 holiday"}},
		{name: "Whit Monday 2025", cal: on, start: "2025-05-26", days: 14, last: "2025-06-10",
			skipped: []string{"2025-06-09 holiday"}},
		{name: "Whit Monday 2024", cal: on, start: "2024-05-06", days: 14, last: "2024-05-21",
			skipped: []string{"2024-05-20 holiday"}},
		{name: "Whit weekend 2028 into Whit Monday", cal: on, start: "2028-05-20", days: 14, last: "2028-06-06",
			skipped: []string{"2028-06-03 saturday", "2028-06-04 sunday", "2028-06-05 holiday"}},

		// King's Day.
		{name: "King's Day 2026 Monday", cal: on, start: "2026-04-13", days: 14, last: "2026-04-28",
			skipped: []string{"2026-04-27 holiday"}},
		{name: "King's Day 2027 Tuesday", cal: on, start: "2027-04-13", days: 14, last: "2027-04-28",
			skipped: []string{"2027-04-27 holiday"}},
		{name: "King's Day 2025 moved to Saturday 26 April", cal: on, start: "2025-04-12", days: 14, last: "2025-04-28",
			skipped: []string{"2025-04-26 holiday", "2025-04-27 sunday"}},
		{name: "Sunday 27 April 2025 is just a Sunday", cal: on, start: "2025-04-13", days: 14, last: "2025-04-28",
			skipped: []string{"2025-04-27 sunday"}},
		{name: "Friday 25 April 2025 is a working day", cal: on, start: "2025-04-11", days: 14, last: "2025-04-25"},
		{name: "King's Day 2031 moved to Saturday 26 April", cal: on, start: "2031-04-12", days: 14, last: "2031-04-28",
			skipped: []string{"2031-04-26 holiday", "2031-04-27 sunday"}},
		{name: "King's Day 2036 moved to Saturday 26 April", cal: on, start: "2036-04-12", days: 14, last: "2036-04-28",
			skipped: []string{"2036-04-26 holiday", "2036-04-27 sunday"}},
		{name: "King's Day 2023 Thursday with equated Friday", cal: on, start: "2023-04-13", days: 14, last: "2023-05-01",
			skipped: []string{"2023-04-27 holiday", "2023-04-28 equated", "2023-04-29 saturday", "2023-04-30 sunday"}},
		{name: "equated Friday 2023-04-28", cal: on, start: "2023-04-14", days: 14, last: "2023-05-01",
			skipped: []string{"2023-04-28 equated", "2023-04-29 saturday", "2023-04-30 sunday"}},
		{name: "King's Day 2028 Thursday with equated Friday", cal: on, start: "2028-04-13", days: 14, last: "2028-05-01",
			skipped: []string{"2028-04-27 holiday", "2028-04-28 equated", "2028-04-29 saturday", "2028-04-30 sunday"}},
		{name: "equated Friday 2028-04-28", cal: on, start: "2028-04-14", days: 14, last: "2028-05-01",
			skipped: []string{"2028-04-28 equated", "2028-04-29 saturday", "2028-04-30 sunday"}},

		// 5 May, a holiday in every year.
		{name: "Liberation Day 2026 Tuesday", cal: on, start: "2026-04-21", days: 14, last: "2026-05-06",
			skipped: []string{"2026-05-05 holiday"}},
		{name: "Liberation Day 2025 Monday", cal: on, start: "2025-04-21", days: 14, last: "2025-05-06",
			skipped: []string{"2025-05-05 holiday"}},
		{name: "Liberation Day 2027 before Ascension Day and equated Friday", cal: on, start: "2027-04-21", days: 14, last: "2027-05-10",
			skipped: []string{"2027-05-05 holiday", "2027-05-06 holiday", "2027-05-07 equated", "2027-05-08 saturday", "2027-05-09 sunday"}},
		{name: "Liberation Day 2028 Friday", cal: on, start: "2028-04-21", days: 14, last: "2028-05-08",
			skipped: []string{"2028-05-05 holiday", "2028-05-06 saturday", "2028-05-07 sunday"}},
		{name: "Liberation Day 2029 on Saturday", cal: on, start: "2029-04-21", days: 14, last: "2029-05-07",
			skipped: []string{"2029-05-05 holiday", "2029-05-06 sunday"}},
		{name: "Liberation Day 1999 Wednesday", cal: on, start: "1999-04-21", days: 14, last: "1999-05-06",
			skipped: []string{"1999-05-05 holiday"}},

		// Termijnenwet switched off.
		{name: "Termijnenwet off ending on Saturday", cal: off, start: "2026-01-03", days: 14, last: "2026-01-17", deadline: "2026-01-18T00:00:00+01:00"},
		{name: "Termijnenwet off ending on Good Friday", cal: off, start: "2024-03-15", days: 14, last: "2024-03-29", deadline: "2024-03-30T00:00:00+01:00"},
		{name: "Termijnenwet off three days from Friday", cal: off, start: "2026-01-09", days: 3, last: "2026-01-12"},
		{name: "Termijnenwet off ending on Christmas Day", cal: off, start: "2024-12-11", days: 14, last: "2024-12-25"},
		{name: "Termijnenwet off ending on an equated day", cal: off, start: "2026-05-01", days: 14, last: "2026-05-15"},

		// Years far from today.
		{name: "Christmas 1999 on the weekend", cal: on, start: "1999-12-11", days: 14, last: "1999-12-27",
			skipped: []string{"1999-12-25 holiday", "1999-12-26 holiday"}},
		{name: "New Year's Day 2000 Saturday", cal: on, start: "1999-12-18", days: 14, last: "2000-01-03",
			skipped: []string{"2000-01-01 holiday", "2000-01-02 sunday"}, deadline: "2000-01-04T00:00:00+01:00"},
		{name: "Good Friday 1999 four-day chain", cal: on, start: "1999-03-19", days: 14, last: "1999-04-06",
			skipped: []string{"1999-04-02 holiday", "1999-04-03 saturday", "1999-04-04 sunday", "1999-04-05 holiday"}},
		{name: "leap day 2000 Tuesday", cal: on, start: "2000-02-15", days: 14, last: "2000-02-29"},
		{name: "Easter Monday 2000", cal: on, start: "2000-04-10", days: 14, last: "2000-04-25",
			skipped: []string{"2000-04-24 holiday"}},
		{name: "no leap day in 2100 and 28 February is a Sunday", cal: on, start: "2100-02-14", days: 14, last: "2100-03-01",
			skipped: []string{"2100-02-28 sunday"}},
		{name: "Christmas 2100 on the weekend", cal: on, start: "2100-12-11", days: 14, last: "2100-12-27",
			skipped: []string{"2100-12-25 holiday", "2100-12-26 holiday"}},
		{name: "leap day 2400 Tuesday", cal: on, start: "2400-02-15", days: 14, last: "2400-02-29"},
		{name: "Good Friday 2400 four-day chain", cal: on, start: "2400-03-31", days: 14, last: "2400-04-18",
			skipped: []string{"2400-04-14 holiday", "2400-04-15 saturday", "2400-04-16 sunday", "2400-04-17 holiday"}},
		{name: "mid December 9999", cal: on, start: "9999-12-01", days: 14, last: "9999-12-15"},
		{name: "Christmas 9999 on the weekend", cal: on, start: "9999-12-11", days: 14, last: "9999-12-27",
			skipped: []string{"9999-12-25 holiday", "9999-12-26 holiday"}},
		{name: "last supported day 9999-12-31 Friday", cal: on, start: "9999-12-17", days: 14, last: "9999-12-31"},
		{name: "longest term of 3660 days ending on Sunday", cal: on, start: "2026-01-05", days: 3660, last: "2036-01-14",
			skipped: []string{"2036-01-13 sunday"}},

		// Art. 2: terms of three days or more contain two working days.
		{name: "three days from Thursday before Easter 2024", cal: on, start: "2024-03-28", days: 3, last: "2024-04-03",
			skipped: []string{"2024-03-31 sunday", "2024-04-01 holiday", "2024-04-02 extension"}, deadline: "2024-04-04T00:00:00+02:00"},
		{name: "four days from Thursday before Easter 2024", cal: on, start: "2024-03-28", days: 4, last: "2024-04-03",
			skipped: []string{"2024-04-01 holiday", "2024-04-02 extension"}},
		{name: "five days from Thursday before Easter 2024", cal: on, start: "2024-03-28", days: 5, last: "2024-04-03",
			skipped: []string{"2024-04-02 extension"}},
		{name: "six days from Thursday before Easter 2024 need no extension", cal: on, start: "2024-03-28", days: 6, last: "2024-04-03"},
		{name: "two days from Thursday before Easter 2024 only art 1", cal: on, start: "2024-03-28", days: 2, last: "2024-04-02",
			skipped: []string{"2024-03-30 saturday", "2024-03-31 sunday", "2024-04-01 holiday"}},
		{name: "one day from Thursday before Easter 2024 only art 1", cal: on, start: "2024-03-28", days: 1, last: "2024-04-02",
			skipped: []string{"2024-03-29 holiday", "2024-03-30 saturday", "2024-03-31 sunday", "2024-04-01 holiday"}},
		{name: "three days from Friday end on Tuesday", cal: on, start: "2026-01-09", days: 3, last: "2026-01-13",
			skipped: []string{"2026-01-12 extension"}},
		{name: "two days from Friday end on Monday", cal: on, start: "2026-01-09", days: 2, last: "2026-01-12",
			skipped: []string{"2026-01-11 sunday"}},
		{name: "one day from Friday ends on Monday", cal: on, start: "2026-01-09", days: 1, last: "2026-01-12",
			skipped: []string{"2026-01-10 saturday", "2026-01-11 sunday"}},
		{name: "three days from Thursday end on Monday", cal: on, start: "2026-01-08", days: 3, last: "2026-01-12",
			skipped: []string{"2026-01-11 sunday"}},
		{name: "three days from Saturday end on Tuesday", cal: on, start: "2026-01-10", days: 3, last: "2026-01-13"},
		{name: "three days from Friday before Whit Monday 2026", cal: on, start: "2026-05-22", days: 3, last: "2026-05-27",
			skipped: []string{"2026-05-25 holiday", "2026-05-26 extension"}},
		{name: "three days from Christmas Eve 2024", cal: on, start: "2024-12-24", days: 3, last: "2024-12-31",
			skipped: []string{"2024-12-27 equated", "2024-12-28 saturday", "2024-12-29 sunday", "2024-12-30 extension"}},
		{name: "three days from Christmas Eve 2024 without equated days", cal: noEquated, start: "2024-12-24", days: 3, last: "2024-12-30",
			skipped: []string{"2024-12-27 extension", "2024-12-28 saturday", "2024-12-29 sunday"}},
		{name: "two days from Christmas Eve 2024 only art 1", cal: on, start: "2024-12-24", days: 2, last: "2024-12-30",
			skipped: []string{"2024-12-26 holiday", "2024-12-27 equated", "2024-12-28 saturday", "2024-12-29 sunday"}},
		{name: "three days from 23 December 2024", cal: on, start: "2024-12-23", days: 3, last: "2024-12-30",
			skipped: []string{"2024-12-26 holiday", "2024-12-27 equated", "2024-12-28 saturday", "2024-12-29 sunday"}},
		{name: "four days from Christmas Eve 2025", cal: on, start: "2025-12-24", days: 4, last: "2025-12-30",
			skipped: []string{"2025-12-28 sunday", "2025-12-29 extension"}},
		{name: "three days from Wednesday before Ascension Day 2026", cal: on, start: "2026-05-13", days: 3, last: "2026-05-19",
			skipped: []string{"2026-05-16 saturday", "2026-05-17 sunday", "2026-05-18 extension"}},
		{name: "three days from Wednesday before King's Day 2023", cal: on, start: "2023-04-26", days: 3, last: "2023-05-02",
			skipped: []string{"2023-04-29 saturday", "2023-04-30 sunday", "2023-05-01 extension"}},
		{name: "seven days over Easter 2026 need no extension", cal: on, start: "2026-04-01", days: 7, last: "2026-04-08"},

		// Daylight saving time changes.
		{name: "Termijnenwet off last day Saturday before spring DST change", cal: off, start: "2026-03-14", days: 14, last: "2026-03-28",
			deadline: "2026-03-29T00:00:00+01:00"},
		{name: "Termijnenwet off last day on spring DST Sunday", cal: off, start: "2026-03-15", days: 14, last: "2026-03-29",
			deadline: "2026-03-30T00:00:00+02:00"},
		{name: "Termijnenwet off last day Saturday before autumn DST change", cal: off, start: "2026-10-10", days: 14, last: "2026-10-24",
			deadline: "2026-10-25T00:00:00+02:00"},
		{name: "Termijnenwet off last day on autumn DST Sunday", cal: off, start: "2026-10-11", days: 14, last: "2026-10-25",
			deadline: "2026-10-26T00:00:00+01:00"},
		{name: "Termijnenwet off last day on Easter Sunday 2024 DST change", cal: off, start: "2024-03-17", days: 14, last: "2024-03-31",
			deadline: "2024-04-01T00:00:00+02:00"},
		{name: "Termijnenwet off last day Saturday before autumn DST change 2027", cal: off, start: "2027-10-16", days: 14, last: "2027-10-30",
			deadline: "2027-10-31T00:00:00+02:00"},
		{name: "last day Friday before spring DST change", cal: on, start: "2026-03-13", days: 14, last: "2026-03-27",
			deadline: "2026-03-28T00:00:00+01:00"},
		{name: "term ending on spring DST weekend", cal: on, start: "2026-03-14", days: 14, last: "2026-03-30",
			skipped: []string{"2026-03-28 saturday", "2026-03-29 sunday"}, deadline: "2026-03-31T00:00:00+02:00"},
		{name: "term ending on autumn DST weekend", cal: on, start: "2026-10-10", days: 14, last: "2026-10-26",
			skipped: []string{"2026-10-24 saturday", "2026-10-25 sunday"}, deadline: "2026-10-27T00:00:00+01:00"},
		{name: "last day Friday before autumn DST change 2025", cal: on, start: "2025-10-10", days: 14, last: "2025-10-24",
			deadline: "2025-10-25T00:00:00+02:00"},
		{name: "term ending on autumn DST Sunday 2025", cal: on, start: "2025-10-12", days: 14, last: "2025-10-27",
			skipped: []string{"2025-10-26 sunday"}, deadline: "2025-10-28T00:00:00+01:00"},
		{name: "term ending on Easter Sunday 2024 DST change", cal: on, start: "2024-03-17", days: 14, last: "2024-04-02",
			skipped: []string{"2024-03-31 sunday", "2024-04-01 holiday"}, deadline: "2024-04-03T00:00:00+02:00"},
	}
	if len(tests) < 50 {
		t.Fatalf("table has %d cases, want at least 50", len(tests))
	}

	seen := make(map[string]bool)
	for _, tt := range tests {
		if seen[tt.name] {
			t.Fatalf("duplicate case name %q", tt.name)
		}
		seen[tt.name] = true
		t.Run(tt.name, func(t *testing.T) {
			start := day(tt.start)
			got, err := tt.cal.LastDay(start, tt.days)
			if err != nil {
				t.Fatalf("LastDay(%s, %d): %v", start, tt.days, err)
			}
			if got.Start != start || got.Days != tt.days {
				t.Errorf("Start, Days = %s, %d; want %s, %d", got.Start, got.Days, start, tt.days)
			}
			if want := start.AddDays(tt.days); got.Nominal != want {
				t.Errorf("Nominal = %s, want %s", got.Nominal, want)
			}
			if want := day(tt.last); got.LastDay != want {
				t.Errorf("LastDay = %s (%s), want %s (%s)", got.LastDay, got.LastDay.Weekday(), want, want.Weekday())
			}
			if gs := skipStrings(got.Skipped); !slices.Equal(gs, tt.skipped) && (len(gs) != 0 || len(tt.skipped) != 0) {
				t.Errorf("Skipped =\n\t%s\nwant\n\t%s", strings.Join(gs, "\n\t"), strings.Join(tt.skipped, "\n\t"))
			}
			if got.Skipped == nil {
				t.Error("Skipped is nil, want an empty slice")
			}
			if want := DeadlineInstant(got.LastDay); !got.Deadline.Equal(want) {
				t.Errorf("Deadline = %v, want %v", got.Deadline, want)
			}
			if tt.deadline != "" {
				want, err := time.Parse(time.RFC3339, tt.deadline)
				if err != nil {
					t.Fatal(err)
				}
				if !got.Deadline.Equal(want) {
					t.Errorf("Deadline = %s, want %s", got.Deadline.Format(time.RFC3339), tt.deadline)
				}
				if s := got.Deadline.In(Amsterdam()).Format(time.RFC3339); s != tt.deadline {
					t.Errorf("Deadline in Amsterdam = %s, want %s", s, tt.deadline)
				}
			}
		})
	}
}

func TestLastDaySkipNames(t *testing.T) {
	c := DefaultCalendar()
	got, err := c.LastDay(day("2027-04-21"), 14)
	if err != nil {
		t.Fatal(err)
	}
	want := []Skip{
		{Date: day("2027-05-05"), Reason: ReasonHoliday, Name: "Liberation Day (5 May)"},
		{Date: day("2027-05-06"), Reason: ReasonHoliday, Name: "Ascension Day"},
		{Date: day("2027-05-07"), Reason: ReasonEquated, Name: "Friday after Ascension Day (equated by Royal Decree)"},
		{Date: day("2027-05-08"), Reason: ReasonSaturday, Name: "Saturday"},
		{Date: day("2027-05-09"), Reason: ReasonSunday, Name: "Sunday"},
	}
	if !slices.Equal(got.Skipped, want) {
		t.Errorf("Skipped = %+v\nwant %+v", got.Skipped, want)
	}

	got, err = c.LastDay(day("2026-01-09"), 3)
	if err != nil {
		t.Fatal(err)
	}
	wantExt := []Skip{{Date: day("2026-01-12"), Reason: ReasonExtension, Name: NameExtension}}
	if !slices.Equal(got.Skipped, wantExt) {
		t.Errorf("Skipped = %+v, want %+v", got.Skipped, wantExt)
	}

	custom := Calendar{Termijnenwet: true, Equated: map[Date]string{day("2029-05-11"): ""}}
	got, err = custom.LastDay(day("2029-04-26"), 14)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Skipped) != 4 || got.Skipped[1].Name != NameEquated || got.LastDay != day("2029-05-14") {
		t.Errorf("custom equated day: got %+v, want 2029-05-11 named %q and last day 2029-05-14", got, NameEquated)
	}
}

func TestLastDayErrors(t *testing.T) {
	tests := []struct {
		name  string
		cal   Calendar
		start Date
		days  int
	}{
		{"zero days", DefaultCalendar(), NewDate(2026, 1, 5), 0},
		{"negative days", DefaultCalendar(), NewDate(2026, 1, 5), -14},
		{"too many days", DefaultCalendar(), NewDate(2026, 1, 5), MaxDays + 1},
		{"zero start", DefaultCalendar(), Date{}, 14},
		{"zero start without Termijnenwet", Calendar{}, Date{}, 14},
		{"unnormalised start", DefaultCalendar(), Date{Year: 2026, Month: time.February, Day: 30}, 14},
		{"month zero", DefaultCalendar(), Date{Year: 2026, Month: 0, Day: 1}, 14},
		{"year zero", DefaultCalendar(), Date{Year: 0, Month: 1, Day: 1}, 14},
		{"year 10000", DefaultCalendar(), Date{Year: 10000, Month: 1, Day: 1}, 14},
		{"nominal day after year 9999", DefaultCalendar(), NewDate(9999, 12, 31), 1},
		{"nominal day after year 9999 without Termijnenwet", Calendar{}, NewDate(9999, 12, 30), 2},
		{"moved last day after year 9999", DefaultCalendar(), NewDate(9999, 12, 17), 15},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, err := tt.cal.LastDay(tt.start, tt.days); err == nil {
				t.Errorf("LastDay(%s, %d) = %+v, want an error", tt.start, tt.days, got)
			}
		})
	}
}

func TestWorkingDaysBefore(t *testing.T) {
	on := DefaultCalendar()
	noEquated := Calendar{Termijnenwet: true}
	tests := []struct {
		name string
		cal  Calendar
		d    string
		n    int
		want string
	}{
		{"one before Monday is Friday", on, "2026-01-19", 1, "2026-01-16"},
		{"five before Monday is previous Monday", on, "2026-01-19", 5, "2026-01-12"},
		{"one before Tuesday is Monday", on, "2026-01-20", 1, "2026-01-19"},
		{"one before Saturday is Friday", on, "2026-01-17", 1, "2026-01-16"},
		{"one before Sunday is Friday", on, "2026-01-18", 1, "2026-01-16"},
		{"zero returns the day itself", on, "2026-01-18", 0, "2026-01-18"},
		{"negative returns the day itself", on, "2026-01-18", -3, "2026-01-18"},
		{"one before Tuesday after Easter 2026", on, "2026-04-07", 1, "2026-04-02"},
		{"two before Tuesday after Easter 2026", on, "2026-04-07", 2, "2026-04-01"},
		{"five before Tuesday after Easter 2026", on, "2026-04-07", 5, "2026-03-27"},
		{"one before Monday after Ascension 2026", on, "2026-05-18", 1, "2026-05-13"},
		{"five before Monday after Ascension 2026", on, "2026-05-18", 5, "2026-05-07"},
		{"seven before Monday after Ascension 2026 skips 5 May", on, "2026-05-18", 7, "2026-05-04"},
		{"one before Monday after Ascension 2026 without equated days", noEquated, "2026-05-18", 1, "2026-05-15"},
		{"one before Monday after Christmas 2024", on, "2024-12-30", 1, "2024-12-24"},
		{"two before Monday after Christmas 2024", on, "2024-12-30", 2, "2024-12-23"},
		{"one before Monday after New Year 2026", on, "2026-01-05", 1, "2025-12-31"},
		{"three before Monday after New Year 2026", on, "2026-01-05", 3, "2025-12-29"},
		{"four before Monday after New Year 2026 skips Christmas", on, "2026-01-05", 4, "2025-12-24"},
		{"one before Tuesday after King's Day 2026", on, "2026-04-28", 1, "2026-04-24"},
		{"one before Monday after King's Day 2025 on Saturday", on, "2025-04-28", 1, "2025-04-25"},
		{"ignores Termijnenwet switch", Calendar{Equated: DefaultEquatedDays()}, "2026-01-05", 1, "2025-12-31"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.cal.WorkingDaysBefore(day(tt.d), tt.n); got != day(tt.want) {
				t.Errorf("WorkingDaysBefore(%s, %d) = %s (%s), want %s", tt.d, tt.n, got, got.Weekday(), tt.want)
			}
		})
	}
}

func TestWorkingDaysAfter(t *testing.T) {
	on := DefaultCalendar()
	tests := []struct {
		name string
		cal  Calendar
		d    string
		n    int
		want string
	}{
		{"five after Monday is next Monday", on, "2026-12-07", 5, "2026-12-14"},
		{"four after Monday is Friday", on, "2026-12-07", 4, "2026-12-11"},
		{"one after Friday is Monday", on, "2026-01-16", 1, "2026-01-19"},
		{"one after Saturday is Monday", on, "2026-01-17", 1, "2026-01-19"},
		{"five after Christmas Eve 2026 skips Christmas, Boxing Day and New Year", on, "2026-12-24", 5, "2027-01-04"},
		{"one after Wednesday before Ascension 2026 skips the equated Friday", on, "2026-05-13", 1, "2026-05-18"},
		{"one after Wednesday before Ascension 2026 without equated days", Calendar{}, "2026-05-13", 1, "2026-05-15"},
		{"one after 4 May 2027 skips 5 May, Ascension Day and the equated Friday", on, "2027-05-04", 1, "2027-05-10"},
		{"zero returns the day itself", on, "2026-01-18", 0, "2026-01-18"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.cal.WorkingDaysAfter(day(tt.d), tt.n); got != day(tt.want) {
				t.Errorf("WorkingDaysAfter(%s, %d) = %s (%s), want %s", tt.d, tt.n, got, got.Weekday(), tt.want)
			}
		})
	}
}

func TestDeadlineInstant(t *testing.T) {
	ams := Amsterdam()
	for d := day("2024-01-01"); d.Before(day("2028-01-01")); d = d.AddDays(1) {
		dl := DeadlineInstant(d)
		local := dl.In(ams)
		if local.Hour() != 0 || local.Minute() != 0 || local.Second() != 0 || local.Nanosecond() != 0 {
			t.Fatalf("DeadlineInstant(%s) = %v, not at local midnight", d, local)
		}
		if got := LocalDate(dl); got != d.AddDays(1) {
			t.Fatalf("LocalDate(DeadlineInstant(%s)) = %s, want %s", d, got, d.AddDays(1))
		}
		if got := LocalDate(dl.Add(-time.Nanosecond)); got != d {
			t.Fatalf("LocalDate(DeadlineInstant(%s) - 1ns) = %s, want %s", d, got, d)
		}
		// The deadline lies after every instant of d: the last local
		// instant of the day, 23:59:59.999999999, comes before it.
		endOfDay := time.Date(d.Year, d.Month, d.Day, 23, 59, 59, 999999999, ams)
		if dl.Sub(endOfDay) != time.Nanosecond {
			t.Fatalf("DeadlineInstant(%s) = %v, want 1ns after %v", d, dl, endOfDay)
		}
	}

	// Day lengths around the DST changes of 2026.
	lengths := map[string]time.Duration{
		"2026-03-28": 24 * time.Hour,
		"2026-03-29": 23 * time.Hour,
		"2026-03-30": 24 * time.Hour,
		"2026-10-25": 25 * time.Hour,
	}
	for s, want := range lengths {
		d := day(s)
		if got := DeadlineInstant(d).Sub(DeadlineInstant(d.AddDays(-1))); got != want {
			t.Errorf("length of %s = %v, want %v", s, got, want)
		}
	}
}

func TestLocalDate(t *testing.T) {
	tests := []struct {
		instant string
		want    string
	}{
		{"2026-01-05T22:59:59Z", "2026-01-05"},
		{"2026-01-05T23:00:00Z", "2026-01-06"},
		{"2026-07-05T21:59:59Z", "2026-07-05"},
		{"2026-07-05T22:00:00Z", "2026-07-06"},
		{"2026-03-28T23:00:00Z", "2026-03-29"},
		{"2026-03-29T21:59:59Z", "2026-03-29"},
		{"2026-03-29T22:00:00Z", "2026-03-30"},
		{"2026-10-24T22:00:00Z", "2026-10-25"},
		{"2026-10-25T22:59:59Z", "2026-10-25"},
		{"2026-10-25T23:00:00Z", "2026-10-26"},
		{"2026-01-06T00:30:00+09:00", "2026-01-05"},
	}
	for _, tt := range tests {
		in, err := time.Parse(time.RFC3339, tt.instant)
		if err != nil {
			t.Fatal(err)
		}
		if got := LocalDate(in); got != day(tt.want) {
			t.Errorf("LocalDate(%s) = %s, want %s", tt.instant, got, tt.want)
		}
	}
}

// checkResult verifies the invariants every successful LastDay result must
// satisfy. It is shared by the property test and the fuzz test.
func checkResult(t *testing.T, c Calendar, start Date, days int, r Result) {
	t.Helper()
	if r.Start != start || r.Days != days {
		t.Fatalf("%s+%d: Start, Days = %s, %d", start, days, r.Start, r.Days)
	}
	if r.Nominal != start.AddDays(days) {
		t.Fatalf("%s+%d: Nominal = %s, want %s", start, days, r.Nominal, start.AddDays(days))
	}
	if r.LastDay.Before(r.Nominal) {
		t.Fatalf("%s+%d: LastDay %s before Nominal %s", start, days, r.LastDay, r.Nominal)
	}
	if !r.Deadline.Equal(DeadlineInstant(r.LastDay)) {
		t.Fatalf("%s+%d: Deadline %v, want DeadlineInstant(%s)", start, days, r.Deadline, r.LastDay)
	}
	if LocalDate(r.Deadline) != r.LastDay.AddDays(1) || LocalDate(r.Deadline.Add(-time.Nanosecond)) != r.LastDay {
		t.Fatalf("%s+%d: Deadline %v is not the midnight after %s", start, days, r.Deadline, r.LastDay)
	}
	if r.Skipped == nil {
		t.Fatalf("%s+%d: Skipped is nil", start, days)
	}
	if !c.Termijnenwet {
		if r.LastDay != r.Nominal || len(r.Skipped) != 0 {
			t.Fatalf("%s+%d without Termijnenwet: LastDay %s, Skipped %v", start, days, r.LastDay, r.Skipped)
		}
		return
	}

	if !c.IsWorkingDay(r.LastDay) {
		t.Fatalf("%s+%d: LastDay %s is not a working day", start, days, r.LastDay)
	}
	// Skipped lists exactly the days Nominal .. LastDay-1, in order.
	if n := r.Nominal.DaysUntil(r.LastDay); len(r.Skipped) != n {
		t.Fatalf("%s+%d: %d skipped days, want %d", start, days, len(r.Skipped), n)
	}
	extensions := 0
	for i, s := range r.Skipped {
		if want := r.Nominal.AddDays(i); s.Date != want {
			t.Fatalf("%s+%d: Skipped[%d] = %s, want %s", start, days, i, s.Date, want)
		}
		if s.Name == "" {
			t.Fatalf("%s+%d: Skipped[%d] has no name", start, days, i)
		}
		nw, non := c.NonWorking(s.Date)
		switch {
		case non && (s.Reason != nw.Reason || s.Name != nw.Name):
			t.Fatalf("%s+%d: Skipped[%d] = %+v, want %+v", start, days, i, s, nw)
		case !non && s.Reason != ReasonExtension:
			t.Fatalf("%s+%d: working day %s skipped with reason %q", start, days, s.Date, s.Reason)
		case !non:
			extensions++
		}
	}
	// Art. 2 passes at most one working day, and only for long terms.
	if extensions > 1 || (extensions == 1 && days < 3) {
		t.Fatalf("%s+%d: %d working days passed by extension", start, days, extensions)
	}

	working := func(last Date) int {
		n := 0
		for d := start.AddDays(1); !d.After(last); d = d.AddDays(1) {
			if c.IsWorkingDay(d) {
				n++
			}
		}
		return n
	}
	if days >= 3 && working(r.LastDay) < 2 {
		t.Fatalf("%s+%d: term up to %s has fewer than two working days", start, days, r.LastDay)
	}
	// Minimality: the day before LastDay would not do as a last day.
	if r.LastDay.After(r.Nominal) {
		prev := r.LastDay.AddDays(-1)
		if c.IsWorkingDay(prev) && (days < 3 || working(prev) >= 2) {
			t.Fatalf("%s+%d: LastDay %s, but %s would satisfy art. 1 and 2", start, days, r.LastDay, prev)
		}
	}
}

func TestLastDayProperties(t *testing.T) {
	cals := map[string]Calendar{
		"default":          DefaultCalendar(),
		"no equated":       {Termijnenwet: true},
		"termijnenwet off": {Termijnenwet: false, Equated: DefaultEquatedDays()},
	}
	maxDays := 30
	if testing.Short() {
		maxDays = 7
	}
	for name, c := range cals {
		t.Run(name, func(t *testing.T) {
			for start := day("2020-01-01"); start.Before(day("2031-01-01")); start = start.AddDays(1) {
				for days := 1; days <= maxDays; days++ {
					r, err := c.LastDay(start, days)
					if err != nil {
						t.Fatalf("LastDay(%s, %d): %v", start, days, err)
					}
					checkResult(t, c, start, days, r)
				}
			}
		})
	}
}
