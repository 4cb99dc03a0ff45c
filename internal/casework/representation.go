package casework

import (
	"strings"
	"time"
)

// The supporter in the complaint procedure (DOMAIN.md §7). A resident chooses a member of the pool
// of client supporters, or names an informal representative (gemachtigde: family, a carer), and
// consents that they act for them. No consent, no acting: a choice without consent is refused, so
// that every recorded choice is a consent. The consent is kept with when it was given, by which
// route and by whom it was recorded, and when, how and by whom it ended.

// ConsentRoute is the way a consent was given or ended.
type ConsentRoute string

// Consent routes.
const (
	ConsentComplaintForm   ConsentRoute = "complaint_form"   // the resident, on the public form or the API
	ConsentStatusPage      ConsentRoute = "status_page"      // the resident, with reference and tracking code
	ConsentRegistration    ConsentRoute = "registration"     // staff registering a complaint (phone, letter, counter)
	ConsentSignedLetter    ConsentRoute = "signed_letter"    // staff, from a letter the resident signed
	ConsentSupporterFiling ConsentRoute = "supporter_filing" // the supporter filing for the client, with the client's consent
	ConsentMigration       ConsentRoute = "migration"        // recorded before this record existed
	// ConsentReplaced ends a consent because the resident chose someone else.
	ConsentReplaced ConsentRoute = "replaced"
)

// ConsentRoutes lists every route, in the order of the schema.
var ConsentRoutes = []ConsentRoute{ConsentComplaintForm, ConsentStatusPage, ConsentRegistration, ConsentSignedLetter,
	ConsentSupporterFiling, ConsentMigration, ConsentReplaced}

// RepresentationKinds are who acts for a complainant: a member of the pool, or an informal
// representative (gemachtigde).
var RepresentationKinds = []string{"pool", "informal"}

// MaxRelation bounds the relation of an informal representative ("dochter", "mantelzorger").
const MaxRelation = 60

// MaxDocuments bounds the number of document descriptions a supporter adds at once.
const MaxDocuments = 20

// Representation is the choice of who acts for the resident: a member of the pool (SupporterID) or
// an informal representative (Supporter, with their Relation), with the resident's consent.
type Representation struct {
	SupporterID int64    `json:"supporter_id"`
	Supporter   *Contact `json:"supporter"`
	Relation    string   `json:"supporter_relation"`
	Consent     bool     `json:"supporter_consent"`
}

// Normalize trims the fields; an empty contact is no representative.
func (r *Representation) Normalize() {
	r.Relation = strings.TrimSpace(r.Relation)
	if r.Supporter != nil {
		trimContact(r.Supporter)
		if *r.Supporter == (Contact{}) {
			r.Supporter = nil
		}
	}
}

// Chosen reports whether r names someone.
func (r Representation) Chosen() bool { return r.SupporterID != 0 || r.Supporter != nil }

// check validates the choice. Nobody chosen and no consent is no representation, and valid.
func (r Representation) check(v *Validator) {
	v.Check(r.SupporterID >= 0, "supporter_id", "must be the id of a member of the pool of client supporters")
	if r.SupporterID != 0 && r.Supporter != nil {
		v.Add("supporter_id", "choose a member of the pool or name an informal representative, not both")
	}
	if s := r.Supporter; s != nil {
		s.check(v, "supporter.", true)
		if (s.Street != "" || s.Postcode != "" || s.City != "") && !s.Postal() {
			v.Add("supporter.street", "a postal address needs street and number, postcode and city")
		} else if !s.Reachable() {
			v.Add("supporter", "give the supporter's e-mail address or full postal address, so that they receive a copy of every letter")
		}
	}
	CheckText(v, "supporter_relation", r.Relation, false, MaxRelation)
	if r.Relation != "" && r.Supporter == nil {
		v.Add("supporter_relation", "only an informal representative has a relation to you")
	}
	switch {
	case r.Consent && !r.Chosen():
		v.Add("supporter_consent", "name the supporter who may act for you")
	case r.Chosen() && !r.Consent:
		v.Add("supporter_consent", "without your consent nobody can act for you: give your consent, or choose no supporter")
	}
}

// RepresentationChange changes or ends the choice of who acts for the resident, after filing: by
// the resident on the status page, or by staff from a letter the resident signed (ReceivedOn is the
// day that letter reached the meldpunt).
type RepresentationChange struct {
	Representation
	// End ends the current representation without choosing another.
	End        bool   `json:"end"`
	ReceivedOn string `json:"received_on,omitempty"`
}

