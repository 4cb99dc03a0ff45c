package casework

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

// today is the local date of receipt used throughout these tests.
const today = "2026-11-23"

// wantFields asserts that err is nil when no fields are wanted, and otherwise a validation error whose
// set of field names is exactly want (duplicates in err are allowed). When msg is not empty, one of
// the field messages must contain it.
func wantFields(t *testing.T, err error, msg string, want ...string) {
	t.Helper()
	if len(want) == 0 {
		if err != nil {
			t.Fatalf("want valid, got %v %+v", err, fieldsOf(err))
		}
		return
	}
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("want validation error on %v, got %v", want, err)
	}
	if e.Code != CodeValidation {
		t.Fatalf("want code %s, got %s (%v)", CodeValidation, e.Code, err)
	}
	var got []string
	for _, f := range e.Fields {
		if f.Message == "" {
			t.Errorf("field %s has an empty message", f.Field)
		}
		got = append(got, f.Field)
	}
	slices.Sort(got)
	got = slices.Compact(got)
	w := slices.Clone(want)
	slices.Sort(w)
	w = slices.Compact(w)
	if !slices.Equal(got, w) {
		t.Fatalf("field errors on %v, want exactly %v; all: %+v", got, w, e.Fields)
	}
	if msg != "" && !slices.ContainsFunc(e.Fields, func(f FieldError) bool { return strings.Contains(f.Message, msg) }) {
		t.Fatalf("no field message contains %q: %+v", msg, e.Fields)
	}
}

func fieldsOf(err error) []FieldError {
	var e *Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}

func countField(err error, field string) int {
	n := 0
	for _, f := range fieldsOf(err) {
		if f.Field == field {
			n++
		}
	}
	return n
}

func validIntake() Intake {
	return Intake{
		Complainant:     Contact{Name: "Fatima el Amrani", Email: "fatima@example.nl"},
		OrganisationIDs: []int64{3},
		Grounds:         []Ground{GroundTreatment},
		LifeDomains:     []LifeDomain{DomainCare},
		Summary:         "Mijn aanvraag voor huishoudelijke hulp is na drie maanden nog steeds niet behandeld.",
		OccurredOn:      "2026-10-01",
	}
}

