package pages

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"meldpunt/internal/casework"
	"meldpunt/internal/term"
	"meldpunt/internal/web/core"
)

// Staff register a complaint that came by phone, letter, e-mail or at the counter (/werk/nieuw):
// the channel, the day it reached the meldpunt (day, month and year fields; never in the future;
// every term runs from that day), and everything the public form asks: the complainant's contact
// details, the language of the letters, the organisations, what it is about, what happened and what
// the complainant wants, and who helps them with their consent. The store call is the API's
// (POST /api/v1/complaints as staff): the complaint's acknowledgement is queued for every channel
// (by post, by e-mail, or waiting for an address when only a phone number is known). A filed
// complaint redirects (303) to its case page with a notice; a refused form comes back with 422, an
// error summary and everything typed. The field names are the public form's (complaint.go), with
// channel, received_day/_month/_year and occurred_day/_month/_year besides.

// staffNewChannels are the channels staff register; a web complaint files itself.
var staffNewChannels = []casework.Channel{casework.ChannelPhone, casework.ChannelLetter, casework.ChannelEmail,
	casework.ChannelCounter, casework.ChannelSocialMedia}

// staffNewOrder is the order of the error summary: the order of the form.
var staffNewOrder = []string{"channel", "received_day", "complainant_name", "complainant_email", "complainant_phone",
	"complainant_street", "complainant_postcode", "complainant_city", "language", "organisation_ids", "grounds",
	"life_domains", "summary", "desired_outcome", "occurred_day", "supporter_id", "supporter_name", "supporter_relation",
	"supporter_email", "supporter_phone", "supporter_street", "supporter_postcode", "supporter_city", "supporter_consent"}

// staffNewView is the registration form: its parts in order.
type staffNewView struct {
	Done  string
	Parts []snwPart
}

// snwPart is one fieldset of the form: a group of choices, a block of fields, or a date.
type snwPart struct {
	Group *snwGroup
	Block *formSection
	Date  *dateGroup
}

// snwGroup is a group of radio buttons or check boxes with its legend and a link that helps.
type snwGroup struct {
	Field          *formField
	Legend         string
	Link, LinkText string
}

// dateGroup is a date as three fields: day, month and year (GOV.UK's date input). The error
// summary links to the day field (NAME_day).
type dateGroup struct {
	L                         core.Lang
	Name, Legend, Help, Error string
	Required                  string
	Day, Month, Year          string
}

// DescribedBy is the value of aria-describedby of the group's fieldset.
func (d dateGroup) DescribedBy() string {
	ids := describedBy(d.Name, d.Help != "", false)
	if d.Error != "" { // the error summary links the day field, and its message is NAME_day-fout
		ids = strings.TrimSpace(ids + " " + d.Name + "_day-fout")
	}
	return ids
}

// StaffNewRoutes registers the registration form; staff is the session check for staff and admin.
func (s *Server) StaffNewRoutes(page core.PageRouter, staff gin.HandlerFunc) {
	page("GET", "/werk/nieuw", staff, s.staffNewForm)
	page("POST", "/werk/nieuw", staff, s.staffNewSubmit)
}

func (s *Server) staffNewForm(c *gin.Context) {
	s.staffNewPage(c, core.PageLang(c), http.StatusOK, url.Values{}, nil)
}

// snwDone is the notice on the form after an organisation was added (staff_org_new.go).
func snwDone(c *gin.Context, l core.Lang) string {
	if c.Query("klaar") == "organisatie" {
		return l.T("snw.done.organisatie")
	}
	return ""
}

