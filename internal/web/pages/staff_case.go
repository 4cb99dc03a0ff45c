package pages

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"meldpunt/internal/casework"
	"meldpunt/internal/postgres"
	"meldpunt/internal/term"
	"meldpunt/internal/web/core"
)

// The staff's case page: everything the meldpunt knows of one complaint (contact details, hearings,
// ruling, advices with their terms, letters, the internal timeline) and every action of the
// lifecycle that the complaint's status allows, as a form. The actions go through the same store
// methods as the API. A success redirects (303) back to the case with a flag (?klaar=...) that
// carries no personal data; a refusal renders the case again with the form as typed: 422 with an
// error summary and an error beside each field, or 409 when the complaint's status no longer
// allows the action, checked before anything else, with what was typed shown read-only to copy.
// The forms (staff_case_form.go) carry their own ids, unique on the page.

// staffCasePages are the templates of the case pages.
var staffCasePages = []string{"staff_case"}

// staffCaseView is the case page.
type staffCaseView struct {
	Reference string
	Status    string
	Final     bool // no action can change the complaint any more
	Advised   bool
	Received  string
	Channel   string
	Language  string
	Handler   string
	LastDay   string
	Left      string // days left of the handling term, while it runs
	Overdue   bool
	Postponed string
	// Registered is the day staff registered a complaint that reached the meldpunt earlier
	// (Received); empty when both are the same day.
	Registered string
	// The four weeks to decide that the complaint is not dealt with (Awb 9:8): the last day, and
	// while the complaint is received or in treatment, the days left or past.
	InadmLastDay string
	InadmLeft    string
	InadmOverdue bool
	// TooOld says that the events took place more than a year before receipt (Awb 9:8 lid 1 b).
	TooOld string

	Complainant      caseContactView
	Supporter        *caseContactView
	SupporterConsent string

	Organisations []string
	Grounds       []string
	LifeDomains   []string
	// NoOrganisation says that the complainant did not know which organisation the complaint is
	// about (staff choose it once they took the case up); LifeDomainText is the life domain in the
	// complainant's own words (pages/intake.go).
	NoOrganisation bool
	LifeDomainText string
	OccurredOn     string
	Summary        string
	DesiredOutcome string

	Hearings []caseHearingView
	// Invitations are the invitations to hearings that were sent.
	Invitations []caseInvitationView
	// HearingNote says who is still to be heard, or that everyone was, while hearings can be recorded.
	HearingNote string

	Verdict            string
	RuledOn            string
	Findings           string
	Conclusions        string
	ClosedOn           string
	InadmissibleGround string // when declared inadmissible
	EarlierReference   string // the complaint handled before, for that ground

	Advices         []caseAdviceView
	Recommendations []caseRecommendationView
	Letters         []caseLetterView
	Timeline        []caseEventView

	Done     string // success message after an action
	More     string // message after adding a recommendation slot
	MoreLink string // the id of the new slot's text
	// Typed is what was typed in a form that the status no longer allows, to copy (409).
	Typed []caseTypedText

	// The forms the status allows; nil when it does not.
	TakeUp       *caseTakeUpForm
	Invite       *caseInviteForm
	AddOrg       *caseAddOrgForm
	Held         *caseHearingForm
	Skip         *caseHearingForm
	Ruling       *caseRulingForm
	Postpone     *casePostponeForm
	Inadmissible *caseInadmissibleForm
	Resolve      *caseClosingForm
	Withdraw     *caseClosingForm
	// HandledBy says who handles the case when the viewer does not; TakeOver is then offered.
	HandledBy string
	TakeOver  *caseTakeOverForm
	// Contact changes the complainant's contact details, in every status.
	Contact *caseContactForm
	// Who acts for the complainant: the form for a signed letter, the history, what supporters added
	// (staff_case_rep.go).
	Rep             *caseRepForm
	Representations []repRow
	Contributions   []contributionView
	// Export makes the complainant's whole file for a request for access (export_pages.go).
	Export *caseExportForm
	// Retention is the section "Bewaren en vernietigen" of a closed case (retention.go).
	Retention *caseRetentionView
	// Note adds an internal note; Term is the term that runs now, at the top (staff_case_note.go).
	Note *caseNoteForm
	Term *caseTermView
	// Feedback is the complainant's answer after the ruling, with the form that marks a "not carried
	// out" report dealt with (feedback.go).
	Feedback *caseFeedbackView
}

