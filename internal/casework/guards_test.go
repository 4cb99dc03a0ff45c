package casework

import (
	"fmt"
	"strings"
	"testing"
)

// received is the local date the complaint of these hearings came in.
const received = "2026-11-02"

func TestHearingValidate(t *testing.T) {
	orgs := []int64{3, 5}
	cases := []struct {
		name   string
		h      Hearing
		msg    string
		fields []string
	}{
		{name: "held_complainant_accepted", h: Hearing{Party: PartyComplainant, HeldOn: "2026-11-20", Record: "Klaagster gehoord op kantoor."}},
		{name: "held_today_accepted", h: Hearing{Party: PartyComplainant, HeldOn: today, Record: "Telefonisch gehoord."}},
		{name: "held_on_day_of_receipt_accepted", h: Hearing{Party: PartyComplainant, HeldOn: received, Record: "Direct gehoord."}},
		{name: "held_before_receipt_refused", h: Hearing{Party: PartyComplainant, HeldOn: "2026-11-01", Record: "Gehoord."},
			fields: []string{"held_on"}},
		{name: "held_organisation_of_complaint_accepted", h: Hearing{Party: PartyOrganisation, OrganisationID: 5, HeldOn: "2026-11-20", Record: "Teamleider gehoord."}},
		{name: "held_tomorrow_refused", h: Hearing{Party: PartyComplainant, HeldOn: "2026-11-24", Record: "r"}, msg: "future", fields: []string{"held_on"}},
		{name: "held_next_year_refused", h: Hearing{Party: PartyComplainant, HeldOn: "2027-01-02", Record: "r"}, fields: []string{"held_on"}},
		{name: "held_without_date_refused", h: Hearing{Party: PartyComplainant, Record: "r"}, msg: "YYYY-MM-DD", fields: []string{"held_on"}},
		{name: "held_malformed_date_refused", h: Hearing{Party: PartyComplainant, HeldOn: "20-11-2026", Record: "r"}, fields: []string{"held_on"}},
		{name: "held_nonexistent_date_refused", h: Hearing{Party: PartyComplainant, HeldOn: "2026-11-31", Record: "r"}, fields: []string{"held_on"}},
		{name: "held_without_record_refused", h: Hearing{Party: PartyComplainant, HeldOn: "2026-11-20"}, fields: []string{"record"}},
		{name: "held_with_skip_note_refused", h: Hearing{Party: PartyComplainant, HeldOn: "2026-11-20", Record: "r", SkipNote: "n"}, fields: []string{"skip_note"}},
		{name: "held_record_too_long_refused", h: Hearing{Party: PartyComplainant, HeldOn: "2026-11-20", Record: strings.Repeat("r", MaxLongText+1)}, fields: []string{"record"}},
		{name: "organisation_not_of_complaint_refused", h: Hearing{Party: PartyOrganisation, OrganisationID: 7, HeldOn: "2026-11-20", Record: "r"},
			msg: "one of the organisations the complaint is about", fields: []string{"organisation_id"}},
		{name: "organisation_without_id_refused", h: Hearing{Party: PartyOrganisation, HeldOn: "2026-11-20", Record: "r"}, fields: []string{"organisation_id"}},
		{name: "complainant_with_organisation_id_refused", h: Hearing{Party: PartyComplainant, OrganisationID: 3, HeldOn: "2026-11-20", Record: "r"},
			fields: []string{"organisation_id"}},
		{name: "unknown_party_refused", h: Hearing{Party: "witness", HeldOn: "2026-11-20", Record: "r"}, fields: []string{"party"}},
		{name: "missing_party_refused", h: Hearing{HeldOn: "2026-11-20", Record: "r"}, fields: []string{"party"}},

		{name: "skipped_waived_accepted", h: Hearing{Party: PartyComplainant, Skipped: SkipWaived, SkipNote: "Ziet af van horen (brief 12-11)."}},
		{name: "skipped_no_response_organisation_accepted", h: Hearing{Party: PartyOrganisation, OrganisationID: 3, Skipped: SkipNoResponse, SkipNote: "Twee uitnodigingen onbeantwoord."}},
		{name: "skipped_obviously_unfounded_accepted", h: Hearing{Party: PartyComplainant, Skipped: SkipObviouslyUnfounded, SkipNote: "Kennelijk ongegrond."}},
		{name: "skipped_with_optional_record_accepted", h: Hearing{Party: PartyComplainant, Skipped: SkipWaived, SkipNote: "n", Record: "Toelichting."}},
		{name: "skipped_with_date_refused", h: Hearing{Party: PartyComplainant, Skipped: SkipWaived, SkipNote: "n", HeldOn: "2026-11-20"},
			msg: "no date", fields: []string{"held_on"}},
		{name: "skipped_without_note_refused", h: Hearing{Party: PartyComplainant, Skipped: SkipWaived}, fields: []string{"skip_note"}},
		{name: "skipped_note_too_long_refused", h: Hearing{Party: PartyComplainant, Skipped: SkipWaived, SkipNote: strings.Repeat("n", MaxShortText+1)}, fields: []string{"skip_note"}},
		{name: "skipped_unknown_reason_refused", h: Hearing{Party: PartyComplainant, Skipped: "ill", SkipNote: "n"}, fields: []string{"skipped"}},
		{name: "skipped_organisation_not_of_complaint_refused", h: Hearing{Party: PartyOrganisation, OrganisationID: 4, Skipped: SkipWaived, SkipNote: "n"},
			fields: []string{"organisation_id"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			wantFields(t, tc.h.Validate(received, today, orgs), tc.msg, tc.fields...)
		})
	}
	t.Run("organisation_of_complaint_without_orgs_refused", func(t *testing.T) {
		h := Hearing{Party: PartyOrganisation, OrganisationID: 3, HeldOn: "2026-11-20", Record: "r"}
		wantFields(t, h.Validate(received, today, nil), "", "organisation_id")
	})
}

