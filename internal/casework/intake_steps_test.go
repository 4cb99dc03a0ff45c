package casework

import (
	"strings"
	"testing"
)

func TestIntakeStepsInOrderWithBackLinks(t *testing.T) {
	if StepContact.Previous() != "" || StepContact.Next() != StepOrganisation {
		t.Fatalf("first step: previous %q next %q", StepContact.Previous(), StepContact.Next())
	}
	if StepCheck.Previous() != StepSupporter || StepCheck.Next() != "" {
		t.Fatalf("check step: previous %q next %q", StepCheck.Previous(), StepCheck.Next())
	}
	for i, s := range IntakeSteps[1:] {
		if s.Previous() != IntakeSteps[i] || IntakeSteps[i].Next() != s {
			t.Errorf("step %s does not follow %s", s, IntakeSteps[i])
		}
	}
	if IntakeStep("payment").Valid() {
		t.Fatal("unknown step valid")
	}
}

func TestStepOfEveryIntakeField(t *testing.T) {
	for field, want := range map[string]IntakeStep{
		"complainant": StepContact, "complainant.postcode": StepContact, "language": StepContact,
		"organisation_ids": StepOrganisation, "summary": StepWhat, "occurred_on.day": StepWhat,
		"occurred_on": StepWhat, "life_domain_text": StepWhat, "grounds": StepWhat, "desired_outcome": StepWish,
		"supporter.email": StepSupporter, "supporter_consent": StepSupporter, "supporter_id": StepSupporter,
		"channel": StepCheck, "received_on": StepCheck, "summaryx": StepCheck,
	} {
		if got := StepOf(field); got != want {
			t.Errorf("StepOf(%q) = %s, want %s", field, got, want)
		}
	}
}

func TestValidateStepChecksOnlyItsFields(t *testing.T) {
	// A resident on the first page: only the contact is filled in.
	in := Intake{Complainant: Contact{Name: "Fatima el Amrani", Email: "fatima@example.nl"}}
	in.Normalize()
	wantFields(t, in.ValidateStep(StepContact, RoleResident, today), "")
	wantFields(t, in.ValidateStep(StepOrganisation, RoleResident, today), "", "organisation_ids")
	wantFields(t, in.ValidateStep(StepWhat, RoleResident, today), "", "grounds", "life_domains", "summary")
	wantFields(t, in.ValidateStep(StepWish, RoleResident, today), "")
	wantFields(t, in.ValidateStep(StepSupporter, RoleResident, today), "")
	wantFields(t, in.ValidateStep(StepCheck, RoleResident, today), "", "organisation_ids", "grounds", "life_domains", "summary")

	in.Complainant.Email = ""
	wantFields(t, in.ValidateStep(StepContact, RoleResident, today), "postal address", "complainant")
	in.Complainant.Email = "fatima@example.nl"

	in.OrganisationUnknown = true
	wantFields(t, in.ValidateStep(StepOrganisation, RoleResident, today), "")
	in.Grounds = []Ground{GroundTreatment}
	in.LifeDomainText = "mijn uitkering"
	in.Summary = "De wijkcoach kwam drie keer niet op de afspraak."
	in.OccurredOn = "2026-11-24"
	wantFields(t, in.ValidateStep(StepWhat, RoleResident, today), "future", "occurred_on")
	in.OccurredOn = "2026-11-20"
	in.Supporter = &Contact{Name: "Broer"}
	wantFields(t, in.ValidateStep(StepSupporter, RoleResident, today), "", "supporter", "supporter_consent")
	wantFields(t, in.ValidateStep(StepWhat, RoleResident, today), "")
	in.Supporter = nil
	wantFields(t, in.ValidateStep(StepCheck, RoleResident, today), "")

	if err := in.ValidateStep("pay", RoleResident, today); ErrorCode(err) != CodeNotFound {
		t.Fatalf("unknown step: %v", err)
	}
}

