package letter

import (
	"slices"
	"strings"
	"time"

	"meldpunt/internal/casework"
	"meldpunt/internal/pdf"
	"meldpunt/internal/term"
)

// Data is everything a letter template may use. Which fields a kind needs is up to its template;
// Check renders every kind with SampleData to prove that the templates and the fields agree.
type Data struct {
	Language casework.Language // the recipient's language; empty means Dutch
	Sender   pdf.Sender        // the meldpunt: letterhead, return address, contact details
	// Recipient is the addressee. For an organisation, Name is the organisation and Attention
	// "t.a.v. de directie".
	Recipient pdf.Address
	// ToOrganisation is true when the letter goes to an organisation rather than the complainant;
	// Render sets it for the kinds that always go to one.
	ToOrganisation bool
	// ToSupporter is true when the letter is the supporter's copy of a letter to the complainant:
	// it is addressed to the supporter and speaks of "uw cliënt" (ClientName).
	ToSupporter bool
	ClientName  string // the complainant, named in the supporter's copy
	// Salutation replaces the standard opening ("Beste …," / "Geachte directie,") when set.
	Salutation string
	// CopyTo names who gets a copy (the supporter, say); it is printed under the signature.
	CopyTo []string

	Date      term.Date // the date of the letter; required
	Reference string    // the complaint's reference
	// TrackingCode is the complainant's tracking code, in their acknowledgement (every channel) and
	// in the letter with a new code; empty otherwise, and in the copy the meldpunt keeps.
	TrackingCode string
	// CodeKept is set in the copy of such a letter that the meldpunt keeps (the status page, staff,
	// the export): the letter then says that the code was in the letter sent, instead of the code.
	CodeKept bool
	// FiledBySupporter is set in the complainant's acknowledgement of a complaint that their client
	// supporter filed for them (they never saw the confirmation page).
	FiledBySupporter bool
	HandlerName      string // the case handler who signs; may be empty

	ComplainantName string   // for letters to an organisation; never the complainant's address
	Organisation    string   // the organisation this letter is about or addressed to
	Organisations   []string // every organisation the complaint is about

	ReceivedOn         term.Date // when the complaint came in
	LastDay            term.Date // last day of the handling term (before a postponement)
	NewLastDay         term.Date // last day of the handling term after a postponement
	PostponementReason string
	Summary            string // the complaint in short

	HearingAt    time.Time // date and time of a hearing
	HearingPlace string
	// HearingHeldOn and HearingRecord are the day and the report (verslag) of a hearing held.
	HearingHeldOn term.Date
	HearingRecord string
	// HearingReportSent is the day the report of the hearing of this letter's reader was sent to
	// them, for a ruling (zero when they were not heard).
	HearingReportSent term.Date

	// Advices are the binding advices of a ruling, one per organisation that got one; a letter to
	// an organisation holds only its own.
	Advices []AdviceLine
	// Hearings are the hearings of the case, held (with their record) or skipped (with the reason);
	// a letter to an organisation holds only its own.
	Hearings []HearingLine
	// OmbudsmanBy is the last day to go to the Nationale ombudsman: a year after the letter's date.
	// Render sets it.
	OmbudsmanBy term.Date

	Verdict     casework.Verdict
	Findings    string
	Conclusions string
	Advice      string    // the binding advice, as addressed to the organisation
	RespondBy   term.Date // last day of the organisation's term
	Deadline    time.Time // the instant the term ends: 00:00 Amsterdam on the day after RespondBy

	RejectionReasons    string // the organisation's reasons, quoted word for word
	InadmissibleGround  casework.InadmissibleGround
	InadmissibleReasons string
	WorkingDaysLeft     int // for a reminder: working days left up to and including RespondBy
	// Closing is how the case ended, for the closing letter: "resolve" (settled), "withdraw" (the
	// complainant withdrew it) or "close" (every advice answered). The letter explains it in its
	// own words: what staff wrote about it is a note for the file, never the letter's text.
	Closing string

	// For the correction of an enforcement: what the timely answer was, how and when it came in.
	Outcome          casework.AdviceStatus // accepted or rejected
	AnswerChannel    casework.AnswerChannel
	AnswerReceivedOn term.Date
	// EarlierReference is the complaint handled before, for an inadmissibility on that ground.
	EarlierReference string
	// CaseEnded is how the case ended without a ruling (withdrawn, resolved, inadmissible), for the
	// letters to organisations; empty while it runs. EndedOn is the day it ended.
	CaseEnded casework.Status
	EndedOn   term.Date
}

// AdviceLine is one binding advice as a ruling names it.
type AdviceLine struct {
	Organisation string
	Text         string
	RespondBy    term.Date // the organisation's last day to answer
}

// HearingLine is one hearing as a ruling reports it: HeldOn and Record when it was held, Skipped
// when it was not. The staff's note on a skipped hearing never reaches a letter; the letter
// explains the reason in its own words.
type HearingLine struct {
	Party        casework.Party
	Organisation string // for an organisation's hearing
	HeldOn       term.Date
	Record       string
	Skipped      casework.SkipReason
	ReportSent   term.Date // the day the report of a hearing held went to the party heard
}

// AdvisedOrganisations names the organisations that got a binding advice, in the order of Advices.
func (d Data) AdvisedOrganisations() []string {
	var names []string
	for _, a := range d.Advices {
		names = append(names, a.Organisation)
	}
	return names
}

// HearingReports are the hearings that were held and have a written record (Awb 9:10).
func (d Data) HearingReports() []HearingLine {
	var held []HearingLine
	for _, h := range d.Hearings {
		if !h.HeldOn.IsZero() && h.Record != "" {
			held = append(held, h)
		}
	}
	return held
}

// cleaned returns d with its texts passed through pdf.Clean before they reach a template, so
// that what a template tests ("is there a reason?") is what the letter will show: a name that
// loses an emoji loses the space before it too, and reasons made of emoji only count as missing.
// Single-line fields are folded onto one line.
func (d Data) cleaned() Data {
	for _, p := range []*string{&d.Recipient.Name, &d.Recipient.Attention, &d.Recipient.Street,
		&d.Recipient.Postal, &d.Recipient.City, &d.Recipient.Country, &d.Salutation, &d.Reference,
		&d.HandlerName, &d.ComplainantName, &d.Organisation, &d.HearingPlace, &d.ClientName, &d.EarlierReference} {
		*p = oneLine(pdf.Clean(*p))
	}
	for _, p := range []*string{&d.PostponementReason, &d.Summary, &d.Findings, &d.Conclusions, &d.Advice,
		&d.RejectionReasons, &d.InadmissibleReasons, &d.HearingRecord} {
		*p = strings.TrimSpace(pdf.Clean(*p))
	}
	d.Organisations = cleanList(d.Organisations)
	d.Advices = slices.Clone(d.Advices)
	for i := range d.Advices {
		d.Advices[i].Organisation = oneLine(pdf.Clean(d.Advices[i].Organisation))
		d.Advices[i].Text = strings.TrimSpace(pdf.Clean(d.Advices[i].Text))
	}
	d.Hearings = slices.Clone(d.Hearings)
	for i := range d.Hearings {
		d.Hearings[i].Organisation = oneLine(pdf.Clean(d.Hearings[i].Organisation))
		d.Hearings[i].Record = strings.TrimSpace(pdf.Clean(d.Hearings[i].Record))
	}
	d.CopyTo = cleanList(d.CopyTo)
	return d
}

func cleanList(in []string) []string {
	var out []string
	for _, s := range in {
		if s = oneLine(pdf.Clean(s)); s != "" {
			out = append(out, s)
		}
	}
	return out
}