// caseContactView is a person's contact details as staff see them.
type caseContactView struct {
	Name, Email, Phone, Address string
}

type caseHearingView struct {
	Party    string
	Outcome  string // "Gehoord op 3 maart 2026", "Niet gehoord: ..."
	Record   string
	Note     string
	Recorded string
}

type caseAdviceView struct {
	ID           int64
	Organisation string
	Status       string
	Text         string
	LastDay      string
	Left         string
	Urgent       bool
	Answered     string
	Enforced     string
	Ground       string
	Reasons      string
	Note         string
	Executed     string
	Via          string // how the answer came in: online, or by letter on a day
	Corrected    string // when an enforcement was corrected
	// AnswerUnread: the organisation answered and the handler has not marked it read (worklist.go).
	AnswerUnread bool
	// The handler's forms for an answer or an execution that came on paper.
	Answer    *caseAnswerForm
	Execution *caseExecutionForm
}

type caseRecommendationView struct {
	Domain, Text, Status string
}

type caseLetterView struct {
	ID        int64
	What      string
	Recipient string
	Delivery  string
	Status    string
	Day       string
}

type caseEventView struct {
	Day      string
	What     string
	Actor    string
	Reason   string
	Internal bool
}

// StaffCaseRoutes registers the case pages; staff is the session check for staff and admin.
func (s *Server) StaffCaseRoutes(page core.PageRouter, staff gin.HandlerFunc) {
	page("GET", "/werk/klacht/:reference", staff, s.staffCase)
	page("POST", "/werk/klacht/:reference/oppakken", staff, s.staffCaseTakeUp)
	page("POST", "/werk/klacht/:reference/horen", staff, s.staffCaseHearing)
	page("POST", "/werk/klacht/:reference/uitspraak", staff, s.staffCaseRule)
	page("POST", "/werk/klacht/:reference/uitstel", staff, s.staffCasePostpone)
	page("POST", "/werk/klacht/:reference/niet-ontvankelijk", staff, s.staffCaseInadmissible)
	page("POST", "/werk/klacht/:reference/contact", staff, s.staffCaseContact)
	page("POST", "/werk/klacht/:reference/opgelost", staff, s.staffCaseResolve)
	page("POST", "/werk/klacht/:reference/ingetrokken", staff, s.staffCaseWithdraw)
	page("POST", "/werk/klacht/:reference/overnemen", staff, s.staffCaseTakeOver)
	page("POST", "/werk/klacht/:reference/advies/:id/antwoord", staff, s.staffCaseAnswer)
	page("POST", "/werk/klacht/:reference/advies/:id/uitvoering", staff, s.staffCaseExecution)
	page("POST", "/werk/klacht/:reference/uitnodigen", staff, s.staffCaseInvite)
	page("POST", "/werk/klacht/:reference/organisatie", staff, s.staffCaseAddOrg)
	page("POST", "/werk/klacht/:reference/ondersteuner", staff, s.staffCaseRepresentation)
	page("POST", "/werk/klacht/:reference/inzage", staff, s.staffCaseExport)
	page("POST", "/werk/klacht/:reference/notitie", staff, s.staffCaseNote)
}

// caseFlags are the success flags of the actions, with the key of their message.
var caseFlags = map[string]string{
	"opgepakt": "sc.done.opgepakt", "gehoord": "sc.done.gehoord", "uitspraak": "sc.done.uitspraak",
	"verlengd": "sc.done.verlengd", "niet-ontvankelijk": "sc.done.niet-ontvankelijk",
	"opgelost": "sc.done.opgelost", "ingetrokken": "sc.done.ingetrokken",
	"overgenomen": "sc.done.overgenomen", "antwoord": "sc.done.antwoord", "uitgevoerd": "sc.done.uitgevoerd",
	"uitgenodigd": "sc.done.uitgenodigd", "organisatie": "sc.done.organisatie",
	"contact": "sc.done.contact", "ondersteuner": "sc.done.ondersteuner",
	"bewaren": "sc.done.bewaren", "notitie": "sc.done.notitie", "gelezen": "sc.done.gelezen",
	"geregistreerd": "snw.done",
}