func TestRulingValidate(t *testing.T) {
	complaintOrgs := []int64{3, 5}
	heardAll := HeardParties{Complainant: true, Organisations: map[int64]bool{3: true, 5: true}}
	advice := func(org int64) AdviceInput {
		return AdviceInput{OrganisationID: org, Text: fmt.Sprintf("Organisatie %d biedt binnen twee weken schriftelijk excuses aan.", org)}
	}
	base := func(v Verdict, advices ...AdviceInput) Ruling {
		return Ruling{Verdict: v, Findings: "De klager is niet teruggebeld.", Conclusions: "De klacht is gegrond.", Advices: advices}
	}
	many := func(n int) []AdviceInput {
		var a []AdviceInput
		for i := 1; i <= n; i++ {
			a = append(a, AdviceInput{OrganisationID: int64(100 + i), Text: "advies"})
		}
		return a
	}
	ids := func(n int) []int64 {
		var list []int64
		for i := 1; i <= n; i++ {
			list = append(list, int64(100+i))
		}
		return list
	}
	heardOf := func(orgs []int64) *HeardParties {
		h := &HeardParties{Complainant: true, Organisations: map[int64]bool{}}
		for _, o := range orgs {
			h.Organisations[o] = true
		}
		return h
	}
	recs := func(n int) []RecommendationInput {
		var r []RecommendationInput
		for i := 0; i < n; i++ {
			r = append(r, RecommendationInput{LifeDomain: DomainHousing, Text: "Verkort de wachttijd."})
		}
		return r
	}
	cases := []struct {
		name          string
		r             Ruling
		heard         *HeardParties
		orgs          []int64 // the complaint's organisations when not complaintOrgs
		msg           string
		fields        []string
		hearingErrors int
	}{
		{name: "founded_with_one_advice_accepted", r: base(VerdictFounded, advice(3))},
		{name: "partly_founded_with_two_advices_accepted", r: base(VerdictPartlyFounded, advice(3), advice(5))},
		{name: "founded_advice_to_municipality_not_complained_about_refused", r: base(VerdictFounded, advice(3), advice(9)),
			msg: "must be an organisation the complaint is about", fields: []string{"advices[1].organisation_id"}},
		{name: "founded_advice_to_organisation_added_and_heard_accepted", r: base(VerdictFounded, advice(9)), orgs: []int64{3, 5, 9},
			heard: &HeardParties{Complainant: true, Organisations: map[int64]bool{3: true, 5: true, 9: true}}},
		{name: "founded_advice_to_organisation_added_not_heard_refused", r: base(VerdictFounded, advice(9)), orgs: []int64{3, 5, 9},
			msg: "organisation 9", fields: []string{"hearings"}, hearingErrors: 1},
		{name: "unfounded_without_advice_accepted", r: base(VerdictUnfounded)},
		{name: "unfounded_with_recommendations_accepted", r: func() Ruling {
			r := base(VerdictUnfounded)
			r.Recommendations = []RecommendationInput{{LifeDomain: DomainWork, Text: "Leg uit hoe de re-integratie werkt."},
				{LifeDomain: DomainIncome, Text: "Betaal voorschotten sneller uit."}}
			return r
		}()},
		{name: "unknown_verdict_refused", r: base("mostly_founded", advice(3)), fields: []string{"verdict"}},
		{name: "missing_verdict_refused", r: base(""), fields: []string{"verdict"}},
		{name: "missing_findings_and_conclusions_refused", r: func() Ruling {
			r := base(VerdictUnfounded)
			r.Findings, r.Conclusions = " ", ""
			return r
		}(), fields: []string{"findings", "conclusions"}},

		// Hearing guard.
		{name: "complainant_not_heard_refused", r: base(VerdictUnfounded),
			heard: &HeardParties{Organisations: map[int64]bool{3: true, 5: true}}, msg: "hearing of the complainant",
			fields: []string{"hearings"}, hearingErrors: 1},
		{name: "one_organisation_not_heard_refused", r: base(VerdictUnfounded),
			heard: &HeardParties{Complainant: true, Organisations: map[int64]bool{3: true}}, msg: "organisation 5",
			fields: []string{"hearings"}, hearingErrors: 1},
		{name: "other_organisation_heard_does_not_count_refused", r: base(VerdictUnfounded),
			heard: &HeardParties{Complainant: true, Organisations: map[int64]bool{3: true, 9: true}}, msg: "organisation 5",
			fields: []string{"hearings"}, hearingErrors: 1},
		{name: "nobody_heard_refused", r: base(VerdictFounded, advice(3)), heard: &HeardParties{},
			fields: []string{"hearings"}, hearingErrors: 3},

		// Obviously unfounded.
		{name: "obviously_unfounded_skip_with_founded_refused", r: base(VerdictFounded, advice(3)),
			heard: &HeardParties{Complainant: true, Organisations: map[int64]bool{3: true, 5: true}, ObviouslyUnfounded: true},
			msg:   "must be unfounded", fields: []string{"verdict"}},
		{name: "obviously_unfounded_skip_with_partly_founded_refused", r: base(VerdictPartlyFounded, advice(3)),
			heard:  &HeardParties{Complainant: true, Organisations: map[int64]bool{3: true, 5: true}, ObviouslyUnfounded: true},
			fields: []string{"verdict"}},
		{name: "obviously_unfounded_skip_with_unfounded_accepted", r: base(VerdictUnfounded),
			heard: &HeardParties{Complainant: true, Organisations: map[int64]bool{3: true, 5: true}, ObviouslyUnfounded: true}},

		// Advices.
		{name: "founded_without_advice_refused", r: base(VerdictFounded), msg: "at least one binding advice", fields: []string{"advices"}},
		{name: "partly_founded_without_advice_refused", r: base(VerdictPartlyFounded), fields: []string{"advices"}},
		{name: "unfounded_with_advice_refused", r: base(VerdictUnfounded, advice(3)), msg: "no binding advice", fields: []string{"advices"}},
		{name: "duplicate_organisation_refused", r: base(VerdictFounded, advice(3), advice(5), advice(3)),
			msg: "one advice per organisation", fields: []string{"advices[2].organisation_id"}},
		{name: "nonexistent_organisation_refused", r: base(VerdictFounded, advice(3), advice(42)),
			msg: "organisation the complaint is about", fields: []string{"advices[1].organisation_id"}},
		{name: "zero_organisation_refused", r: base(VerdictFounded, advice(0)), fields: []string{"advices[0].organisation_id"}},
		{name: "negative_organisation_refused_even_if_listed", r: base(VerdictFounded, advice(-3)), orgs: []int64{-3, 3, 5},
			heard: heardOf([]int64{-3, 3, 5}), fields: []string{"advices[0].organisation_id"}},
		{name: "advice_without_text_refused", r: base(VerdictFounded, AdviceInput{OrganisationID: 3, Text: "  "}), fields: []string{"advices[0].text"}},
		{name: "advice_text_with_control_character_refused", r: base(VerdictFounded, AdviceInput{OrganisationID: 3, Text: "excuses\x00"}),
			fields: []string{"advices[0].text"}},
		{name: "twenty_advices_accepted", r: base(VerdictFounded, many(20)...), orgs: ids(20), heard: heardOf(ids(20))},
		{name: "twenty_one_advices_refused", r: base(VerdictFounded, many(21)...), orgs: ids(21), heard: heardOf(ids(21)),
			msg: "at most 20", fields: []string{"advices"}},

		// Recommendations.
		{name: "recommendation_unknown_life_domain_refused", r: func() Ruling {
			r := base(VerdictFounded, advice(3))
			r.Recommendations = []RecommendationInput{{LifeDomain: DomainCare, Text: "t"}, {LifeDomain: "work_and_income", Text: "t"}}
			return r
		}(), fields: []string{"recommendations[1].life_domain"}},
		{name: "recommendation_missing_life_domain_refused", r: func() Ruling {
			r := base(VerdictUnfounded)
			r.Recommendations = []RecommendationInput{{Text: "t"}}
			return r
		}(), fields: []string{"recommendations[0].life_domain"}},
		{name: "recommendation_missing_text_refused", r: func() Ruling {
			r := base(VerdictUnfounded)
			r.Recommendations = []RecommendationInput{{LifeDomain: DomainYouthCare}}
			return r
		}(), fields: []string{"recommendations[0].text"}},
		{name: "twenty_recommendations_accepted", r: func() Ruling { r := base(VerdictUnfounded); r.Recommendations = recs(20); return r }()},
		{name: "twenty_one_recommendations_refused", r: func() Ruling { r := base(VerdictUnfounded); r.Recommendations = recs(21); return r }(),
			fields: []string{"recommendations"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			heard := heardAll
			if tc.heard != nil {
				heard = *tc.heard
			}
			orgs := complaintOrgs
			if tc.orgs != nil {
				orgs = tc.orgs
			}
			err := tc.r.Validate(heard, orgs)
			wantFields(t, err, tc.msg, tc.fields...)
			if tc.hearingErrors > 0 {
				if n := countField(err, "hearings"); n != tc.hearingErrors {
					t.Fatalf("%d hearing errors, want %d: %+v", n, tc.hearingErrors, fieldsOf(err))
				}
			}
		})
	}
}

