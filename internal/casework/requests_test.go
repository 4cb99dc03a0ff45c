package casework

import (
	"strings"
	"testing"
)

// TestRequestStepTable checks every (status, step, role): the allowed moves give their status, the
// other party's step is forbidden, a step that does not fit the status is an invalid transition.
func TestRequestStepTable(t *testing.T) {
	want := map[RequestStatus]map[RequestStep]RequestStatus{
		RequestPending:  {StepAccept: RequestAccepted, StepDecline: RequestDeclined, StepRefer: RequestReferred, StepWithdraw: RequestWithdrawn},
		RequestAccepted: {StepWithdraw: RequestWithdrawn},
		RequestReferred: {StepTakeReferral: RequestTransferred, StepKeep: RequestPending, StepWithdraw: RequestWithdrawn},
	}
	owner := map[RequestStep]Role{StepAccept: RoleSupporter, StepDecline: RoleSupporter, StepRefer: RoleSupporter,
		StepTakeReferral: RoleResident, StepKeep: RoleResident, StepWithdraw: RoleResident}
	for _, from := range RequestStatuses {
		for _, step := range RequestSteps {
			for _, by := range []Role{RoleSupporter, RoleResident, RoleStaff, RoleAdmin} {
				got, err := NextRequestStatus(from, step, by)
				to, allowed := want[from][step]
				switch {
				case by != owner[step]:
					if ErrorCode(err) != CodeForbidden {
						t.Errorf("%s %s by %s: got %q, %v; want forbidden", from, step, by, got, err)
					}
				case allowed:
					if err != nil || got != to {
						t.Errorf("%s %s by %s: got %q, %v; want %s", from, step, by, got, err, to)
					}
				default:
					if ErrorCode(err) != CodeInvalidTransition {
						t.Errorf("%s %s by %s: got %q, %v; want invalid_transition", from, step, by, got, err)
					}
				}
			}
		}
	}
	if _, err := NextRequestStatus(RequestPending, "approve", RoleSupporter); ErrorCode(err) != CodeValidation {
		t.Errorf("unknown step: %v", err)
	}
	for _, s := range RequestStatuses {
		open := s == RequestPending || s == RequestAccepted || s == RequestReferred
		if s.Open() != open {
			t.Errorf("%s.Open() = %v", s, s.Open())
		}
	}
	if got := StepsFor(RequestReferred, RoleResident); len(got) != 3 {
		t.Errorf("resident's steps on a referral: %v", got)
	}
	if got := StepsFor(RequestDeclined, RoleSupporter); len(got) != 0 {
		t.Errorf("steps on a declined request: %v", got)
	}
}

func TestSupportRequestInputValidate(t *testing.T) {
	offered := []SupportChannel{SupportPhone, SupportEmail}
	good := func() SupportRequestInput {
		return SupportRequestInput{SupporterID: 1, Name: " Jan ", Email: "jan@example.nl", Channel: "email",
			Language: "NL", Question: " Ik heb hulp nodig bij een aanvraag. ", LifeDomains: []LifeDomain{"income", "care", "income"}}
	}
	cases := []struct {
		name   string
		mutate func(*SupportRequestInput)
		fields []string
	}{
		{"good_accepted", func(*SupportRequestInput) {}, nil},
		{"phone_only_accepted", func(in *SupportRequestInput) { in.Email, in.Phone, in.Channel = "", "023 511 0000", "phone" }, nil},
		{"no_contact_refused", func(in *SupportRequestInput) { in.Email = "" }, []string{"email", "email"}},
		{"channel_not_offered_refused", func(in *SupportRequestInput) { in.Channel = "whatsapp" }, []string{"channel"}},
		{"unknown_channel_refused", func(in *SupportRequestInput) { in.Channel = "pigeon" }, []string{"channel"}},
		{"phone_channel_without_phone_refused", func(in *SupportRequestInput) { in.Channel = "phone" }, []string{"phone"}},
		{"bad_phone_refused", func(in *SupportRequestInput) { in.Phone = "call me" }, []string{"phone"}},
		{"unknown_language_refused", func(in *SupportRequestInput) { in.Language = "xx" }, []string{"language"}},
		{"long_question_refused", func(in *SupportRequestInput) { in.Question = strings.Repeat("a", MaxQuestion+1) }, []string{"question"}},
		{"empty_question_refused", func(in *SupportRequestInput) { in.Question = " " }, []string{"question"}},
		{"unknown_domain_refused", func(in *SupportRequestInput) { in.LifeDomains = []LifeDomain{"fun"} }, []string{"life_domains"}},
		{"no_supporter_refused", func(in *SupportRequestInput) { in.SupporterID = 0 }, []string{"supporter_id"}},
		{"bad_email_refused", func(in *SupportRequestInput) { in.Email = "jan@" }, []string{"email"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in := good()
			tc.mutate(&in)
			in.Normalize()
			err := in.Validate(offered)
			var got []string
			if ce, ok := err.(*Error); ok {
				for _, f := range ce.Fields {
					got = append(got, f.Field)
				}
			} else if err != nil {
				t.Fatalf("not a validation error: %v", err)
			}
			if strings.Join(got, ",") != strings.Join(tc.fields, ",") {
				t.Errorf("fields %v, want %v (%v)", got, tc.fields, err)
			}
		})
	}
	in := good()
	in.Normalize()
	if in.Name != "Jan" || in.Language != "nl" || len(in.LifeDomains) != 2 {
		t.Errorf("normalised: %+v", in)
	}
}