// caseReference returns the reference in the path, or false when it cannot be one (so that no
// odd bytes reach the database).
func caseReference(c *gin.Context) (string, bool) {
	ref := strings.TrimSpace(c.Param("reference"))
	if ref == "" || len(ref) > 40 || !utf8.ValidString(ref) || strings.ContainsFunc(ref, func(r rune) bool { return r < ' ' }) {
		return "", false
	}
	return ref, true
}

// casePath is the address of the case page.
func casePath(ref string) string { return "/werk/klacht/" + url.PathEscape(ref) }

// staffCase shows the case page.
func (s *Server) staffCase(c *gin.Context) {
	l := core.PageLang(c)
	ref, ok := caseReference(c)
	if !ok {
		s.PageError(c, l, http.StatusNotFound)
		return
	}
	s.staffCasePage(c, l, http.StatusOK, ref, nil)
}

// staffCasePage renders the case page with status: 200, or the status of a refused action with the
// posted form as typed (in).
func (s *Server) staffCasePage(c *gin.Context, l core.Lang, status int, ref string, in *casePostedForm) {
	ctx := c.Request.Context()
	// Opening the page is logged as such; the page after a refused action as the action's.
	access := casework.Access{Via: casework.AccessAction}
	if in == nil {
		access.Via = casework.AccessPage
	}
	cp, err := s.Store.OpenComplaint(ctx, core.Actor(c), ref, access)
	if casework.ErrorCode(err) == casework.CodeReasonRequired {
		// A case somebody else handles: first the question why (access_log.go).
		s.accessReasonPage(c, l, http.StatusOK, ref, "", "")
		return
	}
	if err != nil {
		s.PageFail(c, l, err)
		return
	}
	letters, err := s.Store.Notices(ctx, postgres.NoticeFilter{ComplaintID: cp.ID, Limit: 500})
	if err != nil {
		s.PageFail(c, l, err)
		return
	}
	if in != nil && !in.conflict && !caseFormAllowed(cp.Status, in.form) {
		// The status changed after the action checked it: the form is no longer on the page.
		in.conflict, status = true, http.StatusConflict
	}
	now := s.Store.Now()
	v := newStaffCaseView(l, cp, letters, now)
	fc := caseFormContext{today: term.LocalDate(now).String(), terms: s.Store.Terms(), viewer: core.Actor(c).UserID}
	if caseAllows(cp.Status, casework.ActionAddNote) {
		if fc.pool, err = s.Store.Supporters(ctx, casework.SupporterFilter{}); err != nil {
			s.PageFail(c, l, err)
			return
		}
	}
	if caseAllows(cp.Status, casework.ActionAddOrganisation) || in.is(formAddOrg) {
		if fc.orgs, err = s.Store.Organisations(ctx); err != nil {
			s.PageFail(c, l, err)
			return
		}
	}
	v.addForms(l, cp, fc, in)
	v.Term = caseTermOf(l, cp, now)
	// The handler marks an organisation's new answer read (worklist.go).
	markUnreadAnswers(c, cp, v)
	v.Feedback = caseFeedbackOf(l, cp, in)
	if cp.Status.Terminal() { // a closed file's retention (retention.go)
		r, err := s.Store.Retention(ctx, cp.Reference)
		if err != nil {
			s.PageFail(c, l, err)
			return
		}
		v.Retention = retentionSectionOf(l, r, core.Actor(c).Role, in)
	}
	for _, n := range letters {
		if v.Contact != nil && n.Status == "no_address" && n.Recipient == "complainant" {
			v.Contact.Waiting++
		}
	}
	if in != nil && in.conflict && (!caseFormAllowed(cp.Status, in.form) || in.refusal != "") {
		// The form is gone from the page, and with it what was typed: show that to copy.
		v.Typed = caseTypedOf(l, cp, fc.orgs, in)
	}

	p := newPage(l, "sc.title", "case")
	p.Title = fmt.Sprintf(p.Title, cp.Reference)
	p.Case = v
	switch {
	case in == nil:
		if key, ok := caseFlags[c.Query("klaar")]; ok {
			v.Done = l.T(key)
		}
		p.menuAt(casePath(cp.Reference))
	case in.conflict:
		p.HasErrors = true
		msg := in.refusal
		if msg == "" {
			msg = fmt.Sprintf(l.T("sc.err.state"), l.Word("sc.state", string(cp.Status)))
		}
		p.Problems = []problemLink{{Message: msg}}
	case len(in.problems) > 0:
		p.HasErrors = true
		p.Problems = in.problems
	}
	s.render(c, status, "staff_case", p)
}

