package pages

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"meldpunt/internal/casework"
	"meldpunt/internal/postgres"
	"meldpunt/internal/web/core"
)

// The complaint form. Its field names are the contract with the browser tests: complainant_name,
// complainant_email, complainant_phone, complainant_street, complainant_postcode, complainant_city,
// language, organisation_ids, grounds, life_domains, summary, desired_outcome, occurred_on,
// supporter_id (radio: "" nobody, a member of the pool by id, "informal"), supporter_name,
// supporter_relation, supporter_email, supporter_phone, supporter_street, supporter_postcode,
// supporter_city, supporter_consent. Every control's id is its
// field name; in a group of checkboxes or radios the first one has the field name as id and the
// others FIELD-VALUE. Help text has id FIELD-hulp, an error FIELD-fout.

// complaintFieldOrder is the order of the error summary: the order of the form.
var complaintFieldOrder = []string{"complainant_name", "complainant_email", "complainant_phone",
	"complainant_street", "complainant_postcode", "complainant_city", "language", "organisation_ids",
	"grounds", "life_domains", "summary", "desired_outcome", "occurred_on", "supporter_id", "supporter_name",
	"supporter_relation", "supporter_email", "supporter_phone", "supporter_street", "supporter_postcode", "supporter_city", "supporter_consent",
	// The stepped form's own fields (intake.go).
	"organisation_unknown", "occurred_on_day", "occurred_on_month", "occurred_on_year", "life_domain_text", "life_domain_unknown"}

// complaintForm is what the resident typed, and the errors per field.
type complaintForm struct {
	values url.Values
	errors map[string]string
	orgs   []casework.Organisation
	// pool is the active members of the pool of client supporters, offered to choose from.
	pool []casework.Supporter
	// forSupporter is the form a supporter fills in for a client (/ondersteuner/klacht): about the
	// client, with the client's consent instead of the choice of who helps.
	forSupporter bool
	l            core.Lang
	Sections     []formSection
	// Token is the signed time the form was first handed out (core/publicform.go); Honeypot and
	// HoneypotLabel are the field people never see and its label.
	Token         string
	Honeypot      string
	HoneypotLabel string
}

// formSection is one fieldset: a group of text fields, or one group of choices (Group).
type formSection struct {
	Legend string
	Help   string
	ID     string // for the help text's id
	// Link and LinkText point to a page that helps to fill the section in (the directory).
	Link, LinkText string
	Fields         []formField
	Group          *formField
}

// formField is one control, or a group of checkboxes or radios (Choices).
type formField struct {
	Name, Label, Help, Error, Value, Type, Autocomplete string
	// Inputmode is the inputmode of a text field ("numeric" for the parts of a date).
	Inputmode string
	Required  string // "verplicht" when required
	Checked   bool   // a single checkbox
	Choices   []choice
}

// choice is one checkbox or radio of a group.
type choice struct {
	ID, Value, Label string
	Checked          bool
}

// DescribedBy is the value of aria-describedby: the help text and the error.
func (f formField) DescribedBy() string {
	var ids []string
	if f.Help != "" {
		ids = append(ids, f.Name+"-hulp")
	}
	if f.Error != "" {
		ids = append(ids, f.Name+"-fout")
	}
	return strings.Join(ids, " ")
}

func newComplaintForm(l core.Lang, values url.Values, orgs []casework.Organisation) *complaintForm {
	if values == nil {
		values = url.Values{}
	}
	return &complaintForm{values: values, errors: map[string]string{}, orgs: orgs, l: l}
}