func TestIntakeValidate(t *testing.T) {
	postal := func(in *Intake) {
		in.Complainant.Email = ""
		in.Complainant.Street = "Grote Markt 2"
		in.Complainant.Postcode = "2011 RD"
		in.Complainant.City = "Haarlem"
	}
	postcode := func(pc string) func(*Intake) {
		return func(in *Intake) { postal(in); in.Complainant.Postcode = pc }
	}
	cases := []struct {
		name   string
		mutate func(*Intake)
		raw    bool // skip Normalize
		msg    string
		fields []string
	}{
		{name: "valid_with_email", mutate: func(*Intake) {}},
		{name: "valid_with_phone_only", mutate: func(in *Intake) { in.Complainant.Email = ""; in.Complainant.Phone = "023 511 5100" }},
		{name: "valid_with_postal_address_only", mutate: postal},
		{name: "valid_every_channel_and_language", mutate: func(in *Intake) { in.Channel = ChannelSocialMedia; in.Language = LanguageEnglish }},
		{name: "valid_all_grounds_and_nine_life_domains", mutate: func(in *Intake) {
			in.Grounds = []Ground{"treatment", "solution", "procedure"}
			in.LifeDomains = []LifeDomain{"social_support", "preventive_care", "care", "youth_care", "education",
				"wellbeing", "housing", "work", "income"}
		}},
		{name: "valid_ten_organisations", mutate: func(in *Intake) { in.OrganisationIDs = []int64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10} }},

		// Every required field missing.
		{name: "everything_missing_is_refused", mutate: func(in *Intake) { *in = Intake{} },
			fields: []string{"complainant", "complainant.name", "organisation_ids", "grounds", "life_domains", "summary"}},
		{name: "missing_name_refused", mutate: func(in *Intake) { in.Complainant.Name = "  " }, fields: []string{"complainant.name"}},
		{name: "missing_organisations_refused", mutate: func(in *Intake) { in.OrganisationIDs = nil }, msg: "at least 1", fields: []string{"organisation_ids"}},
		{name: "missing_grounds_refused", mutate: func(in *Intake) { in.Grounds = []Ground{} }, fields: []string{"grounds"}},
		{name: "missing_life_domains_refused", mutate: func(in *Intake) { in.LifeDomains = nil }, msg: "own words", fields: []string{"life_domains"}},
		{name: "life_domains_left_to_staff", mutate: func(in *Intake) { in.LifeDomains = nil; in.LifeDomainUnknown = true }},
		{name: "life_domain_in_own_words_only", mutate: func(in *Intake) { in.LifeDomains = nil; in.LifeDomainText = "mijn uitkering" }},
		{name: "life_domain_text_too_long_refused", mutate: func(in *Intake) { in.LifeDomainText = strings.Repeat("x", MaxShortText+1) },
			fields: []string{"life_domain_text"}},
		{name: "organisation_unknown_without_organisations", mutate: func(in *Intake) { in.OrganisationIDs = nil; in.OrganisationUnknown = true }},
		{name: "organisation_unknown_with_organisations_refused", mutate: func(in *Intake) { in.OrganisationUnknown = true },
			msg: "not both", fields: []string{"organisation_ids"}},
		{name: "missing_summary_refused", mutate: func(in *Intake) { in.Summary = "" }, msg: "is required", fields: []string{"summary"}},
		{name: "blank_summary_refused", mutate: func(in *Intake) { in.Summary = " \n\t " }, msg: "is required", fields: []string{"summary"}},

		// Contact route.
		{name: "no_email_phone_or_postal_refused", mutate: func(in *Intake) { in.Complainant.Email = "" },
			msg: "e-mail address, a phone number or a full postal address", fields: []string{"complainant"}},
		{name: "street_only_with_email_refused", mutate: func(in *Intake) { in.Complainant.Street = "Grote Markt 2" },
			msg: "street and number, postcode and city", fields: []string{"complainant.street"}},
		{name: "postal_without_city_and_no_other_route_refused", mutate: func(in *Intake) { postal(in); in.Complainant.City = "" },
			fields: []string{"complainant", "complainant.street"}},
		{name: "postal_without_street_refused", mutate: func(in *Intake) { postal(in); in.Complainant.Street = "" },
			fields: []string{"complainant", "complainant.street"}},
		{name: "postcode_only_with_phone_refused", mutate: func(in *Intake) {
			in.Complainant.Email = ""
			in.Complainant.Phone = "0612345678"
			in.Complainant.Postcode = "2011 RD"
		}, fields: []string{"complainant.street"}},
		{name: "phone_without_digits_refused", mutate: func(in *Intake) { in.Complainant.Phone = "bel me maar" }, fields: []string{"complainant.phone"}},
		{name: "phone_too_long_refused", mutate: func(in *Intake) { in.Complainant.Phone = strings.Repeat("1", 41) }, fields: []string{"complainant.phone"}},
		{name: "email_without_domain_dot_refused", mutate: func(in *Intake) { in.Complainant.Email = "fatima@example" }, fields: []string{"complainant.email"}},
		{name: "email_without_at_refused", mutate: func(in *Intake) { in.Complainant.Email = "fatima.example.nl" }, fields: []string{"complainant.email"}},
		{name: "email_with_display_name_refused", mutate: func(in *Intake) { in.Complainant.Email = "Fatima <fatima@example.nl>" }, fields: []string{"complainant.email"}},
		{name: "email_with_two_ats_refused", mutate: func(in *Intake) { in.Complainant.Email = "f@@example.nl" }, fields: []string{"complainant.email"}},
		{name: "email_too_long_refused", mutate: func(in *Intake) { in.Complainant.Email = strings.Repeat("a", 250) + "@x.nl" }, fields: []string{"complainant.email"}},

		// Dutch postcodes.
		{name: "postcode_with_space_accepted", mutate: postcode("2011 RD")},
		{name: "postcode_without_space_accepted", mutate: postcode("2011RD")},
		{name: "postcode_lowercase_accepted_after_normalize", mutate: postcode(" 2011 rd ")},
		{name: "postcode_starting_with_zero_refused", mutate: postcode("0123 AB"), fields: []string{"complainant.postcode"}},
		{name: "postcode_two_spaces_refused", mutate: postcode("2011  RD"), fields: []string{"complainant.postcode"}},
		{name: "postcode_with_dash_refused", mutate: postcode("2011-RD"), fields: []string{"complainant.postcode"}},
		{name: "postcode_three_digits_refused", mutate: postcode("201 RD"), fields: []string{"complainant.postcode"}},
		{name: "postcode_five_digits_refused", mutate: postcode("20111 RD"), fields: []string{"complainant.postcode"}},
		{name: "postcode_one_letter_refused", mutate: postcode("2011 R"), fields: []string{"complainant.postcode"}},
		{name: "postcode_umlaut_refused", mutate: postcode("2011 ÄB"), fields: []string{"complainant.postcode"}},
		{name: "postcode_belgian_refused", mutate: postcode("B-1000"), fields: []string{"complainant.postcode"}},

		// Vocabularies.
		{name: "unknown_ground_refused", mutate: func(in *Intake) { in.Grounds = []Ground{"treatment", "rudeness"} }, msg: `"rudeness"`, fields: []string{"grounds"}},
		{name: "unknown_life_domain_refused", mutate: func(in *Intake) { in.LifeDomains = []LifeDomain{"work_and_income"} }, fields: []string{"life_domains"}},
		{name: "unknown_channel_refused", mutate: func(in *Intake) { in.Channel = "fax" }, fields: []string{"channel"}},
		{name: "unknown_language_refused", mutate: func(in *Intake) { in.Language = "de" }, fields: []string{"language"}},
		{name: "missing_language_refused_without_normalize", raw: true, mutate: func(in *Intake) { in.Channel = ChannelWeb }, fields: []string{"language"}},
		{name: "eleven_organisations_refused", mutate: func(in *Intake) { in.OrganisationIDs = []int64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11} },
			msg: "at most 10", fields: []string{"organisation_ids"}},
		{name: "zero_organisation_id_refused", mutate: func(in *Intake) { in.OrganisationIDs = []int64{0, 3} }, fields: []string{"organisation_ids"}},
		{name: "negative_organisation_id_refused", mutate: func(in *Intake) { in.OrganisationIDs = []int64{-3} }, fields: []string{"organisation_ids"}},

		// Duplicates.
		{name: "duplicate_grounds_refused_without_normalize", raw: true, mutate: func(in *Intake) {
			in.Language, in.Channel = LanguageDutch, ChannelWeb
			in.Grounds = []Ground{"procedure", "treatment", "procedure", "treatment"}
		}, msg: "at most 3", fields: []string{"grounds"}},
		{name: "duplicates_removed_by_normalize_accepted", mutate: func(in *Intake) {
			in.Grounds = []Ground{"procedure", "treatment", "procedure", "treatment", "procedure"}
			in.LifeDomains = []LifeDomain{"work", "income", "work", "income", "work", "income", "work", "income", "work", "income"}
			in.OrganisationIDs = []int64{7, 3, 7, 3, 7, 3, 7, 3, 7, 3, 7, 3}
		}},

		// Summary length.
		{name: "summary_nine_characters_refused", mutate: func(in *Intake) { in.Summary = "Te laat!!" }, msg: "at least 10", fields: []string{"summary"}},
		{name: "summary_ten_characters_accepted", mutate: func(in *Intake) { in.Summary = "Te laat!!!" }},
		{name: "summary_nine_runes_counted_as_characters_refused", mutate: func(in *Intake) { in.Summary = "ééééééééé" }, fields: []string{"summary"}},
		{name: "summary_ten_multibyte_runes_accepted", mutate: func(in *Intake) { in.Summary = "éééééééééé" }},
		{name: "summary_of_max_long_text_accepted", mutate: func(in *Intake) { in.Summary = strings.Repeat("ë", MaxLongText) }},
		{name: "summary_over_max_long_text_refused", mutate: func(in *Intake) { in.Summary = strings.Repeat("a", MaxLongText+1) }, msg: "too long", fields: []string{"summary"}},
		{name: "desired_outcome_over_max_refused", mutate: func(in *Intake) { in.DesiredOutcome = strings.Repeat("a", MaxLongText+1) }, fields: []string{"desired_outcome"}},
		{name: "name_over_max_refused", mutate: func(in *Intake) { in.Complainant.Name = strings.Repeat("n", MaxName+1) }, fields: []string{"complainant.name"}},

		// Characters.
		{name: "summary_with_newlines_and_tabs_accepted", mutate: func(in *Intake) { in.Summary = "Eerste regel.\r\nTweede\tregel met tab." }},
		{name: "summary_with_nul_refused", mutate: func(in *Intake) { in.Summary = "Ik kreeg geen\x00antwoord op mijn brief." }, msg: "control characters", fields: []string{"summary"}},
		{name: "name_with_escape_sequence_refused", mutate: func(in *Intake) { in.Complainant.Name = "Fatima\x1b[31m" }, fields: []string{"complainant.name"}},
		{name: "city_with_c1_control_refused", mutate: func(in *Intake) { postal(in); in.Complainant.City = "Haar\u0085lem" }, fields: []string{"complainant.city"}},
		{name: "summary_invalid_utf8_refused", mutate: func(in *Intake) { in.Summary = "Ik werd \xff\xfe slecht behandeld." }, msg: "not UTF-8", fields: []string{"summary"}},
		{name: "name_invalid_utf8_refused", mutate: func(in *Intake) { in.Complainant.Name = "Fati\xc3ma" }, fields: []string{"complainant.name"}},
		{name: "desired_outcome_invalid_utf8_refused", mutate: func(in *Intake) { in.DesiredOutcome = "\xed\xa0\x80" }, fields: []string{"desired_outcome"}},

		// occurred_on.
		{name: "occurred_today_accepted", mutate: func(in *Intake) { in.OccurredOn = today }},
		{name: "occurred_empty_accepted", mutate: func(in *Intake) { in.OccurredOn = "" }},
		{name: "occurred_tomorrow_refused", mutate: func(in *Intake) { in.OccurredOn = "2026-11-24" }, msg: "future", fields: []string{"occurred_on"}},
		{name: "occurred_next_year_refused", mutate: func(in *Intake) { in.OccurredOn = "2027-01-01" }, fields: []string{"occurred_on"}},
		{name: "occurred_dutch_order_refused", mutate: func(in *Intake) { in.OccurredOn = "23-11-2026" }, msg: "YYYY-MM-DD", fields: []string{"occurred_on"}},
		{name: "occurred_single_digit_day_refused", mutate: func(in *Intake) { in.OccurredOn = "2026-11-3" }, fields: []string{"occurred_on"}},
		{name: "occurred_nonexistent_day_refused", mutate: func(in *Intake) { in.OccurredOn = "2026-02-29" }, fields: []string{"occurred_on"}},
		{name: "occurred_with_time_refused", mutate: func(in *Intake) { in.OccurredOn = "2026-11-01T10:00:00Z" }, fields: []string{"occurred_on"}},
		{name: "occurred_word_refused", mutate: func(in *Intake) { in.OccurredOn = "gisteren" }, fields: []string{"occurred_on"}},

		// Supporter.
		{name: "supporter_with_consent_accepted", mutate: func(in *Intake) {
			in.Supporter = &Contact{Name: "Sociaal Raadslieden Haarlem", Email: "raadslieden@example.nl"}
			in.SupporterConsent = true
		}},
		{name: "supporter_consent_without_supporter_refused", mutate: func(in *Intake) { in.SupporterConsent = true },
			msg: "name the supporter", fields: []string{"supporter_consent"}},
		{name: "supporter_consent_with_blank_supporter_refused", mutate: func(in *Intake) {
			in.Supporter = &Contact{Name: "  ", Email: " "}
			in.SupporterConsent = true
		}, fields: []string{"supporter_consent"}},
		{name: "supporter_without_name_refused", mutate: func(in *Intake) { in.Supporter, in.SupporterConsent = &Contact{Email: "raadslieden@example.nl"}, true },
			fields: []string{"supporter.name"}},
		{name: "supporter_with_postal_address_accepted", mutate: func(in *Intake) {
			in.Supporter = &Contact{Name: "Jan de Ondersteuner", Street: "Spaarne 96", Postcode: "2011 CL", City: "Haarlem"}
			in.SupporterConsent = true
		}},
		{name: "supporter_with_half_an_address_refused", mutate: func(in *Intake) {
			in.Supporter = &Contact{Name: "Jan de Ondersteuner", Street: "Spaarne 96"}
			in.SupporterConsent = true
		}, fields: []string{"supporter.street"}},
		{name: "supporter_bad_email_refused", mutate: func(in *Intake) { in.Supporter, in.SupporterConsent = &Contact{Name: "MEE", Email: "mee"}, true },
			fields: []string{"supporter.email"}},
		{name: "supporter_with_phone_only_refused", mutate: func(in *Intake) {
			in.Supporter, in.SupporterConsent = &Contact{Name: "MEE", Phone: "023 511 5100"}, true
		},
			msg: "so that they receive a copy of every letter", fields: []string{"supporter"}},
		{name: "supporter_with_postal_address_accepted", mutate: func(in *Intake) {
			in.Supporter = &Contact{Name: "MEE", Street: "Zijlweg 1", Postcode: "2013 DK", City: "Haarlem"}
			in.SupporterConsent = true
		}},

		// Who acts for the complainant: a member of the pool or an informal representative, never
		// without consent.
		{name: "supporter_without_consent_refused", mutate: func(in *Intake) {
			in.Supporter = &Contact{Name: "Sociaal Raadslieden Haarlem", Email: "raadslieden@example.nl"}
		}, msg: "without your consent nobody can act for you", fields: []string{"supporter_consent"}},
		{name: "pool_member_with_consent_accepted", mutate: func(in *Intake) { in.SupporterID, in.SupporterConsent = 7, true }},
		{name: "pool_member_without_consent_refused", mutate: func(in *Intake) { in.SupporterID = 7 },
			fields: []string{"supporter_consent"}},
		{name: "pool_member_and_representative_refused", mutate: func(in *Intake) {
			in.SupporterID, in.SupporterConsent = 7, true
			in.Supporter = &Contact{Name: "Marleen Visser", Email: "marleen@example.nl"}
		}, msg: "not both", fields: []string{"supporter_id"}},
		{name: "negative_pool_member_refused", mutate: func(in *Intake) { in.SupporterID, in.SupporterConsent = -3, true },
			fields: []string{"supporter_id"}},
		{name: "representative_with_relation_accepted", mutate: func(in *Intake) {
			in.Supporter = &Contact{Name: "Marleen Visser", Email: "marleen@example.nl"}
			in.SupporterRelation, in.SupporterConsent = "dochter", true
		}},
		{name: "relation_without_representative_refused", mutate: func(in *Intake) {
			in.SupporterID, in.SupporterRelation, in.SupporterConsent = 7, "dochter", true
		}, fields: []string{"supporter_relation"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in := validIntake()
			tc.mutate(&in)
			if !tc.raw {
				in.Normalize()
			}
			wantFields(t, in.Validate(RoleStaff, today), tc.msg, tc.fields...)
		})
	}
}

