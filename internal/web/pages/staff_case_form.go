package pages

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"meldpunt/internal/casework"
	"meldpunt/internal/postgres"
	"meldpunt/internal/web/core"
)

// The forms of the staff's case page and their handlers. Every field has an id of its own on the
// page (several forms have a field named reason); a field's help text is ID-hulp and its error
// ID-fout. A group of radio buttons is known by the id of its first button, which is where the
// error summary links to.

// Names of the forms of the case page (casePostedForm.form).
const (
	formTakeUp       = "oppakken"
	formHeld         = "gehoord"
	formSkipped      = "overgeslagen"
	formRuling       = "uitspraak"
	formPostpone     = "uitstel"
	formInadmissible = "niet-ontvankelijk"
	formResolve      = "opgelost"
	formWithdraw     = "ingetrokken"
	formInvite       = "uitnodigen"
	formAddOrg       = "organisatie"
	formContact      = "contact"
)

// Recommendation slots of the ruling form: one to start with, at most caseMaxSlots offered (the
// most a ruling may carry), and never more than casePostedSlots read from a post.
const (
	caseMaxSlots    = 20
	casePostedSlots = 100
)

// caseNoSkipReason stands for "no reason chosen" in the form for a skipped hearing, so that the
// store refuses the hearing for its missing reason rather than taking it for one that was held.
const caseNoSkipReason casework.SkipReason = "(none chosen)"

// caseFormActions is the action of the lifecycle that each form asks for: a form is offered, and
// its post accepted, only while the complaint's status allows that action. Both verdicts of a
// ruling are allowed in the same status, so the ruling form asks for the founded one.
var caseFormActions = map[string]casework.Action{
	formTakeUp:       casework.ActionTakeUp,
	formHeld:         casework.ActionRecordHearing,
	formSkipped:      casework.ActionRecordHearing,
	formRuling:       casework.ActionRuleGranted,
	formPostpone:     casework.ActionPostpone,
	formInadmissible: casework.ActionDeclareInadmissible,
	formResolve:      casework.ActionResolve,
	formWithdraw:     casework.ActionWithdraw,
	formInvite:       casework.ActionInviteHearing,
	formAddOrg:       casework.ActionAddOrganisation,
	// The complainant's contact details may be corrected in every status, as a note may be added.
	formContact: casework.ActionAddNote,
	// So may a signed letter about who acts for the complainant be recorded (staff_case_rep.go).
	formRep: casework.ActionAddNote,
	// And may the complainant's whole file be made for a request for access (export_pages.go).
	formExport: casework.ActionAddNote,
	// And may an internal note be added (staff_case_note.go).
	formNote: casework.ActionAddNote,
}

// caseFormAllowed reports whether a complaint in status st accepts form.
func caseFormAllowed(st casework.Status, form string) bool {
	if strings.HasPrefix(form, formRetentionPrefix) { // retention.go: a closed file's retention
		return st.Terminal()
	}
	if answerFormAllowed(st, form) {
		return true
	}
	if form == formTakeOver {
		return caseAllows(st, casework.ActionTakeOver)
	}
	a, ok := caseFormActions[form]
	return ok && caseAllows(st, a)
}

// caseFormContext is what the forms need besides the complaint.
type caseFormContext struct {
	// orgs are all organisations, for the form that adds one the complaint is about as well;
	// loaded only when that form is shown or was posted.
	orgs  []casework.Organisation
	today string // local date, YYYY-MM-DD
	terms postgres.Terms
	// viewer is the signed-in staff member: only the case's handler is offered its handler-only forms.
	viewer int64
	// pool is the active members of the pool, for the form that records who acts for the complainant.
	pool []casework.Supporter
}

// caseInput is one text field of a form: Kind is text, date, numeric or textarea.
type caseInput struct {
	ID, Name, Kind string
	Label, Help    string
	Value, Error   string
	Required       bool
	Rows           int
}