// build lays the form out in sections, with the values and errors filled in.
func (f *complaintForm) build() {
	l := f.l
	text := func(name, typ, autocomplete string, required, help bool) formField {
		label := "f." + name
		if core.Has("fs."+name) && f.forSupporter {
			label = "fs." + name
		}
		ff := formField{Name: name, Label: l.T(label), Value: f.values.Get(name), Type: typ,
			Autocomplete: autocomplete, Error: f.errors[name]}
		if required {
			ff.Required = l.T("required")
		}
		if help {
			ff.Help = l.T(label + ".h")
		}
		return ff
	}
	group := func(name, typ string, required bool, values, labels []string) *formField {
		g := &formField{Name: name, Type: typ, Error: f.errors[name]}
		if required {
			g.Required = l.T("required")
		}
		chosen := f.values[name]
		for i, v := range values {
			id := name
			if i > 0 {
				id = name + "-" + v
			}
			checked := false
			for _, c := range chosen {
				checked = checked || c == v
			}
			g.Choices = append(g.Choices, choice{ID: id, Value: v, Label: labels[i], Checked: checked})
		}
		return g
	}

	// The language of the letters: Dutch unless the resident chose otherwise.
	if len(f.values["language"]) == 0 {
		f.values["language"] = []string{string(casework.LanguageDutch)}
	}
	// Letters exist in Dutch and English only: on a page in another language the form says so.
	letterLanguage := group("language", "radio", false, []string{"nl", "en"}, []string{l.T("lang.nl"), l.T("lang.en")})
	if !core.Catalogue().Language(l.Code()).Full {
		letterLanguage.Help = l.T("sec.language.h")
	}
	var orgIDs, orgNames []string
	for _, o := range f.orgs {
		orgIDs = append(orgIDs, strconv.FormatInt(o.ID, 10))
		orgNames = append(orgNames, o.Name)
	}
	var grounds, groundNames []string
	for _, g := range casework.Grounds {
		grounds = append(grounds, string(g))
		groundNames = append(groundNames, l.T("ground."+string(g)))
	}
	var domains, domainNames []string
	for _, d := range casework.LifeDomains {
		domains = append(domains, string(d))
		domainNames = append(domainNames, l.T("domain."+string(d)))
	}

	orgs := group("organisation_ids", "checkbox", true, orgIDs, orgNames)
	orgs.Help = l.T("sec.orgs.help")
	gr := group("grounds", "checkbox", true, grounds, groundNames)
	gr.Help = l.T("sec.grounds.h")
	dom := group("life_domains", "checkbox", true, domains, domainNames)
	dom.Help = l.T("sec.domains.h")
	consent := text("supporter_consent", "checkbox", "", false, true)
	consent.Value, consent.Checked = "yes", f.values.Get("supporter_consent") == "yes"
	// Who helps: nobody, a member of the pool, or someone the resident knows.
	if len(f.values["supporter_id"]) == 0 {
		f.values["supporter_id"] = []string{supporterChoice(f.values)}
	}
	whoValues, whoLabels := []string{""}, []string{l.T("who.nobody")}
	for _, m := range f.pool {
		whoValues = append(whoValues, strconv.FormatInt(m.ID, 10))
		whoLabels = append(whoLabels, m.Name)
	}
	whoValues, whoLabels = append(whoValues, "informal"), append(whoLabels, l.T("who.informal"))
	who := group("supporter_id", "radio", false, whoValues, whoLabels)
	for i := range who.Choices {
		if who.Choices[i].Value == "" {
			who.Choices[i].ID = "supporter_id"
		} else if i > 0 {
			who.Choices[i].ID = "supporter_id-" + who.Choices[i].Value
		}
	}
	who.Help = l.T("sec.supporter.")

	f.Sections = []formSection{
		{Legend: l.T("sec.you"), Help: l.T("sec.you.help"), ID: "gegevens", Fields: []formField{
			text("complainant_name", "text", "name", true, false),
			text("complainant_email", "email", "email", false, true),
			text("complainant_phone", "tel", "tel", false, false),
			text("complainant_street", "text", "street-address", false, false),
			text("complainant_postcode", "text", "postal-code", false, true),
			text("complainant_city", "text", "address-level2", false, false),
		}},
		{Legend: l.T("sec.language"), Group: letterLanguage},
		{Legend: l.T("sec.orgs"), Group: orgs},
		{Legend: l.T("sec.grounds"), Group: gr},
		{Legend: l.T("sec.domains"), Group: dom},
		{Legend: l.T("sec.complaint"), Fields: []formField{
			text("summary", "textarea", "", true, true),
			text("desired_outcome", "textarea", "", false, true),
			text("occurred_on", "date", "", false, true),
		}},
		{Legend: l.T("sec.supporter"), Group: who, Link: l.URL("/ondersteuning"), LinkText: l.T("who.directory")},
		{Legend: l.T("sec.informal"), Help: l.T("sec.informal."), ID: "gemachtigde", Fields: []formField{
			text("supporter_name", "text", "off", false, false),
			text("supporter_relation", "text", "off", false, true),
			text("supporter_email", "email", "off", false, false),
			text("supporter_phone", "tel", "off", false, false),
			text("supporter_street", "text", "off", false, false),
			text("supporter_postcode", "text", "off", false, true),
			text("supporter_city", "text", "off", false, false),
		}},
		{Legend: l.T("sec.consent"), Help: l.T("sec.consent."), ID: "toestemming", Fields: []formField{consent}},
	}
	if f.forSupporter {
		// The supporter acts for the client: no choice of who helps, the client's consent required.
		consent.Required = l.T("required")
		sections := []formSection{}
		for _, sec := range f.Sections {
			switch {
			case sec.ID == "gemachtigde", sec.Group != nil && sec.Group.Name == "supporter_id":
			case sec.ID == "toestemming":
				sections = append(sections, formSection{Legend: l.T("fs.sec.consent"), Help: l.T("fs.sec.consent."),
					ID: "toestemming", Fields: []formField{consent}})
			case sec.ID == "gegevens":
				sec.Legend, sec.Help = l.T("fs.sec.you"), l.T("fs.sec.you.help")
				sections = append(sections, sec)
			default:
				sections = append(sections, sec)
			}
		}
		f.Sections = sections
	}
}