// caseAllows reports whether a complaint in status s may take action a.
func caseAllows(s casework.Status, a casework.Action) bool {
	_, err := s.Next(a)
	return err == nil
}

// newStaffCaseView describes a complaint in words for staff.
func newStaffCaseView(l core.Lang, cp casework.Complaint, letters []postgres.NoticeSummary, now time.Time) *staffCaseView {
	v := &staffCaseView{Reference: cp.Reference, Status: l.Word("sc.status", string(cp.Status)),
		Final: cp.Status.Terminal(), Advised: cp.Status == casework.StatusAdvised,
		Received: l.Date(cp.ReceivedOn), Channel: l.Word("channel", string(cp.Channel)),
		Language: l.Word("sc.lang", string(cp.Language)), Handler: cp.HandlerName, LastDay: l.Date(cp.HandlingLastDay),
		Summary: cp.Summary, DesiredOutcome: cp.DesiredOutcome, Findings: cp.Findings, Conclusions: cp.Conclusions}
	if v.Handler == "" {
		v.Handler = l.T("sc.handler.none")
	}
	switch cp.Postponements {
	case 0:
		v.Postponed = l.T("sc.postponed.0")
	case 1:
		v.Postponed = l.T("sc.postponed.1")
	default:
		v.Postponed = fmt.Sprintf(l.T("sc.postponed.n"), cp.Postponements)
	}
	if last, err := term.ParseDate(cp.HandlingLastDay); err == nil &&
		(cp.Status == casework.StatusReceived || cp.Status == casework.StatusInTreatment) {
		var days int
		v.Left, days = termLeft(l, term.LocalDate(now), last)
		v.Overdue = days < 0
	}
	if registered := term.LocalDate(cp.ReceivedAt).String(); registered != cp.ReceivedOn {
		v.Registered = l.Day(cp.ReceivedAt)
	}
	if last, err := term.ParseDate(cp.InadmissibilityLastDay); err == nil {
		v.InadmLastDay = l.Date(cp.InadmissibilityLastDay)
		if cp.Status == casework.StatusReceived || cp.Status == casework.StatusInTreatment {
			var days int
			v.InadmLeft, days = termLeft(l, term.LocalDate(now), last)
			v.InadmOverdue = days < 0
		}
	}
	if casework.MoreThanYearBefore(cp.OccurredOn, cp.ReceivedOn) {
		v.TooOld = l.T("sc.tooold")
	}
	v.Complainant = caseContact(cp.Complainant)
	v.Representations, v.Contributions = repRowsOf(l, cp.Representations), contributionsOf(l, cp.Contributions)
	if cp.Supporter != nil {
		sup := caseContact(*cp.Supporter)
		v.Supporter = &sup
		v.SupporterConsent = l.T("sc.no")
		if cp.SupporterConsent {
			v.SupporterConsent = l.T("sc.yes")
		}
	}
	orgNames := map[int64]string{}
	for _, o := range cp.Organisations {
		orgNames[o.ID] = o.Name
		v.Organisations = append(v.Organisations, o.Name+" ("+l.Word("kind", string(o.Kind))+")")
	}
	for _, g := range cp.Grounds {
		v.Grounds = append(v.Grounds, l.Word("ground", string(g)))
	}
	for _, d := range cp.LifeDomains {
		v.LifeDomains = append(v.LifeDomains, l.Word("domain", string(d)))
	}
	v.NoOrganisation, v.LifeDomainText = len(cp.Organisations) == 0, cp.LifeDomainText
	if cp.OccurredOn != "" {
		v.OccurredOn = l.Date(cp.OccurredOn)
	}

	orgOf := func(h casework.HearingRecord) string {
		if h.Party == casework.PartyOrganisation && h.OrganisationID != nil {
			return orgNames[*h.OrganisationID]
		}
		return l.T("sc.party.complainant")
	}
	for _, h := range cp.Hearings {
		hv := caseHearingView{Party: orgOf(h), Record: h.Record, Note: h.SkipNote,
			Recorded: fmt.Sprintf(l.T("sc.hearing.when"), l.Day(h.RecordedAt))}
		if h.Skipped != "" {
			hv.Outcome = fmt.Sprintf(l.T("sc.hearing.skip"), l.Word("sc.skip", string(h.Skipped)))
		} else {
			hv.Outcome = fmt.Sprintf(l.T("sc.hearing.held"), l.Date(h.HeldOn))
		}
		v.Hearings = append(v.Hearings, hv)
	}
	v.Invitations = caseInvitationsOf(l, cp, orgNames)
	if caseAllows(cp.Status, casework.ActionRecordHearing) {
		v.HearingNote = l.T("sc.hearings.done")
		if toHear := caseToHear(l, cp); len(toHear) > 0 {
			v.HearingNote = fmt.Sprintf(l.T("sc.hearings.todo"), strings.Join(toHear, ", "))
		}
	}

	if cp.Verdict != "" {
		v.Verdict = l.Word("sc.verdict", string(cp.Verdict))
	}
	if cp.RuledAt != nil {
		v.RuledOn = l.Day(*cp.RuledAt)
		if cp.RuledLate {
			v.RuledOn += " " + l.T("sc.ruled.late")
		}
	}
	if cp.ClosedAt != nil {
		v.ClosedOn = l.Day(*cp.ClosedAt)
	}
	if cp.InadmissibleGround != "" {
		v.InadmissibleGround = l.Word("sc.iground", cp.InadmissibleGround)
		v.EarlierReference = cp.EarlierReference
	}
	for _, a := range cp.Advices {
		av := caseAdviceView{ID: a.ID, Organisation: a.OrganisationName, Status: l.Word("sc.astatus", string(a.Status)),
			Text: a.Text, LastDay: l.Date(a.RespondBy), Reasons: a.RejectionReasons, Note: a.ExecutionNote}
		if a.Status == casework.AdviceIssued {
			av.Left, av.Urgent = daysLeftAt(l, a, now)
		}
		if a.RespondedAt != nil {
			av.Answered = l.Day(*a.RespondedAt)
		}
		if a.EnforcedAt != nil {
			av.Enforced = l.Day(*a.EnforcedAt)
		}
		if a.ExecutedAt != nil {
			av.Executed = l.Day(*a.ExecutedAt)
		}
		if a.RejectionGround != "" {
			av.Ground = l.Word("rground", string(a.RejectionGround))
		}
		switch {
		case a.AnswerChannel == "online":
			av.Via = l.T("sc.answer.via.online")
		case a.AnswerChannel != "":
			av.Via = l.T("sc.answer.channel."+a.AnswerChannel) + ", " + l.Date(a.AnswerReceivedOn)
		}
		if a.CorrectedAt != nil {
			av.Corrected = l.Day(*a.CorrectedAt)
		}
		v.Advices = append(v.Advices, av)
	}
	for _, r := range cp.Recommendations {
		v.Recommendations = append(v.Recommendations, caseRecommendationView{Domain: l.Word("domain", string(r.LifeDomain)),
			Text: r.Text, Status: l.Word("sc.rstatus", string(r.Status))})
	}
	for _, n := range letters {
		lv := caseLetterView{ID: n.ID, What: l.Word("sc.kind", n.Kind), Delivery: l.Word("sc.delivery", n.Delivery),
			Status: l.Word("sc.nstatus", n.Status), Day: l.Day(n.CreatedAt),
			Recipient: n.Name + " (" + l.Word("sc.recipient", n.Recipient) + ")"}
		if n.Name == "" {
			lv.Recipient = l.Word("sc.recipient", n.Recipient)
		}
		if n.Recipient == "supporter" && n.Status == "withheld" && n.LastError != "" {
			// A copy stopped because the consent ended or the member of the pool was suspended.
			lv.Status = l.T("sc.nstatus.withheld.copy")
		}
		v.Letters = append(v.Letters, lv)
	}
	adviceOrg := map[int64]string{}
	for _, a := range cp.Advices {
		adviceOrg[a.ID] = a.OrganisationName
	}
	for _, e := range cp.Timeline {
		ev := caseEventView{Day: l.Day(e.At), What: caseActionWords(l, e.Action), Reason: caseReason(l, e),
			Internal: e.Internal}
		if e.AdviceID != nil && adviceOrg[*e.AdviceID] != "" {
			ev.What += " (" + adviceOrg[*e.AdviceID] + ")"
		}
		switch e.ActorRole {
		case casework.RoleSystem:
			ev.Actor = l.T("sc.actor.system")
		case casework.RoleResident:
			ev.Actor = l.T("sc.actor.resident")
		default:
			ev.Actor = e.ActorName
		}
		v.Timeline = append(v.Timeline, ev)
	}
	return v
}