// DescribedBy is the value of aria-describedby: the help text and the error.
func (f caseInput) DescribedBy() string { return describedBy(f.ID, f.Help != "", f.Error != "") }

// caseRadios is a group of radio buttons; ID is the id of the first button.
type caseRadios struct {
	ID, Name     string
	Legend, Help string
	Error        string
	Options      []choice
}

// DescribedBy is the value of aria-describedby of the group's fieldset.
func (g caseRadios) DescribedBy() string { return describedBy(g.ID, g.Help != "", g.Error != "") }

func describedBy(id string, help, err bool) string {
	var ids []string
	if help {
		ids = append(ids, id+"-hulp")
	}
	if err {
		ids = append(ids, id+"-fout")
	}
	return strings.Join(ids, " ")
}

// caseTakeUpForm takes the case up for the signed-in user, who declares not to have been involved
// (Awb 9:7): nobody declares for somebody else, so the form offers no other handler.
type caseTakeUpForm struct {
	NotInvolved  bool
	DeclareError string
}

// caseHearingForm is the form for a hearing held (Party, HeldOn, Record) or skipped (Party,
// Skipped, SkipNote).
type caseHearingForm struct {
	Party    caseRadios
	HeldOn   caseInput
	Record   caseInput
	Skipped  caseRadios
	SkipNote caseInput
}

type caseRulingForm struct {
	Intro        string
	ToHear       string
	Verdict      caseRadios
	Findings     caseInput
	Conclusions  caseInput
	Advices      []caseInput
	AdvicesError string
	Recs         []caseRecSlot
	RecsError    string
	Slots        int
	CanMore      bool
}

// caseRecSlot is one recommendation of the ruling form.
type caseRecSlot struct {
	Legend string
	Domain caseRadios
	Text   caseInput
}

type casePostponeForm struct {
	Intro                 string
	Days, Reason, Consent caseInput
}

type caseInadmissibleForm struct {
	Ground  caseRadios
	Reasons caseInput
	// Earlier is the reference of the complaint handled before (ground handled_before only).
	Earlier caseInput
}

// caseContactForm changes the complainant's contact details; Waiting counts the letters to the
// complainant that wait for an address.
type caseContactForm struct {
	Name, Email, Phone, Street, Postcode, City caseInput
	// Language of the letters; Rep the informal representative's details, nil when none acts now;
	// Reason why the data are corrected (required; staff_case_rectify.go).
	Language caseRadios
	Rep      []caseInput
	Reason   caseInput
	Waiting  int
	// EmailConfirmed: the box "I checked this e-mail address with the complainant", as posted.
	EmailConfirmed bool
}

type caseClosingForm struct {
	Reason caseInput
}

// input builds a text field of form: its value as posted (or def), and its error.
func (p *casePostedForm) input(l core.Lang, form, id, name, kind, labelKey, helpKey, def string, required bool) caseInput {
	f := caseInput{ID: id, Name: name, Kind: kind, Label: l.T(labelKey), Value: p.value(form, name, def),
		Error: p.errorOf(id), Required: required}
	if required {
		f.Label += " (" + l.T("required") + ")"
	}
	if helpKey != "" {
		f.Help = l.T(helpKey)
	}
	if kind == "textarea" {
		f.Rows = 5
	}
	return f
}

// radios builds a group of radio buttons from values and labels; the posted value (or def) is
// checked.
func (p *casePostedForm) radios(form, idPrefix, name, legend, help, def string, values, labels []string) caseRadios {
	g := caseRadios{Name: name, Legend: legend, Help: help}
	chosen := p.value(form, name, def)
	for i, v := range values {
		id := idPrefix + "-" + v
		if v == "" {
			id = idPrefix + "-geen"
		}
		g.Options = append(g.Options, choice{ID: id, Value: v, Label: labels[i], Checked: chosen == v})
	}
	if len(g.Options) > 0 {
		g.ID = g.Options[0].ID
	}
	g.Error = p.errorOf(g.ID)
	return g
}

