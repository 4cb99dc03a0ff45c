package casework

import (
	"fmt"
	"testing"
	"time"
)

// TestComplaintTransitions walks every (status, action) pair. The expectations are written out here
// by hand from DOMAIN.md §3, independently of the table in lifecycle.go.
func TestComplaintTransitions(t *testing.T) {
	allowed := map[string]Status{
		"received/take_up":                  StatusInTreatment,
		"received/resolve":                  StatusResolved,
		"received/withdraw":                 StatusWithdrawn,
		"received/add_note":                 StatusReceived,
		"in_treatment/invite_hearing":       StatusInTreatment,
		"in_treatment/add_organisation":     StatusInTreatment,
		"in_treatment/record_hearing":       StatusInTreatment,
		"in_treatment/postpone":             StatusInTreatment,
		"in_treatment/rule_granted":         StatusAdvised,
		"in_treatment/rule_unfounded":       StatusClosed,
		"in_treatment/declare_inadmissible": StatusInadmissible,
		"in_treatment/resolve":              StatusResolved,
		"in_treatment/withdraw":             StatusWithdrawn,
		"in_treatment/add_note":             StatusInTreatment,
		"advised/close":                     StatusClosed,
		"advised/add_note":                  StatusAdvised,
		"in_treatment/take_over":            StatusInTreatment,
		"advised/take_over":                 StatusAdvised,
		"closed/add_note":                   StatusClosed,
		"inadmissible/add_note":             StatusInadmissible,
		"resolved/add_note":                 StatusResolved,
		"withdrawn/add_note":                StatusWithdrawn,
	}
	pairs := 0
	for _, from := range Statuses {
		for _, a := range Actions {
			key := fmt.Sprintf("%s/%s", from, a)
			want, ok := allowed[key]
			name := key + "_refused"
			if ok {
				name = key + "_allowed"
			}
			t.Run(name, func(t *testing.T) {
				got, err := from.Next(a)
				if ok {
					if err != nil || got != want {
						t.Fatalf("Next = %q, %v; want %q", got, err, want)
					}
					return
				}
				if ErrorCode(err) != CodeInvalidTransition || got != "" {
					t.Fatalf("Next = %q, %v; want invalid_transition", got, err)
				}
			})
			pairs++
		}
	}
	if pairs != len(Statuses)*len(Actions) || pairs != 91 {
		t.Fatalf("walked %d pairs", pairs)
	}
}

func TestTerminalStatuses(t *testing.T) {
	want := map[Status]bool{StatusClosed: true, StatusInadmissible: true, StatusResolved: true, StatusWithdrawn: true}
	for _, s := range Statuses {
		if s.Terminal() != want[s] {
			t.Errorf("%s.Terminal() = %v", s, s.Terminal())
		}
	}
}

func TestAdviceTransitions(t *testing.T) {
	deadline := time.Date(2026, 12, 8, 0, 0, 0, 0, time.FixedZone("CET", 3600))
	before := deadline.Add(-time.Nanosecond)
	at := deadline
	after := deadline.Add(72 * time.Hour)
	type outcome struct {
		to   AdviceStatus
		code Code
	}
	ok := func(s AdviceStatus) outcome { return outcome{to: s} }
	refused := func(c Code) outcome { return outcome{code: c} }
	cases := map[string]outcome{}
	// Every (status, action, moment) is listed; absent combinations fail the test below.
	for _, s := range AdviceStatuses {
		for _, a := range AdviceActions {
			for _, m := range []string{"before", "at", "after"} {
				cases[fmt.Sprintf("%s/%s/%s", s, a, m)] = refused(CodeInvalidTransition)
			}
		}
	}
	cases["issued/accept/before"] = ok(AdviceAccepted)
	cases["issued/accept/at"] = refused(CodeDeadlinePassed)
	cases["issued/accept/after"] = refused(CodeDeadlinePassed)
	cases["issued/reject/before"] = ok(AdviceRejected)
	cases["issued/reject/at"] = refused(CodeDeadlinePassed)
	cases["issued/reject/after"] = refused(CodeDeadlinePassed)
	cases["issued/enforce/at"] = ok(AdviceEnforced)
	cases["issued/enforce/after"] = ok(AdviceEnforced)
	for _, m := range []string{"before", "at", "after"} {
		// Once enforced, an answer is late even if the clock still reads before the deadline.
		cases["enforced/accept/"+m] = refused(CodeDeadlinePassed)
		cases["enforced/reject/"+m] = refused(CodeDeadlinePassed)
		cases["accepted/confirm_execution/"+m] = ok(AdviceExecuted)
		cases["enforced/confirm_execution/"+m] = ok(AdviceExecuted)
	}
	moments := map[string]time.Time{"before": before, "at": at, "after": after}
	if len(cases) != len(AdviceStatuses)*len(AdviceActions)*3 {
		t.Fatalf("%d cases", len(cases))
	}
	for key, want := range cases {
		var s, a, m string
		fmt.Sscanf(replaceSlash(key), "%s %s %s", &s, &a, &m)
		t.Run(key, func(t *testing.T) {
			got, err := AdviceStatus(s).Next(AdviceAction(a), deadline, moments[m])
			if want.code != "" {
				if ErrorCode(err) != want.code || got != "" {
					t.Fatalf("Next = %q, %v; want %s", got, err, want.code)
				}
				return
			}
			if err != nil || got != want.to {
				t.Fatalf("Next = %q, %v; want %q", got, err, want.to)
			}
		})
	}
}

func replaceSlash(s string) string {
	b := []byte(s)
	for i := range b {
		if b[i] == '/' {
			b[i] = ' '
		}
	}
	return string(b)
}

func TestAdviceFinal(t *testing.T) {
	want := map[AdviceStatus]bool{AdviceRejected: true, AdviceExecuted: true}
	for _, s := range AdviceStatuses {
		if s.Final() != want[s] {
			t.Errorf("%s.Final() = %v", s, s.Final())
		}
	}
}
