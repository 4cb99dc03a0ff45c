package pages

import (
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"meldpunt/internal/casework"
	"meldpunt/internal/web/core"
)

// Who acts for the complainant, on the staff's case page: the choice that stands, its history with
// the consent of each (given when, how, recorded by whom, ended when), what supporters added, and
// the form to record a choice or its end from a letter the complainant signed.

// formRep is the form that records who acts for the complainant from a signed letter.
const formRep = "ondersteuner"

// caseRepForm is that form: who (a member of the pool, someone the complainant knows, or the end),
// the representative's details, the consent and the day the letter came in.
type caseRepForm struct {
	Who                          caseRadios
	Name, Relation, Email, Phone caseInput
	ReceivedOn                   caseInput
	Consent                      bool
	ConsentError                 string
}

// repRow is one choice in the history.
type repRow struct {
	Who, Consent, Ended string
}

// repFormOf builds the form as posted in in.
func repFormOf(l core.Lang, fc caseFormContext, in *casePostedForm) *caseRepForm {
	values, labels := []string{}, []string{}
	for _, m := range fc.pool {
		values, labels = append(values, strconv.FormatInt(m.ID, 10)), append(labels, m.Name)
	}
	values = append(values, "informal", "end")
	labels = append(labels, l.T("sc.rep.informal"), l.T("sc.rep.end"))
	field := func(name, kind string, required bool) caseInput {
		return in.input(l, formRep, "rep-"+name, name, kind, "sc.rep."+name, "", "", required)
	}
	f := &caseRepForm{Who: in.radios(formRep, "rep-who", "supporter_id", l.T("sc.rep.who"), "", "", values, labels),
		Name: field("supporter_name", "text", false), Relation: field("supporter_relation", "text", false),
		Email: field("supporter_email", "email", false), Phone: field("supporter_phone", "tel", false),
		ReceivedOn: in.input(l, formRep, "rep-received_on", "received_on", "date", "sc.rep.received_on", "sc.rep.received_on.h", "", true),
		Consent:    in.is(formRep) && in.values.Get("supporter_consent") == "ja", ConsentError: in.errorOf("rep-consent")}
	// The group's errors link to its first button, whatever the pool holds.
	f.Who.Options[0].ID, f.Who.ID, f.Who.Error = "rep-who", "rep-who", in.errorOf("rep-who")
	return f
}

// repRowsOf describes the history of choices.
func repRowsOf(l core.Lang, list []casework.RepresentationRecord) []repRow {
	var rows []repRow
	for _, r := range list {
		row := repRow{Who: r.Name}
		if r.Relation != "" {
			row.Who += " (" + r.Relation + ")"
		}
		if r.Kind == "pool" {
			row.Who += ", " + l.T("sc.rep.pool")
		}
		row.Consent = l.Day(r.ConsentAt) + ", " + l.Word("sc.rep.route", string(r.ConsentRoute))
		if r.ConsentReceivedOn != "" {
			row.Consent += " (" + l.T("sc.rep.letterof") + " " + l.Date(r.ConsentReceivedOn) + ")"
		}
		if r.RecordedBy != "" {
			row.Consent += ", " + r.RecordedBy
		}
		if r.EndedAt != nil {
			row.Ended = l.Day(*r.EndedAt) + ", " + l.Word("sc.rep.route", string(r.EndRoute))
			if r.EndReceivedOn != "" {
				row.Ended += " (" + l.T("sc.rep.letterof") + " " + l.Date(r.EndReceivedOn) + ")"
			}
			if r.EndedBy != "" {
				row.Ended += ", " + r.EndedBy
			}
		}
		rows = append(rows, row)
	}
	return rows
}

// contributionsOf describes what supporters added.
func contributionsOf(l core.Lang, list []casework.Contribution) []contributionView {
	var out []contributionView
	for _, k := range list {
		out = append(out, contributionView{Day: l.Day(k.CreatedAt), Who: k.UserName + " (" + k.SupporterName + ")",
			Information: k.Information, Documents: k.Documents})
	}
	return out
}

// staffCaseRepresentation records a choice or its end from a signed letter.
func (s *Server) staffCaseRepresentation(c *gin.Context) {
	s.caseAction(c, formRep, "ondersteuner", func(l core.Lang, cp casework.Complaint, p *casePostedForm) (caseFieldMapper, error) {
		v := p.values
		ch := casework.RepresentationChange{ReceivedOn: v.Get("received_on")}
		ch.Consent = v.Get("supporter_consent") == "ja"
		switch who := v.Get("supporter_id"); who {
		case "end":
			ch.End = true
		default:
			ch.SupporterID, ch.Supporter, ch.Relation = formRepresentation(v)
			if who == "" && ch.Supporter != nil && *ch.Supporter == (casework.Contact{}) {
				ch.Supporter = nil
			}
		}
		err := s.Store.RecordRepresentation(c.Request.Context(), core.Actor(c), cp.Reference, ch)
		return func(fe casework.FieldError) (string, string) {
			switch {
			case fe.Field == "supporter_consent":
				if strings.HasPrefix(fe.Message, "name the supporter") {
					return "rep-who", l.T("sc.rep.err.who")
				}
				return "rep-consent", l.T("sc.rep.err.consent")
			case fe.Field == "supporter_id" || fe.Field == "end":
				return "rep-who", l.T("sc.rep.err.who")
			case fe.Field == "supporter":
				return "rep-supporter_email", l.T("err.reach.supporter")
			case strings.HasPrefix(fe.Field, "supporter."):
				name := "supporter_" + strings.TrimPrefix(fe.Field, "supporter.")
				return "rep-" + name, fieldMessage(l, name, fe.Message)
			case fe.Field == "supporter_relation":
				return "rep-supporter_relation", fieldMessage(l, "supporter_relation", fe.Message)
			case fe.Field == "received_on":
				return "rep-received_on", l.T("sc.rep.err.received_on")
			}
			return "", ""
		}, err
	})
}