// TestIntakeValidateByFiler: residents on the web need a postal or e-mail address and are received
// today; staff may register a phone-only complaint with its real day of receipt, at most a year back.
func TestIntakeValidateByFiler(t *testing.T) {
	phoneOnly := func(in *Intake) { in.Complainant.Email = ""; in.Complainant.Phone = "023 511 5100" }
	cases := []struct {
		name   string
		filer  Role
		mutate func(*Intake)
		msg    string
		fields []string
	}{
		{name: "resident_with_email_accepted", filer: RoleResident, mutate: func(*Intake) {}},
		{name: "resident_with_postal_address_accepted", filer: RoleResident, mutate: func(in *Intake) {
			in.Complainant.Email, in.Complainant.Street, in.Complainant.Postcode, in.Complainant.City = "", "Grote Markt 2", "2011 RD", "Haarlem"
		}},
		{name: "resident_with_phone_only_refused", filer: RoleResident, mutate: phoneOnly,
			msg: "a phone number alone is not enough", fields: []string{"complainant"}},
		{name: "resident_with_phone_and_half_an_address_refused", filer: RoleResident, mutate: func(in *Intake) {
			phoneOnly(in)
			in.Complainant.Street = "Grote Markt 2"
		}, fields: []string{"complainant", "complainant.street"}},
		{name: "staff_with_phone_only_accepted", filer: RoleStaff, mutate: phoneOnly},
		{name: "admin_with_phone_only_accepted", filer: RoleAdmin, mutate: phoneOnly},
		{name: "staff_without_any_route_refused", filer: RoleStaff, mutate: func(in *Intake) { in.Complainant.Email = "" },
			msg: "a phone number or a full postal address", fields: []string{"complainant"}},

		{name: "resident_sending_received_on_refused", filer: RoleResident, mutate: func(in *Intake) { in.ReceivedOn = today },
			msg: "only staff record another day of receipt", fields: []string{"received_on"}},
		{name: "staff_received_on_empty_means_today_accepted", filer: RoleStaff, mutate: func(in *Intake) { in.ReceivedOn = "" }},
		{name: "staff_received_on_today_accepted", filer: RoleStaff, mutate: func(in *Intake) { in.ReceivedOn = today }},
		{name: "staff_received_on_last_week_accepted", filer: RoleStaff, mutate: func(in *Intake) { in.ReceivedOn = "2026-11-16" }},
		{name: "staff_received_on_exactly_one_year_back_accepted", filer: RoleStaff, mutate: func(in *Intake) {
			in.ReceivedOn, in.OccurredOn = "2025-11-23", "2025-11-01"
		}},
		{name: "staff_received_on_a_year_and_a_day_back_refused", filer: RoleStaff, mutate: func(in *Intake) {
			in.ReceivedOn, in.OccurredOn = "2025-11-22", ""
		}, msg: "at most one year ago (not before 2025-11-23)", fields: []string{"received_on"}},
		{name: "staff_received_on_tomorrow_refused", filer: RoleStaff, mutate: func(in *Intake) { in.ReceivedOn = "2026-11-24" },
			msg: "future", fields: []string{"received_on"}},
		{name: "staff_received_on_dutch_order_refused", filer: RoleStaff, mutate: func(in *Intake) { in.ReceivedOn = "16-11-2026" },
			msg: "YYYY-MM-DD", fields: []string{"received_on"}},
		{name: "occurred_after_receipt_refused", filer: RoleStaff, mutate: func(in *Intake) {
			in.ReceivedOn, in.OccurredOn = "2026-11-16", "2026-11-20"
		}, msg: "after the day the complaint was received (2026-11-16)", fields: []string{"occurred_on"}},
		{name: "occurred_on_the_day_of_receipt_accepted", filer: RoleStaff, mutate: func(in *Intake) {
			in.ReceivedOn, in.OccurredOn = "2026-11-16", "2026-11-16"
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in := validIntake()
			tc.mutate(&in)
			in.Normalize()
			wantFields(t, in.Validate(tc.filer, today), tc.msg, tc.fields...)
		})
	}
}

