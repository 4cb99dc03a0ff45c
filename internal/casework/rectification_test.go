package casework

import (
	"slices"
	"testing"
)

func TestRectificationValidate(t *testing.T) {
	ok := Contact{Name: "Karin de Wit", Email: "karin@example.nl"}
	tests := []struct {
		name   string
		r      Rectification
		fields []string
	}{
		{name: "complete_accepted", r: Rectification{Complainant: ok, Reason: "op verzoek"}},
		{name: "reason_required", r: Rectification{Complainant: ok, Reason: "  "}, fields: []string{"reason"}},
		{name: "unknown_language_refused", r: Rectification{Complainant: ok, Language: "de", Reason: "r"}, fields: []string{"language"}},
		{name: "complainant_unreachable_refused", r: Rectification{Complainant: Contact{Name: "K"}, Reason: "r"}, fields: []string{"email"}},
		{name: "representative_without_name_refused", r: Rectification{Complainant: ok, Representative: &Contact{Email: "a@b.nl"}, Reason: "r"},
			fields: []string{"representative_name"}},
		{name: "representative_half_address_refused", r: Rectification{Complainant: ok, Representative: &Contact{Name: "B", Street: "Weg 1"}, Reason: "r"},
			fields: []string{"representative_street"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.r.Normalize()
			err := tc.r.Validate()
			var got []string
			if e, ok := err.(*Error); ok {
				for _, f := range e.Fields {
					got = append(got, f.Field)
				}
			}
			if !slices.Equal(got, tc.fields) {
				t.Fatalf("fields %v, want %v (%v)", got, tc.fields, err)
			}
		})
	}
}

func TestRectificationChanges(t *testing.T) {
	old := Contact{Name: "A", Email: "a@x.nl", Street: "Weg 1", Postcode: "2011 AA", City: "Haarlem"}
	rep := Contact{Name: "B", Phone: "06 1"}
	r := Rectification{Complainant: Contact{Name: "A", Email: "a@y.nl", Street: "Weg 1", Postcode: "2011 AA", City: "Haarlem"},
		Language: LanguageEnglish, Representative: &Contact{Name: "B", Phone: "06 2"}}
	got := r.Changes(old, LanguageDutch, &rep)
	want := []FieldChange{{"complainant.email", "a@x.nl", "a@y.nl"}, {"language", "nl", "en"}, {"representative.phone", "06 1", "06 2"}}
	if !slices.Equal(got, want) {
		t.Fatalf("changes %+v, want %+v", got, want)
	}
	if got := (Rectification{Complainant: old}).Changes(old, LanguageDutch, nil); len(got) != 0 {
		t.Fatalf("no change gave %+v", got)
	}
}