// Action is where the form posts.
func (f *complaintForm) Action() string {
	if f.forSupporter {
		return "/ondersteuner/klacht"
	}
	return "/klacht"
}

// ForSupporter reports whether this is the form a supporter fills in for a client.
func (f *complaintForm) ForSupporter() bool { return f.forSupporter }

// problems lists the errors in the order of the form, for the error summary.
func (f *complaintForm) problems() []problemLink {
	var list []problemLink
	for _, name := range complaintFieldOrder {
		if msg, ok := f.errors[name]; ok {
			list = append(list, problemLink{Field: name, Message: msg})
		}
	}
	if msg, ok := f.errors[""]; ok {
		list = append(list, problemLink{Message: msg})
	}
	return list
}

// intake builds the casework intake from the form; the store normalises and validates it.
func (f *complaintForm) intake() casework.Intake {
	v := f.values
	in := casework.Intake{
		Complainant: casework.Contact{Name: v.Get("complainant_name"), Email: v.Get("complainant_email"),
			Phone: v.Get("complainant_phone"), Street: v.Get("complainant_street"),
			Postcode: v.Get("complainant_postcode"), City: v.Get("complainant_city")},
		Language:         casework.Language(v.Get("language")),
		Channel:          casework.ChannelWeb,
		Summary:          v.Get("summary"),
		DesiredOutcome:   v.Get("desired_outcome"),
		OccurredOn:       v.Get("occurred_on"),
		SupporterConsent: v.Get("supporter_consent") == "yes",
		// The stepped form's own fields (intake.go); the supporter's form has none of them.
		OrganisationUnknown: v.Get("organisation_unknown") == "yes",
		LifeDomainText:      v.Get("life_domain_text"),
		LifeDomainUnknown:   v.Get("life_domain_unknown") == "yes",
	}
	in.SupporterID, in.Supporter, in.SupporterRelation = formRepresentation(v)
	for _, s := range v["organisation_ids"] {
		id, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
		if err != nil {
			id = -1 // refused by Validate as an invalid organisation id
		}
		in.OrganisationIDs = append(in.OrganisationIDs, id)
	}
	for _, s := range v["grounds"] {
		in.Grounds = append(in.Grounds, casework.Ground(s))
	}
	for _, s := range v["life_domains"] {
		in.LifeDomains = append(in.LifeDomains, casework.LifeDomain(s))
	}
	return in
}

// addErrors translates the field errors of the store into plain-language messages per form field;
// the first error of a field wins.
func (f *complaintForm) addErrors(fields []casework.FieldError) {
	for _, fe := range fields {
		name := formFieldOf(fe.Field)
		if _, ok := f.errors[name]; ok {
			continue
		}
		f.errors[name] = fieldMessage(f.l, name, fe.Message)
	}
	if len(f.errors) == 0 {
		f.errors[""] = f.l.T("err.generic")
	}
}

// formFieldOf maps a field of casework.Intake.Validate to the form field that shows its error; ""
// is an error about no field of the form.
func formFieldOf(field string) string {
	switch field {
	case "complainant":
		// "give an e-mail address, a phone number or a full postal address": shown at the e-mail address.
		return "complainant_email"
	case "supporter":
		// "give the supporter's e-mail address or full postal address": shown at their e-mail address.
		return "supporter_email"
	case "channel", "received_on":
		return ""
	}
	name := strings.ReplaceAll(field, ".", "_")
	for _, known := range complaintFieldOrder {
		if name == known {
			return name
		}
	}
	return ""
}