// caseMachineReasons are the actions whose reason in the audit trail is written by the system,
// not typed by a person, and says nothing the page does not show in words already.
var caseMachineReasons = map[string]bool{
	"file": true, string(casework.ActionTakeUp): true, string(casework.ActionRecordHearing): true,
	string(casework.ActionRuleGranted): true, string(casework.ActionRuleUnfounded): true, "issue": true,
	string(casework.ActionClose): true, string(casework.AdviceActionEnforce): true,
}

// caseReason is the reason of an event in the page's language: what a person typed, with the
// system's own words around it translated; nothing for reasons the system wrote itself.
func caseReason(l core.Lang, e casework.Event) string {
	if caseMachineReasons[e.Action] {
		return ""
	}
	if strings.HasPrefix(e.Action, "retention_") { // retention.go
		return retentionReason(l, e.Reason)
	}
	switch e.Action {
	case string(casework.ActionPostpone):
		// "handling term moved from 2026-04-14 to 2026-04-28: <reason>"
		if rest, ok := strings.CutPrefix(e.Reason, "handling term moved from "); ok {
			if from, rest, ok := strings.Cut(rest, " to "); ok {
				if to, why, ok := strings.Cut(rest, ": "); ok {
					return fmt.Sprintf(l.T("sc.reason.postpone"), l.Date(from), l.Date(to), why)
				}
			}
		}
	case string(casework.ActionDeclareInadmissible):
		// "<ground>: <reasons>"
		if ground, why, ok := strings.Cut(e.Reason, ": "); ok {
			return l.Word("sc.iground", ground) + ": " + why
		}
	case string(casework.ActionAddOrganisation):
		if name, ok := strings.CutPrefix(e.Reason, "organisation added: "); ok {
			return fmt.Sprintf(l.T("sc.reason.addorg"), name)
		}
	case string(casework.ActionInviteHearing):
		// "hearing of <party> on <date> at <time>"
		if rest, ok := strings.CutPrefix(e.Reason, "hearing of "); ok {
			if party, rest, ok := strings.Cut(rest, " on "); ok {
				if day, at, ok := strings.Cut(rest, " at "); ok {
					who := l.T("sc.party.complainant")
					if party != string(casework.PartyComplainant) {
						who = l.T("sc.recipient.organisation")
					}
					return fmt.Sprintf(l.T("sc.reason.invite"), strings.ToLower(who), l.Date(day), at)
				}
			}
		}
	}
	return e.Reason
}

