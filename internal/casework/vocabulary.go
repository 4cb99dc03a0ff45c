package casework

import "slices"

// Role is what a signed-in user may do. Residents are not users: they follow their own case with a
// reference and a secret tracking code.
type Role string

// Roles of DOMAIN.md §1.
const (
	RoleStaff        Role = "staff"
	RoleAdmin        Role = "admin"
	RoleOrganisation Role = "organisation"
	RoleCouncil      Role = "council"
	RoleSupporter    Role = "supporter"
	// RoleMunicipality is the municipality's policy officer: anonymous figures of client support only.
	RoleMunicipality Role = "municipality"
	// RolePrivacy is the privacy officer (functionaris gegevensbescherming, FG): the access log
	// only, never a case's content.
	RolePrivacy Role = "privacy"
	// RoleResident is the role of the anonymous caller that proved a tracking code; never stored on a user.
	RoleResident Role = "resident"
	// RoleSystem is the actor of automatic transitions (the deadline sweep, closing).
	RoleSystem Role = "system"
)

// UserRoles are the roles a user account may have.
var UserRoles = []Role{RoleStaff, RoleAdmin, RoleOrganisation, RoleCouncil, RoleSupporter, RoleMunicipality, RolePrivacy}

// Valid reports whether r is a role a user account may have.
func (r Role) Valid() bool { return slices.Contains(UserRoles, r) }

// HandlesCases reports whether the role works on every case (staff and the meldpunt's manager).
func (r Role) HandlesCases() bool { return r == RoleStaff || r == RoleAdmin }

// Ground is what the complaint is about (klachtgrond).
type Ground string

// Grounds named by the seed: bejegening, de inhoudelijk geboden oplossing, de procedure.
const (
	GroundTreatment Ground = "treatment"
	GroundSolution  Ground = "solution"
	GroundProcedure Ground = "procedure"
)

// Grounds lists every ground.
var Grounds = []Ground{GroundTreatment, GroundSolution, GroundProcedure}

// Valid reports whether g is a known ground.
func (g Ground) Valid() bool { return slices.Contains(Grounds, g) }

// LifeDomain is one of the nine life domains (levensgebieden) of the social domain.
type LifeDomain string

// The nine life domains of the seed, with "werk & inkomen" split in two.
const (
	DomainSocialSupport  LifeDomain = "social_support"
	DomainPreventiveCare LifeDomain = "preventive_care"
	DomainCare           LifeDomain = "care"
	DomainYouthCare      LifeDomain = "youth_care"
	DomainEducation      LifeDomain = "education"
	DomainWellbeing      LifeDomain = "wellbeing"
	DomainHousing        LifeDomain = "housing"
	DomainWork           LifeDomain = "work"
	DomainIncome         LifeDomain = "income"
)

// LifeDomains lists every life domain.
var LifeDomains = []LifeDomain{DomainSocialSupport, DomainPreventiveCare, DomainCare, DomainYouthCare,
	DomainEducation, DomainWellbeing, DomainHousing, DomainWork, DomainIncome}

// Valid reports whether d is a known life domain.
func (d LifeDomain) Valid() bool { return slices.Contains(LifeDomains, d) }

// Channel is how a complaint reached the meldpunt.
type Channel string

// Channels of intake.
const (
	ChannelWeb         Channel = "web"
	ChannelPhone       Channel = "phone"
	ChannelEmail       Channel = "email"
	ChannelLetter      Channel = "letter"
	ChannelCounter     Channel = "counter"
	ChannelSocialMedia Channel = "social_media"
)

// Channels lists every channel.
var Channels = []Channel{ChannelWeb, ChannelPhone, ChannelEmail, ChannelLetter, ChannelCounter, ChannelSocialMedia}

// Valid reports whether c is a known channel.
func (c Channel) Valid() bool { return slices.Contains(Channels, c) }

// Language of the letters a recipient gets.
type Language string

// Languages offered; Dutch is the default.
const (
	LanguageDutch   Language = "nl"
	LanguageEnglish Language = "en"
)

// Languages lists every language.
var Languages = []Language{LanguageDutch, LanguageEnglish}

// Valid reports whether l is an offered language.
func (l Language) Valid() bool { return slices.Contains(Languages, l) }

// OrgKind is the kind of organisation a complaint can be about.
type OrgKind string

