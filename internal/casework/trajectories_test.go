package casework

import (
	"slices"
	"strings"
	"testing"
)

// fieldsOf returns the invalid fields of a validation error, nil for nil.
func trackFields(t *testing.T, err error) []string {
	t.Helper()
	if err == nil {
		return nil
	}
	e, ok := err.(*Error)
	if !ok || e.Code != CodeValidation {
		t.Fatalf("want a validation error, got %v", err)
	}
	var f []string
	for _, fe := range e.Fields {
		f = append(f, fe.Field)
	}
	return f
}

func TestClientLabelIsNoPlaceForPersonalData(t *testing.T) {
	for _, c := range []struct {
		label string
		ok    bool
	}{
		{"MdV", true},
		{"Dossier 2026-0143", true},
		{"mevr. J. (Schalkwijk)", true},
		{"Client 12345678", true},
		{strings.Repeat("x", MaxClientLabel), true},
		{"", false},
		{"   ", false},
		{strings.Repeat("x", MaxClientLabel+1), false},
		{"jan@voorbeeld.example", false},
		{"Jan (jan＠voorbeeld.example)", false},
		{"06-12345678", false},
		{"tel 023 531 3000", false},
		{"+31 6 1234 5678", false},
		{"BSN 123456782", false},
		{"(023) 531.30.00", false},
		{"twee\nregels", false},
		{"nul\x00", false},
	} {
		var v Validator
		CheckClientLabel(&v, "client_label", c.label)
		if ok := len(v.Fields) == 0; ok != c.ok {
			t.Errorf("label %q: accepted %v, want %v (%v)", c.label, ok, c.ok, v.Fields)
		}
	}
}

func TestTrajectoryInputsValidate(t *testing.T) {
	const today, started = "2026-03-03", "2026-01-10"
	cases := []struct {
		name string
		err  error
		want []string
	}{
		{"start_today_accepted", TrajectoryInput{ClientLabel: "AB", StartedOn: today, LifeDomains: []LifeDomain{"care"}}.Validate(today), nil},
		{"start_tomorrow_refused", TrajectoryInput{ClientLabel: "AB", StartedOn: "2026-03-04"}.Validate(today), []string{"started_on"}},
		{"start_malformed_refused", TrajectoryInput{ClientLabel: "AB", StartedOn: "3-3-2026"}.Validate(today), []string{"started_on"}},
		{"start_year_zero_refused", TrajectoryInput{ClientLabel: "AB", StartedOn: "0000-01-01"}.Validate(today), []string{"started_on"}},
		{"start_nonexistent_refused", TrajectoryInput{ClientLabel: "AB", StartedOn: "2026-02-30"}.Validate(today), []string{"started_on"}},
		{"unknown_domain_refused", TrajectoryInput{ClientLabel: "AB", StartedOn: today, LifeDomains: []LifeDomain{"werk"}}.Validate(today), []string{"life_domains"}},
		{"edit_email_label_refused", TrajectoryEdit{ClientLabel: "a@b.nl"}.Validate(), []string{"client_label"}},

		{"issue_accepted", IssueInput{Topic: TopicDebts, NotedOn: started}.Validate(started, today), nil},
		{"issue_unknown_topic_refused", IssueInput{Topic: "money", NotedOn: today}.Validate(started, today), []string{"topic"}},
		{"issue_before_start_refused", IssueInput{Topic: TopicDebts, NotedOn: "2026-01-09"}.Validate(started, today), []string{"noted_on"}},
		{"issue_in_future_refused", IssueInput{Topic: TopicDebts, NotedOn: "2026-03-04"}.Validate(started, today), []string{"noted_on"}},

		{"activity_one_minute_accepted", ActivityInput{OnDate: today, Channel: ActivityDesk, Minutes: 1}.Validate(started, today), nil},
		{"activity_720_minutes_accepted", ActivityInput{OnDate: today, Channel: ActivityHomeVisit, Minutes: 720}.Validate(started, today), nil},
		{"activity_zero_minutes_refused", ActivityInput{OnDate: today, Channel: ActivityPhone, Minutes: 0}.Validate(started, today), []string{"minutes"}},
		{"activity_721_minutes_refused", ActivityInput{OnDate: today, Channel: ActivityPhone, Minutes: 721}.Validate(started, today), []string{"minutes"}},
		{"activity_negative_minutes_refused", ActivityInput{OnDate: today, Channel: ActivityPhone, Minutes: -5}.Validate(started, today), []string{"minutes"}},
		{"activity_unknown_channel_refused", ActivityInput{OnDate: today, Channel: "fax", Minutes: 5}.Validate(started, today), []string{"channel"}},
		{"activity_before_start_refused", ActivityInput{OnDate: "2025-12-31", Channel: ActivityPhone, Minutes: 5}.Validate(started, today), []string{"on_date"}},
		{"activity_future_refused", ActivityInput{OnDate: "2026-03-04", Channel: ActivityPhone, Minutes: 5}.Validate(started, today), []string{"on_date"}},

		{"referral_in_pool_accepted", ReferralInput{OnDate: today, ToSupporterID: 4, Topic: TopicDebts}.Validate(started, today), nil},
		{"referral_outside_accepted", ReferralInput{OnDate: today, ToOrganisation: "Schuldhulpverlening Haarlem", Topic: TopicDebts}.Validate(started, today), nil},
		{"referral_nowhere_refused", ReferralInput{OnDate: today, Topic: TopicOther}.Validate(started, today), []string{"to_supporter_id"}},
		{"referral_both_refused", ReferralInput{OnDate: today, ToSupporterID: 4, ToOrganisation: "X", Topic: TopicOther}.Validate(started, today), []string{"to_organisation"}},
		{"referral_blank_organisation_refused", func() error {
			in := ReferralInput{OnDate: today, ToOrganisation: "   "}
			in.Normalize()
			return in.Validate(started, today)
		}(), []string{"to_supporter_id"}},
		{"referral_unknown_topic_refused", ReferralInput{OnDate: today, ToSupporterID: 4, Topic: "x"}.Validate(started, today), []string{"topic"}},

		{"close_accepted", CloseInput{EndedOn: today, Outcome: OutcomeResolved}.Validate(started, "2026-02-01", today), nil},
		{"close_on_start_accepted", CloseInput{EndedOn: started, Outcome: OutcomeClientStopped}.Validate(started, "", today), nil},
		{"close_before_last_record_refused", CloseInput{EndedOn: "2026-01-31", Outcome: OutcomeResolved}.Validate(started, "2026-02-01", today), []string{"ended_on"}},
		{"close_before_start_refused", CloseInput{EndedOn: "2026-01-09", Outcome: OutcomeResolved}.Validate(started, "", today), []string{"ended_on"}},
		{"close_future_refused", CloseInput{EndedOn: "2026-03-04", Outcome: OutcomeResolved}.Validate(started, "", today), []string{"ended_on"}},
		{"close_without_outcome_refused", CloseInput{EndedOn: today}.Validate(started, "", today), []string{"outcome"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := trackFields(t, c.err); !slices.Equal(got, c.want) {
				t.Errorf("invalid fields %v, want %v (%v)", got, c.want, c.err)
			}
		})
	}
}