// caseActionWords names an event of the timeline: the staff's own words where there are some, else
// those of the resident's timeline.
func caseActionWords(l core.Lang, action string) string {
	if core.Has("sc.action." + action) {
		return l.T("sc.action." + action)
	}
	return l.Word("action", action)
}

func caseContact(c casework.Contact) caseContactView {
	v := caseContactView{Name: c.Name, Email: c.Email, Phone: c.Phone}
	var parts []string
	for _, p := range []string{c.Street, strings.TrimSpace(c.Postcode + " " + c.City)} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	v.Address = strings.Join(parts, ", ")
	return v
}

// termLeft describes in words how much of a handling term ending on last is left on day today:
// "nog 12 dagen", "vandaag is de laatste dag", or how many days it is past; days is negative past
// the last day. The case page and the worklist both say it so.
func termLeft(l core.Lang, today, last term.Date) (words string, days int) {
	n := today.DaysUntil(last)
	switch {
	case n > 1:
		return fmt.Sprintf(l.T("sc.left.n"), n), n
	case n == 1:
		return l.T("sc.left.1"), n
	case n == 0:
		return l.T("sc.left.0"), n
	case n == -1:
		return l.T("sc.left.over1"), n
	}
	return fmt.Sprintf(l.T("sc.left.overn"), -n), n
}

