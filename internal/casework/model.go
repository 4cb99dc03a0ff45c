package casework

import (
	"encoding/json"
	"time"
)

// User is a signed-in person: staff, admin, an organisation's director, a council member or a
// client supporter.
type User struct {
	ID             int64  `json:"id" db:"id"`
	Email          string `json:"email" db:"email"`
	Name           string `json:"name" db:"name"`
	Role           Role   `json:"role" db:"role"`
	OrganisationID *int64 `json:"organisation_id,omitempty" db:"organisation_id"`
	// SupporterID is the member of the pool of client supporters a supporter's account belongs to.
	SupporterID *int64 `json:"supporter_id,omitempty" db:"supporter_id"`
}

// Actor is who does something: a user, the resident, or the system.
type Actor struct {
	UserID         int64
	Role           Role
	OrganisationID int64
	// SupporterID is the member of the pool a supporter's account belongs to.
	SupporterID int64
	Label       string
}

// SystemActor is the actor of automatic transitions.
var SystemActor = Actor{Role: RoleSystem, Label: "system"}

// ResidentActor is the actor of a resident's own actions (intake, withdrawal).
var ResidentActor = Actor{Role: RoleResident, Label: "resident"}

// ActorOf returns the actor for a signed-in user.
func ActorOf(u User) Actor {
	a := Actor{UserID: u.ID, Role: u.Role, Label: u.Name}
	if u.OrganisationID != nil {
		a.OrganisationID = *u.OrganisationID
	}
	if u.SupporterID != nil {
		a.SupporterID = *u.SupporterID
	}
	return a
}

// NewUser is an account to create.
type NewUser struct {
	Email          string `json:"email"`
	Name           string `json:"name"`
	Role           Role   `json:"role"`
	OrganisationID int64  `json:"organisation_id"`
	// SupporterID is the member of the pool a supporter's account belongs to (optional).
	SupporterID int64  `json:"supporter_id"`
	Password    string `json:"password"`
}

// MinPasswordLength is the shortest password accepted.
const MinPasswordLength = 12

// Validate checks a new user account.
func (u NewUser) Validate() error {
	var v Validator
	CheckEmail(&v, "email", u.Email, true)
	CheckText(&v, "name", u.Name, true, MaxName)
	v.Check(u.Role.Valid(), "role", "must be one of %s", join(UserRoles))
	if u.Role == RoleOrganisation {
		v.Check(u.OrganisationID > 0, "organisation_id", "an organisation account needs its organisation")
	} else if u.OrganisationID != 0 {
		v.Add("organisation_id", "only organisation accounts belong to an organisation")
	}
	v.Check(u.SupporterID >= 0, "supporter_id", "must be a supporter's id")
	v.Check(u.SupporterID == 0 || u.Role == RoleSupporter, "supporter_id", "only supporter accounts belong to a member of the pool")
	CheckNewPassword(&v, "password", u.Password)
	return v.Err()
}

// CheckNewPassword checks the length of a password being set: required, at least
// MinPasswordLength characters, at most 200 bytes. Whether it is too easy to guess is judged in
// the store (secret.PasswordTooWeak), with the person's details.
func CheckNewPassword(v *Validator, field, password string) {
	CheckText(v, field, password, true, 200)
	if password != "" && len([]rune(password)) < MinPasswordLength {
		v.Add(field, "must be at least %d characters", MinPasswordLength)
	}
}

// Account is a user as the admin sees it: with whether the account is switched on.
type Account struct {
	User
	Active bool `json:"active" db:"active"`
	// TwoFactor says two-step sign-in (a code from an authenticator app) is on.
	TwoFactor bool `json:"two_factor" db:"two_factor"`
}

