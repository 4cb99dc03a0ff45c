package casework

import (
	"slices"
	"strings"
	"time"
	"unicode"
)

// RequestStatus is where a support request stands: a resident asked a client supporter of their
// choice to contact them, without complaining.
type RequestStatus string

// Support request statuses. Pending waits for the supporter; accepted means the supporter will
// contact the resident; declined and withdrawn are final; referred waits for the resident to choose
// between the proposed supporter and the first choice; transferred ends a request whose resident
// took the referral (it goes on as a new request with the other supporter).
const (
	RequestPending     RequestStatus = "pending"
	RequestAccepted    RequestStatus = "accepted"
	RequestDeclined    RequestStatus = "declined"
	RequestReferred    RequestStatus = "referred"
	RequestTransferred RequestStatus = "transferred"
	RequestWithdrawn   RequestStatus = "withdrawn"
)

// RequestStatuses lists every status.
var RequestStatuses = []RequestStatus{RequestPending, RequestAccepted, RequestDeclined, RequestReferred,
	RequestTransferred, RequestWithdrawn}

// Valid reports whether s is a known status.
func (s RequestStatus) Valid() bool { return slices.Contains(RequestStatuses, s) }

// Open reports whether the request still needs someone: waiting for the supporter, taken on by
// it, or waiting for the resident's choice on a referral.
func (s RequestStatus) Open() bool {
	return s == RequestPending || s == RequestAccepted || s == RequestReferred
}

// RequestStep is one thing that can happen to a support request.
type RequestStep string

// The steps: the supporter accepts, declines or refers; the resident takes the referral, keeps the
// first choice, or withdraws.
const (
	StepAccept       RequestStep = "accept"
	StepDecline      RequestStep = "decline"
	StepRefer        RequestStep = "refer"
	StepTakeReferral RequestStep = "take_referral"
	StepKeep         RequestStep = "keep"
	StepWithdraw     RequestStep = "withdraw"
)

// RequestSteps lists every step.
var RequestSteps = []RequestStep{StepAccept, StepDecline, StepRefer, StepTakeReferral, StepKeep, StepWithdraw}

// requestMove is one row of the table of steps: from which statuses, by whom, to which status.
type requestMove struct {
	from []RequestStatus
	by   Role
	to   RequestStatus
}

// requestMoves is the whole table of allowed steps. Only the supporter the request is addressed to
// decides on it, and only while it is pending; the resident keeps the last word on a referral and
// may withdraw while the request is open.
var requestMoves = map[RequestStep]requestMove{
	StepAccept:       {from: []RequestStatus{RequestPending}, by: RoleSupporter, to: RequestAccepted},
	StepDecline:      {from: []RequestStatus{RequestPending}, by: RoleSupporter, to: RequestDeclined},
	StepRefer:        {from: []RequestStatus{RequestPending}, by: RoleSupporter, to: RequestReferred},
	StepTakeReferral: {from: []RequestStatus{RequestReferred}, by: RoleResident, to: RequestTransferred},
	StepKeep:         {from: []RequestStatus{RequestReferred}, by: RoleResident, to: RequestPending},
	StepWithdraw:     {from: []RequestStatus{RequestPending, RequestAccepted, RequestReferred}, by: RoleResident, to: RequestWithdrawn},
}

// NextRequestStatus returns the status a request in status from gets by step, taken by role by; a
// step of the other party is forbidden, a step that does not fit the status an invalid transition.
func NextRequestStatus(from RequestStatus, step RequestStep, by Role) (RequestStatus, error) {
	m, ok := requestMoves[step]
	if !ok {
		return "", Errorf(CodeValidation, "Unknown step %q.", truncate(string(step), 40))
	}
	if m.by != by {
		return "", Errorf(CodeForbidden, "Only the %s takes this step.", m.by)
	}
	if !slices.Contains(m.from, from) {
		return "", Errorf(CodeInvalidTransition, "A request that is %s cannot take the step %s.", from, step)
	}
	return m.to, nil
}

// StepsFor lists the steps role by may take on a request in status s, in the order of RequestSteps.
func StepsFor(s RequestStatus, by Role) []RequestStep {
	var out []RequestStep
	for _, st := range RequestSteps {
		if _, err := NextRequestStatus(s, st, by); err == nil {
			out = append(out, st)
		}
	}
	return out
}

