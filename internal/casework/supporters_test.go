package casework

import (
	"slices"
	"testing"
)

// TestSupporterStatusMoves checks the whole table of changes of a supporter's status: a suspension
// can be lifted, a removal is final, nothing moves to where it is.
func TestSupporterStatusMoves(t *testing.T) {
	allowed := map[[2]SupporterStatus]bool{
		{SupporterActive, SupporterSuspended}: true, {SupporterActive, SupporterRemoved}: true,
		{SupporterSuspended, SupporterActive}: true, {SupporterSuspended, SupporterRemoved}: true,
	}
	for _, from := range SupporterStatuses {
		for _, to := range SupporterStatuses {
			if got := from.CanMoveTo(to); got != allowed[[2]SupporterStatus{from, to}] {
				t.Errorf("%s → %s: %v", from, to, got)
			}
			err := CheckStatusChange(from, to, "reden")
			if (err == nil) != allowed[[2]SupporterStatus{from, to}] {
				t.Errorf("%s → %s with a reason: %v", from, to, err)
			}
		}
	}
	if ErrorCode(CheckStatusChange(SupporterActive, SupporterSuspended, " \n")) != CodeValidation {
		t.Error("a blank reason is accepted")
	}
}

// TestSupporterChannelsFollowContact: a channel is offered exactly when its contact field is filled.
func TestSupporterChannelsFollowContact(t *testing.T) {
	for _, tc := range []struct {
		c    SupporterContact
		want []SupportChannel
	}{
		{SupporterContact{}, []SupportChannel{}},
		{SupporterContact{PhoneHours: "ma"}, []SupportChannel{}},
		{SupporterContact{Phone: "1", WhatsApp: "2"}, []SupportChannel{SupportPhone, SupportWhatsApp}},
		{SupporterContact{Email: "a@b.nl", WalkInAddress: "x", HomeVisits: true}, []SupportChannel{SupportEmail, SupportWalkIn, SupportHomeVisit}},
	} {
		if got := tc.c.Channels(); !slices.Equal(got, tc.want) {
			t.Errorf("%+v: %v, want %v", tc.c, got, tc.want)
		}
	}
}

// TestSupporterProfileNormalized: lists are sorted without duplicates, languages lower-cased,
// blank groups dropped, and a website must be a web address.
func TestSupporterProfileNormalized(t *testing.T) {
	p := SupporterProfile{Name: " X ", Kind: SupporterProfessional, DescriptionNL: "d", Independence: "i",
		LifeDomains: []LifeDomain{DomainIncome, DomainCare, DomainIncome}, Languages: []string{"TR", "nl", "tr"},
		Groups: []string{"", " a "}, Contact: SupporterContact{Phone: "1", Website: "javascript:alert(1)"}}
	p.Normalize()
	if p.Name != "X" || !slices.Equal(p.LifeDomains, []LifeDomain{DomainCare, DomainIncome}) ||
		!slices.Equal(p.Languages, []string{"nl", "tr"}) || !slices.Equal(p.Groups, []string{"a"}) {
		t.Fatalf("normalized %+v", p)
	}
	var e *Error
	err := p.Validate()
	if ErrorCode(err) != CodeValidation {
		t.Fatalf("javascript: website accepted: %v", err)
	}
	e = err.(*Error)
	if len(e.Fields) != 1 || e.Fields[0].Field != "contact.website" {
		t.Fatalf("fields %+v", e.Fields)
	}
}

// TestSupporterContactFitsItsLinks: the directory links the e-mail address as mailto: and the phone
// number as tel:, so an address may not carry mailto headers (?cc=, &bcc=, %0A) and a phone number
// holds only what a dialler understands.
func TestSupporterContactFitsItsLinks(t *testing.T) {
	base := SupporterProfile{Name: "X", Kind: SupporterProfessional, DescriptionNL: "d", Independence: "i",
		LifeDomains: []LifeDomain{DomainCare}, Languages: []string{"nl"}}
	for _, tc := range []struct {
		c     SupporterContact
		field string
	}{
		{SupporterContact{Email: "info?cc=spoof&bcc=x@evil.example"}, "contact.email"},
		{SupporterContact{Email: "a%0Acc@x.example"}, "contact.email"},
		{SupporterContact{Email: "info@x.example", Phone: "bel ons?"}, "contact.phone"},
		{SupporterContact{Email: "info@x.example", WhatsApp: "javascript:x"}, "contact.whatsapp"},
		{SupporterContact{Email: "info@x.example", Phone: "+31 (0)23-700.1100"}, ""},
	} {
		p := base
		p.Contact = tc.c
		err := p.Validate()
		if tc.field == "" {
			if err != nil {
				t.Errorf("%+v refused: %v", tc.c, err)
			}
			continue
		}
		e, ok := err.(*Error)
		if !ok || !slices.ContainsFunc(e.Fields, func(f FieldError) bool { return f.Field == tc.field }) {
			t.Errorf("%+v: %v, want an error on %s", tc.c, err, tc.field)
		}
	}
}

// TestSupporterFilterErrorIsBounded: the filter comes from a public query string, so a thousand
// unknown values give one error per filter, not a thousand (a 1 MB query made a response of MBs).
func TestSupporterFilterErrorIsBounded(t *testing.T) {
	var f SupporterFilter
	for range 1000 {
		f.Languages = append(f.Languages, "xx")
		f.LifeDomains = append(f.LifeDomains, "yy")
		f.Channels = append(f.Channels, "zz")
		f.Neighbourhoods = append(f.Neighbourhoods, "ww")
	}
	e, ok := f.Validate().(*Error)
	if !ok {
		t.Fatal("unknown values accepted")
	}
	if len(e.Fields) != 4 {
		t.Fatalf("%d field errors, want 4", len(e.Fields))
	}
}

// TestSupporterGroupsWithoutDuplicates: a group typed twice (one per line on the admin's form) is
// kept once, in the admin's order.
func TestSupporterGroupsWithoutDuplicates(t *testing.T) {
	p := SupporterProfile{Groups: []string{"ouderen", "mantelzorgers", " ouderen ", "ouderen"}}
	p.Normalize()
	if !slices.Equal(p.Groups, []string{"ouderen", "mantelzorgers"}) {
		t.Fatalf("groups %q", p.Groups)
	}
}