// staffNewSubmit files the posted complaint as the signed-in staff member.
func (s *Server) staffNewSubmit(c *gin.Context) {
	l, ok := s.readPageForm(c)
	if !ok {
		return
	}
	values := c.Request.PostForm
	errs := map[string]string{}
	today := term.LocalDate(s.Store.Now()).String()
	in := staffNewIntake(values)
	// The day of receipt: all three fields, a real date, not in the future.
	received, msg := dateOf(l, values, "received", true, today)
	if msg != "" {
		errs["received_day"] = msg
	}
	in.ReceivedOn = received
	occurred, msg := dateOf(l, values, "occurred", false, today)
	if msg != "" {
		errs["occurred_day"] = msg
	}
	in.OccurredOn = occurred
	if !staffNewChannel(values.Get("channel")) {
		errs["channel"] = l.T("snw.err.channel")
	}
	var err error
	var receipt casework.Receipt
	if len(errs) == 0 {
		receipt, err = s.Store.FileComplaint(c.Request.Context(), core.Actor(c), in)
		if err == nil {
			q := "?klaar=geregistreerd"
			if l.EN() {
				q += "&lang=en"
			}
			c.Redirect(http.StatusSeeOther, casePath(receipt.Reference)+q)
			return
		}
	} else {
		// The store's own checks too, so that every error shows at once.
		in.Normalize()
		err = in.Validate(core.Actor(c).Role, today)
	}
	var e *casework.Error
	if err != nil && (!errors.As(err, &e) || e.Code != casework.CodeValidation) {
		s.PageFail(c, l, err)
		return
	}
	if e != nil {
		for _, fe := range e.Fields {
			name, msg := staffNewField(l, fe)
			if _, dup := errs[name]; !dup {
				errs[name] = msg
			}
		}
	}
	s.staffNewPage(c, l, http.StatusUnprocessableEntity, values, errs)
}

// staffNewChannel reports whether v is a channel staff register.
func staffNewChannel(v string) bool {
	for _, ch := range staffNewChannels {
		if string(ch) == v {
			return true
		}
	}
	return false
}

// staffNewIntake reads the intake from the form, as the public form does, with the channel.
func staffNewIntake(v url.Values) casework.Intake {
	f := newComplaintForm(core.LangOf(""), v, nil)
	in := f.intake()
	in.Channel = casework.Channel(v.Get("channel"))
	if !staffNewChannel(v.Get("channel")) {
		in.Channel = casework.ChannelPhone // refused on the page; the store checks the rest meanwhile
	}
	return in
}

// staffNewField places a field error of the store on the form, with a message for staff.
func staffNewField(l core.Lang, fe casework.FieldError) (string, string) {
	switch fe.Field {
	case "received_on":
		if strings.HasPrefix(fe.Message, "can be at most one year ago") {
			return "received_day", l.T("snw.err.received.old")
		}
		return "received_day", l.T("snw.err.received")
	case "occurred_on":
		if strings.HasPrefix(fe.Message, "cannot be after the day") {
			return "occurred_day", l.T("snw.err.occurred.after")
		}
		return "occurred_day", l.T("snw.err.occurred")
	case "channel":
		return "channel", l.T("snw.err.channel")
	}
	name := formFieldOf(fe.Field)
	for _, m := range fieldMessages {
		if strings.HasPrefix(fe.Message, m.prefix) {
			if core.Has("snw." + m.key + "." + name) {
				return name, l.T("snw." + m.key + "." + name)
			}
			if core.Has("snw." + m.key) {
				return name, l.T("snw." + m.key)
			}
			break
		}
	}
	return name, fieldMessage(l, name, fe.Message)
}

// dateOf reads the date prefix_day, _month, _year of a form as YYYY-MM-DD, or a message for staff
// of what is wrong with it. An empty date is "" without a message unless required.
func dateOf(l core.Lang, v url.Values, prefix string, required bool, today string) (string, string) {
	d, m, y := strings.TrimSpace(v.Get(prefix+"_day")), strings.TrimSpace(v.Get(prefix+"_month")), strings.TrimSpace(v.Get(prefix+"_year"))
	if d == "" && m == "" && y == "" {
		if required {
			return "", l.T("snw.err." + prefix + ".empty")
		}
		return "", ""
	}
	di, err1 := strconv.Atoi(d)
	mi, err2 := strconv.Atoi(m)
	yi, err3 := strconv.Atoi(y)
	if err1 != nil || err2 != nil || err3 != nil || len(y) != 4 {
		return "", l.T("snw.err.date")
	}
	t := time.Date(yi, time.Month(mi), di, 0, 0, 0, 0, time.UTC)
	if t.Day() != di || int(t.Month()) != mi || t.Year() != yi {
		return "", l.T("snw.err.date")
	}
	day := t.Format(time.DateOnly)
	if day > today {
		return "", l.T("snw.err." + prefix + ".future")
	}
	return day, ""
}

