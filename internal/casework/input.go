package casework

import (
	"net/mail"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Text limits, in characters.
const (
	MaxName      = 200
	MaxShortText = 500
	MaxLongText  = 20000
	MaxEmail     = 254
	// MaxLines bounds the lines of any text, so that every letter quoting it fits on paper.
	MaxLines = 300
)

// MaxComplaintOrganisations is the most organisations one complaint may be about.
const MaxComplaintOrganisations = 10

// CheckText validates a free-text field: valid UTF-8, no control characters other than line breaks
// and tabs, at most max characters, and (when required) not blank.
func CheckText(v *Validator, field, s string, required bool, max int) {
	switch {
	case !utf8.ValidString(s):
		v.Add(field, "contains invalid characters (not UTF-8)")
	case strings.TrimSpace(s) == "":
		if required {
			v.Add(field, "is required")
		}
	case utf8.RuneCountInString(s) > max:
		v.Add(field, "is too long: at most %d characters", max)
	case strings.Count(s, "\n") >= MaxLines:
		v.Add(field, "has too many lines: at most %d", MaxLines)
	case strings.ContainsFunc(s, func(r rune) bool {
		return unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t'
	}):
		v.Add(field, "contains control characters")
	}
}

// CheckEmail validates an e-mail address field (optional unless required).
func CheckEmail(v *Validator, field, s string, required bool) {
	n := len(v.Fields)
	CheckText(v, field, s, required, MaxEmail)
	if len(v.Fields) > n || s == "" {
		return
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || !strings.Contains(s[strings.LastIndexByte(s, '@'):], ".") {
		v.Add(field, "is not a valid e-mail address")
	}
}

var postcodePattern = regexp.MustCompile(`^[1-9][0-9]{3} ?[A-Za-z]{2}$`)

// Organisation is a body a complaint can be about and binding advice can be addressed to.
type Organisation struct {
	ID    int64   `json:"id" db:"id"`
	Name  string  `json:"name" db:"name"`
	Kind  OrgKind `json:"kind" db:"kind"`
	Email string  `json:"email,omitempty" db:"email"`
	// Street, Postcode and City are the postal address, as the envelope shows it: street and
	// number (or "Postbus 511"), then postcode and town on the last line.
	Street   string `json:"street,omitempty" db:"street"`
	Postcode string `json:"postcode,omitempty" db:"postcode"`
	City     string `json:"city,omitempty" db:"city"`
}

// AddressIncomplete reports whether the organisation has a street but no postcode or town: an
// address that the move from the one-line address could not split, to be completed by the admin.
func (o Organisation) AddressIncomplete() bool {
	return (o.Street != "" || o.Postcode != "" || o.City != "") && (o.Street == "" || o.Postcode == "" || o.City == "")
}

// Normalize trims the fields and writes the postcode as "2011 AB".
func (o *Organisation) Normalize() {
	o.Name = strings.TrimSpace(o.Name)
	o.Email = strings.TrimSpace(o.Email)
	o.Street = strings.TrimSpace(o.Street)
	o.Postcode = NormalizePostcode(o.Postcode)
	o.City = strings.TrimSpace(o.City)
}

// Validate checks a new organisation: a postal address is optional, but when given it has all
// three parts.
func (o Organisation) Validate() error {
	var v Validator
	CheckText(&v, "name", o.Name, true, MaxName)
	v.Check(o.Kind.Valid(), "kind", "must be one of %s", join(OrgKinds))
	CheckEmail(&v, "email", o.Email, false)
	CheckText(&v, "street", o.Street, false, MaxName)
	CheckText(&v, "city", o.City, false, 100)
	if o.Postcode != "" && !postcodePattern.MatchString(o.Postcode) {
		v.Add("postcode", "must be a Dutch postcode like 2011 AB")
	}
	if o.AddressIncomplete() {
		for _, f := range [][2]string{{"street", o.Street}, {"postcode", o.Postcode}, {"city", o.City}} {
			if f[1] == "" {
				v.Add(f[0], "a postal address needs street and number, postcode and city")
			}
		}
	}
	return v.Err()
}

// NormalizePostcode writes a Dutch postcode as PostNL does: four digits, a space, two capitals
// ("2011ab" becomes "2011 AB"). Anything else is only trimmed.
func NormalizePostcode(s string) string {
	s = strings.ToUpper(strings.TrimSpace(s))
	if postcodePattern.MatchString(s) && !strings.Contains(s, " ") {
		s = s[:4] + " " + s[4:]
	}
	return s
}

// Contact is how to reach a person by post, e-mail or phone.
type Contact struct {
	Name     string `json:"name"`
	Email    string `json:"email,omitempty"`
	Phone    string `json:"phone,omitempty"`
	Street   string `json:"street,omitempty"`
	Postcode string `json:"postcode,omitempty"`
	City     string `json:"city,omitempty"`
}

func (c Contact) check(v *Validator, prefix string, nameRequired bool) {
	CheckText(v, prefix+"name", c.Name, nameRequired, MaxName)
	CheckEmail(v, prefix+"email", c.Email, false)
	CheckText(v, prefix+"phone", c.Phone, false, 40)
	if c.Phone != "" && !strings.ContainsFunc(c.Phone, unicode.IsDigit) {
		v.Add(prefix+"phone", "must contain a phone number")
	}
	CheckText(v, prefix+"street", c.Street, false, MaxName)
	CheckText(v, prefix+"city", c.City, false, 100)
	if c.Postcode != "" && !postcodePattern.MatchString(c.Postcode) {
		v.Add(prefix+"postcode", "must be a Dutch postcode like 2011 AB")
	}
}

// Reachable reports whether c can be written to: a full postal address or an e-mail address.
func (c Contact) Reachable() bool { return c.Email != "" || c.Postal() }

// Normalize trims every field and writes the postcode in capitals.
func (c *Contact) Normalize() { trimContact(c) }

// ValidateComplainant checks a complainant's contact as staff correct it: a name, and a way to
// reach them (an e-mail address, a phone number or a full postal address).
func (c Contact) ValidateComplainant() error {
	var v Validator
	c.check(&v, "", true)
	if c.Email == "" && c.Phone == "" && !c.Postal() {
		v.Add("email", "give an e-mail address, a phone number or a full postal address")
	}
	if (c.Street != "" || c.Postcode != "" || c.City != "") && !c.Postal() {
		v.Add("street", "a postal address needs street and number, postcode and city")
	}
	return v.Err()
}

// ContactChanges says which parts of a contact changed from old to c, without their contents,
// for the audit trail: "e-mail address added", "postal address changed".
func (c Contact) ContactChanges(old Contact) []string {
	var out []string
	part := func(name string, was, is bool, same bool) {
		switch {
		case !was && is:
			out = append(out, name+" added")
		case was && !is:
			out = append(out, name+" removed")
		case was && is && !same:
			out = append(out, name+" changed")
		}
	}
	part("name", old.Name != "", c.Name != "", old.Name == c.Name)
	part("e-mail address", old.Email != "", c.Email != "", old.Email == c.Email)
	part("phone number", old.Phone != "", c.Phone != "", old.Phone == c.Phone)
	oldPost := old.Street != "" || old.Postcode != "" || old.City != ""
	newPost := c.Street != "" || c.Postcode != "" || c.City != ""
	part("postal address", oldPost, newPost, old.Street == c.Street && old.Postcode == c.Postcode && old.City == c.City)
	return out
}

// Postal reports whether c has a full postal address.
func (c Contact) Postal() bool { return c.Street != "" && c.Postcode != "" && c.City != "" }

// Intake is a new complaint as filed by a resident or registered by staff.
type Intake struct {
	Complainant     Contact  `json:"complainant"`
	Language        Language `json:"language"`
	Channel         Channel  `json:"channel"`
	OrganisationIDs []int64  `json:"organisation_ids"`
	// OrganisationUnknown says that the complainant does not know which organisation the complaint
	// is about: OrganisationIDs is then empty and staff choose the organisation later
	// (AddOrganisation).
	OrganisationUnknown bool     `json:"organisation_unknown"`
	Grounds             []Ground `json:"grounds"`
	// LifeDomains may be empty when the complainant describes the life domain in their own words
	// (LifeDomainText) or leaves it to staff (LifeDomainUnknown); staff choose it later.
	LifeDomains       []LifeDomain `json:"life_domains"`
	LifeDomainText    string       `json:"life_domain_text,omitempty"`
	LifeDomainUnknown bool         `json:"life_domain_unknown,omitempty"`
	Summary           string       `json:"summary"`
	DesiredOutcome    string       `json:"desired_outcome"`
	OccurredOn        string       `json:"occurred_on"`
	// SupporterID is the member of the pool of client supporters the complainant chose; Supporter an
	// informal representative (family, a carer) with their relation (SupporterRelation) instead.
	SupporterID       int64    `json:"supporter_id"`
	Supporter         *Contact `json:"supporter"`
	SupporterRelation string   `json:"supporter_relation"`
	// SupporterConsent records that the complainant lets the supporter act for them in the procedure;
	// without it nobody is recorded as acting for them.
	SupporterConsent bool `json:"supporter_consent"`
	// ReceivedOn is the day the complaint reached the meldpunt (YYYY-MM-DD). Staff set it when they
	// register a complaint that came by phone, letter, e-mail or at the counter; empty means today.
	// Residents filing on the web may not set it: their complaint is received today.
	ReceivedOn string `json:"received_on,omitempty"`
}

// Normalize trims fields and fills defaults (Dutch, web).
func (in *Intake) Normalize() {
	trimContact(&in.Complainant)
	r := in.Representation()
	r.Normalize()
	in.Supporter, in.SupporterRelation = r.Supporter, r.Relation
	in.Summary = strings.TrimSpace(in.Summary)
	in.DesiredOutcome = strings.TrimSpace(in.DesiredOutcome)
	in.LifeDomainText = strings.TrimSpace(in.LifeDomainText)
	in.OccurredOn = strings.TrimSpace(in.OccurredOn)
	in.ReceivedOn = strings.TrimSpace(in.ReceivedOn)
	if in.Language == "" {
		in.Language = LanguageDutch
	}
	if in.Channel == "" {
		in.Channel = ChannelWeb
	}
	slices.Sort(in.OrganisationIDs)
	in.OrganisationIDs = slices.Compact(in.OrganisationIDs)
	slices.Sort(in.Grounds)
	in.Grounds = slices.Compact(in.Grounds)
	slices.Sort(in.LifeDomains)
	in.LifeDomains = slices.Compact(in.LifeDomains)
	if in.LifeDomains == nil {
		in.LifeDomains = []LifeDomain{} // left to staff
	}
}

func trimContact(c *Contact) {
	c.Name = strings.TrimSpace(c.Name)
	c.Email = strings.TrimSpace(c.Email)
	c.Phone = strings.TrimSpace(c.Phone)
	c.Street = strings.TrimSpace(c.Street)
	c.Postcode = NormalizePostcode(c.Postcode)
	c.City = strings.TrimSpace(c.City)
}

// Validate checks an intake filed by filer; today is the local date of filing (YYYY-MM-DD ordering
// is lexical). A resident must give a postal address or an e-mail address, so that the meldpunt can
// write to them; staff may register a complaint with a phone number only (its letters then wait
// until staff add an address). An empty ReceivedOn counts as today.
func (in Intake) Validate(filer Role, today string) error {
	var v Validator
	in.Complainant.check(&v, "complainant.", true)
	c := in.Complainant
	switch {
	case (filer == RoleResident || filer == RoleSupporter) && c.Email == "" && !c.Postal():
		v.Add("complainant", "give a postal address or an e-mail address so that the meldpunt can write to you; a phone number alone is not enough")
	case c.Email == "" && c.Phone == "" && !c.Postal():
		v.Add("complainant", "give an e-mail address, a phone number or a full postal address so that the meldpunt can reach you")
	}
	if (c.Street != "" || c.Postcode != "" || c.City != "") && !c.Postal() {
		v.Add("complainant.street", "a postal address needs street and number, postcode and city")
	}
	received := today
	if in.ReceivedOn != "" {
		switch {
		case filer == RoleResident || filer == RoleSupporter:
			v.Add("received_on", "a complaint filed on the web is received today; only staff record another day of receipt")
		case !isDate(in.ReceivedOn):
			v.Add("received_on", "must be a date as YYYY-MM-DD")
		case in.ReceivedOn > today:
			v.Add("received_on", "cannot be in the future")
		case in.ReceivedOn < YearBefore(today):
			v.Add("received_on", "can be at most one year ago (not before %s)", YearBefore(today))
		default:
			received = in.ReceivedOn
		}
	}
	v.Check(in.Language.Valid(), "language", "must be one of %s", join(Languages))
	v.Check(in.Channel.Valid(), "channel", "must be one of %s", join(Channels))
	if in.OrganisationUnknown {
		v.Check(len(in.OrganisationIDs) == 0, "organisation_ids",
			"choose organisations or say that you do not know which organisation, not both")
	} else {
		checkList(&v, "organisation_ids", len(in.OrganisationIDs), 1, MaxComplaintOrganisations)
	}
	for _, id := range in.OrganisationIDs {
		v.Check(id > 0, "organisation_ids", "contains an invalid organisation id")
	}
	checkEnumList(&v, "grounds", in.Grounds, Grounds)
	// The life domain may be told in the complainant's words or left to staff: none chosen is
	// allowed then.
	if len(in.LifeDomains) > 0 || (in.LifeDomainText == "" && !in.LifeDomainUnknown) {
		checkEnumList(&v, "life_domains", in.LifeDomains, LifeDomains)
		if len(in.LifeDomains) == 0 {
			v.Fields[len(v.Fields)-1].Message = "choose at least 1, describe the life domain in your own words (life_domain_text), or leave it to the meldpunt (life_domain_unknown)"
		}
	}
	CheckText(&v, "life_domain_text", in.LifeDomainText, false, MaxShortText)
	CheckText(&v, "summary", in.Summary, true, MaxLongText)
	if in.Summary != "" && utf8.RuneCountInString(in.Summary) < 10 {
		v.Add("summary", "describe what happened in a few words (at least 10 characters)")
	}
	CheckText(&v, "desired_outcome", in.DesiredOutcome, false, MaxLongText)
	if in.OccurredOn != "" {
		if _, err := time.Parse(time.DateOnly, in.OccurredOn); err != nil {
			v.Add("occurred_on", "must be a date as YYYY-MM-DD")
		} else if in.OccurredOn > today {
			v.Add("occurred_on", "cannot be in the future")
		} else if in.OccurredOn > received {
			v.Add("occurred_on", "cannot be after the day the complaint was received (%s)", received)
		}
	}
	in.Representation().check(&v)
	return v.Err()
}

// Representation is who the intake names to act for the complainant, with the consent.
func (in Intake) Representation() Representation {
	return Representation{SupporterID: in.SupporterID, Supporter: in.Supporter, Relation: in.SupporterRelation,
		Consent: in.SupporterConsent}
}

// CheckFiler refuses an intake its filer may not make: residents file on the web, staff register
// complaints from every channel, and nobody else files.
func (in Intake) CheckFiler(filer Role) error {
	switch {
	case filer != RoleResident && filer != RoleSupporter && !filer.HandlesCases():
		return Errorf(CodeForbidden, "Only residents, their client supporters and the meldpunt's staff file complaints.")
	case filer == RoleSupporter && (in.Supporter != nil || !in.SupporterConsent):
		return &Error{Code: CodeValidation, Message: "The request contains invalid fields.",
			Fields: []FieldError{{Field: "supporter_consent", Message: "a supporter files only with the client's recorded consent that you act for them; record it (supporter_consent) and name no other representative"}}}
	case (filer == RoleResident || filer == RoleSupporter) && in.Channel != "" && in.Channel != ChannelWeb:
		return &Error{Code: CodeValidation, Message: "The request contains invalid fields.",
			Fields: []FieldError{{Field: "channel", Message: "a complaint filed on the web has channel web; staff register other channels"}}}
	}
	return nil
}

// isDate reports whether s is a date as YYYY-MM-DD.
func isDate(s string) bool {
	_, err := time.Parse(time.DateOnly, s)
	return err == nil
}

// YearBefore returns the date one year before day (YYYY-MM-DD); 29 February gives 1 March.
// A day that is not a date is returned unchanged.
func YearBefore(day string) string {
	t, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return day
	}
	return t.AddDate(-1, 0, 0).Format(time.DateOnly)
}

// YearAfter returns the date one year after day (YYYY-MM-DD); 29 February gives 1 March.
// A day that is not a date is returned unchanged.
func YearAfter(day string) string {
	t, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return day
	}
	return t.AddDate(1, 0, 0).Format(time.DateOnly)
}

// MoreThanYearBefore reports whether occurred lies more than one year before received (both
// YYYY-MM-DD): the events are then too old for a complaint (Awb 9:8 lid 1 b).
func MoreThanYearBefore(occurred, received string) bool {
	return occurred != "" && isDate(occurred) && occurred < YearBefore(received)
}

func checkList(v *Validator, field string, n, min, max int) {
	switch {
	case n < min:
		v.Add(field, "choose at least %d", min)
	case n > max:
		v.Add(field, "choose at most %d", max)
	}
}

func checkEnumList[T interface {
	~string
	Valid() bool
}](v *Validator, field string, got, all []T) {
	checkList(v, field, len(got), 1, len(all))
	for _, g := range got {
		if !g.Valid() {
			v.Add(field, "unknown value %q: must be one of %s", truncate(string(g), 40), join(all))
			return
		}
	}
}

func join[T ~string](all []T) string {
	s := make([]string, len(all))
	for i, a := range all {
		s[i] = string(a)
	}
	return strings.Join(s, ", ")
}

func truncate(s string, n int) string {
	if !utf8.ValidString(s) {
		return "?"
	}
	r := []rune(s)
	if len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}
