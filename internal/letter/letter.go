// Package letter writes the meldpunt's written notices (DOMAIN.md §5): it fills the letter
// templates of package reports with a case's data, in the recipient's language, and hands the
// result to package pdf as a LetterDoc.
//
// Every kind of letter has one template file per language, reports/letters/<lang>/<kind>.tmpl,
// which defines "subject" and "body"; reports/letters/<lang>/common.tmpl defines the parts that all
// letters share ("opening", "closing", "signature", "contact", "ombudsman"), and a kind's file may
// redefine any of them. The body is plain text with a light markup, read after the template ran:
//
//   - paragraphs are separated by a blank line; the lines of one paragraph are joined, so a
//     template may wrap its text freely;
//   - a line "## Wat kunt u nu doen?" is a heading;
//   - lines starting with "- " form a bulleted list;
//   - lines starting with ">" are a quote, set word for word with their line breaks (the
//     template function quote makes one from any text).
//
// The markup applies to the data as well: findings written by staff as "- " lines come out as a
// list. That only changes the layout, never what the letter says.
//
// Template functions, all in the letter's language:
//
//	date X        a term.Date, or an instant's date in Amsterdam, in words: "maandag 7 december 2026"
//	day X         the same without the day of the week: "7 december 2026"
//	clock T       an instant's time of day in Amsterdam: "00:00 uur" / "00:00"
//	verdict V     a casework.Verdict in words: "deels gegrond" / "partly justified"
//	ground G      a casework.InadmissibleGround in whole sentences
//	list L        a []string as "A, B en C" / "A, B and C"
//	quote S       S as a quote block
//	required W X  X, or an error "W is missing" when X is empty
//
// date, day and clock fail on a missing date, so a letter never goes out with a blank where a date
// belongs.
package letter

import (
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"sync"

	"meldpunt/internal/casework"
	"meldpunt/internal/pdf"
	"meldpunt/reports"
)

// Kind is the kind of a written notice.
type Kind string

// The kinds of notice of DOMAIN.md §5.
const (
	Acknowledgement      Kind = "acknowledgement"       // to the complainant, on receipt (Awb 9:6)
	CopyToOrganisation   Kind = "copy_to_organisation"  // to the organisation, a copy of the complaint (Awb 9:9)
	Inadmissible         Kind = "inadmissible"          // to the complainant, with the reasons (Awb 9:8)
	Postponement         Kind = "postponement"          // to the complainant and the organisation (Awb 9:11)
	HearingInvitation    Kind = "hearing_invitation"    // to the complainant or the organisation (Awb 9:10)
	Ruling               Kind = "ruling"                // findings, verdict, conclusions, next step (Awb 9:12)
	AdviceIssued         Kind = "advice_issued"         // to the organisation: binding advice with last day
	ResponseAccepted     Kind = "response_accepted"     // to the complainant: the organisation accepted
	ResponseRejected     Kind = "response_rejected"     // to the complainant: rejected, with the reasons
	EnforcedComplainant  Kind = "enforced_complainant"  // to the complainant: no answer in time, advice enforced
	EnforcedOrganisation Kind = "enforced_organisation" // to the organisation: carry out the advice in full
	Reminder             Kind = "reminder"              // to the organisation: working days left
	Closed               Kind = "closed"                // to the complainant: the case is closed
	// EnforcementCorrected goes to the complainant, their supporter and the organisation: a timely
	// answer recorded after the sweep undid the enforcement.
	EnforcementCorrected Kind = "enforcement_corrected"
	// HearingReport goes to the party heard: the report of the hearing (Awb 9:10).
	HearingReport Kind = "hearing_report"
	// CaseEnded tells an organisation that was sent a copy that the case ended without a ruling.
	CaseEnded Kind = "case_ended"
	// NewTrackingCode goes to the complainant who asked for a new tracking code: the reference and
	// the new code, to the address on file only.
	NewTrackingCode Kind = "new_tracking_code"
)

// Kinds lists every kind of notice.
var Kinds = []Kind{Acknowledgement, CopyToOrganisation, Inadmissible, Postponement, HearingInvitation, Ruling,
	AdviceIssued, ResponseAccepted, ResponseRejected, EnforcedComplainant, EnforcedOrganisation, Reminder, Closed,
	EnforcementCorrected, HearingReport, CaseEnded, NewTrackingCode}

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool { return slices.Contains(Kinds, k) }

// ForOrganisation reports whether letters of kind k always go to an organisation. Postponements,
// hearing invitations, hearing reports and rulings go to either side: Data.ToOrganisation says which.
func (k Kind) ForOrganisation() bool {
	switch k {
	case CopyToOrganisation, AdviceIssued, EnforcedOrganisation, Reminder, CaseEnded:
		return true
	}
	return false
}

// Check renders every kind in every language with SampleData and returns every failure. It also
// turns one letter per language into a PDF, which proves the fonts and the page layout. Run it at
// start-up: a broken template then stops the program instead of a letter.
func (t *Templates) Check() error {
	var errs []error
	for _, lang := range casework.Languages {
		for i, kind := range Kinds {
			doc, err := t.Render(kind, SampleData(kind, lang))
			if err == nil && i == 0 {
				_, err = pdf.Letter(doc)
			}
			if err != nil {
				errs = append(errs, err)
			}
			if kind.ForOrganisation() {
				continue
			}
			// The short e-mail for an address typed on the public form.
			if _, _, err := t.Notice(kind, SampleData(kind, lang), true); err != nil {
				errs = append(errs, err)
			}
			// The supporter's copy of a letter to the complainant, and the letter to an organisation
			// of the kinds that go to either side.
			if _, err := t.Render(kind, SampleSupporterCopy(kind, lang)); err != nil {
				errs = append(errs, fmt.Errorf("supporter's copy: %w", err))
			}
			if _, err := t.Render(kind, SampleToOrganisation(kind, lang)); err != nil {
				errs = append(errs, fmt.Errorf("to an organisation: %w", err))
			}
		}
	}
	return errors.Join(errs...)
}

// embedded parses the templates of package reports once.
var embedded = sync.OnceValues(func() (*Templates, error) {
	sub, err := fs.Sub(reports.Letters, "letters")
	if err != nil {
		return nil, fmt.Errorf("letter templates: %w", err)
	}
	return New(sub)
})

// Default returns the templates built into the binary (package reports).
func Default() (*Templates, error) { return embedded() }

// Render renders a letter with the built-in templates; see Templates.Render.
func Render(kind Kind, data Data) (pdf.LetterDoc, error) {
	t, err := embedded()
	if err != nil {
		return pdf.LetterDoc{}, err
	}
	return t.Render(kind, data)
}

// PDF renders a letter with the built-in templates as a PDF; see Templates.PDF.
func PDF(kind Kind, data Data) ([]byte, error) {
	t, err := embedded()
	if err != nil {
		return nil, err
	}
	return t.PDF(kind, data)
}

// Check parses the built-in templates and test-renders every kind in every language; see
// Templates.Check.
func Check() error {
	t, err := embedded()
	if err != nil {
		return err
	}
	return t.Check()
}