// Complaint is a complaint as staff see it.
type Complaint struct {
	ID               int64     `json:"-" db:"id"`
	Reference        string    `json:"reference" db:"reference"`
	Status           Status    `json:"status" db:"status"`
	Channel          Channel   `json:"channel" db:"channel"`
	Language         Language  `json:"language" db:"language"`
	ReceivedAt       time.Time `json:"received_at" db:"received_at"`
	HandlingLastDay  string    `json:"handling_last_day" db:"handling_last_day"`
	Postponements    int       `json:"postponements" db:"postponements"`
	Complainant      Contact   `json:"complainant"`
	Supporter        *Contact  `json:"supporter,omitempty"`
	SupporterConsent bool      `json:"supporter_consent" db:"supporter_consent"`
	// SupporterID is the member of the pool who acts for the complainant; SupporterRelation the
	// relation of an informal representative (then in Supporter).
	SupporterID       *int64 `json:"supporter_id,omitempty" db:"supporter_id"`
	SupporterRelation string `json:"supporter_relation,omitempty" db:"supporter_relation"`
	// Representations is every choice of who acts for the complainant, with its consent.
	Representations []RepresentationRecord `json:"representations"`
	// Contributions is what supporters added to the case.
	Contributions []Contribution `json:"contributions"`
	Grounds       []Ground       `json:"grounds"`
	LifeDomains   []LifeDomain   `json:"life_domains"`
	// LifeDomainText is the life domain in the complainant's own words (may be empty).
	LifeDomainText string     `json:"life_domain_text,omitempty" db:"life_domain_text"`
	Summary        string     `json:"summary" db:"summary"`
	DesiredOutcome string     `json:"desired_outcome" db:"desired_outcome"`
	OccurredOn     string     `json:"occurred_on,omitempty" db:"occurred_on"`
	HandlerID      *int64     `json:"handler_id,omitempty" db:"handler_id"`
	HandlerName    string     `json:"handler_name,omitempty" db:"handler_name"`
	Verdict        Verdict    `json:"verdict,omitempty" db:"verdict"`
	Findings       string     `json:"findings,omitempty" db:"findings"`
	Conclusions    string     `json:"conclusions,omitempty" db:"conclusions"`
	RuledAt        *time.Time `json:"ruled_at,omitempty" db:"ruled_at"`
	// RuledLate marks a ruling made after the handling term ended (allowed, but counted as late).
	RuledLate          bool               `json:"ruled_late" db:"ruled_late"`
	ClosedAt           *time.Time         `json:"closed_at,omitempty" db:"closed_at"`
	InadmissibleGround string             `json:"inadmissible_ground,omitempty" db:"inadmissible_ground"`
	Organisations      []Organisation     `json:"organisations"`
	Hearings           []HearingRecord    `json:"hearings"`
	Invitations        []InvitationRecord `json:"invitations"`
	Advices            []Advice           `json:"advices"`
	Recommendations    []Recommendation   `json:"recommendations"`
	Timeline           []Event            `json:"timeline"`
	// Feedback is the resident's answer after the ruling, with staff's handling of a "not carried
	// out" report; nil when the resident gave none.
	Feedback *Feedback `json:"feedback,omitempty"`

	// ReceivedOn is the day the complaint reached the meldpunt; every term runs from it.
	ReceivedOn string `json:"received_on"`
	// InadmissibilityLastDay is the last day of the four weeks in which the meldpunt decides that it
	// will not deal with the complaint (Awb 9:8), counted from ReceivedOn.
	InadmissibilityLastDay string `json:"inadmissibility_last_day"`
	// EarlierReference is the complaint handled before, for an inadmissibility on that ground.
	EarlierReference string `json:"earlier_reference,omitempty"`
}

// ComplaintSummary is one row of the staff's list of complaints.
type ComplaintSummary struct {
	Reference       string    `json:"reference" db:"reference"`
	Status          Status    `json:"status" db:"status"`
	Channel         Channel   `json:"channel" db:"channel"`
	ReceivedAt      time.Time `json:"received_at" db:"received_at"`
	HandlingLastDay string    `json:"handling_last_day" db:"handling_last_day"`
	HandlerName     string    `json:"handler_name,omitempty" db:"handler_name"`
	Organisations   string    `json:"organisations" db:"organisations"`
	// ReceivedOn is the day the complaint reached the meldpunt.
	ReceivedOn string `json:"received_on" db:"received_on"`
}

// ComplaintFilter narrows the list of complaints.
type ComplaintFilter struct {
	Status Status
	// SupporterID restricts the list to the cases of one member of the pool of client supporters, where
	// the complainant's consent lasts.
	SupporterID int64
	Limit       int
	// After is the reference of the last row of the previous page (keyset pagination).
	After string
}