// addForms adds the forms that the complaint's status allows, as posted in in.
func (v *staffCaseView) addForms(l core.Lang, cp casework.Complaint, fc caseFormContext, in *casePostedForm) {
	st := cp.Status
	v.addAnswerForms(l, cp, fc, in)
	// Every staff member may correct the complainant's contact details, whoever handles the case.
	if caseAllows(st, casework.ActionAddNote) {
		c := cp.Complainant
		field := func(name, kind, def string, required bool) caseInput {
			return in.input(l, formContact, "contact-"+name, name, kind, "sc.contact."+name, "", def, required)
		}
		v.Contact = &caseContactForm{Name: field("name", "text", c.Name, true), Email: field("email", "email", c.Email, false),
			Phone: field("phone", "tel", c.Phone, false), Street: field("street", "text", c.Street, false),
			Postcode: field("postcode", "text", c.Postcode, false), City: field("city", "text", c.City, false),
			EmailConfirmed: in.is(formContact) && in.values.Get("email_confirmed") == "ja"}
		v.Contact.addRectification(l, cp, in)
		v.Rep = repFormOf(l, fc, in)
		v.Export = exportFormOf(l, in)
		v.Note = noteFormOf(l, in)
	}
	if !isHandler(cp, fc.viewer) {
		// Someone else handles the case: only what every staff member may do is offered.
		if caseAllows(st, casework.ActionWithdraw) {
			v.Withdraw = withdrawFormOf(l, in)
		}
		return
	}
	if caseAllows(st, casework.ActionTakeUp) {
		v.TakeUp = &caseTakeUpForm{NotInvolved: in.is(formTakeUp) && in.values.Get("not_involved") != "",
			DeclareError: in.errorOf("not_involved")}
	}
	if caseAllows(st, casework.ActionInviteHearing) {
		v.Invite = inviteFormOf(l, cp, fc, in)
	}
	if caseAllows(st, casework.ActionRecordHearing) {
		v.Held, v.Skip = hearingFormsOf(l, cp, fc, in)
	}
	if caseAllows(st, casework.ActionAddOrganisation) {
		v.AddOrg = addOrgFormOf(l, cp, fc, in)
	}
	if caseAllows(st, casework.ActionRuleGranted) {
		v.Ruling = rulingFormOf(l, cp, fc, in)
		if in.is(formRuling) && in.more {
			v.More, v.MoreLink = l.T("sc.more"), fmt.Sprintf("rec-%d-text", len(v.Ruling.Recs)-1)
		}
	}
	if caseAllows(st, casework.ActionPostpone) {
		f := &casePostponeForm{Intro: fmt.Sprintf(l.T("sc.postpone.text"), casework.MaxFirstPostponementDays)}
		f.Days = in.input(l, formPostpone, "days", "days", "numeric", "sc.postpone.days", "", "", true)
		if cp.Postponements == 0 {
			f.Days.Help = fmt.Sprintf(l.T("sc.postpone.days.first"), casework.MaxFirstPostponementDays)
		} else {
			f.Days.Help = fmt.Sprintf(l.T("sc.postpone.days.again"), casework.MaxConsentedPostponementDays)
		}
		f.Reason = in.input(l, formPostpone, "postpone-reason", "reason", "textarea", "sc.postpone.reason", "sc.postpone.reason.h", "", true)
		f.Consent = in.input(l, formPostpone, "consent", "consent", "textarea", "sc.postpone.consent", "sc.postpone.consent.h", "", cp.Postponements > 0)
		f.Reason.Rows, f.Consent.Rows = 3, 3
		v.Postpone = f
	}
	if caseAllows(st, casework.ActionDeclareInadmissible) {
		var values, labels []string
		for _, g := range casework.InadmissibleGrounds {
			values, labels = append(values, string(g)), append(labels, l.T("sc.iground."+string(g)))
		}
		v.Inadmissible = &caseInadmissibleForm{
			Ground:  in.radios(formInadmissible, "iground", "ground", l.T("sc.inadm.ground"), "", "", values, labels),
			Reasons: in.input(l, formInadmissible, "inadmissible-reasons", "reasons", "textarea", "sc.inadm.reasons", "sc.inadm.reasons.h", "", true),
			Earlier: in.input(l, formInadmissible, "earlier-reference", "earlier_reference", "text", "sc.inadm.earlier", "sc.inadm.earlier.h", "", false),
		}
	}
	if caseAllows(st, casework.ActionResolve) {
		f := &caseClosingForm{Reason: in.input(l, formResolve, "resolve-reason", "reason", "textarea", "sc.resolve.reason", "sc.resolve.reason.h", "", true)}
		f.Reason.Rows = 3
		v.Resolve = f
	}
	if caseAllows(st, casework.ActionWithdraw) {
		v.Withdraw = withdrawFormOf(l, in)
	}
}