func TestPostponementValidate(t *testing.T) {
	const consent = "Klager stemt per brief van 3 november in met verder uitstel."
	cases := []struct {
		name   string
		p      Postponement
		prior  int
		msg    string
		fields []string
	}{
		{name: "first_one_day_accepted", p: Postponement{Days: 1, Reason: "Hoorzitting moet worden verzet."}},
		{name: "first_28_days_accepted", p: Postponement{Days: 28, Reason: "Hoorzitting moet worden verzet."}},
		{name: "first_29_days_refused", p: Postponement{Days: 29, Reason: "r"}, msg: "between 1 and 28", fields: []string{"days"}},
		{name: "first_29_days_refused_even_with_consent", p: Postponement{Days: 29, Reason: "r", Consent: consent}, fields: []string{"days"}},
		{name: "first_zero_days_refused", p: Postponement{Days: 0, Reason: "r"}, fields: []string{"days"}},
		{name: "first_negative_days_refused", p: Postponement{Days: -7, Reason: "r"}, fields: []string{"days"}},
		{name: "first_without_reason_refused", p: Postponement{Days: 14}, fields: []string{"reason"}},
		{name: "first_reason_too_long_refused", p: Postponement{Days: 14, Reason: strings.Repeat("r", MaxShortText+1)}, fields: []string{"reason"}},
		{name: "later_without_consent_refused", prior: 1, p: Postponement{Days: 7, Reason: "r"},
			msg: "complainant's recorded written consent", fields: []string{"consent"}},
		{name: "later_blank_consent_refused", prior: 1, p: Postponement{Days: 7, Reason: "r", Consent: " \n "},
			msg: "written consent", fields: []string{"consent"}},
		{name: "later_with_consent_accepted", prior: 1, p: Postponement{Days: 7, Reason: "r", Consent: consent}},
		{name: "later_29_days_with_consent_accepted", prior: 1, p: Postponement{Days: 29, Reason: "r", Consent: consent}},
		{name: "later_182_days_with_consent_accepted", prior: 1, p: Postponement{Days: 182, Reason: "r", Consent: consent}},
		{name: "later_183_days_refused", prior: 1, p: Postponement{Days: 183, Reason: "r", Consent: consent}, msg: "between 1 and 182", fields: []string{"days"}},
		{name: "later_zero_days_refused", prior: 1, p: Postponement{Days: 0, Reason: "r", Consent: consent}, fields: []string{"days"}},
		{name: "third_with_consent_accepted", prior: 2, p: Postponement{Days: 30, Reason: "r", Consent: consent}},
		{name: "third_without_consent_and_reason_refused", prior: 2, p: Postponement{Days: 30}, fields: []string{"reason", "consent"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			wantFields(t, tc.p.Validate(tc.prior), tc.msg, tc.fields...)
		})
	}
}