func TestMoreThanYearBefore(t *testing.T) {
	cases := []struct {
		occurred, received string
		want               bool
	}{
		{"2025-11-23", "2026-11-23", false}, // exactly a year: still in time
		{"2025-11-22", "2026-11-23", true},
		{"2026-06-01", "2026-11-23", false},
		{"", "2026-11-23", false},           // unknown: not shown to be older
		{"2027-03-01", "2028-02-29", false}, // a year before 29 February is 1 March
		{"2027-02-28", "2028-02-29", true},  // a year after 28 February 2027 was 28 February 2028
	}
	for _, tc := range cases {
		if got := MoreThanYearBefore(tc.occurred, tc.received); got != tc.want {
			t.Errorf("MoreThanYearBefore(%q, %q) = %v, want %v", tc.occurred, tc.received, got, tc.want)
		}
	}
}

func TestContactValidateComplainantAndChanges(t *testing.T) {
	t.Run("phone_only_accepted", func(t *testing.T) {
		wantFields(t, Contact{Name: "Jan", Phone: "023 511 5100"}.ValidateComplainant(), "")
	})
	t.Run("no_route_refused", func(t *testing.T) {
		wantFields(t, Contact{Name: "Jan"}.ValidateComplainant(), "", "email")
	})
	t.Run("half_an_address_refused", func(t *testing.T) {
		wantFields(t, Contact{Name: "Jan", Phone: "023", Street: "Grote Markt 2"}.ValidateComplainant(), "", "street")
	})
	t.Run("bad_postcode_and_no_name_refused", func(t *testing.T) {
		wantFields(t, Contact{Email: "jan@example.nl", Street: "Grote Markt 2", Postcode: "2011", City: "Haarlem"}.ValidateComplainant(),
			"", "name", "postcode")
	})
	t.Run("changes_named_without_contents", func(t *testing.T) {
		old := Contact{Name: "Jan", Phone: "023 511 5100", Email: "oud@example.nl"}
		got := Contact{Name: "Jan", Street: "Grote Markt 2", Postcode: "2011 RD", City: "Haarlem", Email: "nieuw@example.nl"}.ContactChanges(old)
		want := []string{"e-mail address changed", "phone number removed", "postal address added"}
		if !slices.Equal(got, want) {
			t.Fatalf("changes %q, want %q", got, want)
		}
	})
	t.Run("nothing_changed", func(t *testing.T) {
		c := Contact{Name: "Jan", Phone: "023"}
		if got := c.ContactChanges(c); len(got) != 0 {
			t.Fatalf("changes %q for the same contact", got)
		}
	})
}

