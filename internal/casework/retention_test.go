package casework

import (
	"testing"

	"meldpunt/internal/term"
)

func TestRetentionRules(t *testing.T) {
	for _, tc := range []struct {
		status    Status
		ombudsman bool
		want      RetentionCategory
		ok        bool
	}{
		{StatusClosed, false, RetentionHandled, true},
		{StatusResolved, false, RetentionHandled, true},
		{StatusInadmissible, false, RetentionShort, true},
		{StatusWithdrawn, false, RetentionShort, true},
		{StatusClosed, true, RetentionOmbudsman, true},
		{StatusInadmissible, true, RetentionOmbudsman, true},
		{StatusAdvised, false, "", false},
		{StatusReceived, true, "", false},
	} {
		got, ok := RetentionFor(tc.status, tc.ombudsman)
		if got != tc.want || ok != tc.ok {
			t.Errorf("RetentionFor(%s, %v) = %q, %v; want %q, %v", tc.status, tc.ombudsman, got, ok, tc.want, tc.ok)
		}
	}
	for _, tc := range []struct {
		from term.Date
		c    RetentionCategory
		want term.Date
	}{
		{term.NewDate(2026, 3, 12), RetentionHandled, term.NewDate(2031, 3, 12)},
		{term.NewDate(2026, 3, 12), RetentionShort, term.NewDate(2027, 3, 12)},
		{term.NewDate(2026, 3, 12), RetentionOmbudsman, term.NewDate(2036, 3, 12)},
		{term.NewDate(2028, 2, 29), RetentionShort, term.NewDate(2029, 3, 1)},
		{term.NewDate(2028, 2, 29), RetentionHandled, term.NewDate(2033, 3, 1)},
	} {
		if got := DestroyOn(tc.from, tc.c); got != tc.want {
			t.Errorf("DestroyOn(%s, %s) = %s, want %s", tc.from, tc.c, got, tc.want)
		}
	}
}
