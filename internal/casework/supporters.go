package casework

import (
	"slices"
	"strings"
	"time"
)

// SupporterKind is what kind of member of the pool of client supporters a supporter is.
type SupporterKind string

// Supporter kinds: an organisation (MEE & De Wering, Cliëntenbelang, a union, volunteers) or an
// individual professional (a ZZP'er).
const (
	SupporterOrganisation SupporterKind = "organisation"
	SupporterProfessional SupporterKind = "professional"
)

// SupporterKinds lists every kind.
var SupporterKinds = []SupporterKind{SupporterOrganisation, SupporterProfessional}

// Valid reports whether k is a known kind.
func (k SupporterKind) Valid() bool { return slices.Contains(SupporterKinds, k) }

// SupporterStatus is where a supporter stands in the pool. Only active supporters are shown to
// the public.
type SupporterStatus string

// Supporter statuses.
const (
	SupporterActive    SupporterStatus = "active"
	SupporterSuspended SupporterStatus = "suspended"
	SupporterRemoved   SupporterStatus = "removed"
)

// SupporterStatuses lists every status.
var SupporterStatuses = []SupporterStatus{SupporterActive, SupporterSuspended, SupporterRemoved}

// supporterMoves is the whole table of allowed changes of status: a suspension can be lifted, a
// removal is final.
var supporterMoves = map[SupporterStatus][]SupporterStatus{
	SupporterActive:    {SupporterSuspended, SupporterRemoved},
	SupporterSuspended: {SupporterActive, SupporterRemoved},
}

// CanMoveTo reports whether a supporter with status s may get status to.
func (s SupporterStatus) CanMoveTo(to SupporterStatus) bool {
	return slices.Contains(supporterMoves[s], to)
}

// SupportChannel is a way a resident can reach a supporter.
type SupportChannel string

// Channels of a supporter.
const (
	SupportPhone     SupportChannel = "phone"
	SupportEmail     SupportChannel = "email"
	SupportWhatsApp  SupportChannel = "whatsapp"
	SupportWalkIn    SupportChannel = "walk_in"
	SupportHomeVisit SupportChannel = "home_visit"
)

// SupportChannels lists every channel.
var SupportChannels = []SupportChannel{SupportPhone, SupportEmail, SupportWhatsApp, SupportWalkIn, SupportHomeVisit}

// Valid reports whether c is a known channel.
func (c SupportChannel) Valid() bool { return slices.Contains(SupportChannels, c) }

// Neighbourhood is a district (stadsdeel) of Haarlem a supporter serves.
type Neighbourhood string

// Haarlem's districts.
const (
	NeighbourhoodCentrum    Neighbourhood = "centrum"
	NeighbourhoodNoord      Neighbourhood = "noord"
	NeighbourhoodOost       Neighbourhood = "oost"
	NeighbourhoodSchalkwijk Neighbourhood = "schalkwijk"
	NeighbourhoodZuidWest   Neighbourhood = "zuid_west"
	NeighbourhoodSpaarndam  Neighbourhood = "spaarndam"
)

// Neighbourhoods lists every district. A supporter that names none serves the whole city.
var Neighbourhoods = []Neighbourhood{NeighbourhoodCentrum, NeighbourhoodNoord, NeighbourhoodOost,
	NeighbourhoodSchalkwijk, NeighbourhoodZuidWest, NeighbourhoodSpaarndam}

// Valid reports whether n is a known district.
func (n Neighbourhood) Valid() bool { return slices.Contains(Neighbourhoods, n) }

// SupportLanguages are the languages a supporter may speak: ISO 639-1 codes, and the ISO 639-2
// collective code "ber" for Tamazight (the Berber languages: Tarifit, Tamazight, Tashelhit), which
// has no 639-1 code.
var SupportLanguages = []string{"nl", "en", "tr", "ar", "ber", "pl", "de", "fr", "es", "pt", "ro", "bg",
	"uk", "ru", "fa", "ti", "so", "zh"}

// ValidSupportLanguage reports whether code is a language of SupportLanguages.
func ValidSupportLanguage(code string) bool { return slices.Contains(SupportLanguages, code) }

// MaxSupporterItems bounds the groups (and any other list) of one profile.
const MaxSupporterItems = 20