func TestCheckRejectionReasons(t *testing.T) {
	cases := []struct {
		name    string
		reasons string
		msg     string
	}{
		{name: "empty_refused", reasons: "", msg: "is required"},
		{name: "blank_refused", reasons: " \n\t ", msg: "is required"},
		{name: "nee_refused", reasons: "Nee", msg: "at least 5 different words"},
		{name: "no_dot_refused", reasons: "no.", msg: "at least 5 different words"},
		{name: "four_word_sentence_refused", reasons: "Wij zijn het oneens.", msg: "at least 5 different words"},
		{name: "four_long_words_refused", reasons: "Onvoldoende onderbouwde wetenschappelijke argumentatie.", msg: "at least 5 different words"},
		{name: "five_short_words_refused", reasons: "Nee, dat doen we niet.", msg: "30 letters"},
		{name: "same_word_repeated_refused", reasons: "nee nee nee nee nee nee nee", msg: "30 letters"},
		{name: "only_punctuation_refused", reasons: "!!! ... ??? --- ;;; ,,, ::: ((( )))", msg: "at least 5 different words"},
		{name: "only_emoji_refused", reasons: "😀 😡 👎 🙅 💩 😀 😡 👎 🙅 💩", msg: "at least 5 different words"},
		{name: "digits_are_words_but_not_letters_refused", reasons: "1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20", msg: "30 letters"},
		{name: "proper_reason_accepted", reasons: "Wij wijzen het advies af omdat de gevraagde maatwerkvoorziening al per 1 oktober is toegekend en uitbetaald."},
		{name: "proper_reason_with_accents_accepted", reasons: "Het geadviseerde budget overschrijdt de ruimte die de verordening ons biedt; wij bieden een alternatief aan."},
		{name: "very_long_refused", reasons: strings.Repeat("reden ", 4000), msg: "too long"},
		{name: "exactly_max_long_text_accepted", reasons: "Wij kunnen dit niet doen " + strings.Repeat("reden ", (MaxLongText-25)/6) + strings.Repeat("x", (MaxLongText-25)%6)},
		{name: "one_long_word_repeated_refused", reasons: "onaanvaardbaar onaanvaardbaar onaanvaardbaar onaanvaardbaar onaanvaardbaar onaanvaardbaar", msg: "at least 5 different words"},
		{name: "one_word_in_any_case_refused", reasons: "Afgewezen afgewezen AFGEWEZEN afgeWEZEN afgewezen!", msg: "at least 5 different words"},
		{name: "four_words_alternating_refused", reasons: "wij willen dit niet wij willen dit niet wij willen dit niet", msg: "at least 5 different words"},
		{name: "five_different_words_accepted", reasons: "Het budget van dit jaar laat dit helaas niet toe."},
		{name: "invalid_utf8_refused", reasons: "Wij wijzen het advies af omdat \xff het niet kan.", msg: "UTF-8"},
		{name: "control_character_refused", reasons: "Wij wijzen het advies af omdat het \x1b niet past binnen het beleid.", msg: "control"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := CheckRejectionReasons(tc.reasons)
			if tc.msg == "" {
				wantFields(t, err, "")
				return
			}
			wantFields(t, err, tc.msg, "reasons")
		})
	}
}