// HearingRecord is a recorded hearing, staff-internal.
type HearingRecord struct {
	ID             int64      `json:"id" db:"id"`
	Party          Party      `json:"party" db:"party"`
	OrganisationID *int64     `json:"organisation_id,omitempty" db:"organisation_id"`
	HeldOn         string     `json:"held_on,omitempty" db:"held_on"`
	Record         string     `json:"record,omitempty" db:"record"`
	Skipped        SkipReason `json:"skipped,omitempty" db:"skipped"`
	SkipNote       string     `json:"skip_note,omitempty" db:"skip_note"`
	RecordedAt     time.Time  `json:"recorded_at" db:"recorded_at"`
}

// InvitationRecord is an invitation to a hearing that was sent, staff-internal.
type InvitationRecord struct {
	ID             int64     `json:"id" db:"id"`
	Party          Party     `json:"party" db:"party"`
	OrganisationID *int64    `json:"organisation_id,omitempty" db:"organisation_id"`
	Date           string    `json:"date" db:"hearing_on"`
	Time           string    `json:"time" db:"hearing_time"`
	Place          string    `json:"place" db:"place"`
	SentAt         time.Time `json:"sent_at" db:"sent_at"`
	// NoResponseFrom is the first day the party may be passed over for not responding (SkipNoResponse):
	// NoResponseWorkingDays working days after the invitation went out.
	NoResponseFrom string `json:"no_response_from" db:"-"`
}

// Advice is a binding advice addressed to one organisation.
type Advice struct {
	ID               int64           `json:"id" db:"id"`
	ComplaintRef     string          `json:"complaint_reference" db:"reference"`
	OrganisationID   int64           `json:"organisation_id" db:"organisation_id"`
	OrganisationName string          `json:"organisation_name" db:"organisation_name"`
	Text             string          `json:"text" db:"text"`
	Status           AdviceStatus    `json:"status" db:"status"`
	IssuedAt         time.Time       `json:"issued_at" db:"issued_at"`
	RespondBy        string          `json:"respond_by" db:"respond_by"`
	DeadlineAt       time.Time       `json:"deadline_at" db:"deadline_at"`
	RespondedAt      *time.Time      `json:"responded_at,omitempty" db:"responded_at"`
	RejectionReasons string          `json:"rejection_reasons,omitempty" db:"rejection_reasons"`
	RejectionGround  RejectionGround `json:"rejection_ground,omitempty" db:"rejection_ground"`
	EnforcedAt       *time.Time      `json:"enforced_at,omitempty" db:"enforced_at"`
	ExecutedAt       *time.Time      `json:"executed_at,omitempty" db:"executed_at"`
	ExecutionNote    string          `json:"execution_note,omitempty" db:"execution_note"`
	// How the answer (accept or reject) and the confirmation of execution came in: "online" from the
	// organisation's own account, or the channel staff recorded with the day it reached the meldpunt.
	AnswerChannel       string `json:"answer_channel,omitempty" db:"answer_channel"`
	AnswerReceivedOn    string `json:"answer_received_on,omitempty" db:"answer_received_on"`
	ExecutionChannel    string `json:"execution_channel,omitempty" db:"execution_channel"`
	ExecutionReceivedOn string `json:"execution_received_on,omitempty" db:"execution_received_on"`
	// CorrectedAt is when a timely answer recorded after the sweep undid the enforcement; EnforcedAt stays.
	CorrectedAt *time.Time `json:"enforcement_corrected_at,omitempty" db:"corrected_at"`
	// AnswerUnread: the organisation answered and the handler has not marked the answer read yet.
	// For the staff's case page only, not part of the API.
	AnswerUnread bool `json:"-" db:"answer_unread"`
}

// AdviceCase is the complaint an advice rests on, as its organisation may see it: no contact details
// of the complainant, no staff-internal notes.
type AdviceCase struct {
	Reference   string       `json:"reference" db:"reference"`
	Status      Status       `json:"status" db:"status"`
	ReceivedAt  time.Time    `json:"received_at" db:"received_at"`
	Grounds     []Ground     `json:"grounds"`
	LifeDomains []LifeDomain `json:"life_domains"`
	Summary     string       `json:"summary" db:"summary"`
	Verdict     Verdict      `json:"verdict" db:"verdict"`
	Findings    string       `json:"findings" db:"findings"`
	Conclusions string       `json:"conclusions" db:"conclusions"`
}