// SupporterContact is how a resident reaches a supporter. A channel is offered when its field is
// filled (phone, e-mail, WhatsApp, walk-in address) or HomeVisits is true.
type SupporterContact struct {
	Phone         string `json:"phone" db:"phone"`
	PhoneHours    string `json:"phone_hours" db:"phone_hours"`
	Email         string `json:"email" db:"email"`
	WhatsApp      string `json:"whatsapp" db:"whatsapp"`
	WalkInAddress string `json:"walk_in_address" db:"walk_in_address"`
	WalkInHours   string `json:"walk_in_hours" db:"walk_in_hours"`
	HomeVisits    bool   `json:"home_visits" db:"home_visits"`
	Website       string `json:"website" db:"website"`
}

// Channels lists the channels the contact details offer, in the order of SupportChannels.
func (c SupporterContact) Channels() []SupportChannel {
	out := []SupportChannel{}
	for _, ch := range []struct {
		c  SupportChannel
		ok bool
	}{{SupportPhone, c.Phone != ""}, {SupportEmail, c.Email != ""}, {SupportWhatsApp, c.WhatsApp != ""},
		{SupportWalkIn, c.WalkInAddress != ""}, {SupportHomeVisit, c.HomeVisits}} {
		if ch.ok {
			out = append(out, ch.c)
		}
	}
	return out
}

// SupporterProfile is what the admin writes about a member of the pool; the public directory shows
// all of it.
type SupporterProfile struct {
	Name          string        `json:"name"`
	Kind          SupporterKind `json:"kind"`
	DescriptionNL string        `json:"description_nl"`
	DescriptionEN string        `json:"description_en"`
	LifeDomains   []LifeDomain  `json:"life_domains"`
	Languages     []string      `json:"languages"`
	// Neighbourhoods served; none means the whole city.
	Neighbourhoods []Neighbourhood  `json:"neighbourhoods"`
	Groups         []string         `json:"groups"`
	Contact        SupporterContact `json:"contact"`
	// Independence is the supporter's declaration that it has no role in access to care or in
	// providing it; shown publicly, required.
	Independence string `json:"independence"`
}

// Supporter is a member of the pool.
type Supporter struct {
	ID int64 `json:"id"`
	SupporterProfile
	Channels  []SupportChannel `json:"channels"`
	Status    SupporterStatus  `json:"status"`
	CreatedAt time.Time        `json:"created_at"`
	UpdatedAt time.Time        `json:"updated_at"`
}

// Description is the text of what the supporter does in language l, Dutch when there is no English.
func (s Supporter) Description(l Language) string {
	if l == LanguageEnglish && s.DescriptionEN != "" {
		return s.DescriptionEN
	}
	return s.DescriptionNL
}

// Normalize trims the profile's texts, and sorts and de-duplicates its lists.
func (p *SupporterProfile) Normalize() {
	for _, s := range []*string{&p.Name, &p.DescriptionNL, &p.DescriptionEN, &p.Independence, &p.Contact.Phone,
		&p.Contact.PhoneHours, &p.Contact.Email, &p.Contact.WhatsApp, &p.Contact.WalkInAddress,
		&p.Contact.WalkInHours, &p.Contact.Website} {
		*s = strings.TrimSpace(*s)
	}
	for i := range p.Languages {
		p.Languages[i] = strings.ToLower(strings.TrimSpace(p.Languages[i]))
	}
	p.Groups = slices.DeleteFunc(p.Groups, func(g string) bool { return strings.TrimSpace(g) == "" })
	var groups []string
	seen := map[string]bool{}
	for _, g := range p.Groups {
		if g = strings.TrimSpace(g); !seen[g] {
			seen[g] = true
			groups = append(groups, g)
		}
	}
	p.Groups = groups
	p.LifeDomains = sortedSet(p.LifeDomains)
	p.Languages = sortedSet(p.Languages)
	p.Neighbourhoods = sortedSet(p.Neighbourhoods)
	if p.Groups == nil {
		p.Groups = []string{}
	}
}

func sortedSet[T ~string](in []T) []T {
	out := slices.Clone(in)
	slices.Sort(out)
	out = slices.Compact(out)
	if out == nil {
		out = []T{}
	}
	return out
}

