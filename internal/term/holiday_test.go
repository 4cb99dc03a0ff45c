package term

import (
	"maps"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestEasterKnownYears(t *testing.T) {
	known := map[int]string{
		1583: "1583-04-10",
		1961: "1961-04-02",
		1999: "1999-04-04",
		2000: "2000-04-23",
		2008: "2008-03-23",
		2011: "2011-04-24",
		2016: "2016-03-27",
		2019: "2019-04-21",
		2023: "2023-04-09",
		2024: "2024-03-31",
		2025: "2025-04-20",
		2026: "2026-04-05",
		2027: "2027-03-28",
		2028: "2028-04-16",
		2038: "2038-04-25",
		2100: "2100-03-28",
		2285: "2285-03-22",
		2400: "2400-04-16",
		9999: "9999-03-28",
	}
	for year, want := range known {
		if got := Easter(year); got != day(want) {
			t.Errorf("Easter(%d) = %s, want %s", year, got, want)
		}
	}
}

// oudinEaster computes Gregorian Easter with the algorithm of Claude Oudin
// (1940), independently of the Meeus algorithm used by Easter.
func oudinEaster(y int) Date {
	g := y % 19
	c := y / 100
	h := (c - c/4 - (8*c+13)/25 + 19*g + 15) % 30
	i := h - (h/28)*(1-(h/28)*(29/(h+1))*((21-g)/11))
	j := (y + y/4 + i + 2 - c + c/4) % 7
	p := i - j
	d := 1 + (p+27+(p+6)/40)%31
	m := 3 + (p+26)/30
	return Date{Year: y, Month: time.Month(m), Day: d}
}

func TestEasterAllYears(t *testing.T) {
	for y := 1583; y <= MaxYear; y++ {
		e := Easter(y)
		if want := oudinEaster(y); e != want {
			t.Fatalf("Easter(%d) = %s, Oudin's algorithm gives %s", y, e, want)
		}
		if e.Weekday() != time.Sunday {
			t.Fatalf("Easter(%d) = %s is a %s", y, e, e.Weekday())
		}
		if e.Before(NewDate(y, time.March, 22)) || e.After(NewDate(y, time.April, 25)) {
			t.Fatalf("Easter(%d) = %s outside 22 March .. 25 April", y, e)
		}
	}
}

// holidaysOf lists Holiday over a whole year as "MM-DD name".
func holidaysOf(year int) []string {
	var out []string
	for d := NewDate(year, time.January, 1); d.Year == year; d = d.AddDays(1) {
		if name, ok := Holiday(d); ok {
			out = append(out, d.String()[5:]+" "+name)
		}
	}
	return out
}

func TestHolidayYears(t *testing.T) {
	want := map[int][]string{
		2024: {
			"01-01 New Year's Day", "03-29 Good Friday", "04-01 Easter Monday",
			"04-27 King's Day", "05-05 Liberation Day (5 May)", "05-09 Ascension Day",
			"05-20 Whit Monday", "12-25 Christmas Day", "12-26 Boxing Day",
		},
		2025: {
			"01-01 New Year's Day", "04-18 Good Friday", "04-21 Easter Monday",
			"04-26 King's Day", "05-05 Liberation Day (5 May)", "05-29 Ascension Day",
			"06-09 Whit Monday", "12-25 Christmas Day", "12-26 Boxing Day",
		},
		2026: {
			"01-01 New Year's Day", "04-03 Good Friday", "04-06 Easter Monday",
			"04-27 King's Day", "05-05 Liberation Day (5 May)", "05-14 Ascension Day",
			"05-25 Whit Monday", "12-25 Christmas Day", "12-26 Boxing Day",
		},
		2027: {
			"01-01 New Year's Day", "03-26 Good Friday", "03-29 Easter Monday",
			"04-27 King's Day", "05-05 Liberation Day (5 May)", "05-06 Ascension Day",
			"05-17 Whit Monday", "12-25 Christmas Day", "12-26 Boxing Day",
		},
		// Ascension Day falls on 5 May; the day is listed once.
		2016: {
			"01-01 New Year's Day", "03-25 Good Friday", "03-28 Easter Monday",
			"04-27 King's Day", "05-05 Liberation Day (5 May)",
			"05-16 Whit Monday", "12-25 Christmas Day", "12-26 Boxing Day",
		},
		// Latest possible Easter: Easter Monday 26 April, King's Day 27 April.
		2038: {
			"01-01 New Year's Day", "04-23 Good Friday", "04-26 Easter Monday",
			"04-27 King's Day", "05-05 Liberation Day (5 May)", "06-03 Ascension Day",
			"06-14 Whit Monday", "12-25 Christmas Day", "12-26 Boxing Day",
		},
		// Earliest possible Easter: Good Friday 20 March.
		2285: {
			"01-01 New Year's Day", "03-20 Good Friday", "03-23 Easter Monday",
			"04-27 King's Day", "04-30 Ascension Day", "05-05 Liberation Day (5 May)",
			"05-11 Whit Monday", "12-25 Christmas Day", "12-26 Boxing Day",
		},
		// 27 April is a Sunday: King's Day is Saturday 26 April.
		2031: {
			"01-01 New Year's Day", "04-11 Good Friday", "04-14 Easter Monday",
			"04-26 King's Day", "05-05 Liberation Day (5 May)", "05-22 Ascension Day",
			"06-02 Whit Monday", "12-25 Christmas Day", "12-26 Boxing Day",
		},
	}
	for year, w := range want {
		if got := holidaysOf(year); !slices.Equal(got, w) {
			t.Errorf("holidays of %d:\n\t%s\nwant\n\t%s", year, strings.Join(got, "\n\t"), strings.Join(w, "\n\t"))
		}
	}
}

func TestHolidayNotIncluded(t *testing.T) {
	for _, s := range []string{
		"2026-04-05", // Easter Sunday
		"2026-05-24", // Whit Sunday
		"2025-04-27", // 27 April on a Sunday
		"2026-04-26", // 26 April when 27 April is a Monday
		"2026-12-24", // Christmas Eve
		"2026-12-31", // New Year's Eve
		"2026-01-02", // equated, not statutory
		"2026-05-15", // equated, not statutory
		"2026-05-04", // Remembrance of the Dead
	} {
		if name, ok := Holiday(day(s)); ok {
			t.Errorf("Holiday(%s) = %q, want none", s, name)
		}
	}
}

func TestDefaultEquatedDays(t *testing.T) {
	want := []string{
		"2023-04-28", "2023-05-19", "2024-05-10", "2024-12-27", "2025-05-30",
		"2026-01-02", "2026-05-15", "2027-05-07", "2028-04-28", "2028-05-26",
	}
	m := DefaultEquatedDays()
	var got []string
	for d := range maps.Keys(m) {
		got = append(got, d.String())
	}
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("DefaultEquatedDays() = %v, want %v", got, want)
	}
	for d, label := range m {
		if d.Weekday() != time.Friday {
			t.Errorf("equated day %s is a %s, want Friday", d, d.Weekday())
		}
		if label == "" {
			t.Errorf("equated day %s has no label", d)
		}
		if _, ok := Holiday(d); ok {
			t.Errorf("equated day %s is also a statutory holiday", d)
		}
	}

	// Each call returns a fresh map.
	m[day("2029-05-11")] = "extra"
	delete(m, day("2026-01-02"))
	again := DefaultEquatedDays()
	if len(again) != len(want) {
		t.Errorf("DefaultEquatedDays() has %d days after modifying an earlier result, want %d", len(again), len(want))
	}
	if _, ok := again[day("2026-01-02")]; !ok {
		t.Error("modifying an earlier result removed 2026-01-02")
	}
}