// casePostedForm is a form of the case page as it was posted, with what was wrong with it.
type casePostedForm struct {
	form   string // which form: one of the formXxx names
	values url.Values
	// errors holds the message of each field or group, by its id on the page.
	errors   map[string]string
	problems []problemLink
	conflict bool // the complaint's status does not allow the action (any more)
	// refusal replaces the general message of a conflict: why this action was refused (the case is
	// another's, an answer came too late).
	refusal string
	// slots is the number of recommendation slots of the ruling form; more is set when the staff
	// member asked for one more.
	slots int
	more  bool
	// sent is set when the action answered with a file (the export): nothing to redirect to.
	sent bool
}

func (p *casePostedForm) is(form string) bool { return p != nil && p.form == form }

// value returns the posted value of name when form was posted, else def.
func (p *casePostedForm) value(form, name, def string) string {
	if p.is(form) {
		return p.values.Get(name)
	}
	return def
}

// errorOf returns the error of the field or group with this id.
func (p *casePostedForm) errorOf(id string) string {
	if p == nil {
		return ""
	}
	return p.errors[id]
}

// caseTypedText is one text of a form the status no longer allows, shown read-only so that it
// can be copied: ID is unique on the page (the forms still offered keep their own ids).
type caseTypedText struct {
	ID, Label, Text string
	Rows            int
}

// caseTypedOf lists the free texts of the posted form in that were filled in, in the order of the
// form, labelled as in the form; orgs are all organisations (for the advice to another one).
func caseTypedOf(l core.Lang, cp casework.Complaint, orgs []casework.Organisation, in *casePostedForm) []caseTypedText {
	var list []caseTypedText
	// add lists the text posted as name, if any, under the id of its field in the form.
	add := func(id, name, label string, rows int) {
		if text := in.values.Get(name); strings.TrimSpace(text) != "" {
			list = append(list, caseTypedText{ID: "ingevuld-" + id, Label: label, Text: text, Rows: rows})
		}
	}
	switch {
	case strings.HasPrefix(in.form, formAnswerPrefix):
		add(strings.TrimPrefix(in.form, formAnswerPrefix)+"-reasons", "reasons", l.T("sc.answer.reasons"), 5)
	case strings.HasPrefix(in.form, formExecutionPrefix):
		add(strings.TrimPrefix(in.form, formExecutionPrefix)+"-note", "note", l.T("sc.execution.note"), 3)
	case in.form == formTakeOver:
		add("takeover-reason", "reason", l.T("sc.takeover.reason"), 3)
	}
	switch in.form {
	case formHeld:
		add("record", "record", l.T("sc.record"), 5)
	case formSkipped:
		add("skip_note", "skip_note", l.T("sc.skip_note"), 3)
	case formInvite:
		add("invite-place", "place", l.T("sc.invite.place"), 2)
	case formRuling:
		add("findings", "findings", l.T("sc.rule.findings"), 5)
		add("conclusions", "conclusions", l.T("sc.rule.conclusions"), 5)
		for _, o := range cp.Organisations {
			id := fmt.Sprintf("advice-%d", o.ID)
			add(id, id, fmt.Sprintf(l.T("sc.rule.advice"), o.Name), 5)
		}
		for i := range recSlots(in) {
			id := fmt.Sprintf("rec-%d-text", i)
			add(id, id, fmt.Sprintf(l.T("sc.rule.rec.text"), i+1), 3)
		}
	case formPostpone:
		add("postpone-reason", "reason", l.T("sc.postpone.reason"), 3)
		add("consent", "consent", l.T("sc.postpone.consent"), 3)
	case formInadmissible:
		add("inadmissible-reasons", "reasons", l.T("sc.inadm.reasons"), 5)
		add("earlier-reference", "earlier_reference", l.T("sc.inadm.earlier"), 1)
	case formResolve:
		add("resolve-reason", "reason", l.T("sc.resolve.reason"), 3)
	case formWithdraw:
		add("withdraw-reason", "reason", l.T("sc.withdraw.reason"), 3)
	}
	return list
}

