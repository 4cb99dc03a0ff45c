package pages

import (
	"fmt"
	"time"

	"github.com/gin-gonic/gin"

	"meldpunt/internal/casework"
	"meldpunt/internal/term"
	"meldpunt/internal/web/core"
)

// Two parts of the staff's case page: the form that adds an internal note (every staff member, in
// every status, as the API's POST …/notes; the note shows in the timeline, marked internal), and
// the term that runs now, said in plain words at the top of the page: before the ruling the last
// day of the handling term and how many days are left or past, after the ruling each advice's
// last day for the organisation and where it stands.

// formNote is the name of the note form (casePostedForm.form).
const formNote = "notitie"

// caseNoteForm is the note form: one text.
type caseNoteForm struct {
	Text caseInput
}

// noteFormOf builds the note form, as posted in in.
func noteFormOf(l core.Lang, in *casePostedForm) *caseNoteForm {
	f := &caseNoteForm{Text: in.input(l, formNote, "note-text", "note", "textarea", "scn.note", "scn.note.h", "", true)}
	f.Text.Rows = 4
	return f
}

// staffCaseNote adds an internal note to the case's timeline.
func (s *Server) staffCaseNote(c *gin.Context) {
	s.caseAction(c, formNote, "notitie", func(l core.Lang, cp casework.Complaint, p *casePostedForm) (caseFieldMapper, error) {
		err := s.Store.AddNote(c.Request.Context(), core.Actor(c), cp.Reference, p.values.Get("note"))
		return func(fe casework.FieldError) (string, string) {
			if fe.Field == "note" {
				return "note-text", caseTextMessage(l, fe.Message, "scn.err.note")
			}
			return "", ""
		}, err
	})
}

// caseTermView is the term at the top of the case page: one line before the ruling (Handling),
// one per advice after it, or a line that no term runs any more.
type caseTermView struct {
	Handling string
	Overdue  bool
	Advices  []caseTermAdvice
	None     string
}

// caseTermAdvice is one advice's term: the organisation, its last day, where it stands.
type caseTermAdvice struct {
	Organisation, LastDay, State string
	Urgent                       bool
}

// caseTermOf says which term runs now for complaint cp at the instant now.
func caseTermOf(l core.Lang, cp casework.Complaint, now time.Time) *caseTermView {
	v := &caseTermView{}
	switch {
	case cp.Status == casework.StatusReceived || cp.Status == casework.StatusInTreatment:
		last, err := term.ParseDate(cp.HandlingLastDay)
		if err != nil {
			return nil
		}
		left, days := termLeft(l, term.LocalDate(now), last)
		v.Overdue = days < 0
		key := "sct.handling"
		if v.Overdue {
			key = "sct.handling.over"
		}
		v.Handling = fmt.Sprintf(l.T(key), l.Date(cp.HandlingLastDay), left)
	case len(cp.Advices) > 0:
		for _, a := range cp.Advices {
			ta := caseTermAdvice{Organisation: a.OrganisationName, LastDay: l.Date(a.RespondBy),
				State: l.Word("sc.astatus", string(a.Status))}
			if a.Status == casework.AdviceIssued {
				var left string
				left, ta.Urgent = daysLeftAt(l, a, now)
				ta.State += ": " + left
			}
			v.Advices = append(v.Advices, ta)
		}
	default:
		v.None = l.T("sct.none")
	}
	return v
}