func TestIntakeNormalize(t *testing.T) {
	in := Intake{
		Complainant:     Contact{Name: "  Jan  ", Email: " jan@example.nl\n", Postcode: " 2011 rd ", City: " Haarlem "},
		Supporter:       &Contact{Name: " ", Phone: "\t"},
		OrganisationIDs: []int64{9, 3, 9, 3},
		Grounds:         []Ground{"solution", "treatment", "solution"},
		LifeDomains:     []LifeDomain{"work", "care", "work"},
		Summary:         "  Een klacht over de gang van zaken.  ",
		OccurredOn:      " 2026-01-05 ",
	}
	in.Normalize()
	t.Run("contact_trimmed_and_postcode_uppercased", func(t *testing.T) {
		want := Contact{Name: "Jan", Email: "jan@example.nl", Postcode: "2011 RD", City: "Haarlem"}
		if in.Complainant != want {
			t.Fatalf("complainant %+v, want %+v", in.Complainant, want)
		}
	})
	t.Run("blank_supporter_dropped", func(t *testing.T) {
		if in.Supporter != nil {
			t.Fatalf("supporter %+v, want nil", in.Supporter)
		}
	})
	t.Run("defaults_dutch_and_web", func(t *testing.T) {
		if in.Language != LanguageDutch || in.Channel != ChannelWeb {
			t.Fatalf("language %q channel %q", in.Language, in.Channel)
		}
	})
	t.Run("lists_sorted_and_deduplicated", func(t *testing.T) {
		if !slices.Equal(in.OrganisationIDs, []int64{3, 9}) || !slices.Equal(in.Grounds, []Ground{"solution", "treatment"}) ||
			!slices.Equal(in.LifeDomains, []LifeDomain{"care", "work"}) {
			t.Fatalf("orgs %v grounds %v domains %v", in.OrganisationIDs, in.Grounds, in.LifeDomains)
		}
	})
	t.Run("texts_trimmed", func(t *testing.T) {
		if in.Summary != "Een klacht over de gang van zaken." || in.OccurredOn != "2026-01-05" {
			t.Fatalf("summary %q occurred %q", in.Summary, in.OccurredOn)
		}
	})
	t.Run("explicit_choices_kept", func(t *testing.T) {
		in := Intake{Language: LanguageEnglish, Channel: ChannelCounter}
		in.Normalize()
		if in.Language != LanguageEnglish || in.Channel != ChannelCounter {
			t.Fatalf("language %q channel %q", in.Language, in.Channel)
		}
	})
}