// Validate checks a change made by the resident (RoleResident) or by staff; today is the local date.
func (c RepresentationChange) Validate(by Role, today string) error {
	var v Validator
	switch {
	case c.End && (c.Chosen() || c.Relation != ""):
		v.Add("end", "end the current choice, or choose someone else, not both")
	case !c.End && !c.Chosen():
		v.Add("supporter_id", "choose a member of the pool or name an informal representative, or end the current choice")
	case !c.End:
		c.Representation.check(&v)
	}
	switch {
	case by == RoleResident:
		v.Check(c.ReceivedOn == "", "received_on", "only staff record the day a signed letter was received")
	case c.ReceivedOn == "":
		v.Add("received_on", "give the day the signed letter reached the meldpunt")
	case !isDate(c.ReceivedOn):
		v.Add("received_on", "must be a date as YYYY-MM-DD")
	case c.ReceivedOn > today:
		v.Add("received_on", "cannot be in the future")
	case c.ReceivedOn < YearBefore(today):
		v.Add("received_on", "can be at most one year ago (not before %s)", YearBefore(today))
	}
	return v.Err()
}

// RepresentationRecord is one choice with its consent, as staff see it in the case's history.
type RepresentationRecord struct {
	ID                int64        `json:"id" db:"id"`
	Kind              string       `json:"kind" db:"kind"` // pool or informal
	SupporterID       *int64       `json:"supporter_id,omitempty" db:"supporter_id"`
	Name              string       `json:"name" db:"name"`
	Relation          string       `json:"relation,omitempty" db:"relation"`
	ConsentAt         time.Time    `json:"consent_at" db:"consent_at"`
	ConsentRoute      ConsentRoute `json:"consent_route" db:"consent_route"`
	ConsentReceivedOn string       `json:"consent_received_on,omitempty" db:"consent_received_on"`
	RecordedBy        string       `json:"recorded_by,omitempty" db:"recorded_by"`
	EndedAt           *time.Time   `json:"ended_at,omitempty" db:"ended_at"`
	EndRoute          ConsentRoute `json:"end_route,omitempty" db:"end_route"`
	EndReceivedOn     string       `json:"end_received_on,omitempty" db:"end_received_on"`
	EndedBy           string       `json:"ended_by,omitempty" db:"ended_by"`
}

// Contribution is what a supporter added to a case: information and descriptions of documents.
type Contribution struct {
	ID            int64     `json:"id" db:"id"`
	SupporterName string    `json:"supporter_name" db:"supporter_name"`
	UserName      string    `json:"user_name" db:"user_name"`
	Information   string    `json:"information" db:"information"`
	Documents     []string  `json:"documents" db:"-"`
	CreatedAt     time.Time `json:"created_at" db:"created_at"`
}

// NewContribution is what a supporter adds to a case.
type NewContribution struct {
	Information string   `json:"information"`
	Documents   []string `json:"documents"`
}

// Normalize trims the text and drops empty document descriptions.
func (n *NewContribution) Normalize() {
	n.Information = strings.TrimSpace(n.Information)
	docs := []string{}
	for _, d := range n.Documents {
		if d = strings.TrimSpace(d); d != "" {
			docs = append(docs, d)
		}
	}
	n.Documents = docs
}

// Validate checks a contribution: information, documents or both.
func (n NewContribution) Validate() error {
	var v Validator
	CheckText(&v, "information", n.Information, false, MaxLongText)
	checkList(&v, "documents", len(n.Documents), 0, MaxDocuments)
	for _, d := range n.Documents {
		CheckText(&v, "documents", d, false, MaxShortText)
	}
	if n.Information == "" && len(n.Documents) == 0 {
		v.Add("information", "add information, a description of a document, or both")
	}
	return v.Err()
}

// HearingDate is a hearing the complainant is invited to, as their supporter sees it.
type HearingDate struct {
	Date  string `json:"date" db:"hearing_on"`
	Time  string `json:"time" db:"hearing_time"`
	Place string `json:"place" db:"place"`
}

// SupporterCase is a case as the supporter the resident chose sees it while the consent lasts: the
// resident's view with the complainant's name, the hearings, what supporters added, and the copies
// of letters sent to the supporter (Letters).
type SupporterCase struct {
	ResidentView
	ComplainantName string         `json:"complainant_name"`
	Hearings        []HearingDate  `json:"hearings"`
	Contributions   []Contribution `json:"contributions"`
	ConsentAt       time.Time      `json:"consent_at"`
}

// ClientCase is one row of a supporter's list of their clients' cases, with what makes it urgent.
type ClientCase struct {
	Reference       string    `json:"reference" db:"reference"`
	Status          Status    `json:"status" db:"status"`
	ComplainantName string    `json:"complainant_name" db:"complainant_name"`
	Organisations   string    `json:"organisations" db:"organisations"`
	ReceivedOn      string    `json:"received_on" db:"received_on"`
	HandlingLastDay string    `json:"handling_last_day" db:"handling_last_day"`
	NextHearing     string    `json:"next_hearing,omitempty" db:"next_hearing"`
	AdviceLastDay   string    `json:"advice_last_day,omitempty" db:"advice_last_day"`
	ConsentAt       time.Time `json:"consent_at" db:"consent_at"`
	// Urgent is the first of the dates above still to come: what the list is sorted by.
	Urgent string `json:"urgent,omitempty" db:"urgent"`
}
