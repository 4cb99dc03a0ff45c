package pages

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"meldpunt/internal/casework"
	"meldpunt/internal/postgres"
	"meldpunt/internal/web/core"
)

// The public complaint form in steps: one topic per page, without JavaScript.
//
//	GET  /klacht                 the first step (who are you), with a new one-time send token
//	POST /klacht/stap/{step}     that step's answers: checked alone; the next step (200) or the same
//	                             step with its errors (422); goto={step} moves back (or to a step from
//	                             "check your answers") without checking
//	POST /klacht/versturen       files the complaint once per send token, then 303 to /klacht/ontvangen
//	GET  /klacht/ontvangen       the confirmation, found by the token in a cookie
//
// The answers travel from step to step as hidden fields of the form (nothing is stored before the
// resident sends; nothing personal in a URL). The final post is checked whole by the store, so a
// changed hidden field is refused like a typed one. The send token (sendTokenField) makes sending
// idempotent: a refresh, a double click or a second identical post files one complaint and shows
// the same confirmation (postgres.FileComplaintOnce). The least fill time's stamp (form_token) and
// the honeypot of the one-page form are kept.
const (
	// sendTokenField is the hidden field of the one-time send token (postgres.NewFormToken).
	sendTokenField = "send_token"
	// returnField marks a step opened from "check your answers": Continue goes back there.
	returnField = "terug_naar"
	// receiptCookie holds the send token for the confirmation page after the redirect.
	receiptCookie  = "meldpunt_form"
	intakeDonePath = "/klacht/ontvangen"
	intakeSendPath = "/klacht/versturen"
)

// intakePages are the templates of the stepped form.
var intakePages = []string{"intake_step", "intake_gone"}

// intakeView is one page of the stepped form.
type intakeView struct {
	Step     casework.IntakeStep
	Number   int
	Count    int
	Question string
	Back     casework.IntakeStep // "" on the first step: the back link goes home
	Sections []formSection
	Hidden   []hiddenField
	// All is every answer, for the back button's own form (the answers typed on this page since
	// it was shown are not kept, as with a back link).
	All       []hiddenField
	Return    bool // opened from "check your answers"
	Answers   []answerRow
	Letters   string // the language of the letters, said on the check page
	SendToken string
	// Token is the least fill time's stamp; Honeypot and HoneypotLabel the field people never see.
	Token         string
	Honeypot      string
	HoneypotLabel string
}

// hiddenField is an answer of another step, carried along.
type hiddenField struct{ Name, Value string }

// answerRow is one row of "check your answers", with the step that changes it.
type answerRow struct {
	ID, Label, Value, Error string
	Step                    casework.IntakeStep
}

// IsCheck reports whether this is "check your answers".
func (v *intakeView) IsCheck() bool { return v.Step == casework.StepCheck }

// StepPath is where a step's form posts.
func stepPath(step casework.IntakeStep) string { return "/klacht/stap/" + string(step) }

// Action is where this page's form posts: the step, or sending from the check page.
func (v *intakeView) Action() string {
	if v.IsCheck() {
		return intakeSendPath
	}
	return stepPath(v.Step)
}

// StepPath is the address of the form of this page's step (the back and change buttons post there).
func (v *intakeView) StepPath() string { return stepPath(v.Step) }

// stepFieldNames are the form fields each step shows; every other answer is carried as hidden.
var stepFieldNames = map[casework.IntakeStep][]string{
	casework.StepContact: {"complainant_name", "complainant_email", "complainant_phone", "complainant_street",
		"complainant_postcode", "complainant_city"},
	casework.StepOrganisation: {"organisation_ids", "organisation_unknown"},
	casework.StepWhat: {"summary", "grounds", "occurred_on_day", "occurred_on_month", "occurred_on_year",
		"life_domains", "life_domain_text", "life_domain_unknown"},
	casework.StepWish: {"desired_outcome"},
	casework.StepSupporter: {"supporter_id", "supporter_name", "supporter_relation", "supporter_email",
		"supporter_phone", "supporter_street", "supporter_postcode", "supporter_city", "supporter_consent"},
}