func TestOrganisationValidate(t *testing.T) {
	valid := Organisation{Name: "Sociaal Wijkteam Schalkwijk", Kind: OrgDistrictTeam, Email: "directie@swt.example.nl",
		Street: "Postbus 1", Postcode: "2000 AA", City: "Haarlem"}
	cases := []struct {
		name   string
		mutate func(*Organisation)
		fields []string
	}{
		{name: "valid", mutate: func(*Organisation) {}},
		{name: "valid_without_email_and_address", mutate: func(o *Organisation) { o.Email, o.Street, o.Postcode, o.City = "", "", "", "" }},
		{name: "valid_every_kind", mutate: func(o *Organisation) { o.Kind = OrgYouthFamilyHub }},
		{name: "missing_name_refused", mutate: func(o *Organisation) { o.Name = "" }, fields: []string{"name"}},
		{name: "name_too_long_refused", mutate: func(o *Organisation) { o.Name = strings.Repeat("x", MaxName+1) }, fields: []string{"name"}},
		{name: "name_of_max_length_accepted", mutate: func(o *Organisation) { o.Name = strings.Repeat("x", MaxName) }},
		{name: "name_with_control_character_refused", mutate: func(o *Organisation) { o.Name = "Wijk\x07team" }, fields: []string{"name"}},
		{name: "unknown_kind_refused", mutate: func(o *Organisation) { o.Kind = "hospital" }, fields: []string{"kind"}},
		{name: "missing_kind_refused", mutate: func(o *Organisation) { o.Kind = "" }, fields: []string{"kind"}},
		{name: "bad_email_refused", mutate: func(o *Organisation) { o.Email = "directie@" }, fields: []string{"email"}},
		{name: "street_too_long_refused", mutate: func(o *Organisation) { o.Street = strings.Repeat("a", MaxName+1) }, fields: []string{"street"}},
		{name: "bad_postcode_refused", mutate: func(o *Organisation) { o.Postcode = "2000" }, fields: []string{"postcode"}},
		{name: "street_without_postcode_and_city_refused", mutate: func(o *Organisation) { o.Postcode, o.City = "", "" },
			fields: []string{"postcode", "city"}},
		{name: "city_without_street_refused", mutate: func(o *Organisation) { o.Street = "" }, fields: []string{"street"}},
		{name: "everything_wrong_refused", mutate: func(o *Organisation) { *o = Organisation{Email: "x", Street: "\xff"} },
			fields: []string{"name", "kind", "email", "street", "postcode", "city"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			o := valid
			tc.mutate(&o)
			wantFields(t, o.Validate(), "", tc.fields...)
		})
	}
	for _, k := range OrgKinds {
		if err := (Organisation{Name: "X", Kind: k}).Validate(); err != nil {
			t.Errorf("kind %s: %v", k, err)
		}
	}
}

