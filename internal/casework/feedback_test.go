package casework

import (
	"strings"
	"testing"
)

func TestFeedbackAnswerValidate(t *testing.T) {
	fields := func(err error) []string {
		var out []string
		if e, ok := err.(*Error); ok {
			for _, f := range e.Fields {
				out = append(out, f.Field)
			}
		}
		return out
	}
	ok := FeedbackAnswer{Advices: []AdviceCarriedOut{{7, CarriedOutYes}, {9, CarriedOutNo}}, Satisfaction: 3, Comment: "Goed geholpen."}
	tests := []struct {
		name    string
		in      FeedbackAnswer
		advices []int64
		want    []string
	}{
		{"every advice answered is accepted", ok, []int64{7, 9}, nil},
		{"a ruling without advice needs only the satisfaction", FeedbackAnswer{Satisfaction: 1}, nil, nil},
		{"an advice left unanswered is refused", FeedbackAnswer{Advices: ok.Advices[:1], Satisfaction: 3}, []int64{7, 9}, []string{"advices[9]"}},
		{"an advice of another case is refused", FeedbackAnswer{Advices: []AdviceCarriedOut{{8, CarriedOutYes}}, Satisfaction: 3}, nil, []string{"advices[8]"}},
		{"an advice answered twice is refused", FeedbackAnswer{Advices: []AdviceCarriedOut{{7, CarriedOutYes}, {7, CarriedOutNo}}, Satisfaction: 3}, []int64{7}, []string{"advices[7]"}},
		{"an unknown answer is refused", FeedbackAnswer{Advices: []AdviceCarriedOut{{7, "maybe"}}, Satisfaction: 3}, []int64{7}, []string{"advices[7]"}},
		{"satisfaction 0 is refused", FeedbackAnswer{Satisfaction: 0}, nil, []string{"satisfaction"}},
		{"satisfaction 6 is refused", FeedbackAnswer{Satisfaction: 6}, nil, []string{"satisfaction"}},
		{"a comment of 2000 characters is accepted", FeedbackAnswer{Satisfaction: 5, Comment: strings.Repeat("é", 2000)}, nil, nil},
		{"a comment of 2001 characters is refused", FeedbackAnswer{Satisfaction: 5, Comment: strings.Repeat("é", 2001)}, nil, []string{"comment"}},
		{"a control character in the comment is refused", FeedbackAnswer{Satisfaction: 5, Comment: "a\x00b"}, nil, []string{"comment"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := fields(tt.in.Validate(tt.advices))
			if strings.Join(got, ",") != strings.Join(tt.want, ",") {
				t.Errorf("fields in error = %v, want %v", got, tt.want)
			}
		})
	}
	if !ok.NotCarriedOut() {
		t.Error("an answer with a 'no' is not a not-carried-out report")
	}
	if (FeedbackAnswer{Advices: []AdviceCarriedOut{{7, CarriedOutPartly}, {8, CarriedOutUnknown}}}).NotCarriedOut() {
		t.Error("partly and don't know count as not carried out")
	}
}

func TestFeedbackOnlyAfterARuling(t *testing.T) {
	for _, tt := range []struct {
		status  Status
		verdict Verdict
		ok      bool
	}{
		{StatusAdvised, VerdictFounded, true},
		{StatusClosed, VerdictUnfounded, true},
		{StatusClosed, VerdictPartlyFounded, true},
		{StatusClosed, "", false}, // closed without a ruling cannot happen, but is not a ruling
		{StatusInTreatment, "", false},
		{StatusReceived, "", false},
		{StatusWithdrawn, "", false},
		{StatusResolved, "", false},
		{StatusInadmissible, "", false},
	} {
		err := CheckFeedbackAllowed(tt.status, tt.verdict)
		if (err == nil) != tt.ok {
			t.Errorf("%s/%s: err = %v, want allowed %v", tt.status, tt.verdict, err, tt.ok)
		}
		if err != nil && ErrorCode(err) != CodeInvalidTransition {
			t.Errorf("%s: code %s", tt.status, ErrorCode(err))
		}
	}
}

