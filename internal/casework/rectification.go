package casework

import "strings"

// Rectification is a correction of a complainant's personal data on their request (art. 16 AVG):
// their name, contact details and postal address, the language of their letters, and the details
// of the informal representative who acts for them. Any staff member or admin may make it, with a
// reason: it is not a step in the case. The old values are kept only in the audit trail's event.
type Rectification struct {
	Complainant Contact `json:"complainant"`
	// Language is the language of the complainant's letters; empty keeps it.
	Language Language `json:"language,omitempty"`
	// Representative is the informal representative's details (name and how to reach them); nil
	// keeps them. Only a complaint with an informal representative acting now has them.
	Representative *Contact `json:"representative,omitempty"`
	// EmailConfirmed: staff checked the e-mail address with the complainant.
	EmailConfirmed bool `json:"email_confirmed"`
	// Reason is why, e.g. "op verzoek van klager, brief van 3 december" (required).
	Reason string `json:"reason"`
}

// FieldChange is one corrected field with its value before and after, for the audit trail.
type FieldChange struct {
	Field string `json:"field"`
	Old   string `json:"old"`
	New   string `json:"new"`
}

// Normalize trims what was typed.
func (r *Rectification) Normalize() {
	r.Complainant.Normalize()
	if r.Representative != nil {
		r.Representative.Normalize()
	}
	r.Reason = strings.TrimSpace(r.Reason)
	r.Language = Language(strings.TrimSpace(string(r.Language)))
}

// Validate checks a rectification: the complainant's details as ValidateComplainant does, a known
// language, the representative's details (a name; a postal address in full or not at all) and the
// reason.
func (r Rectification) Validate() error {
	var v Validator
	if err := r.Complainant.ValidateComplainant(); err != nil {
		if e, ok := err.(*Error); ok {
			v.Fields = append(v.Fields, e.Fields...)
		}
	}
	v.Check(r.Language == "" || r.Language.Valid(), "language", "must be nl or en")
	if p := r.Representative; p != nil {
		p.check(&v, "representative_", true)
		if (p.Street != "" || p.Postcode != "" || p.City != "") && !p.Postal() {
			v.Add("representative_street", "a postal address needs street and number, postcode and city")
		}
	}
	CheckText(&v, "reason", r.Reason, true, MaxShortText)
	return v.Err()
}

// Changes lists every field that r changes from the complainant's contact old, the language
// oldLang and the representative's contact oldRep, with the old and new value.
func (r Rectification) Changes(old Contact, oldLang Language, oldRep *Contact) []FieldChange {
	var out []FieldChange
	contact := func(prefix string, was, is Contact) {
		for _, f := range []struct{ name, was, is string }{{"name", was.Name, is.Name}, {"email", was.Email, is.Email},
			{"phone", was.Phone, is.Phone}, {"street", was.Street, is.Street}, {"postcode", was.Postcode, is.Postcode},
			{"city", was.City, is.City}} {
			if f.was != f.is {
				out = append(out, FieldChange{Field: prefix + f.name, Old: f.was, New: f.is})
			}
		}
	}
	contact("complainant.", old, r.Complainant)
	if r.Language != "" && r.Language != oldLang {
		out = append(out, FieldChange{Field: "language", Old: string(oldLang), New: string(r.Language)})
	}
	if r.Representative != nil && oldRep != nil {
		contact("representative.", *oldRep, *r.Representative)
	}
	return out
}