func TestNewUserValidate(t *testing.T) {
	valid := NewUser{Email: "medewerker@meldpunt.example.nl", Name: "Anna de Vries", Role: RoleStaff, Password: "correct horse battery"}
	cases := []struct {
		name   string
		mutate func(*NewUser)
		msg    string
		fields []string
	}{
		{name: "valid_staff", mutate: func(*NewUser) {}},
		{name: "valid_admin", mutate: func(u *NewUser) { u.Role = RoleAdmin }},
		{name: "valid_council", mutate: func(u *NewUser) { u.Role = RoleCouncil }},
		{name: "valid_supporter", mutate: func(u *NewUser) { u.Role = RoleSupporter }},
		{name: "valid_organisation_with_its_organisation", mutate: func(u *NewUser) { u.Role = RoleOrganisation; u.OrganisationID = 4 }},
		{name: "organisation_without_organisation_refused", mutate: func(u *NewUser) { u.Role = RoleOrganisation },
			msg: "needs its organisation", fields: []string{"organisation_id"}},
		{name: "organisation_with_negative_id_refused", mutate: func(u *NewUser) { u.Role = RoleOrganisation; u.OrganisationID = -1 },
			fields: []string{"organisation_id"}},
		{name: "staff_with_organisation_refused", mutate: func(u *NewUser) { u.OrganisationID = 4 }, fields: []string{"organisation_id"}},
		{name: "resident_role_refused", mutate: func(u *NewUser) { u.Role = RoleResident }, fields: []string{"role"}},
		{name: "system_role_refused", mutate: func(u *NewUser) { u.Role = RoleSystem }, fields: []string{"role"}},
		{name: "unknown_role_refused", mutate: func(u *NewUser) { u.Role = "root" }, fields: []string{"role"}},
		{name: "missing_email_refused", mutate: func(u *NewUser) { u.Email = "" }, fields: []string{"email"}},
		{name: "bad_email_refused", mutate: func(u *NewUser) { u.Email = "anna" }, fields: []string{"email"}},
		{name: "missing_name_refused", mutate: func(u *NewUser) { u.Name = "" }, fields: []string{"name"}},
		{name: "password_eleven_characters_refused", mutate: func(u *NewUser) { u.Password = "elevenchars" }, msg: "at least 12", fields: []string{"password"}},
		{name: "password_twelve_characters_accepted", mutate: func(u *NewUser) { u.Password = "twelve chars" }},
		{name: "password_twelve_multibyte_runes_accepted", mutate: func(u *NewUser) { u.Password = "éééééééééééé" }},
		{name: "password_eleven_multibyte_runes_refused", mutate: func(u *NewUser) { u.Password = "ééééééééééé" }, fields: []string{"password"}},
		{name: "password_blank_refused", mutate: func(u *NewUser) { u.Password = strings.Repeat(" ", 12) }, fields: []string{"password"}},
		{name: "password_empty_refused", mutate: func(u *NewUser) { u.Password = "" }, fields: []string{"password"}},
		{name: "password_over_200_refused", mutate: func(u *NewUser) { u.Password = strings.Repeat("p", 201) }, fields: []string{"password"}},
		{name: "password_of_200_accepted", mutate: func(u *NewUser) { u.Password = strings.Repeat("p", 200) }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			u := valid
			tc.mutate(&u)
			wantFields(t, u.Validate(), tc.msg, tc.fields...)
		})
	}
}