func TestCheckNote(t *testing.T) {
	t.Run("optional_empty_accepted", func(t *testing.T) { wantFields(t, CheckNote("note", "", false), "") })
	t.Run("required_empty_refused", func(t *testing.T) { wantFields(t, CheckNote("note", "", true), "is required", "note") })
	t.Run("too_long_refused", func(t *testing.T) {
		wantFields(t, CheckNote("execution_note", strings.Repeat("x", MaxLongText+1), false), "too long", "execution_note")
	})
}

func TestTakeUpValidate(t *testing.T) {
	cases := []struct {
		name   string
		t      TakeUp
		fields []string
	}{
		{name: "declared_by_self_accepted", t: TakeUp{NotInvolved: true}},
		{name: "not_declared_refused", t: TakeUp{}, fields: []string{"not_involved"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) { wantFields(t, tc.t.Validate(), "", tc.fields...) })
	}
}

func TestInadmissibilityValidate(t *testing.T) {
	const reasons = "U schreef ons over een gesprek van 3 maart 2025. Dat is te lang geleden."
	file := InadmissibilityFile{Reference: "MP-2026-000042", ReceivedOn: "2026-11-23", OccurredOn: "2025-03-03"}
	with := func(mutate func(*InadmissibilityFile)) InadmissibilityFile {
		f := file
		mutate(&f)
		return f
	}
	ruled := &EarlierComplaint{Reference: "MP-2025-000123", Status: StatusClosed}
	cases := []struct {
		name   string
		d      Inadmissibility
		f      InadmissibilityFile
		msg    string
		fields []string
	}{
		// handled_before: the earlier complaint must exist, be another one, and have been ruled on.
		{name: "handled_before_with_a_closed_earlier_complaint_accepted", d: Inadmissibility{Ground: InadmissibleHandledBefore,
			Reasons: reasons, EarlierReference: "MP-2025-000123"}, f: with(func(f *InadmissibilityFile) { f.Earlier = ruled })},
		{name: "handled_before_with_an_advised_earlier_complaint_accepted", d: Inadmissibility{Ground: InadmissibleHandledBefore,
			Reasons: reasons, EarlierReference: "MP-2025-000123"},
			f: with(func(f *InadmissibilityFile) {
				f.Earlier = &EarlierComplaint{Reference: "MP-2025-000123", Status: StatusAdvised}
			})},
		{name: "handled_before_without_earlier_reference_refused", d: Inadmissibility{Ground: InadmissibleHandledBefore, Reasons: reasons},
			f: file, msg: "name the reference of the earlier complaint", fields: []string{"earlier_reference"}},
		{name: "handled_before_with_unknown_reference_refused", d: Inadmissibility{Ground: InadmissibleHandledBefore,
			Reasons: reasons, EarlierReference: "MP-1999-000001"}, f: file, msg: "no complaint has this reference", fields: []string{"earlier_reference"}},
		{name: "handled_before_naming_itself_refused", d: Inadmissibility{Ground: InadmissibleHandledBefore,
			Reasons: reasons, EarlierReference: "MP-2026-000042"},
			f: with(func(f *InadmissibilityFile) {
				f.Earlier = &EarlierComplaint{Reference: "MP-2026-000042", Status: StatusInTreatment}
			}),
			msg: "another complaint", fields: []string{"earlier_reference"}},
		{name: "handled_before_with_an_earlier_complaint_still_in_treatment_refused", d: Inadmissibility{Ground: InadmissibleHandledBefore,
			Reasons: reasons, EarlierReference: "MP-2025-000123"},
			f: with(func(f *InadmissibilityFile) {
				f.Earlier = &EarlierComplaint{Reference: "MP-2025-000123", Status: StatusInTreatment}
			}),
			msg: "was not ruled on (it is in_treatment)", fields: []string{"earlier_reference"}},
		{name: "handled_before_with_a_withdrawn_earlier_complaint_refused", d: Inadmissibility{Ground: InadmissibleHandledBefore,
			Reasons: reasons, EarlierReference: "MP-2025-000123"},
			f: with(func(f *InadmissibilityFile) {
				f.Earlier = &EarlierComplaint{Reference: "MP-2025-000123", Status: StatusWithdrawn}
			}),
			fields: []string{"earlier_reference"}},
		{name: "earlier_reference_with_another_ground_refused", d: Inadmissibility{Ground: InadmissibleTooLight,
			Reasons: reasons, EarlierReference: "MP-2025-000123"}, f: with(func(f *InadmissibilityFile) { f.Earlier = ruled }),
			msg: "only for the ground handled_before", fields: []string{"earlier_reference"}},

		// older_than_one_year: occurred_on more than a year before the day of receipt.
		{name: "older_than_one_year_accepted", d: Inadmissibility{Ground: InadmissibleOlderThanYear, Reasons: reasons}, f: file},
		{name: "older_than_one_year_without_occurred_on_refused", d: Inadmissibility{Ground: InadmissibleOlderThanYear, Reasons: reasons},
			f: with(func(f *InadmissibilityFile) { f.OccurredOn = "" }), msg: "does not say when the events took place", fields: []string{"ground"}},
		{name: "older_than_one_year_exactly_a_year_refused", d: Inadmissibility{Ground: InadmissibleOlderThanYear, Reasons: reasons},
			f:   with(func(f *InadmissibilityFile) { f.OccurredOn = "2025-11-23" }),
			msg: "took place on 2025-11-23, not more than a year before the complaint was received on 2026-11-23", fields: []string{"ground"}},
		{name: "older_than_one_year_counts_from_receipt_not_from_today", d: Inadmissibility{Ground: InadmissibleOlderThanYear, Reasons: reasons},
			// Received a week after the events' first anniversary: too old, whenever it is decided.
			f: with(func(f *InadmissibilityFile) { f.OccurredOn, f.ReceivedOn = "2025-11-01", "2026-11-08" })},
		{name: "older_than_one_year_received_within_the_year_refused", d: Inadmissibility{Ground: InadmissibleOlderThanYear, Reasons: reasons},
			f: with(func(f *InadmissibilityFile) { f.OccurredOn, f.ReceivedOn = "2025-11-10", "2026-11-08" }), fields: []string{"ground"}},

		// The grounds the file cannot show need reasons of substance.
		{name: "objection_with_reasons_accepted", d: Inadmissibility{Ground: InadmissibleObjection,
			Reasons: "Tegen het besluit van 4 november over uw uitkering kunt u bezwaar maken."}, f: file},
		{name: "one_word_repeated_refused", d: Inadmissibility{Ground: InadmissibleTooLight, Reasons: "klacht klacht klacht klacht klacht klacht klacht"}, f: file,
			msg: "at least 5 different words", fields: []string{"reasons"}},
		{name: "objection_with_one_word_refused", d: Inadmissibility{Ground: InadmissibleObjection, Reasons: "bezwaar"}, f: file,
			msg: "at least 5 different words and 30 letters", fields: []string{"reasons"}},
		{name: "before_court_with_short_reasons_refused", d: Inadmissibility{Ground: InadmissibleBeforeCourt, Reasons: "zie de rechtbank"}, f: file,
			fields: []string{"reasons"}},
		{name: "before_court_with_reasons_accepted", d: Inadmissibility{Ground: InadmissibleBeforeCourt,
			Reasons: "De rechtbank Noord-Holland behandelt uw beroep over deze zaak op 12 januari."}, f: file},
		{name: "too_light_with_reasons_accepted", d: Inadmissibility{Ground: InadmissibleTooLight,
			Reasons: "Het ging om een afspraak die tien minuten later begon dan gepland."}, f: file},
		{name: "unknown_ground_refused", d: Inadmissibility{Ground: "not_serious", Reasons: reasons}, f: file, fields: []string{"ground"}},
		{name: "missing_ground_refused", d: Inadmissibility{Reasons: reasons}, f: file, fields: []string{"ground"}},
		{name: "missing_reasons_refused", d: Inadmissibility{Ground: InadmissibleTooLight}, f: file, msg: "is required", fields: []string{"reasons"}},
		{name: "reasons_too_long_refused", d: Inadmissibility{Ground: InadmissibleTooLight, Reasons: strings.Repeat("r", MaxLongText+1)}, f: file,
			msg: "too long", fields: []string{"reasons"}},
		{name: "reasons_invalid_utf8_refused", d: Inadmissibility{Ground: InadmissibleBeforeCourt, Reasons: "\xfe"}, f: file, fields: []string{"reasons"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) { wantFields(t, tc.d.Validate(tc.f), tc.msg, tc.fields...) })
	}
}