func TestNonWorking(t *testing.T) {
	c := DefaultCalendar()
	tests := []struct {
		d      string
		reason Reason
		name   string
	}{
		{"2026-01-05", "", ""},
		{"2026-01-10", ReasonSaturday, "Saturday"},
		{"2026-01-11", ReasonSunday, "Sunday"},
		{"2026-04-03", ReasonHoliday, "Good Friday"},
		{"2026-04-05", ReasonSunday, "Sunday"},
		{"2026-04-06", ReasonHoliday, "Easter Monday"},
		{"2026-05-14", ReasonHoliday, "Ascension Day"},
		{"2026-05-15", ReasonEquated, "Friday after Ascension Day (equated by Royal Decree)"},
		{"2026-01-02", ReasonEquated, "Friday after New Year's Day (equated by Royal Decree)"},
		{"2025-04-26", ReasonHoliday, "King's Day"},
		{"2025-04-27", ReasonSunday, "Sunday"},
		{"2026-12-26", ReasonHoliday, "Boxing Day"},
		{"2029-05-05", ReasonHoliday, "Liberation Day (5 May)"},
		{"2029-05-11", "", ""},
	}
	for _, tt := range tests {
		s, non := c.NonWorking(day(tt.d))
		if non != (tt.reason != "") || s.Reason != tt.reason || s.Name != tt.name {
			t.Errorf("NonWorking(%s) = %+v, %v; want reason %q name %q", tt.d, s, non, tt.reason, tt.name)
		}
		if non && s.Date != day(tt.d) {
			t.Errorf("NonWorking(%s).Date = %s", tt.d, s.Date)
		}
		if c.IsWorkingDay(day(tt.d)) == non {
			t.Errorf("IsWorkingDay(%s) = %v, want %v", tt.d, !non, non)
		}
	}

	// Switching the Termijnenwet off does not change what a working day is;
	// removing the equated days does.
	off := Calendar{Equated: DefaultEquatedDays()}
	if off.IsWorkingDay(day("2026-05-15")) || off.IsWorkingDay(day("2026-05-16")) {
		t.Error("Calendar without Termijnenwet treats a non-working day as working")
	}
	if !(Calendar{Termijnenwet: true}).IsWorkingDay(day("2026-05-15")) {
		t.Error("Calendar without equated days treats 2026-05-15 as non-working")
	}
}