// Bounds of a support request.
const (
	// MaxQuestion bounds the resident's question: a short text, the rest is for the conversation.
	MaxQuestion = 1000
	// MaxRequestReason bounds the reason of a decline or referral.
	MaxRequestReason = 500
	// RequestPickupDays is the number of working days within which a supporter should pick a
	// request up (accept, decline or refer); after that it shows on the meldpunt's worklist.
	RequestPickupDays = 2
)

// SupportRequestInput is what a resident sends to ask a supporter for help.
type SupportRequestInput struct {
	SupporterID int64          `json:"supporter_id"`
	Name        string         `json:"name"`
	Email       string         `json:"email"`
	Phone       string         `json:"phone"`
	Channel     SupportChannel `json:"channel"`
	// Language is the language the resident wants to be helped in (SupportLanguages).
	Language    string       `json:"language"`
	Question    string       `json:"question"`
	LifeDomains []LifeDomain `json:"life_domains"`
}

// Normalize trims the texts and sorts the life domains.
func (in *SupportRequestInput) Normalize() {
	for _, s := range []*string{&in.Name, &in.Email, &in.Phone, &in.Question} {
		*s = strings.TrimSpace(*s)
	}
	in.Channel = SupportChannel(strings.TrimSpace(string(in.Channel)))
	in.Language = strings.ToLower(strings.TrimSpace(in.Language))
	in.LifeDomains = sortedSet(in.LifeDomains)
}

// Validate checks a support request against the supporter's channels: a name, an e-mail address
// or a phone number (one that fits the channel), a channel the supporter offers, a known language,
// a short question, and known life domains.
func (in SupportRequestInput) Validate(offered []SupportChannel) error {
	var v Validator
	v.Check(in.SupporterID > 0, "supporter_id", "choose a supporter")
	CheckText(&v, "name", in.Name, true, MaxName)
	CheckEmail(&v, "email", in.Email, false)
	CheckText(&v, "phone", in.Phone, false, 40)
	if in.Phone != "" && (!strings.ContainsFunc(in.Phone, unicode.IsDigit) || strings.Trim(in.Phone, "0123456789 +-().") != "") {
		v.Add("phone", "only digits, spaces and + - ( ) .")
	}
	v.Check(in.Email != "" || in.Phone != "", "email", "give an e-mail address or a phone number")
	switch {
	case !in.Channel.Valid():
		v.Add("channel", "must be one of %s", join(SupportChannels))
	case !slices.Contains(offered, in.Channel):
		v.Add("channel", "this supporter does not offer it: choose one of %s", join(offered))
	case in.Channel == SupportEmail && in.Email == "":
		v.Add("email", "give your e-mail address to be reached by e-mail")
	case (in.Channel == SupportPhone || in.Channel == SupportWhatsApp) && in.Phone == "":
		v.Add("phone", "give your phone number to be reached by phone or WhatsApp")
	}
	v.Check(ValidSupportLanguage(in.Language), "language", "must be one of %s", strings.Join(SupportLanguages, ", "))
	CheckText(&v, "question", in.Question, true, MaxQuestion)
	v.Check(len(in.LifeDomains) <= len(LifeDomains), "life_domains", "choose at most %d", len(LifeDomains))
	for _, d := range in.LifeDomains {
		if !d.Valid() {
			v.Add("life_domains", "must be among %s", join(LifeDomains))
			break
		}
	}
	return v.Err()
}

// CheckRequestReason validates the reason of a decline or referral, which the resident reads.
func CheckRequestReason(reason string) error {
	var v Validator
	CheckText(&v, "reason", reason, true, MaxRequestReason)
	return v.Err()
}

// NoticeLanguage is the language of the e-mails about a request: English for a resident helped in
// English, else Dutch.
func (in SupportRequestInput) NoticeLanguage() Language {
	if in.Language == "en" {
		return LanguageEnglish
	}
	return LanguageDutch
}

// SupportRequestReceipt is what a resident gets back on asking: the reference and the secret code
// (shown once), with which they follow the request later.
type SupportRequestReceipt struct {
	Reference     string        `json:"reference"`
	Code          string        `json:"code"`
	Status        RequestStatus `json:"status"`
	SupporterID   int64         `json:"supporter_id"`
	SupporterName string        `json:"supporter_name"`
	// PickupLastDay is the last working day by which the supporter should have answered.
	PickupLastDay string    `json:"pickup_last_day"`
	CreatedAt     time.Time `json:"created_at"`
}