// withdrawFormOf is the form that records the complainant's withdrawal.
func withdrawFormOf(l core.Lang, in *casePostedForm) *caseClosingForm {
	f := &caseClosingForm{Reason: in.input(l, formWithdraw, "withdraw-reason", "reason", "textarea", "sc.withdraw.reason", "sc.withdraw.reason.h", "", true)}
	f.Reason.Rows = 3
	return f
}

// hearingFormsOf builds the forms for a hearing held and for one skipped. The parties are the
// complainant and the complaint's organisations, by position (held-party-0 is the complainant).
func hearingFormsOf(l core.Lang, cp casework.Complaint, fc caseFormContext, in *casePostedForm) (held, skip *caseHearingForm) {
	party := func(form, prefix, legendKey string) caseRadios {
		return casePartyRadios(l, cp, in, form, prefix, legendKey)
	}
	held = &caseHearingForm{Party: party(formHeld, "held-party", "sc.party.held"),
		HeldOn: in.input(l, formHeld, "held_on", "held_on", "date", "sc.held_on", "sc.held_on.h", fc.today, true),
		Record: in.input(l, formHeld, "record", "record", "textarea", "sc.record", "sc.record.h", "", true)}
	var reasons, reasonLabels []string
	for _, r := range casework.SkipReasons {
		reasons, reasonLabels = append(reasons, string(r)), append(reasonLabels, caseCapital(l.T("sc.skip."+string(r))))
	}
	skip = &caseHearingForm{Party: party(formSkipped, "skip-party", "sc.party.skip"),
		Skipped:  in.radios(formSkipped, "skipped", "skipped", l.T("sc.skipped"), l.T("sc.skipped.h"), "", reasons, reasonLabels),
		SkipNote: in.input(l, formSkipped, "skip_note", "skip_note", "textarea", "sc.skip_note", "sc.skip_note.h", "", true)}
	skip.SkipNote.Rows = 3
	return held, skip
}