func TestLetterLanguageFollowsThePages(t *testing.T) {
	for page, want := range map[string]Language{"nl": LanguageDutch, "en": LanguageEnglish, "EN": LanguageEnglish,
		"en-GB": LanguageEnglish, "tr": LanguageDutch, "ar": LanguageDutch, "": LanguageDutch, "eng": LanguageDutch} {
		if got := LetterLanguage(page); got != want {
			t.Errorf("LetterLanguage(%q) = %s, want %s", page, got, want)
		}
	}
}

func TestCheckDatePartsMessagesPerField(t *testing.T) {
	cases := []struct {
		name   string
		p      DateParts
		lang   Language
		want   string
		msg    string
		fields []string
	}{
		{name: "empty_is_no_date", p: DateParts{}},
		{name: "blank_is_no_date", p: DateParts{Day: " ", Month: "", Year: "  "}},
		{name: "valid", p: DateParts{Day: "3", Month: "03", Year: "2026"}, want: "2026-03-03"},
		{name: "valid_today", p: DateParts{Day: "23", Month: "11", Year: "2026"}, want: today},
		{name: "leap_day", p: DateParts{Day: "29", Month: "2", Year: "2024"}, want: "2024-02-29"},
		{name: "missing_day_dutch", p: DateParts{Month: "3", Year: "2026"}, msg: "Vul de dag in.", fields: []string{"occurred_on.day"}},
		{name: "missing_month_english", p: DateParts{Day: "3", Year: "2026"}, lang: LanguageEnglish, msg: "Enter the month.",
			fields: []string{"occurred_on.month"}},
		{name: "missing_day_and_year", p: DateParts{Month: "3"}, msg: "Vul het jaar in.", fields: []string{"occurred_on.day", "occurred_on.year"}},
		{name: "day_not_a_number", p: DateParts{Day: "drie", Month: "3", Year: "2026"}, msg: "1 tot en met 31", fields: []string{"occurred_on.day"}},
		{name: "month_13", p: DateParts{Day: "3", Month: "13", Year: "2026"}, lang: LanguageEnglish, msg: "from 1 to 12",
			fields: []string{"occurred_on.month"}},
		{name: "two_digit_year", p: DateParts{Day: "3", Month: "3", Year: "26"}, msg: "4 cijfers", fields: []string{"occurred_on.year"}},
		{name: "31_april_not_real", p: DateParts{Day: "31", Month: "4", Year: "2026"}, msg: "bestaat niet", fields: []string{"occurred_on.day"}},
		{name: "29_february_not_leap", p: DateParts{Day: "29", Month: "2", Year: "2026"}, lang: LanguageEnglish, msg: "does not exist",
			fields: []string{"occurred_on.day"}},
		{name: "tomorrow_is_future", p: DateParts{Day: "24", Month: "11", Year: "2026"}, msg: "toekomst", fields: []string{"occurred_on.year"}},
		{name: "before_earliest", p: DateParts{Day: "31", Month: "12", Year: "2019"}, msg: "niet voor 1 januari 2020",
			fields: []string{"occurred_on.year"}},
		{name: "before_earliest_english", p: DateParts{Day: "31", Month: "12", Year: "2019"}, lang: LanguageEnglish,
			msg: "before 1 January 2020", fields: []string{"occurred_on.year"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			lang := tc.lang
			if lang == "" {
				lang = LanguageDutch
			}
			var v Validator
			got := CheckDateParts(&v, "occurred_on", tc.p, today, "2020-01-01", lang)
			if got != tc.want {
				t.Fatalf("date %q, want %q", got, tc.want)
			}
			wantFields(t, v.Err(), tc.msg, tc.fields...)
			for _, f := range v.Fields {
				if lang == LanguageDutch && strings.Contains(f.Message, "Enter") || lang == LanguageEnglish && strings.Contains(f.Message, "Vul") {
					t.Errorf("message in the wrong language: %q", f.Message)
				}
			}
		})
	}
}

func TestSplitDateFillsTheFieldsAgain(t *testing.T) {
	if p := SplitDate("2026-03-07"); p != (DateParts{Day: "7", Month: "3", Year: "2026"}) {
		t.Fatalf("split %+v", p)
	}
	if p := SplitDate(""); !p.Empty() {
		t.Fatalf("split of nothing %+v", p)
	}
}