// staffNewPage renders the form with values and the errors per field (nil: none).
func (s *Server) staffNewPage(c *gin.Context, l core.Lang, status int, values url.Values, errs map[string]string) {
	ctx := c.Request.Context()
	orgs, err := s.Store.Organisations(ctx)
	if err != nil {
		s.PageFail(c, l, err)
		return
	}
	pool, err := s.Store.Supporters(ctx, casework.SupporterFilter{})
	if err != nil {
		s.PageFail(c, l, err)
		return
	}
	f := newComplaintForm(l, values, orgs)
	f.pool = pool
	for k, v := range errs {
		f.errors[k] = v
	}
	f.build()
	date := func(prefix, legend, help string, required bool) *dateGroup {
		g := &dateGroup{L: l, Name: prefix, Legend: l.T(legend), Help: l.T(help), Error: errs[prefix+"_day"],
			Day: values.Get(prefix + "_day"), Month: values.Get(prefix + "_month"), Year: values.Get(prefix + "_year")}
		if required {
			g.Required = l.T("required")
		}
		return g
	}
	ch := &formField{Name: "channel", Type: "radio", Required: l.T("required"), Error: errs["channel"]}
	for i, val := range staffNewChannels {
		id := "channel"
		if i > 0 {
			id = "channel-" + string(val)
		}
		ch.Choices = append(ch.Choices, choice{ID: id, Value: string(val), Label: l.Word("channel", string(val)),
			Checked: values.Get("channel") == string(val)})
	}
	v := &staffNewView{Parts: []snwPart{{Group: &snwGroup{Field: ch, Legend: l.T("snw.channel")}},
		{Date: date("received", "snw.received", "snw.received.h", true)}}}
	// The public form's sections, in words for staff; the date it happened as three fields after
	// the complaint's text.
	for _, sec := range f.Sections {
		staffNewWords(l, &sec)
		if sec.Group != nil {
			g := &snwGroup{Field: sec.Group, Legend: sec.Legend}
			if sec.Group.Name == "organisation_ids" {
				g.Link, g.LinkText = l.URL("/werk/organisaties/nieuw"), l.T("snw.addorg")
			}
			v.Parts = append(v.Parts, snwPart{Group: g})
			continue
		}
		var fields []formField
		occurred := false
		for _, ff := range sec.Fields {
			if ff.Name == "occurred_on" {
				occurred = true
				continue
			}
			fields = append(fields, ff)
		}
		sec.Fields = fields
		v.Parts = append(v.Parts, snwPart{Block: &sec})
		if occurred {
			v.Parts = append(v.Parts, snwPart{Date: date("occurred", "snw.occurred", "snw.occurred.h", false)})
		}
	}

	p := newPage(l, "snw.title", "work")
	p.NewCase = v
	if status == http.StatusOK {
		v.Done = snwDone(c, l)
		p.menuAt("/werk/nieuw")
	} else {
		p.HasErrors = true
		for _, name := range staffNewOrder {
			if msg, ok := errs[name]; ok {
				p.Problems = append(p.Problems, problemLink{Field: name, Message: msg})
			}
		}
		if msg, ok := errs[""]; ok || len(p.Problems) == 0 {
			if !ok {
				msg = l.T("err.generic")
			}
			p.Problems = append(p.Problems, problemLink{Message: msg})
		}
	}
	s.render(c, status, "staff_new", p)
}

// staffNewWords puts the public form's words for the resident into words for staff, where they
// have some (snw.KEY beside the public KEY).
func staffNewWords(l core.Lang, sec *formSection) {
	swap := func(s *string, key string) {
		if core.Has("snw." + key) {
			*s = l.T("snw." + key)
		}
	}
	switch {
	case sec.Group != nil:
		swap(&sec.Legend, "sec."+sec.Group.Name)
		swap(&sec.Group.Help, "sec."+sec.Group.Name+".h")
		if sec.Group.Name == "supporter_id" {
			sec.Link, sec.LinkText = "", ""
			for i := range sec.Group.Choices {
				switch sec.Group.Choices[i].Value {
				case "":
					swap(&sec.Group.Choices[i].Label, "who.nobody")
				case "informal":
					swap(&sec.Group.Choices[i].Label, "who.informal")
				}
			}
		}
	default:
		id := sec.ID
		if id == "" {
			id = "complaint"
		}
		swap(&sec.Legend, "sec."+id)
		swap(&sec.Help, "sec."+id+".h")
	}
	for i := range sec.Fields {
		swap(&sec.Fields[i].Label, "f."+sec.Fields[i].Name)
		swap(&sec.Fields[i].Help, "f."+sec.Fields[i].Name+".h")
	}
}
