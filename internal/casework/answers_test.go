package casework

import (
	"strings"
	"testing"
	"time"
)

func TestAnswerReceiptCheckAnswerer(t *testing.T) {
	full := AnswerReceipt{ReceivedOn: "2026-12-18", Channel: AnswerByLetter}
	t.Run("organisation_without_fields_accepted", func(t *testing.T) {
		wantFields(t, AnswerReceipt{}.CheckAnswerer(RoleOrganisation), "")
	})
	t.Run("organisation_with_received_on_refused", func(t *testing.T) {
		wantFields(t, AnswerReceipt{ReceivedOn: "2026-12-18"}.CheckAnswerer(RoleOrganisation), "only for the meldpunt's staff", "received_on")
	})
	t.Run("organisation_with_both_refused", func(t *testing.T) {
		wantFields(t, full.CheckAnswerer(RoleOrganisation), "only for the meldpunt's staff", "received_on", "channel")
	})
	for _, r := range []Role{RoleStaff, RoleAdmin} {
		t.Run(string(r)+"_with_both_accepted", func(t *testing.T) { wantFields(t, full.CheckAnswerer(r), "") })
		t.Run(string(r)+"_without_fields_refused", func(t *testing.T) {
			wantFields(t, AnswerReceipt{}.CheckAnswerer(r), "", "received_on", "channel")
		})
	}
	t.Run("staff_with_web_channel_refused", func(t *testing.T) {
		wantFields(t, AnswerReceipt{ReceivedOn: "2026-12-18", Channel: "web"}.CheckAnswerer(RoleStaff), "must be one of letter, email, phone, counter", "channel")
	})
	for _, r := range []Role{RoleCouncil, RoleSupporter, RoleResident} {
		t.Run(string(r)+"_forbidden", func(t *testing.T) {
			if err := full.CheckAnswerer(r); ErrorCode(err) != CodeForbidden {
				t.Fatalf("CheckAnswerer(%s) = %v, want forbidden", r, err)
			}
		})
	}
}

func TestAnswerReceiptValidate(t *testing.T) {
	const issued, today = "2026-12-01", "2026-12-20"
	cases := []struct {
		name   string
		r      AnswerReceipt
		fields []string
	}{
		{name: "issue_day_accepted", r: AnswerReceipt{ReceivedOn: issued, Channel: AnswerByEmail}},
		{name: "today_accepted", r: AnswerReceipt{ReceivedOn: today, Channel: AnswerByPhone}},
		{name: "tomorrow_refused", r: AnswerReceipt{ReceivedOn: "2026-12-21", Channel: AnswerByLetter}, fields: []string{"received_on"}},
		{name: "before_issue_refused", r: AnswerReceipt{ReceivedOn: "2026-11-30", Channel: AnswerAtCounter}, fields: []string{"received_on"}},
		{name: "malformed_refused", r: AnswerReceipt{ReceivedOn: "18-12-2026", Channel: AnswerByLetter}, fields: []string{"received_on"}},
		{name: "no_channel_refused", r: AnswerReceipt{ReceivedOn: today}, fields: []string{"channel"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) { wantFields(t, tc.r.Validate(issued, today), "", tc.fields...) })
	}
}