// caseFieldMapper turns a field error of the store into the id of the field on the page and a
// plain-language message; an empty id gives a message without a link.
type caseFieldMapper func(fe casework.FieldError) (id, msg string)

// caseAction reads a posted form of the case page and answers: the case page with the form's
// text read-only and an explanation (409) when the complaint's status does not allow the form (any
// more); else it runs do with the complaint, and answers a 303 to the case with flag, or the case
// page with the form as typed and its errors (422). do returns how to place the store's field
// errors.
func (s *Server) caseAction(c *gin.Context, form, flag string, do func(l core.Lang, cp casework.Complaint, p *casePostedForm) (caseFieldMapper, error)) {
	l, ok := s.readPageForm(c)
	if !ok {
		return
	}
	ref, ok := caseReference(c)
	if !ok {
		s.PageError(c, l, http.StatusNotFound)
		return
	}
	p := &casePostedForm{form: form, values: c.Request.PostForm, errors: map[string]string{}}
	if form == formHeld && p.values.Get("hearing") == "skipped" {
		p.form = formSkipped // two forms post a hearing: one held, one skipped
	}
	cp, err := s.Store.Complaint(c.Request.Context(), core.Actor(c), ref)
	if err != nil {
		s.PageFail(c, l, err)
		return
	}
	// The status first: the store checks a form before the status, and errors beside fields that
	// are no longer on the page help nobody.
	if !caseFormAllowed(cp.Status, p.form) {
		p.conflict = true
		s.staffCasePage(c, l, http.StatusConflict, ref, p)
		return
	}
	ref = cp.Reference
	fields, err := do(l, cp, p)
	if err == nil && p.sent {
		return
	}
	if err == nil && p.more {
		s.staffCasePage(c, l, http.StatusOK, ref, p)
		return
	}
	if err == nil {
		q := "?klaar=" + flag
		if l.EN() {
			q += "&lang=en"
		}
		c.Redirect(http.StatusSeeOther, casePath(ref)+q)
		return
	}
	var e *casework.Error
	if !errors.As(err, &e) {
		s.PageFail(c, l, err)
		return
	}
	switch e.Code {
	case casework.CodeValidation:
		for _, fe := range e.Fields {
			id, msg := "", ""
			if fields != nil {
				id, msg = fields(fe)
			}
			if msg == "" {
				msg = l.T("err.generic")
			}
			if id != "" {
				if _, dup := p.errors[id]; dup {
					continue
				}
				p.errors[id] = msg
			} else if slices.ContainsFunc(p.problems, func(pl problemLink) bool { return pl.Message == msg }) {
				continue
			}
			p.problems = append(p.problems, problemLink{Field: id, Message: msg})
		}
		if len(p.problems) == 0 {
			p.problems = []problemLink{{Message: l.T("err.generic")}}
		}
		s.staffCasePage(c, l, http.StatusUnprocessableEntity, ref, p)
	case casework.CodeInvalidTransition, casework.CodeConflict, casework.CodeDeadlinePassed:
		p.conflict = true
		s.staffCasePage(c, l, http.StatusConflict, ref, p)
	case casework.CodeForbidden:
		// Someone else handles the case (Awb 9:7): say who, and keep what was typed.
		p.conflict, p.refusal = true, fmt.Sprintf(l.T("sc.err.handler"), cp.HandlerName)
		s.staffCasePage(c, l, http.StatusForbidden, ref, p)
	default:
		s.PageFail(c, l, err)
	}
}