// fieldMessages maps the start of a casework message to the key of its plain-language text.
var fieldMessages = []struct{ prefix, key string }{
	{"is required", "err.required"},
	{"is too long", "err.toolong"},
	{"has too many lines", "err.lines"},
	{"contains control characters", "err.chars"},
	{"contains invalid characters", "err.chars"},
	{"is not a valid e-mail address", "err.email"},
	{"must contain a phone number", "err.phone"},
	{"must be a Dutch postcode", "err.postcode"},
	{"a postal address needs", "err.address"},
	{"give a postal address or an e-mail address", "err.reach.web"},
	{"give the supporter's", "err.reach.supporter"},
	{"give an e-mail address", "err.reach"},
	{"choose at least", "err.choose"},
	{"choose at most", "err.choosemax"},
	{"contains an invalid organisation", "err.unknownchoice"},
	{"contains an unknown organisation", "err.unknownchoice"},
	{"unknown value", "err.unknownchoice"},
	{"must be one of", "err.unknownchoice"},
	{"describe what happened", "err.summaryshort"},
	{"must be a date", "err.date"},
	{"cannot be in the future", "err.future"},
	{"name the supporter", "err.consent"},
	{"without your consent", "err.noconsent"},
	{"choose a member of the pool or name an informal representative, not both", "err.both"},
	{"must be an active member", "err.unknownchoice"},
	{"must be the id of a member", "err.unknownchoice"},
	{"only an informal representative has a relation", "err.relation"},
}

// fieldMessage is the plain-language message for a casework field error: a text for this field
// when there is one (err.required.summary), else the text for the kind of error, else a generic one.
func fieldMessage(l core.Lang, field, msg string) string {
	for _, m := range fieldMessages {
		if !strings.HasPrefix(msg, m.prefix) {
			continue
		}
		if core.Has(m.key + "." + field) {
			return l.T(m.key + "." + field)
		}
		if m.key == "err.toolong" {
			var n int
			if _, err := fmt.Sscanf(msg, "is too long: at most %d characters", &n); err == nil {
				return fmt.Sprintf(l.T(m.key), n)
			}
			return l.T("err.generic")
		}
		return l.T(m.key)
	}
	return l.T("err.generic")
}

// complaintPage renders the form (status 200, 422 with the errors, or 503 with everything typed and
// the request to try again in a minute).
func (s *Server) complaintPage(c *gin.Context, l core.Lang, status int, values url.Values, fe []casework.FieldError) {
	s.complaintPageWith(c, l, status, values, fe, "")
}

// complaintPageWith is complaintPage with message as the only problem shown above the form (the
// form is kept, nothing marked): for a post that looked like a bot's, or one over the intake limit.
func (s *Server) complaintPageWith(c *gin.Context, l core.Lang, status int, values url.Values, fe []casework.FieldError, message string) {
	orgs, err := s.formOrganisations(c.Request.Context())
	if err != nil && status == http.StatusServiceUnavailable {
		// Not even an earlier list: keep the organisations the resident chose, by number.
		orgs, err = chosenOrganisations(l, values), nil
	}
	if err != nil {
		s.PageFail(c, l, err)
		return
	}
	f := newComplaintForm(l, values, orgs)
	// The pool to choose from; while the database is away the form is shown without it.
	f.pool, _ = s.Store.Supporters(c.Request.Context(), casework.SupporterFilter{})
	if status != http.StatusOK && message == "" {
		f.addErrors(fe)
	}
	f.build()
	f.Token = s.PageFormToken(c.Request.Context(), values.Get(core.FormTokenField))
	f.Honeypot, f.HoneypotLabel = core.HoneypotField, l.T("complaint.honeypot")
	p := newPage(l, "complaint.title", "complaint")
	p.Form = f
	switch {
	case message != "":
		p.HasErrors = true
		p.Problems = []problemLink{{Message: message}}
	case status == http.StatusOK:
		p.menuAt("/klacht")
	case status == http.StatusServiceUnavailable:
		p.HasErrors = true
		p.ProblemsHeading = l.T("e503.title")
		p.Problems = []problemLink{{Message: l.T("complaint.unavailable")}}
	default:
		p.HasErrors = true
		p.Problems = f.problems()
	}
	s.render(c, status, "complaint", p)
}

// chosenOrganisations stands in for the list of organisations while the database is away and no
// list was read before: the organisations the form named, so that the choice is kept.
func chosenOrganisations(l core.Lang, values url.Values) []casework.Organisation {
	var orgs []casework.Organisation
	for _, v := range values["organisation_ids"] {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil && id > 0 {
			orgs = append(orgs, casework.Organisation{ID: id, Name: l.F("complaint.chosen_org", id)})
		}
	}
	return orgs
}