func TestClosingValidate(t *testing.T) {
	cases := []struct {
		name   string
		c      Closing
		fields []string
	}{
		{name: "reason_accepted", c: Closing{Reason: "Klager is tevreden met de oplossing."}},
		{name: "reason_of_max_short_text_accepted", c: Closing{Reason: strings.Repeat("é", MaxShortText)}},
		{name: "empty_refused", c: Closing{}, fields: []string{"reason"}},
		{name: "blank_refused", c: Closing{Reason: "\t \n"}, fields: []string{"reason"}},
		{name: "over_max_short_text_refused", c: Closing{Reason: strings.Repeat("r", MaxShortText+1)}, fields: []string{"reason"}},
		{name: "control_character_refused", c: Closing{Reason: "ingetrokken\x08"}, fields: []string{"reason"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) { wantFields(t, tc.c.Validate(), "", tc.fields...) })
	}
}

func TestInvitationValidate(t *testing.T) {
	orgs := []int64{3, 5}
	nonWorking := func(date string) string {
		return map[string]string{"2026-11-28": "Saturday", "2026-11-29": "Sunday", "2026-12-25": "Christmas Day",
			"2027-05-07": "Friday after Ascension Day (equated by Royal Decree)"}[date]
	}
	inv := func(date, at string) Invitation {
		return Invitation{Party: PartyComplainant, Date: date, Time: at, Place: "Stadhuis, spreekkamer 3"}
	}
	cases := []struct {
		name   string
		in     Invitation
		msg    string
		fields []string
	}{
		{name: "working_day_in_office_hours_accepted", in: inv("2026-11-30", "10:30")},
		{name: "today_later_accepted", in: inv(today, "14:00")},
		{name: "today_at_a_time_past_refused", in: inv(today, "09:00"), msg: "09:00 today has passed already", fields: []string{"time"}},
		{name: "today_at_this_very_minute_refused", in: inv(today, "10:00"), fields: []string{"time"}},
		{name: "last_start_at_five_accepted", in: inv("2026-12-01", "17:00")},
		{name: "organisation_of_complaint_accepted", in: Invitation{Party: PartyOrganisation, OrganisationID: 5, Date: "2026-12-01", Time: "14:00", Place: "Kantoor"}},
		{name: "saturday_refused", in: inv("2026-11-28", "10:00"), msg: "2026-11-28 is a Saturday, not a working day", fields: []string{"date"}},
		{name: "sunday_refused", in: inv("2026-11-29", "10:00"), msg: "a Sunday", fields: []string{"date"}},
		{name: "christmas_refused_with_its_name", in: inv("2026-12-25", "10:00"), msg: "2026-12-25 is Christmas Day, not a working day", fields: []string{"date"}},
		{name: "equated_day_refused", in: inv("2027-05-07", "10:00"), msg: "equated by Royal Decree", fields: []string{"date"}},
		{name: "at_ten_at_night_refused", in: inv("2026-11-30", "22:00"), msg: "outside office hours", fields: []string{"time"}},
		{name: "just_before_nine_refused", in: inv("2026-11-30", "08:59"), msg: "between 09:00 and 17:00", fields: []string{"time"}},
		{name: "just_after_five_refused", in: inv("2026-11-30", "17:01"), fields: []string{"time"}},
		{name: "one_digit_hour_refused", in: inv("2026-11-30", "9:30"), msg: "HH:MM", fields: []string{"time"}},
		{name: "malformed_time_refused", in: inv("2026-11-30", "half tien"), fields: []string{"time"}},
		{name: "past_day_refused", in: inv("2026-11-20", "10:00"), msg: "past", fields: []string{"date"}},
		{name: "malformed_date_refused", in: inv("30-11-2026", "10:00"), fields: []string{"date"}},
		{name: "without_place_refused", in: Invitation{Party: PartyComplainant, Date: "2026-11-30", Time: "10:00"}, fields: []string{"place"}},
		{name: "organisation_not_of_complaint_refused", in: Invitation{Party: PartyOrganisation, OrganisationID: 9, Date: "2026-11-30", Time: "10:00", Place: "p"},
			fields: []string{"organisation_id"}},
		{name: "unknown_party_refused", in: Invitation{Party: "witness", Date: "2026-11-30", Time: "10:00", Place: "p"}, fields: []string{"party"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			wantFields(t, tc.in.Validate(today, "10:00", orgs, nonWorking), tc.msg, tc.fields...)
		})
	}
}

