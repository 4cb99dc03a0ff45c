package casework

import (
	"strconv"
	"strings"
	"time"
)

// ExportVersion is the version of the shape of Export. A change that removes or renames a field
// raises it; adding a field does not.
const ExportVersion = 1

// Export is a resident's whole file as the meldpunt keeps it, for the right of access (art. 15
// AVG): their own data, the complaint, who helps them, the organisations, the timeline a resident
// may see, hearing reports, the ruling, the binding advice and the answers, the letters with their
// content, to whom their data went and how long the file is kept. Staff-internal working notes are
// left out, and LeftOut says so.
type Export struct {
	ExportVersion int       `json:"export_version"`
	MadeAt        time.Time `json:"made_at"`
	// MadeFor is "resident" (downloaded with the tracking code) or "staff" (made by staff for a
	// request by letter); Reason is the staff's reason.
	MadeFor string `json:"made_for"`
	Reason  string `json:"reason,omitempty"`

	Controller ExportController `json:"controller"`
	Reference  string           `json:"reference"`
	Status     Status           `json:"status"`
	Person     ExportPerson     `json:"person"`
	Complaint  ExportComplaint  `json:"complaint"`
	// Representatives is who helped or helps the resident, each with the consent given and its end.
	Representatives []ExportRepresentative `json:"representatives"`
	Contributions   []ExportContribution   `json:"contributions"`
	Organisations   []ExportOrganisation   `json:"organisations"`
	Timeline        []ExportEvent          `json:"timeline"`
	Hearings        []ExportHearing        `json:"hearings"`
	Ruling          *ExportRuling          `json:"ruling"`
	Advices         []ExportAdvice         `json:"advices"`
	Letters         []ExportLetter         `json:"letters"`
	// Recipients is to whom the resident's data went: each organisation and supporter that got a
	// letter about the case, by e-mail or by post, and when.
	Recipients []ExportRecipient `json:"recipients"`
	Retention  ExportRetention   `json:"retention"`
	// LeftOut says what the export does not hold and why, and how to ask for more.
	LeftOut []string `json:"left_out"`
}

// ExportController is who is responsible for the file and whom to ask about it.
type ExportController struct {
	Controller   string `json:"controller"`
	OfficerName  string `json:"officer_name"`
	OfficerEmail string `json:"officer_email"`
	OfficerPhone string `json:"officer_phone"`
}

// ExportPerson is the resident's own data as recorded.
type ExportPerson struct {
	Name     string   `json:"name"`
	Email    string   `json:"email"`
	Phone    string   `json:"phone"`
	Street   string   `json:"street"`
	Postcode string   `json:"postcode"`
	City     string   `json:"city"`
	Language Language `json:"language"`
}

// ExportComplaint is the complaint as it was recorded.
type ExportComplaint struct {
	Summary         string       `json:"summary"`
	DesiredOutcome  string       `json:"desired_outcome"`
	Grounds         []Ground     `json:"grounds"`
	LifeDomains     []LifeDomain `json:"life_domains"`
	LifeDomainText  string       `json:"life_domain_text,omitempty"`
	OccurredOn      string       `json:"occurred_on,omitempty"`
	Channel         Channel      `json:"channel"`
	ReceivedOn      string       `json:"received_on"`
	HandlingLastDay string       `json:"handling_last_day"`
	ClosedAt        *time.Time   `json:"closed_at,omitempty"`
}

// ExportRepresentative is one choice of who acts for the resident: a member of the pool of client
// supporters or an informal representative, with the consent and its end.
type ExportRepresentative struct {
	Kind              string       `json:"kind"` // pool or informal
	Name              string       `json:"name"`
	Relation          string       `json:"relation,omitempty"`
	Email             string       `json:"email,omitempty"`
	Phone             string       `json:"phone,omitempty"`
	Street            string       `json:"street,omitempty"`
	Postcode          string       `json:"postcode,omitempty"`
	City              string       `json:"city,omitempty"`
	ConsentAt         time.Time    `json:"consent_at"`
	ConsentRoute      ConsentRoute `json:"consent_route"`
	ConsentReceivedOn string       `json:"consent_received_on,omitempty"`
	EndedAt           *time.Time   `json:"ended_at,omitempty"`
	EndRoute          ConsentRoute `json:"end_route,omitempty"`
}

// ExportContribution is information a supporter added to the case.
type ExportContribution struct {
	SupporterName string    `json:"supporter_name"`
	Information   string    `json:"information"`
	Documents     []string  `json:"documents"`
	At            time.Time `json:"at"`
}

// ExportOrganisation is an organisation the complaint is about.
type ExportOrganisation struct {
	Name string `json:"name"`
}

