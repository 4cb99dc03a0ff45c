package term

import (
	"testing"
	"time"
)

func FuzzLastDay(f *testing.F) {
	f.Add(2026, 1, 5, 14, true, true)
	f.Add(2024, 3, 28, 3, true, true)
	f.Add(2024, 12, 24, 3, true, false)
	f.Add(2027, 4, 21, 14, true, true)
	f.Add(2026, 3, 15, 14, false, true)
	f.Add(9999, 12, 17, 15, true, true)
	f.Add(1, 1, 1, 3660, true, true)
	f.Add(0, 0, 0, 14, true, true)
	f.Add(2026, 2, 30, 14, true, true)
	f.Add(2026, 1, 5, 0, true, true)
	f.Fuzz(func(t *testing.T, year, month, dayOfMonth, days int, termijnenwet, equated bool) {
		c := Calendar{Termijnenwet: termijnenwet}
		if equated {
			c.Equated = DefaultEquatedDays()
		}

		// Arbitrary integers rarely form a valid date, so also check a
		// valid input derived from them.
		wrapped := Date{
			Year:  MinYear + mod(year, MaxYear),
			Month: time.Month(1 + mod(month, 12)),
			Day:   1 + mod(dayOfMonth, 28),
		}
		wrappedDays := 1 + mod(days, MaxDays)
		if r, err := c.LastDay(wrapped, wrappedDays); err == nil {
			checkResult(t, c, wrapped, wrappedDays, r)
		} else if wrapped.AddDays(wrappedDays).Year < MaxYear {
			t.Fatalf("LastDay(%s, %d): %v", wrapped, wrappedDays, err)
		}

		start := Date{Year: year, Month: time.Month(month), Day: dayOfMonth}
		r, err := c.LastDay(start, days)
		valid := days >= 1 && days <= MaxDays && year >= MinYear && year <= MaxYear &&
			month >= 1 && month <= 12 && dayOfMonth >= 1 && dayOfMonth <= daysIn(year, time.Month(month))
		if !valid {
			if err == nil {
				t.Fatalf("LastDay(%+v, %d) = %+v, want an error", start, days, r)
			}
			return
		}
		if err != nil {
			// The only other failure is a last day after 9999-12-31.
			if start.AddDays(days).Year < MaxYear {
				t.Fatalf("LastDay(%s, %d): %v", start, days, err)
			}
			return
		}
		checkResult(t, c, start, days, r)
	})
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2026-01-05", "2024-02-29", "2026-02-29", "2026-1-5", " 2026-01-05", "2026-01-05x", "", "0000-00-00", "9999-12-31"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			if !d.IsZero() {
				t.Fatalf("ParseDate(%q) = %+v with error %v, want the zero Date", s, d, err)
			}
			return
		}
		if d.String() != s {
			t.Fatalf("ParseDate(%q).String() = %q", s, d.String())
		}
		again, err := ParseDate(d.String())
		if err != nil || again != d {
			t.Fatalf("ParseDate(%q) = %+v, %v; want %+v", d.String(), again, err, d)
		}
		if NewDate(d.Year, d.Month, d.Day) != d {
			t.Fatalf("ParseDate(%q) = %+v is not normalised", s, d)
		}
		var u Date
		if err := u.UnmarshalText([]byte(s)); err != nil || u != d {
			t.Fatalf("UnmarshalText(%q) = %+v, %v; want %+v", s, u, err, d)
		}
	})
}

// mod returns x modulo n in 0..n-1, also for negative x.
func mod(x, n int) int {
	return (x%n + n) % n
}