// TestNextRecorded walks every advice status with every action staff can record, on time and late.
func TestNextRecorded(t *testing.T) {
	const lastDay = "2026-12-21"
	type want struct {
		to       AdviceStatus
		corrects bool
		code     Code
	}
	cases := map[string]want{
		"issued/accept/on_time":              {to: AdviceAccepted},
		"issued/reject/on_time":              {to: AdviceRejected},
		"issued/accept/late":                 {code: CodeDeadlinePassed},
		"issued/reject/late":                 {code: CodeDeadlinePassed},
		"enforced/accept/on_time":            {to: AdviceAccepted, corrects: true},
		"enforced/reject/on_time":            {to: AdviceRejected, corrects: true},
		"enforced/accept/late":               {code: CodeDeadlinePassed},
		"enforced/reject/late":               {code: CodeDeadlinePassed},
		"accepted/confirm_execution/on_time": {to: AdviceExecuted},
		"accepted/confirm_execution/late":    {to: AdviceExecuted},
		"enforced/confirm_execution/on_time": {to: AdviceExecuted},
		"enforced/confirm_execution/late":    {to: AdviceExecuted},
	}
	for _, s := range AdviceStatuses {
		for _, a := range []AdviceAction{AdviceActionAccept, AdviceActionReject, AdviceActionConfirmExecution, AdviceActionEnforce} {
			for _, when := range []string{"on_time", "late"} {
				received := lastDay
				if when == "late" {
					received = "2026-12-22"
				}
				key := string(s) + "/" + string(a) + "/" + when
				w, ok := cases[key]
				if !ok {
					w = want{code: CodeInvalidTransition}
				}
				t.Run(key, func(t *testing.T) {
					to, corrects, err := s.NextRecorded(a, lastDay, received)
					if w.code != "" {
						if ErrorCode(err) != w.code || to != "" {
							t.Fatalf("NextRecorded = %q, %v; want %s", to, err, w.code)
						}
						return
					}
					if err != nil || to != w.to || corrects != w.corrects {
						t.Fatalf("NextRecorded = %q, %v, %v; want %q, %v", to, corrects, err, w.to, w.corrects)
					}
				})
			}
		}
	}
}

func TestCheckHandler(t *testing.T) {
	handler := Actor{UserID: 7, Role: RoleStaff, Label: "Anna"}
	colleague := Actor{UserID: 8, Role: RoleStaff, Label: "Bram"}
	for _, a := range HandlerOnly {
		t.Run(string(a)+"_by_handler_allowed", func(t *testing.T) {
			if err := CheckHandler(a, handler, 7, "Anna"); err != nil {
				t.Fatal(err)
			}
		})
		t.Run(string(a)+"_by_colleague_forbidden", func(t *testing.T) {
			err := CheckHandler(a, colleague, 7, "Anna")
			if ErrorCode(err) != CodeForbidden || !strings.Contains(ErrorMessage(err), "handled by Anna") {
				t.Fatalf("CheckHandler = %v, want forbidden naming the handler", err)
			}
		})
		t.Run(string(a)+"_without_handler_allowed", func(t *testing.T) {
			if err := CheckHandler(a, colleague, 0, ""); err != nil {
				t.Fatal(err)
			}
		})
	}
	for _, a := range []Action{ActionTakeUp, ActionTakeOver, ActionAddNote, ActionWithdraw} {
		t.Run(string(a)+"_by_colleague_allowed", func(t *testing.T) {
			if err := CheckHandler(a, colleague, 7, "Anna"); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestTakeOverValidate(t *testing.T) {
	wantFields(t, TakeOver{NotInvolved: true, Reason: "Anna is met verlof."}.Validate(), "")
	wantFields(t, TakeOver{Reason: "Anna is met verlof."}.Validate(), "", "not_involved")
	wantFields(t, TakeOver{NotInvolved: true, Reason: "  "}.Validate(), "", "reason")
}

func TestCheckPostponeInTime(t *testing.T) {
	deadline := time.Date(2026, 12, 21, 23, 0, 0, 0, time.UTC) // 00:00 Amsterdam on 22 December
	if err := CheckPostponeInTime("2026-12-21", deadline, deadline.Add(-time.Second)); err != nil {
		t.Fatalf("the last second of the term: %v", err)
	}
	err := CheckPostponeInTime("2026-12-21", deadline, deadline)
	if ErrorCode(err) != CodeInvalidTransition || !strings.Contains(ErrorMessage(err), "2026-12-21") {
		t.Fatalf("at the deadline: %v, want invalid_transition naming the last day", err)
	}
}

func TestJoinValidation(t *testing.T) {
	a := &Error{Code: CodeValidation, Fields: []FieldError{{Field: "reasons", Message: "x"}}}
	b := &Error{Code: CodeValidation, Fields: []FieldError{{Field: "channel", Message: "y"}}}
	wantFields(t, JoinValidation(a, nil, b), "", "reasons", "channel")
	if JoinValidation(nil, nil) != nil {
		t.Fatal("no errors joined into one")
	}
	if err := JoinValidation(a, Errorf(CodeForbidden, "no")); ErrorCode(err) != CodeForbidden {
		t.Fatalf("a forbidden error was merged away: %v", err)
	}
}