// ExportEvent is one step of the case a resident may see.
type ExportEvent struct {
	At     time.Time `json:"at"`
	Action string    `json:"action"`
	Reason string    `json:"reason,omitempty"`
}

// ExportHearing is a hearing report (or why a party was not heard).
type ExportHearing struct {
	Party        Party      `json:"party"`
	Organisation string     `json:"organisation,omitempty"`
	HeldOn       string     `json:"held_on,omitempty"`
	Record       string     `json:"record,omitempty"`
	Skipped      SkipReason `json:"skipped,omitempty"`
	SkipNote     string     `json:"skip_note,omitempty"`
	RecordedAt   time.Time  `json:"recorded_at"`
}

// ExportRuling is the meldpunt's ruling.
type ExportRuling struct {
	Verdict     Verdict    `json:"verdict"`
	Findings    string     `json:"findings"`
	Conclusions string     `json:"conclusions"`
	RuledAt     *time.Time `json:"ruled_at,omitempty"`
}

// ExportAdvice is one binding advice with the organisation's answer.
type ExportAdvice struct {
	Organisation     string       `json:"organisation"`
	Text             string       `json:"text"`
	IssuedAt         time.Time    `json:"issued_at"`
	RespondBy        string       `json:"respond_by"`
	Status           AdviceStatus `json:"status"`
	RespondedAt      *time.Time   `json:"responded_at,omitempty"`
	AnswerReceivedOn string       `json:"answer_received_on,omitempty"`
	RejectionReasons string       `json:"rejection_reasons,omitempty"`
	ExecutedAt       *time.Time   `json:"executed_at,omitempty"`
	ExecutionNote    string       `json:"execution_note,omitempty"`
	EnforcedAt       *time.Time   `json:"enforced_at,omitempty"`
}

// ExportLetter is one letter about the case: its day, kind, to whom, how it went and its content
// (the PDF as it was sent; JSON carries it base64-encoded).
type ExportLetter struct {
	ID int64 `json:"id"`
	// Date is the day the letter is dated.
	Date string `json:"date"`
	Kind string `json:"kind"`
	// Recipient is complainant, supporter or organisation; To names them.
	Recipient string `json:"recipient"`
	To        string `json:"to"`
	// Via is how it went or goes: "email", "post", or "" while it is not sent yet.
	Via      string     `json:"via"`
	Status   string     `json:"status"`
	SentAt   *time.Time `json:"sent_at,omitempty"`
	PostedAt *time.Time `json:"posted_at,omitempty"`
	// PDF is the letter as it was written; nil while it has not been written yet.
	PDF []byte `json:"pdf"`
}

// ExportRecipient is one organisation or supporter that received the resident's data.
type ExportRecipient struct {
	Kind    string    `json:"kind"` // organisation or supporter
	Name    string    `json:"name"`
	Via     []string  `json:"via"`
	Letters int       `json:"letters"`
	First   time.Time `json:"first"`
	Last    time.Time `json:"last"`
}

// ExportRetention is how long the file is kept.
type ExportRetention struct {
	// Category is set once the case is closed; Years is its term, or the term a handled case gets.
	Category RetentionCategory `json:"category,omitempty"`
	Years    int               `json:"years"`
	// From is the day the term started; DestroyOn the first day the file may be destroyed.
	From      string `json:"from,omitempty"`
	DestroyOn string `json:"destroy_on,omitempty"`
	// Rule says it in words: "5 years after closing", the rule of the Selectielijst.
	Rule   string `json:"rule"`
	OnHold bool   `json:"on_hold"`
}

// Letter delivery routes as an export names them.
const (
	ViaEmail = "email"
	ViaPost  = "post"
)

// RetentionRule is the retention rule in words for a case in status s (closed or not).
func RetentionRule(s Status, category RetentionCategory, lang Language) string {
	en := lang == LanguageEnglish
	if category == "" {
		if en {
			return "Open case: kept while it is handled, then 5 years after closing (1 year if declared inadmissible or withdrawn, 10 years if the complaint went on to the Nationale ombudsman)."
		}
		return "Lopende zaak: bewaard zolang zij loopt, daarna 5 jaar na afsluiting (1 jaar bij niet-ontvankelijk of ingetrokken, 10 jaar als de klacht naar de Nationale ombudsman ging)."
	}
	years := category.Years()
	unit := map[bool]string{true: "years", false: "jaar"}[en]
	if years == 1 && en {
		unit = "year"
	}
	if en {
		return strings.Join([]string{strconv.Itoa(years), unit, "after closing (Selectielijst gemeenten, process 13)."}, " ")
	}
	return strings.Join([]string{strconv.Itoa(years), unit, "na afsluiting (Selectielijst gemeenten, proces 13)."}, " ")
}