// SupportRequest is one request as the supporter it is addressed to sees it.
type SupportRequest struct {
	ID            int64          `json:"id"`
	Reference     string         `json:"reference"`
	Status        RequestStatus  `json:"status"`
	SupporterID   int64          `json:"supporter_id"`
	SupporterName string         `json:"supporter_name"`
	Name          string         `json:"name"`
	Email         string         `json:"email"`
	Phone         string         `json:"phone"`
	Channel       SupportChannel `json:"channel"`
	Language      string         `json:"language"`
	Question      string         `json:"question"`
	LifeDomains   []LifeDomain   `json:"life_domains"`
	// ReferredTo is the supporter proposed while the resident chooses (status referred).
	ReferredTo     *int64 `json:"referred_to,omitempty"`
	ReferredToName string `json:"referred_to_name,omitempty"`
	// Reason is the reason of the last decline or referral.
	Reason string `json:"reason,omitempty"`
	// PreviousID is the request this one continues (the resident took a referral).
	PreviousID    *int64    `json:"previous_id,omitempty"`
	PickupLastDay string    `json:"pickup_last_day"`
	Overdue       bool      `json:"overdue"`
	CreatedAt     time.Time `json:"created_at"`
	UpdatedAt     time.Time `json:"updated_at"`
	// CallResident is set when the resident gave no e-mail address: nobody e-mails them, so the
	// supporter tells them of a decision by phone.
	CallResident bool                  `json:"call_resident"`
	Steps        []RequestStep         `json:"steps"`
	History      []SupportRequestEvent `json:"history"`
}

// RequestEventKinds lists the kinds of step in a request's history: the supporter's decisions, the
// resident's choices, the continuation of a request with the supporter a referral named, and a
// recorded look by staff at a request on the worklist.
var RequestEventKinds = []string{"requested", "accepted", "declined", "referred", "referral_taken", "continued", "kept",
	"withdrawn", "viewed_by_staff"}

// SupportRequestEvent is one step in a request's history, with who took it and when.
type SupportRequestEvent struct {
	Kind          string    `json:"kind"`
	ActorRole     Role      `json:"actor_role"`
	SupporterName string    `json:"supporter_name,omitempty"`
	Reason        string    `json:"reason,omitempty"`
	At            time.Time `json:"at"`
}

// ResidentRequestView is the resident's own view of their request, found with reference and code.
type ResidentRequestView struct {
	Reference      string           `json:"reference"`
	Status         RequestStatus    `json:"status"`
	SupporterID    int64            `json:"supporter_id"`
	SupporterName  string           `json:"supporter_name"`
	Contact        SupporterContact `json:"supporter_contact"`
	ReferredTo     *int64           `json:"referred_to,omitempty"`
	ReferredToName string           `json:"referred_to_name,omitempty"`
	Reason         string           `json:"reason,omitempty"`
	Channel        SupportChannel   `json:"channel"`
	Question       string           `json:"question"`
	PickupLastDay  string           `json:"pickup_last_day"`
	CreatedAt      time.Time        `json:"created_at"`
	// Steps are the resident's own choices now (take_referral, keep, withdraw).
	Steps   []RequestStep         `json:"steps"`
	History []SupportRequestEvent `json:"history"`
}

// WatchedRequest is a request on the meldpunt's worklist: nobody picked it up within the working
// days, or its supporter was suspended or removed. It holds no contact details and no question:
// staff open it (recorded) to phone the resident.
type WatchedRequest struct {
	ID              int64           `json:"id"`
	Reference       string          `json:"reference"`
	Status          RequestStatus   `json:"status"`
	SupporterName   string          `json:"supporter_name"`
	SupporterStatus SupporterStatus `json:"supporter_status"`
	PickupLastDay   string          `json:"pickup_last_day"`
	Overdue         bool            `json:"overdue"`
	CreatedAt       time.Time       `json:"created_at"`
}

// StaffRequestView is what staff see of a request on the worklist, to phone the resident: no
// question, no history beyond the status.
type StaffRequestView struct {
	WatchedRequest
	Name     string         `json:"name"`
	Email    string         `json:"email"`
	Phone    string         `json:"phone"`
	Channel  SupportChannel `json:"channel"`
	Language string         `json:"language"`
}
