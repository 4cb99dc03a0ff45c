package casework

import (
	"slices"
	"strings"
	"testing"
)

func fieldNames(err error) []string {
	var out []string
	if e, ok := err.(*Error); ok {
		for _, f := range e.Fields {
			out = append(out, f.Field)
		}
	}
	return out
}

func TestRepresentationChangeValidate(t *testing.T) {
	const today = "2026-12-07"
	pool := Representation{SupporterID: 4, Consent: true}
	cases := []struct {
		name   string
		by     Role
		ch     RepresentationChange
		fields []string
	}{
		{name: "resident_chooses_pool_member_accepted", by: RoleResident, ch: RepresentationChange{Representation: pool}},
		{name: "resident_ends_accepted", by: RoleResident, ch: RepresentationChange{End: true}},
		{name: "resident_without_consent_refused", by: RoleResident,
			ch: RepresentationChange{Representation: Representation{SupporterID: 4}}, fields: []string{"supporter_consent"}},
		{name: "nothing_refused", by: RoleResident, ch: RepresentationChange{}, fields: []string{"supporter_id"}},
		{name: "end_and_choice_refused", by: RoleResident, ch: RepresentationChange{Representation: pool, End: true}, fields: []string{"end"}},
		{name: "resident_with_day_of_letter_refused", by: RoleResident,
			ch: RepresentationChange{End: true, ReceivedOn: today}, fields: []string{"received_on"}},
		{name: "staff_with_day_of_letter_accepted", by: RoleStaff, ch: RepresentationChange{Representation: pool, ReceivedOn: "2026-12-01"}},
		{name: "staff_without_day_of_letter_refused", by: RoleStaff, ch: RepresentationChange{End: true}, fields: []string{"received_on"}},
		{name: "staff_letter_from_the_future_refused", by: RoleStaff,
			ch: RepresentationChange{End: true, ReceivedOn: "2026-12-08"}, fields: []string{"received_on"}},
		{name: "staff_letter_not_a_date_refused", by: RoleStaff,
			ch: RepresentationChange{End: true, ReceivedOn: "1 december"}, fields: []string{"received_on"}},
		{name: "informal_representative_accepted", by: RoleStaff, ch: RepresentationChange{ReceivedOn: today,
			Representation: Representation{Supporter: &Contact{Name: "Marleen Visser", Street: "Kruisweg 1", Postcode: "2011 LA", City: "Haarlem"},
				Relation: "dochter", Consent: true}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.ch.Validate(tc.by, today)
			if got := fieldNames(err); !slices.Equal(got, tc.fields) {
				t.Fatalf("field errors on %v, want %v (%v)", got, tc.fields, err)
			}
		})
	}
}

func TestNewContributionValidate(t *testing.T) {
	cases := []struct {
		name   string
		in     NewContribution
		fields []string
	}{
		{name: "information_accepted", in: NewContribution{Information: "Zij belde drie keer."}},
		{name: "documents_only_accepted", in: NewContribution{Documents: []string{"Brief van 3 maart", "  "}}},
		{name: "empty_refused", in: NewContribution{Information: "  ", Documents: []string{" "}}, fields: []string{"information"}},
		{name: "too_many_documents_refused", in: NewContribution{Documents: slices.Repeat([]string{"brief"}, MaxDocuments+1)},
			fields: []string{"documents"}},
		{name: "too_long_refused", in: NewContribution{Information: strings.Repeat("x", MaxLongText+1)}, fields: []string{"information"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tc.in.Normalize()
			if got := fieldNames(tc.in.Validate()); !slices.Equal(got, tc.fields) {
				t.Fatalf("field errors on %v, want %v", got, tc.fields)
			}
		})
	}
}

func TestSupporterFilesOnlyWithTheClientsConsent(t *testing.T) {
	in := Intake{Channel: ChannelWeb}
	if err := in.CheckFiler(RoleSupporter); ErrorCode(err) != CodeValidation || !slices.Equal(fieldNames(err), []string{"supporter_consent"}) {
		t.Fatalf("a supporter filing without the client's consent: %v, want validation_failed on supporter_consent", err)
	}
	in.SupporterConsent = true
	if err := in.CheckFiler(RoleSupporter); err != nil {
		t.Fatalf("a supporter filing with consent: %v", err)
	}
	in.Supporter = &Contact{Name: "Buurvrouw", Email: "b@example.nl"}
	if err := in.CheckFiler(RoleSupporter); err == nil {
		t.Fatal("a supporter filing and naming another representative was accepted")
	}
	if err := (Intake{}).CheckFiler(RoleCouncil); ErrorCode(err) != CodeForbidden {
		t.Fatalf("the council filing: %v, want forbidden", err)
	}
	// The complaint of a supporter's client needs an address the meldpunt can write to, like a resident's.
	in = validIntake()
	in.Complainant.Email, in.Complainant.Street, in.Complainant.Phone = "", "", "023 555 0000"
	in.SupporterConsent = true
	if err := in.Validate(RoleSupporter, "2026-12-07"); !slices.Contains(fieldNames(err), "complainant") {
		t.Fatalf("a supporter filing for a client with a phone number only: %v", err)
	}
}