// formOrganisations returns the organisations the complaint form offers. While the database is
// away it returns the list it last read, so that a resident's form can be shown again with
// everything typed.
func (s *Server) formOrganisations(ctx context.Context) ([]casework.Organisation, error) {
	orgs, err := s.Store.Organisations(ctx)
	if err == nil {
		s.FormOrgs.Store(&orgs)
		return orgs, nil
	}
	if last := s.FormOrgs.Load(); last != nil && postgres.Unavailable(err) {
		return *last, nil
	}
	return nil, err
}

// SubmitComplaint files a whole complaint form posted at once as the resident (POST /klacht, the
// one-page form's contract; the pages send the stepped form to SendComplaint, intake.go). A refused
// form comes back with 422 and everything typed; a filed one answers the confirmation page itself
// (no redirect: the tracking code must never be in a URL).
func (s *Server) SubmitComplaint(c *gin.Context) {
	l, ok := s.readPageForm(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	// The honeypot is never shown again: a person who somehow filled it can just send again.
	c.Request.PostForm.Del(core.HoneypotField)
	bot, err := s.LooksLikeBot(ctx, c.Request.Form)
	if err == nil && bot {
		// Not stored. The form comes back with everything typed and a neutral request to send it
		// again, with the time it was first handed out: a person who was quick sends again.
		s.complaintPageWith(c, l, http.StatusUnprocessableEntity, c.Request.PostForm, nil, l.T("complaint.again"))
		return
	}
	if err == nil {
		f := newComplaintForm(l, c.Request.PostForm, nil)
		var receipt casework.Receipt
		receipt, err = s.Store.FileComplaintLimited(ctx, casework.ResidentActor, f.intake(), s.IntakeLimit(c, true))
		if err == nil {
			p := newPage(l, "done.title", "complaint")
			p.Receipt = &receipt
			s.render(c, http.StatusOK, "confirmation", p)
			return
		}
	}
	{
		var e *casework.Error
		if errors.As(err, &e) && e.Code == casework.CodeValidation {
			s.complaintPage(c, l, http.StatusUnprocessableEntity, c.Request.PostForm, e.Fields)
			return
		}
		if errors.As(err, &e) && e.Code == casework.CodeRateLimited {
			// Over the intake limit of this address: nothing stored, everything typed kept.
			c.Header("Retry-After", core.RetryAfter(e.RetryAfter))
			minutes := int(e.RetryAfter.Round(time.Minute) / time.Minute)
			s.complaintPageWith(c, l, http.StatusTooManyRequests, c.Request.PostForm, nil,
				l.F("complaint.limited", max(minutes, 1)))
			return
		}
		if e := s.Unavailable(c, err); casework.ErrorCode(e) == core.CodeUnavailable {
			// Nothing was stored: the form comes back with everything typed.
			s.complaintPage(c, l, http.StatusServiceUnavailable, c.Request.PostForm, nil)
			return
		}
		s.PageFail(c, l, err)
	}
}

// supporterChoice is the choice of who helps that the form shows when none was posted: "informal"
// when the resident typed a representative's details, else nobody.
func supporterChoice(v url.Values) string {
	for _, name := range []string{"supporter_name", "supporter_email", "supporter_phone", "supporter_street",
		"supporter_postcode", "supporter_city", "supporter_relation"} {
		if strings.TrimSpace(v.Get(name)) != "" {
			return "informal"
		}
	}
	return ""
}

// formRepresentation reads who helps from a form: a member of the pool (supporter_id), or an
// informal representative (supporter_id "informal", or details typed without a choice). A member of
// the pool together with typed details is sent as both, which the store refuses.
func formRepresentation(v url.Values) (int64, *casework.Contact, string) {
	choice := strings.TrimSpace(v.Get("supporter_id"))
	contact := &casework.Contact{Name: v.Get("supporter_name"), Email: v.Get("supporter_email"),
		Phone: v.Get("supporter_phone"), Street: v.Get("supporter_street"), Postcode: v.Get("supporter_postcode"),
		City: v.Get("supporter_city")}
	relation := v.Get("supporter_relation")
	if choice == "" || choice == "informal" {
		return 0, contact, relation
	}
	id, err := strconv.ParseInt(choice, 10, 64)
	if err != nil || id <= 0 {
		id = -1 // refused by Validate as no member of the pool
	}
	return id, contact, relation
}