// caseCapital returns s with its first letter in upper case.
func caseCapital(s string) string {
	if s == "" {
		return s
	}
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

// recSlots is the number of recommendation slots of a posted ruling form (at least one).
func recSlots(in *casePostedForm) int {
	if !in.is(formRuling) {
		return 1
	}
	if in.slots > 0 {
		return in.slots
	}
	n, err := strconv.Atoi(in.values.Get("recs"))
	if err != nil || n < 1 {
		return 1
	}
	return min(n, casePostedSlots)
}

func rulingFormOf(l core.Lang, cp casework.Complaint, fc caseFormContext, in *casePostedForm) *caseRulingForm {
	f := &caseRulingForm{Intro: fmt.Sprintf(l.T("sc.rule.intro"), fc.terms.AdviceDays)}
	var values, labels []string
	for _, vd := range casework.Verdicts {
		values, labels = append(values, string(vd)), append(labels, l.T("sc.rule."+string(vd)))
	}
	f.Verdict = in.radios(formRuling, "verdict", "verdict", l.T("sc.rule.verdict"), "", "", values, labels)
	f.Findings = in.input(l, formRuling, "findings", "findings", "textarea", "sc.rule.findings", "sc.rule.findings.h", "", true)
	f.Conclusions = in.input(l, formRuling, "conclusions", "conclusions", "textarea", "sc.rule.conclusions", "", "", true)
	for _, o := range cp.Organisations {
		id := fmt.Sprintf("advice-%d", o.ID)
		a := in.input(l, formRuling, id, id, "textarea", "", "", "", false)
		a.Label = fmt.Sprintf(l.T("sc.rule.advice"), o.Name)
		f.Advices = append(f.Advices, a)
	}
	f.AdvicesError = in.errorOf("advices")
	f.RecsError = in.errorOf("recommendations")

	domains, domainLabels := []string{""}, []string{l.T("sc.rule.rec.domain.none")}
	for _, d := range casework.LifeDomains {
		domains, domainLabels = append(domains, string(d)), append(domainLabels, l.T("domain."+string(d)))
	}
	f.Slots = recSlots(in)
	for i := range f.Slots {
		name := fmt.Sprintf("rec-%d-domain", i)
		slot := caseRecSlot{Legend: fmt.Sprintf(l.T("sc.rule.rec"), i+1),
			Domain: in.radios(formRuling, name, name, fmt.Sprintf(l.T("sc.rule.rec.domain"), i+1), "", "", domains, domainLabels)}
		textID := fmt.Sprintf("rec-%d-text", i)
		slot.Text = in.input(l, formRuling, textID, textID, "textarea", "", "", "", false)
		slot.Text.Label, slot.Text.Rows = fmt.Sprintf(l.T("sc.rule.rec.text"), i+1), 3
		f.Recs = append(f.Recs, slot)
	}
	f.CanMore = f.Slots < caseMaxSlots
	if toHear := caseToHear(l, cp); len(toHear) > 0 {
		f.ToHear = fmt.Sprintf(l.T("sc.rule.tohear"), strings.Join(toHear, ", "))
	}
	return f
}

// caseToHear lists the parties of a complaint without a recorded hearing.
func caseToHear(l core.Lang, cp casework.Complaint) []string {
	heard, complainant := map[int64]bool{}, false
	for _, h := range cp.Hearings {
		if h.Party == casework.PartyOrganisation && h.OrganisationID != nil {
			heard[*h.OrganisationID] = true
		} else if h.Party == casework.PartyComplainant {
			complainant = true
		}
	}
	var list []string
	if !complainant {
		list = append(list, strings.ToLower(l.T("sc.party.complainant")))
	}
	for _, o := range cp.Organisations {
		if !heard[o.ID] {
			list = append(list, o.Name)
		}
	}
	return list
}

// ---- handlers ----

// caseTextMessage is the message for an error in a text: the text of requiredKey when it was left
// empty, else the general one for what is wrong.
func caseTextMessage(l core.Lang, msg, requiredKey string) string {
	if strings.HasPrefix(msg, "is required") {
		return l.T(requiredKey)
	}
	return fieldMessage(l, "", msg)
}

// staffCaseTakeUp takes the case up for the signed-in user, who declares not to have been involved
// (Awb 9:7). A posted handler_id is ignored: nobody takes a case up, or declares, for another.
func (s *Server) staffCaseTakeUp(c *gin.Context) {
	s.caseAction(c, formTakeUp, "opgepakt", func(l core.Lang, cp casework.Complaint, p *casePostedForm) (caseFieldMapper, error) {
		err := s.Store.TakeUp(c.Request.Context(), core.Actor(c), cp.Reference, casework.TakeUp{NotInvolved: p.values.Get("not_involved") != ""})
		return func(fe casework.FieldError) (string, string) {
			if fe.Field == "not_involved" {
				return "not_involved", l.T("sc.err.not_involved")
			}
			return "", ""
		}, err
	})
}

// partyOf reads a party of a hearing form: "complainant" or "organisation-ID".
func partyOf(v string) (casework.Party, int64) {
	if v == string(casework.PartyComplainant) {
		return casework.PartyComplainant, 0
	}
	if rest, ok := strings.CutPrefix(v, "organisation-"); ok {
		id, err := strconv.ParseInt(rest, 10, 64)
		if err != nil || id <= 0 {
			id = -1 // refused by the validation as not one of the complaint's organisations
		}
		return casework.PartyOrganisation, id
	}
	return casework.Party(v), 0
}

func (s *Server) staffCaseHearing(c *gin.Context) {
	s.caseAction(c, formHeld, "gehoord", func(l core.Lang, cp casework.Complaint, p *casePostedForm) (caseFieldMapper, error) {
		// Two forms post here: a hearing held, and one skipped (hearing=skipped, see caseAction).
		prefix, partyKey := "held-party", "sc.err.party"
		var h casework.Hearing
		h.Party, h.OrganisationID = partyOf(p.values.Get("party"))
		if p.is(formSkipped) {
			prefix, partyKey = "skip-party", "sc.err.party.skip"
			h.Skipped, h.SkipNote = casework.SkipReason(p.values.Get("skipped")), p.values.Get("skip_note")
			if h.Skipped == "" {
				h.Skipped = caseNoSkipReason
			}
		} else {
			h.HeldOn, h.Record = strings.TrimSpace(p.values.Get("held_on")), p.values.Get("record")
		}
		_, err := s.Store.RecordHearing(c.Request.Context(), core.Actor(c), cp.Reference, h)
		return func(fe casework.FieldError) (string, string) {
			switch fe.Field {
			case "party", "organisation_id":
				return prefix + "-0", l.T(partyKey)
			case "held_on":
				switch {
				case strings.HasPrefix(fe.Message, "cannot be in the future"):
					return "held_on", l.T("sc.err.held_on.f")
				case strings.HasPrefix(fe.Message, "cannot be before"):
					day := fe.Message
					if i, j := strings.Index(day, "("), strings.Index(day, ")"); i >= 0 && j > i {
						day = l.Date(day[i+1 : j])
					}
					return "held_on", fmt.Sprintf(l.T("sc.err.held_on.e"), day)
				}
				return "held_on", l.T("sc.err.held_on")
			case "record":
				return "record", caseTextMessage(l, fe.Message, "sc.err.record")
			case "skipped":
				if h.Skipped == casework.SkipNoResponse {
					return "skipped-" + string(casework.SkipReasons[0]), caseNoResponseMessage(l, fe.Message)
				}
				return "skipped-" + string(casework.SkipReasons[0]), l.T("sc.err.skipped")
			case "skip_note":
				return "skip_note", caseTextMessage(l, fe.Message, "sc.err.skip_note")
			}
			return "", ""
		}, err
	})
}

// indexedField reads a field name like "advices[2].text" as 2 and "text".
func indexedField(field, list string) (int, string, bool) {
	rest, ok := strings.CutPrefix(field, list+"[")
	if !ok {
		return 0, "", false
	}
	num, sub, ok := strings.Cut(rest, "].")
	if !ok {
		return 0, "", false
	}
	i, err := strconv.Atoi(num)
	return i, sub, err == nil
}

func (s *Server) staffCaseRule(c *gin.Context) {
	s.caseAction(c, formRuling, "uitspraak", func(l core.Lang, cp casework.Complaint, p *casePostedForm) (caseFieldMapper, error) {
		p.slots = recSlots(p)
		if p.values.Get("meer") != "" {
			// One more slot for a recommendation, with everything typed kept: nothing is ruled.
			if p.slots < caseMaxSlots {
				p.slots++
			}
			p.more = true
			return nil, nil
		}
		r := casework.Ruling{Verdict: casework.Verdict(p.values.Get("verdict")),
			Findings: p.values.Get("findings"), Conclusions: p.values.Get("conclusions")}
		// An advice to each of the complaint's organisations whose box holds anything.
		var adviceOrgs []int64
		for _, o := range cp.Organisations {
			text := p.values.Get(fmt.Sprintf("advice-%d", o.ID))
			if strings.TrimSpace(text) == "" {
				continue
			}
			r.Advices = append(r.Advices, casework.AdviceInput{OrganisationID: o.ID, Text: text})
			adviceOrgs = append(adviceOrgs, o.ID)
		}
		// Recommendations from the slots that hold anything; a slot left empty is none.
		var recSlotOf []int
		for i := range p.slots {
			domain := p.values.Get(fmt.Sprintf("rec-%d-domain", i))
			text := p.values.Get(fmt.Sprintf("rec-%d-text", i))
			if domain == "" && strings.TrimSpace(text) == "" {
				continue
			}
			r.Recommendations = append(r.Recommendations, casework.RecommendationInput{LifeDomain: casework.LifeDomain(domain), Text: text})
			recSlotOf = append(recSlotOf, i)
		}
		_, err := s.Store.Rule(c.Request.Context(), core.Actor(c), cp.Reference, r)
		return func(fe casework.FieldError) (string, string) {
			switch fe.Field {
			case "verdict":
				if strings.Contains(fe.Message, "obviously unfounded") {
					return "verdict-" + string(casework.Verdicts[0]), l.T("sc.err.verdict.obvious")
				}
				return "verdict-" + string(casework.Verdicts[0]), l.T("sc.err.verdict")
			case "findings":
				return "findings", caseTextMessage(l, fe.Message, "sc.err.findings")
			case "conclusions":
				return "conclusions", caseTextMessage(l, fe.Message, "sc.err.conclusions")
			case "hearings":
				return "", l.T("sc.err.hearings")
			case "advices":
				switch {
				case strings.HasPrefix(fe.Message, "a founded"):
					return "advices", l.T("sc.err.advices.none")
				case strings.HasPrefix(fe.Message, "an unfounded"):
					return "advices", l.T("sc.err.advices.unfounded")
				}
				return "advices", l.T("err.generic")
			case "recommendations":
				return "recommendations", l.T("sc.err.recs.max")
			}
			if i, sub, ok := indexedField(fe.Field, "advices"); ok && i < len(adviceOrgs) {
				if sub == "text" {
					return fmt.Sprintf("advice-%d", adviceOrgs[i]), fieldMessage(l, "", fe.Message)
				}
				return "advices", l.T("err.generic")
			}
			if i, sub, ok := indexedField(fe.Field, "recommendations"); ok && i < len(recSlotOf) {
				slot := recSlotOf[i]
				if sub == "life_domain" {
					return fmt.Sprintf("rec-%d-domain-geen", slot), l.T("sc.err.rec.domain")
				}
				return fmt.Sprintf("rec-%d-text", slot), caseTextMessage(l, fe.Message, "sc.err.rec.text")
			}
			return "", ""
		}, err
	})
}

func (s *Server) staffCasePostpone(c *gin.Context) {
	s.caseAction(c, formPostpone, "verlengd", func(l core.Lang, cp casework.Complaint, p *casePostedForm) (caseFieldMapper, error) {
		days, err := strconv.Atoi(strings.TrimSpace(p.values.Get("days")))
		if err != nil {
			days = 0 // refused by the validation
		}
		pp := casework.Postponement{Days: days, Reason: p.values.Get("reason"), Consent: p.values.Get("consent")}
		_, err = s.Store.Postpone(c.Request.Context(), core.Actor(c), cp.Reference, pp)
		return func(fe casework.FieldError) (string, string) {
			switch fe.Field {
			case "days":
				limit := casework.MaxFirstPostponementDays
				var lo int
				if _, err := fmt.Sscanf(fe.Message, "must be between %d and %d days", &lo, &limit); err != nil {
					limit = casework.MaxFirstPostponementDays
				}
				return "days", fmt.Sprintf(l.T("sc.err.days"), limit)
			case "reason":
				return "postpone-reason", caseTextMessage(l, fe.Message, "sc.err.postpone.reason")
			case "consent":
				if strings.HasPrefix(fe.Message, "the term was postponed before") {
					return "consent", l.T("sc.err.consent")
				}
				return "consent", fieldMessage(l, "", fe.Message)
			}
			return "", ""
		}, err
	})
}

func (s *Server) staffCaseInadmissible(c *gin.Context) {
	s.caseAction(c, formInadmissible, "niet-ontvankelijk", func(l core.Lang, cp casework.Complaint, p *casePostedForm) (caseFieldMapper, error) {
		d := casework.Inadmissibility{Ground: casework.InadmissibleGround(p.values.Get("ground")), Reasons: p.values.Get("reasons"),
			EarlierReference: p.values.Get("earlier_reference")}
		err := s.Store.DeclareInadmissible(c.Request.Context(), core.Actor(c), cp.Reference, d)
		return func(fe casework.FieldError) (string, string) {
			first := "iground-" + string(casework.InadmissibleGrounds[0])
			switch {
			case fe.Field == "ground" && strings.Contains(fe.Message, "(occurred_on)"):
				return first, l.T("sc.err.iground.occurred")
			case fe.Field == "ground" && strings.Contains(fe.Message, "not more than a year"):
				return first, l.T("sc.err.iground.year")
			case fe.Field == "ground":
				return first, l.T("sc.err.iground")
			case fe.Field == "reasons" && strings.HasPrefix(fe.Message, "explain to the complainant"):
				return "inadmissible-reasons", fmt.Sprintf(l.T("sc.err.inadm.short"), casework.MinReasonWords, casework.MinReasonLetters)
			case fe.Field == "reasons":
				return "inadmissible-reasons", caseTextMessage(l, fe.Message, "sc.err.inadm.reasons")
			case fe.Field == "earlier_reference":
				return "earlier-reference", earlierMessage(l, fe.Message)
			}
			return "", ""
		}, err
	})
}

// earlierMessage puts a refusal of the earlier complaint's reference in plain words.
func earlierMessage(l core.Lang, msg string) string {
	switch {
	case strings.HasPrefix(msg, "name the reference"):
		return l.T("sc.err.earlier.missing")
	case strings.HasPrefix(msg, "no complaint"):
		return l.T("sc.err.earlier.unknown")
	case strings.HasPrefix(msg, "must be another"):
		return l.T("sc.err.earlier.same")
	case strings.HasPrefix(msg, "is only for"):
		return l.T("sc.err.earlier.ground")
	}
	return l.T("sc.err.earlier.unhandled")
}

// staffCaseClose resolves or withdraws a complaint (do) with the reason typed in the form; the
// field's id and the key of its message start with name.
func (s *Server) staffCaseClose(c *gin.Context, form, name string, do func(ref string, cl casework.Closing) error) {
	s.caseAction(c, form, form, func(l core.Lang, cp casework.Complaint, p *casePostedForm) (caseFieldMapper, error) {
		err := do(cp.Reference, casework.Closing{Reason: p.values.Get("reason")})
		return func(fe casework.FieldError) (string, string) {
			if fe.Field == "reason" {
				return name + "-reason", caseTextMessage(l, fe.Message, "sc.err."+name+".reason")
			}
			return "", ""
		}, err
	})
}

func (s *Server) staffCaseResolve(c *gin.Context) {
	s.staffCaseClose(c, formResolve, "resolve", func(ref string, cl casework.Closing) error {
		return s.Store.Resolve(c.Request.Context(), core.Actor(c), ref, cl)
	})
}

func (s *Server) staffCaseWithdraw(c *gin.Context) {
	s.staffCaseClose(c, formWithdraw, "withdraw", func(ref string, cl casework.Closing) error {
		return s.Store.Withdraw(c.Request.Context(), core.Actor(c), ref, cl)
	})
}