func TestHearingCheckNoResponse(t *testing.T) {
	noResponse := Hearing{Party: PartyComplainant, Skipped: SkipNoResponse, SkipNote: "Geen reactie op de uitnodiging."}
	cases := []struct {
		name            string
		h               Hearing
		invitedOn, from string
		msg             string
		fields          []string
	}{
		{name: "without_invitation_refused", h: noResponse, msg: "needs an invitation", fields: []string{"skipped"}},
		{name: "day_before_the_fifth_working_day_refused", h: noResponse, invitedOn: "2026-11-16", from: "2026-11-24",
			msg: "from 2026-11-24, 5 working days later", fields: []string{"skipped"}},
		{name: "on_the_fifth_working_day_accepted", h: noResponse, invitedOn: "2026-11-16", from: today},
		{name: "later_accepted", h: noResponse, invitedOn: "2026-11-02", from: "2026-11-09"},
		{name: "waived_needs_no_invitation_accepted", h: Hearing{Party: PartyComplainant, Skipped: SkipWaived, SkipNote: "n"}},
		{name: "held_needs_no_invitation_accepted", h: Hearing{Party: PartyComplainant, HeldOn: today, Record: "r"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			wantFields(t, tc.h.CheckNoResponse(today, tc.invitedOn, tc.from), tc.msg, tc.fields...)
		})
	}
}