// Organisation kinds.
const (
	OrgMunicipality    OrgKind = "municipality"
	OrgDistrictTeam    OrgKind = "district_team"
	OrgCareProvider    OrgKind = "care_provider"
	OrgYouthCare       OrgKind = "youth_care"
	OrgYouthFamilyHub  OrgKind = "youth_family_centre"
	OrgClientSupport   OrgKind = "client_support"
	OrgHousing         OrgKind = "housing"
	OrgOtherSocialWork OrgKind = "other"
)

// OrgKinds lists every organisation kind.
var OrgKinds = []OrgKind{OrgMunicipality, OrgDistrictTeam, OrgCareProvider, OrgYouthCare, OrgYouthFamilyHub,
	OrgClientSupport, OrgHousing, OrgOtherSocialWork}

// Valid reports whether k is a known organisation kind.
func (k OrgKind) Valid() bool { return slices.Contains(OrgKinds, k) }

// Verdict is the outcome of a ruling.
type Verdict string

// Verdicts.
const (
	VerdictFounded       Verdict = "founded"
	VerdictPartlyFounded Verdict = "partly_founded"
	VerdictUnfounded     Verdict = "unfounded"
)

// Verdicts lists every verdict.
var Verdicts = []Verdict{VerdictFounded, VerdictPartlyFounded, VerdictUnfounded}

// Valid reports whether v is a known verdict.
func (v Verdict) Valid() bool { return slices.Contains(Verdicts, v) }

// Granted reports whether the verdict is a granted ruling (founded or partly founded), which issues
// binding advice.
func (v Verdict) Granted() bool { return v == VerdictFounded || v == VerdictPartlyFounded }

// InadmissibleGround is why a complaint is not dealt with (Awb 9:8).
type InadmissibleGround string

// Grounds for inadmissibility.
const (
	InadmissibleHandledBefore InadmissibleGround = "handled_before"
	InadmissibleOlderThanYear InadmissibleGround = "older_than_one_year"
	InadmissibleObjection     InadmissibleGround = "objection_or_appeal_available"
	InadmissibleBeforeCourt   InadmissibleGround = "before_court"
	InadmissibleTooLight      InadmissibleGround = "too_light"
)

// InadmissibleGrounds lists every ground for inadmissibility.
var InadmissibleGrounds = []InadmissibleGround{InadmissibleHandledBefore, InadmissibleOlderThanYear,
	InadmissibleObjection, InadmissibleBeforeCourt, InadmissibleTooLight}

// InadmissibilityTermDays is the term in which the meldpunt tells a complainant that it will not
// deal with the complaint: four weeks from the day of receipt (Awb 9:8, DOMAIN.md §3).
const InadmissibilityTermDays = 28

// Valid reports whether g is a known ground for inadmissibility.
func (g InadmissibleGround) Valid() bool { return slices.Contains(InadmissibleGrounds, g) }

// Party is a side that is heard.
type Party string

// Parties to a hearing.
const (
	PartyComplainant  Party = "complainant"
	PartyOrganisation Party = "organisation"
)

// Valid reports whether p is a known party.
func (p Party) Valid() bool { return p == PartyComplainant || p == PartyOrganisation }

// SkipReason records why a party was not heard (Awb 9:10 lid 2).
type SkipReason string

// Reasons to skip a hearing.
const (
	SkipWaived             SkipReason = "waived"
	SkipNoResponse         SkipReason = "no_response"
	SkipObviouslyUnfounded SkipReason = "obviously_unfounded"
)

// SkipReasons lists every reason to skip a hearing.
var SkipReasons = []SkipReason{SkipWaived, SkipNoResponse, SkipObviouslyUnfounded}

// Valid reports whether r is a known reason to skip a hearing.
func (r SkipReason) Valid() bool { return slices.Contains(SkipReasons, r) }

// RecommendationStatus is the follow-up state of a policy recommendation.
type RecommendationStatus string

// Follow-up states of a recommendation.
const (
	RecommendationOpen          RecommendationStatus = "open"
	RecommendationAdopted       RecommendationStatus = "adopted"
	RecommendationPartlyAdopted RecommendationStatus = "partly_adopted"
	RecommendationNotAdopted    RecommendationStatus = "not_adopted"
)