func TestCheckText(t *testing.T) {
	cases := []struct {
		name     string
		s        string
		required bool
		max      int
		msg      string
	}{
		{name: "empty_optional_accepted", s: "", max: 5},
		{name: "blank_optional_accepted", s: "   ", max: 5},
		{name: "empty_required_refused", s: "", required: true, max: 5, msg: "is required"},
		{name: "max_runes_accepted", s: "ëëëëë", max: 5},
		{name: "over_max_runes_refused", s: "ëëëëëë", max: 5, msg: "too long"},
		{name: "delete_character_refused", s: "a\x7fb", max: 5, msg: "control"},
		{name: "invalid_utf8_refused", s: "\xc0\xaf", max: 5, msg: "UTF-8"},
		{name: "crlf_and_tab_accepted", s: "a\r\n\tb", max: 5},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var v Validator
			CheckText(&v, "f", tc.s, tc.required, tc.max)
			if tc.msg == "" {
				wantFields(t, v.Err(), "")
				return
			}
			wantFields(t, v.Err(), tc.msg, "f")
		})
	}
}

func TestCheckTextBoundsLines(t *testing.T) {
	var v Validator
	CheckText(&v, "summary", strings.Repeat("ab\n", MaxLines), true, MaxLongText)
	if len(v.Fields) != 1 || v.Fields[0].Field != "summary" {
		t.Fatalf("a text of %d lines passed: %+v", MaxLines+1, v.Fields)
	}
	v = Validator{}
	CheckText(&v, "summary", strings.Repeat("ab\n", MaxLines-1), true, MaxLongText)
	if len(v.Fields) != 0 {
		t.Fatalf("a text of %d lines was refused: %+v", MaxLines, v.Fields)
	}
}