func TestNextStepsSayPerAdviceWhatFollows(t *testing.T) {
	steps := NextSteps([]Advice{
		{ID: 1, OrganisationName: "A", RespondBy: "2026-03-02", Status: AdviceIssued},
		{ID: 2, OrganisationName: "B", RespondBy: "2026-03-02", Status: AdviceRejected, RejectionReasons: "De wet staat het niet toe."},
		{ID: 3, OrganisationName: "C", RespondBy: "2026-03-02", Status: AdviceEnforced},
		{ID: 4, OrganisationName: "D", RespondBy: "2026-03-02", Status: AdviceExecuted},
		{ID: 5, OrganisationName: "E", RespondBy: "2026-03-02", Status: AdviceAccepted},
	})
	want := []string{StepWaiting, StepRejected, StepEnforced, StepExecuted, StepAccepted}
	for i, s := range steps {
		if s.Outcome != want[i] || s.LastDay != "2026-03-02" {
			t.Errorf("step %d = %+v, want outcome %s", i, s, want[i])
		}
	}
	if steps[1].Reasons == "" || steps[0].Reasons != "" {
		t.Errorf("only the rejection carries its reasons: %+v", steps)
	}
}

func TestOmbudsmanLastDayIsAYearAfterTheRuling(t *testing.T) {
	for ruled, want := range map[string]string{
		"2026-03-10": "2027-03-10",
		"2028-02-29": "2029-03-01",
		"2026-12-31": "2027-12-31",
	} {
		if got := OmbudsmanLastDay(ruled); got != want {
			t.Errorf("OmbudsmanLastDay(%s) = %s, want %s", ruled, got, want)
		}
	}
}

func TestDealtWithNeedsANote(t *testing.T) {
	if (DealtWith{Note: "  "}).Validate() == nil {
		t.Error("a blank note is accepted")
	}
	if err := (DealtWith{Note: "Organisatie gebeld; voert het advies uit per 1 mei."}).Validate(); err != nil {
		t.Error(err)
	}
}

func TestFeedbackFiguresAreProtected(t *testing.T) {
	shown := func(n int) Suppressed { return Suppressed{N: n} }
	mean := 3.4
	t.Run("one_hidden_score_withholds_the_smallest_shown_and_the_mean", func(t *testing.T) {
		f := AnnualFigures{Feedback: &FeedbackFigures{Answers: 30, MeanSatisfaction: &mean,
			Satisfaction: []SatisfactionCount{{1, shown(5)}, {2, Suppressed{Hidden: true}}, {3, shown(9)}, {4, shown(7)}, {5, shown(6)}},
			CarriedOut:   []CarriedOutCount{{CarriedOutYes, shown(10)}, {CarriedOutPartly, shown(6)}, {CarriedOutNo, shown(5)}, {CarriedOutUnknown, shown(5)}}}}
		f.Protect()
		s := f.Feedback.Satisfaction
		if !s[0].Count.Withheld || s[2].Count.Withheld || s[3].Count.Withheld || s[4].Count.Withheld {
			t.Errorf("scores after protection: %+v", s)
		}
		if f.Feedback.MeanSatisfaction != nil {
			t.Error("the mean is shown beside a hidden score; with the total it gives the hidden counts away")
		}
		for _, c := range f.Feedback.CarriedOut {
			if !c.Count.Shown() {
				t.Errorf("a carried-out count without any hidden one was withheld: %+v", c)
			}
		}
	})
	t.Run("every_score_shown_keeps_the_mean", func(t *testing.T) {
		f := AnnualFigures{Feedback: &FeedbackFigures{Answers: 31, MeanSatisfaction: &mean,
			Satisfaction: []SatisfactionCount{{1, shown(5)}, {2, shown(5)}, {3, shown(9)}, {4, shown(7)}, {5, shown(5)}}}}
		f.Protect()
		if f.Feedback.MeanSatisfaction == nil || *f.Feedback.MeanSatisfaction != 3.4 {
			t.Errorf("mean = %v", f.Feedback.MeanSatisfaction)
		}
	})
}