// stepIntake builds the intake from the answers: the one-page form's fields, the date from its
// three parts (their errors in v), and the language of the letters from the page's language.
func stepIntake(l core.Lang, values url.Values, today string, v *casework.Validator) casework.Intake {
	f := newComplaintForm(l, values, nil)
	in := f.intake()
	in.Language = casework.LetterLanguage(l.Code())
	lang := casework.LanguageDutch
	if l.EN() {
		lang = casework.LanguageEnglish
	}
	in.OccurredOn = casework.CheckDateParts(v, "occurred_on", casework.DateParts{Day: values.Get("occurred_on_day"),
		Month: values.Get("occurred_on_month"), Year: values.Get("occurred_on_year")}, today, "", lang)
	in.Normalize()
	return in
}

// stepErrors checks the answers of step (StepCheck: all of them) and returns the field errors.
func (s *Server) stepErrors(l core.Lang, values url.Values, step casework.IntakeStep) []casework.FieldError {
	var v casework.Validator
	in := stepIntake(l, values, s.today(), &v)
	fields := slices.Clone(v.Fields)
	if step != casework.StepWhat && step != casework.StepCheck {
		fields = nil // the date belongs to the step "what"
	}
	var e *casework.Error
	if err := in.ValidateStep(step, casework.RoleResident, s.today()); errors.As(err, &e) {
		for _, fe := range e.Fields {
			// A date with wrong parts has no date: the parts' messages say what is wrong.
			if fe.Field == "occurred_on" && len(fields) > 0 {
				continue
			}
			fields = append(fields, fe)
		}
	}
	return fields
}

// intakeErrors turns field errors into the form's messages: the date parts' messages as casework
// words them, the others in plain language.
func intakeErrors(l core.Lang, fields []casework.FieldError) map[string]string {
	msgs := map[string]string{}
	for _, fe := range fields {
		name := formFieldOf(fe.Field)
		if _, ok := msgs[name]; ok {
			continue
		}
		switch {
		case strings.HasPrefix(fe.Field, "occurred_on."):
			msgs[name] = fe.Message
		case fe.Field == "organisation_ids" && strings.HasPrefix(fe.Message, "choose organisations or say"):
			msgs[name] = l.T("form.org.both")
		case fe.Field == "life_domains" && strings.HasPrefix(fe.Message, "choose at least"):
			msgs[name] = l.T("form.domain.choose")
		default:
			msgs[name] = fieldMessage(l, name, fe.Message)
		}
	}
	return msgs
}

// StartComplaint serves the first step of the form with a new send token and fill-time stamp.
func (s *Server) StartComplaint(c *gin.Context) {
	l := core.PageLang(c)
	token, err := s.Store.NewFormToken(c.Request.Context())
	if err != nil {
		if e := s.Unavailable(c, err); casework.ErrorCode(e) == core.CodeUnavailable {
			s.PageError(c, l, http.StatusServiceUnavailable)
			return
		}
		s.PageFail(c, l, err)
		return
	}
	values := url.Values{sendTokenField: {token}}
	s.renderStep(c, l, http.StatusOK, casework.StepContact, values, nil, "")
}

// StepComplaint takes the answers of one step: moving back (or to a step chosen on the check page)
// without checks, or on to the next step once this one's answers are right.
func (s *Server) StepComplaint(c *gin.Context) {
	l, ok := s.readPageForm(c)
	if !ok {
		return
	}
	if q, ok := c.GetQuery("lang"); ok {
		// The check page's button for letters in the other language posts to the page in that language.
		l = core.LangOf(q)
	}
	step := casework.IntakeStep(c.Param("step"))
	if !step.Valid() {
		s.PageError(c, l, http.StatusNotFound)
		return
	}
	values := c.Request.PostForm
	values.Del(core.HoneypotField)
	if to := casework.IntakeStep(values.Get("goto")); to != "" {
		values.Del("goto")
		if !to.Valid() {
			s.PageError(c, l, http.StatusNotFound)
			return
		}
		if step == casework.StepCheck && to != casework.StepCheck {
			values.Set(returnField, "check")
		}
		s.renderStep(c, l, http.StatusOK, to, values, nil, "")
		return
	}
	if step == casework.StepCheck {
		s.renderStep(c, l, http.StatusOK, step, values, nil, "")
		return
	}
	if fe := s.stepErrors(l, values, step); len(fe) > 0 {
		s.renderStep(c, l, http.StatusUnprocessableEntity, step, values, fe, "")
		return
	}
	next := step.Next()
	if values.Get(returnField) != "" {
		values.Del(returnField)
		next = casework.StepCheck
	}
	s.renderStep(c, l, http.StatusOK, next, values, nil, "")
}