// Validate checks a profile: a name, a kind, what it does, at least one life domain, language and
// channel, known codes only, and the declaration of independence.
func (p SupporterProfile) Validate() error {
	var v Validator
	CheckText(&v, "name", p.Name, true, MaxName)
	v.Check(p.Kind.Valid(), "kind", "must be one of %s", join(SupporterKinds))
	CheckText(&v, "description_nl", p.DescriptionNL, true, MaxShortText*2)
	CheckText(&v, "description_en", p.DescriptionEN, false, MaxShortText*2)
	CheckText(&v, "independence", p.Independence, true, MaxShortText)
	v.Check(len(p.LifeDomains) > 0, "life_domains", "choose at least one life domain")
	for _, d := range p.LifeDomains {
		v.Check(d.Valid(), "life_domains", "must be among %s", join(LifeDomains))
	}
	v.Check(len(p.Languages) > 0, "languages", "name at least one language")
	for _, l := range p.Languages {
		v.Check(ValidSupportLanguage(l), "languages", "must be among %s", strings.Join(SupportLanguages, ", "))
	}
	for _, n := range p.Neighbourhoods {
		v.Check(n.Valid(), "neighbourhoods", "must be among %s", join(Neighbourhoods))
	}
	v.Check(len(p.Groups) <= MaxSupporterItems, "groups", "at most %d groups", MaxSupporterItems)
	for _, g := range p.Groups {
		CheckText(&v, "groups", g, false, 100)
	}
	c := p.Contact
	CheckText(&v, "contact.phone", c.Phone, false, 40)
	CheckText(&v, "contact.phone_hours", c.PhoneHours, false, MaxName)
	CheckEmail(&v, "contact.email", c.Email, false)
	CheckText(&v, "contact.whatsapp", c.WhatsApp, false, 40)
	CheckText(&v, "contact.walk_in_address", c.WalkInAddress, false, MaxName)
	CheckText(&v, "contact.walk_in_hours", c.WalkInHours, false, MaxName)
	CheckText(&v, "contact.website", c.Website, false, MaxName)
	// The directory links these: mailto: would read ?, & and % as headers, tel: wants a number.
	v.Check(!strings.ContainsAny(c.Email, "?&%#"), "contact.email", "may not contain ?, &, %% or #")
	const dial = "0123456789 +-()."
	v.Check(strings.Trim(c.Phone, dial) == "", "contact.phone", "only digits, spaces and + - ( ) .")
	v.Check(strings.Trim(c.WhatsApp, dial) == "", "contact.whatsapp", "only digits, spaces and + - ( ) .")
	if c.Website != "" && !strings.HasPrefix(c.Website, "https://") && !strings.HasPrefix(c.Website, "http://") {
		v.Add("contact.website", "must start with https://")
	}
	v.Check(c.PhoneHours == "" || c.Phone != "", "contact.phone_hours", "give the phone number too")
	v.Check(c.WalkInHours == "" || c.WalkInAddress != "", "contact.walk_in_hours", "give the walk-in address too")
	v.Check(len(c.Channels()) > 0, "contact", "give at least one way to reach the supporter")
	return v.Err()
}

// SupporterFilter selects supporters: within one list any value matches, the lists together must
// all match. An empty list does not filter.
type SupporterFilter struct {
	LifeDomains    []LifeDomain
	Languages      []string
	Channels       []SupportChannel
	Neighbourhoods []Neighbourhood
	// All includes suspended and removed supporters (the admin); otherwise only active ones.
	All bool
}

// Validate checks that every value of the filter is known.
func (f SupporterFilter) Validate() error {
	var v Validator // one error per filter at most: the values come from a public query string
	v.Check(!slices.ContainsFunc(f.LifeDomains, func(d LifeDomain) bool { return !d.Valid() }), "life_domain",
		"must be one of %s", join(LifeDomains))
	v.Check(!slices.ContainsFunc(f.Languages, func(l string) bool { return !ValidSupportLanguage(l) }), "language",
		"must be one of %s", strings.Join(SupportLanguages, ", "))
	v.Check(!slices.ContainsFunc(f.Channels, func(c SupportChannel) bool { return !c.Valid() }), "channel",
		"must be one of %s", join(SupportChannels))
	v.Check(!slices.ContainsFunc(f.Neighbourhoods, func(n Neighbourhood) bool { return !n.Valid() }), "neighbourhood",
		"must be one of %s", join(Neighbourhoods))
	return v.Err()
}

// CheckStatusChange validates a change of a supporter's status: an allowed move, with a reason.
func CheckStatusChange(from, to SupporterStatus, reason string) error {
	var v Validator
	CheckText(&v, "reason", reason, true, MaxShortText)
	if err := v.Err(); err != nil {
		return err
	}
	if !from.CanMoveTo(to) {
		return Errorf(CodeInvalidTransition, "A supporter that is %s cannot become %s.", from, to)
	}
	return nil
}