// AdviceDetail is an advice with the complaint it rests on.
type AdviceDetail struct {
	Advice
	Complaint AdviceCase `json:"complaint"`
	Timeline  []Event    `json:"timeline"`
}

// Recommendation is a policy recommendation made with a ruling.
type Recommendation struct {
	ID         int64                `json:"id" db:"id"`
	LifeDomain LifeDomain           `json:"life_domain" db:"life_domain"`
	Text       string               `json:"text" db:"text"`
	Status     RecommendationStatus `json:"status" db:"status"`
	Note       string               `json:"note" db:"note"` // what became of it (the follow-up)
}

// Event is one entry of the audit trail of a complaint or advice.
type Event struct {
	ID          int64     `json:"id" db:"id"`
	AdviceID    *int64    `json:"advice_id,omitempty" db:"advice_id"`
	Action      string    `json:"action" db:"action"`
	FromStatus  string    `json:"from,omitempty" db:"from_status"`
	ToStatus    string    `json:"to,omitempty" db:"to_status"`
	ActorRole   Role      `json:"actor_role" db:"actor_role"`
	ActorName   string    `json:"actor,omitempty" db:"actor_name"`
	At          time.Time `json:"at" db:"effective_at"`
	ProcessedAt time.Time `json:"processed_at" db:"processed_at"`
	Reason      string    `json:"reason,omitempty" db:"reason"`
	Internal    bool      `json:"-" db:"internal"`
	// CorrectedBy is the id of the event that corrected this one (an enforcement undone by a timely
	// answer recorded later); the corrected event stays in the trail.
	CorrectedBy *int64 `json:"corrected_by,omitempty" db:"corrected_by"`
	// Details holds what a correction of personal data changed, with the old and new values
	// (internal events only; see postgres.Rectify).
	Details json.RawMessage `json:"details,omitempty" db:"-"`
}

// ResidentView is what a resident sees of their own case: no staff-internal notes or hearing records.
type ResidentView struct {
	Reference  string    `json:"reference"`
	Status     Status    `json:"status"`
	ReceivedAt time.Time `json:"received_at"`
	ReceivedOn string    `json:"received_on"`
	// HandlingLastDay is the last day of the handling term; empty once the meldpunt has ruled
	// (AfterRuling then says what follows).
	HandlingLastDay string   `json:"handling_last_day,omitempty"`
	Organisations   []string `json:"organisations"`
	Verdict         Verdict  `json:"verdict,omitempty"`
	Findings        string   `json:"findings,omitempty"`
	Conclusions     string   `json:"conclusions,omitempty"`
	Advices         []Advice `json:"advices"`
	Timeline        []Event  `json:"timeline"`
	Letters         []Letter `json:"letters"`
	// Representation is who acts for the resident now, with their consent; nil for nobody.
	Representation *RepresentationRecord `json:"representation,omitempty"`
	// AfterRuling is what happens after the ruling, the route to the Nationale ombudsman and the
	// resident's answer on the advice; nil before the ruling.
	AfterRuling *AfterRuling `json:"after_ruling,omitempty"`
}

// Letter is a written notice as its recipient sees it in their case: what it is about and whether
// it can be downloaded yet.
type Letter struct {
	ID        int64     `json:"id" db:"id"`
	Kind      string    `json:"kind" db:"kind"`
	CreatedAt time.Time `json:"created_at" db:"created_at"`
	Ready     bool      `json:"ready" db:"ready"`
}

// Receipt is what a resident gets back on filing a complaint: the tracking code exists only here.
type Receipt struct {
	Reference       string    `json:"reference"`
	TrackingCode    string    `json:"tracking_code"`
	Status          Status    `json:"status"`
	ReceivedAt      time.Time `json:"received_at"`
	ReceivedOn      string    `json:"received_on"`
	HandlingLastDay string    `json:"handling_last_day"`
}