// SendComplaint files the complaint once per send token and sends the browser to the confirmation
// (POST-redirect-GET). A refused complaint comes back as "check your answers" with the errors,
// each linked to its answer.
func (s *Server) SendComplaint(c *gin.Context) {
	l, ok := s.readPageForm(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	values := c.Request.PostForm
	values.Del(core.HoneypotField)
	values.Del(returnField)
	bot, err := s.LooksLikeBot(ctx, c.Request.Form)
	if err == nil && bot {
		s.renderStep(c, l, http.StatusUnprocessableEntity, casework.StepCheck, values, nil, l.T("complaint.again"))
		return
	}
	if err == nil {
		var v casework.Validator
		in := stepIntake(l, values, s.today(), &v)
		if len(v.Fields) > 0 {
			s.renderStep(c, l, http.StatusUnprocessableEntity, casework.StepCheck, values, v.Fields, "")
			return
		}
		token := values.Get(sendTokenField)
		_, _, err = s.Store.FileComplaintOnce(ctx, casework.ResidentActor, in, s.IntakeLimit(c, true), token)
		if err == nil {
			http.SetCookie(c.Writer, &http.Cookie{Name: receiptCookie, Value: token, Path: intakeDonePath,
				MaxAge: int(postgres.FormTokenLifetime / time.Second), HttpOnly: true, Secure: s.OverTLS(c),
				SameSite: http.SameSiteLaxMode})
			c.Redirect(http.StatusSeeOther, l.URL(intakeDonePath))
			return
		}
	}
	var e *casework.Error
	switch {
	case errors.As(err, &e) && e.Code == casework.CodeValidation:
		for _, fe := range e.Fields {
			if fe.Field == "form_token" {
				// Expired (or never handed out): a new token, the answers kept.
				fresh, terr := s.Store.NewFormToken(ctx)
				if terr == nil {
					values.Set(sendTokenField, fresh)
				}
				s.renderStep(c, l, http.StatusUnprocessableEntity, casework.StepCheck, values, nil, l.T("form.expired"))
				return
			}
		}
		s.renderStep(c, l, http.StatusUnprocessableEntity, casework.StepCheck, values, e.Fields, "")
	case errors.As(err, &e) && e.Code == casework.CodeRateLimited:
		c.Header("Retry-After", core.RetryAfter(e.RetryAfter))
		minutes := int(e.RetryAfter.Round(time.Minute) / time.Minute)
		s.renderStep(c, l, http.StatusTooManyRequests, casework.StepCheck, values, nil,
			fmt.Sprintf(l.T("complaint.limited"), max(minutes, 1)))
	default:
		if e := s.Unavailable(c, err); casework.ErrorCode(e) == core.CodeUnavailable {
			s.renderStep(c, l, http.StatusServiceUnavailable, casework.StepCheck, values, nil, l.T("complaint.unavailable"))
			return
		}
		s.PageFail(c, l, err)
	}
}

// ComplaintReceived shows the confirmation of the complaint filed with the token in the cookie:
// the same reference and tracking code however often it is opened within a day. Without the cookie
// (another browser, a day later) a neutral page says where the codes are.
func (s *Server) ComplaintReceived(c *gin.Context) {
	l := core.PageLang(c)
	c.Header("Cache-Control", "no-store")
	c.Header("Referrer-Policy", "no-referrer")
	if ck, err := c.Request.Cookie(receiptCookie); err == nil && ck.Value != "" {
		receipt, err := s.Store.FormReceipt(c.Request.Context(), ck.Value)
		if err == nil {
			p := newPage(l, "done.title", "complaint")
			p.Receipt = &receipt
			s.render(c, http.StatusOK, "confirmation", p)
			return
		}
		if casework.ErrorCode(err) != casework.CodeNotFound {
			s.PageFail(c, l, err)
			return
		}
	}
	p := newPage(l, "done.gone.title", "complaint").menuAt(intakeDonePath)
	s.render(c, http.StatusOK, "intake_gone", p)
}

// renderStep renders a step with the answers (values), its errors, and message as the only
// problem when it is not about a field (a bot-like post, the intake limit, an outage).
func (s *Server) renderStep(c *gin.Context, l core.Lang, status int, step casework.IntakeStep, values url.Values,
	fe []casework.FieldError, message string) {
	orgs, err := s.formOrganisations(c.Request.Context())
	if err != nil && status == http.StatusServiceUnavailable {
		orgs, err = chosenOrganisations(l, values), nil
	}
	if err != nil {
		s.PageFail(c, l, err)
		return
	}
	f := newComplaintForm(l, values, orgs)
	f.pool, _ = s.Store.Supporters(c.Request.Context(), casework.SupporterFilter{})
	msgs := intakeErrors(l, fe)
	if step != casework.StepCheck {
		f.errors = msgs
	}
	f.build()
	v := &intakeView{Step: step, Number: slices.Index(casework.IntakeSteps, step) + 1,
		Count: len(casework.IntakeSteps), Question: l.T("form.q." + string(step)), Back: step.Previous(),
		Return: values.Get(returnField) != "", SendToken: values.Get(sendTokenField),
		Token: s.PageFormToken(c.Request.Context(), values.Get(core.FormTokenField))}
	v.Honeypot, v.HoneypotLabel = core.HoneypotField, l.T("complaint.honeypot")
	if step == casework.StepCheck {
		v.Answers = s.answers(l, f, msgs)
		v.Letters = l.T("form.letters.lang")
	} else {
		v.Sections = stepSections(l, step, f, msgs)
	}
	shown := stepFieldNames[step]
	for _, name := range complaintFieldOrder {
		if slices.Contains(shown, name) || name == "language" || name == "occurred_on" {
			continue
		}
		for _, val := range values[name] {
			v.Hidden = append(v.Hidden, hiddenField{Name: name, Value: val})
		}
	}
	for _, name := range append(slices.Clone(complaintFieldOrder), core.FormTokenField, sendTokenField, returnField) {
		if name == "language" || name == "occurred_on" {
			continue
		}
		for _, val := range values[name] {
			v.All = append(v.All, hiddenField{Name: name, Value: val})
		}
	}
	if v.Return && step != casework.StepCheck {
		v.Hidden = append(v.Hidden, hiddenField{Name: returnField, Value: "check"})
	}
	p := newPage(l, "form.q."+string(step), "complaint")
	p.Title = fmt.Sprintf("%s - %s", v.Question, l.T("complaint.title"))
	p.Intake = v
	switch {
	case message != "":
		p.HasErrors = true
		p.Problems = []problemLink{{Message: message}}
		if status == http.StatusServiceUnavailable {
			p.ProblemsHeading = l.T("e503.title")
		}
	case len(fe) > 0:
		p.HasErrors = true
		p.Problems = intakeProblems(step, fe, msgs)
	case step == casework.StepContact && c.Request.Method == http.MethodGet:
		p.menuAt("/klacht")
	}
	s.render(c, status, "intake_step", p)
}

// intakeProblems is the error summary: on a step each error links to its field, on the check page
// to the answer (whose change button leads to the step).
func intakeProblems(step casework.IntakeStep, fe []casework.FieldError, msgs map[string]string) []problemLink {
	var list []problemLink
	seen := map[string]bool{}
	for _, name := range complaintFieldOrder {
		msg, ok := msgs[name]
		if !ok {
			continue
		}
		link := name
		if step == casework.StepCheck {
			link = "antwoord-" + string(stepOfField(name))
		}
		if !seen[name] {
			list = append(list, problemLink{Field: link, Message: msg})
			seen[name] = true
		}
	}
	if msg, ok := msgs[""]; ok {
		list = append(list, problemLink{Message: msg})
	}
	if len(list) == 0 && len(fe) > 0 {
		list = append(list, problemLink{Message: fe[0].Message})
	}
	return list
}

// stepOfField is the step that asks for a form field.
func stepOfField(name string) casework.IntakeStep {
	for step, names := range stepFieldNames {
		if slices.Contains(names, name) {
			return step
		}
	}
	return casework.StepCheck
}

// stepSections lays out the questions of one step from the form's sections.
func stepSections(l core.Lang, step casework.IntakeStep, f *complaintForm, msgs map[string]string) []formSection {
	byGroup := func(name string) formSection {
		for _, sec := range f.Sections {
			if sec.Group != nil && sec.Group.Name == name {
				return sec
			}
		}
		return formSection{}
	}
	byID := func(id string) formSection {
		for _, sec := range f.Sections {
			if sec.ID == id {
				return sec
			}
		}
		return formSection{}
	}
	field := func(name, typ, label, help string) formField {
		ff := formField{Name: name, Type: typ, Label: l.T(label), Value: f.values.Get(name), Error: msgs[name]}
		if help != "" {
			ff.Help = l.T(help)
		}
		return ff
	}
	check := func(name, label string) formField {
		ff := field(name, "checkbox", label, "")
		ff.Value, ff.Checked = "yes", f.values.Get(name) == "yes"
		return ff
	}
	switch step {
	case casework.StepContact:
		sec := byID("gegevens")
		sec.Legend = l.T("form.q.contact")
		return []formSection{sec}
	case casework.StepOrganisation:
		orgs := byGroup("organisation_ids")
		orgs.Legend = l.T("form.q.organisation")
		return []formSection{orgs,
			{Legend: l.T("form.org.or"), ID: "organisatie-onbekend", Fields: []formField{check("organisation_unknown", "form.org.unknown")}}}
	case casework.StepWhat:
		summary := field("summary", "textarea", "f.summary", "f.summary.h")
		summary.Required = l.T("required")
		date := formSection{Legend: l.T("form.date.legend"), Help: l.T("form.date.hint"), ID: "occurred_on"}
		for _, part := range []string{"day", "month", "year"} {
			ff := field("occurred_on_"+part, "text", "form.date."+part, "")
			ff.Inputmode = "numeric"
			date.Fields = append(date.Fields, ff)
		}
		return []formSection{
			{Legend: l.T("sec.complaint"), Fields: []formField{summary}},
			byGroup("grounds"),
			date,
			byGroup("life_domains"),
			{Legend: l.T("form.domain.other"), ID: "levensgebied-anders", Fields: []formField{
				field("life_domain_text", "textarea", "form.domain.words", "form.domain.words.h"),
				check("life_domain_unknown", "form.domain.unknown")}},
		}
	case casework.StepWish:
		return []formSection{{Legend: l.T("form.q.wish"), Fields: []formField{field("desired_outcome", "textarea", "f.desired_outcome", "f.desired_outcome.h")}}}
	case casework.StepSupporter:
		return []formSection{byGroup("supporter_id"), byID("gemachtigde"), byID("toestemming")}
	}
	return nil
}

// answers are the rows of "check your answers".
func (s *Server) answers(l core.Lang, f *complaintForm, msgs map[string]string) []answerRow {
	v := f.values
	none := l.T("form.answer.none")
	or := func(s string) string {
		if strings.TrimSpace(s) == "" {
			return none
		}
		return s
	}
	errOf := func(names ...string) string {
		for _, n := range names {
			if m, ok := msgs[n]; ok {
				return m
			}
		}
		return ""
	}
	names := func(values []string, key func(string) string) string {
		var out []string
		for _, x := range values {
			out = append(out, key(x))
		}
		return or(strings.Join(out, ", "))
	}
	orgName := map[string]string{}
	for _, o := range f.orgs {
		orgName[strconv.FormatInt(o.ID, 10)] = o.Name
	}
	orgs := names(v["organisation_ids"], func(id string) string { return or(orgName[id]) })
	if v.Get("organisation_unknown") == "yes" {
		orgs = l.T("form.org.unknown")
	}
	date := none
	if d := strings.TrimSpace(v.Get("occurred_on_day") + " " + v.Get("occurred_on_month") + " " + v.Get("occurred_on_year")); d != "" {
		date = d
	}
	var domain []string
	if len(v["life_domains"]) > 0 {
		domain = append(domain, names(v["life_domains"], func(x string) string { return l.T("domain." + x) }))
	}
	if t := strings.TrimSpace(v.Get("life_domain_text")); t != "" {
		domain = append(domain, fmt.Sprintf(l.T("form.answer.words"), t))
	}
	if v.Get("life_domain_unknown") == "yes" {
		domain = append(domain, l.T("form.domain.unknown"))
	}
	who := l.T("who.nobody")
	switch id := v.Get("supporter_id"); {
	case id == "informal" || (id == "" && supporterChoice(v) == "informal"):
		who = strings.TrimSpace(v.Get("supporter_name") + " (" + v.Get("supporter_relation") + ")")
	case id != "":
		who = id
		for _, m := range f.pool {
			if strconv.FormatInt(m.ID, 10) == id {
				who = m.Name
			}
		}
	}
	consent := l.T("form.answer.no")
	if v.Get("supporter_consent") == "yes" {
		consent = l.T("form.answer.yes")
	}
	address := strings.TrimSpace(strings.Join([]string{v.Get("complainant_street"), v.Get("complainant_postcode"), v.Get("complainant_city")}, " "))
	rows := []answerRow{
		{Label: l.T("f.complainant_name"), Value: or(v.Get("complainant_name")), Step: casework.StepContact, Error: errOf("complainant_name")},
		{Label: l.T("f.complainant_email"), Value: or(v.Get("complainant_email")), Step: casework.StepContact, Error: errOf("complainant_email")},
		{Label: l.T("f.complainant_phone"), Value: or(v.Get("complainant_phone")), Step: casework.StepContact, Error: errOf("complainant_phone")},
		{Label: l.T("form.answer.address"), Value: or(address), Step: casework.StepContact, Error: errOf("complainant_street", "complainant_postcode", "complainant_city")},
		{Label: l.T("form.q.organisation"), Value: orgs, Step: casework.StepOrganisation, Error: errOf("organisation_ids", "organisation_unknown")},
		{Label: l.T("f.summary"), Value: or(v.Get("summary")), Step: casework.StepWhat, Error: errOf("summary")},
		{Label: l.T("sec.grounds"), Value: names(v["grounds"], func(x string) string { return l.T("ground." + x) }), Step: casework.StepWhat, Error: errOf("grounds")},
		{Label: l.T("form.date.legend"), Value: date, Step: casework.StepWhat, Error: errOf("occurred_on_day", "occurred_on_month", "occurred_on_year")},
		{Label: l.T("sec.domains"), Value: or(strings.Join(domain, ". ")), Step: casework.StepWhat, Error: errOf("life_domains", "life_domain_text")},
		{Label: l.T("form.q.wish"), Value: or(v.Get("desired_outcome")), Step: casework.StepWish, Error: errOf("desired_outcome")},
		{Label: l.T("sec.supporter"), Value: who, Step: casework.StepSupporter, Error: errOf("supporter_id", "supporter_name", "supporter_relation", "supporter_email", "supporter_phone", "supporter_street", "supporter_postcode", "supporter_city")},
		{Label: l.T("sec.consent"), Value: consent, Step: casework.StepSupporter, Error: errOf("supporter_consent")},
	}
	// The first row of each step carries the anchor the error summary links to.
	seen := map[casework.IntakeStep]bool{}
	for i := range rows {
		if !seen[rows[i].Step] {
			rows[i].ID = "antwoord-" + string(rows[i].Step)
			seen[rows[i].Step] = true
		}
	}
	return rows
}
