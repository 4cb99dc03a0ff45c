package pages

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/gin-gonic/gin"

	"meldpunt/internal/casework"
	"meldpunt/internal/term"
	"meldpunt/internal/web/api"
	"meldpunt/internal/web/core"
)

// The supporter's pages of client trajectories (uniform monitoring): /ondersteuner/trajecten lists
// the open trajectories first, with the hours so far and the last contact, the closed ones below,
// and has the form to start one; /ondersteuner/trajecten/:id shows one trajectory with short forms
// to add an issue, log a contact or desk work, record a referral, close or reopen it, change its
// label, and remove a record made by mistake. Like the office pages (staff_office.go), a
// success redirects (303) with ?klaar=…, a refusal re-renders the page with the form as typed.

// tracksPages are the templates of these pages.
var tracksPages = []string{"tracks_list", "tracks_one"}

const tracksPath = "/ondersteuner/trajecten"

// trackFlags are the ?klaar= flags of a trajectory's page, one per form.
var trackFlags = []string{"traject-gestart", "traject-kwestie", "traject-contact", "traject-verwijzing", "traject-afgesloten",
	"traject-heropend", "traject-gewijzigd", "traject-verwijderd"}

// TrackRoutes registers the pages; supporter is the session check.
func (s *Server) TrackRoutes(page core.PageRouter, supporter gin.HandlerFunc) {
	page("GET", tracksPath, supporter, s.tracksPage)
	page("POST", tracksPath, supporter, s.startTrackPage)
	page("GET", tracksPath+"/:id", supporter, s.trackPage)
	page("POST", tracksPath+"/:id", supporter, s.trackPost("edit"))
	page("POST", tracksPath+"/:id/kwesties", supporter, s.trackPost("issue"))
	page("POST", tracksPath+"/:id/contacten", supporter, s.trackPost("activity"))
	page("POST", tracksPath+"/:id/verwijzingen", supporter, s.trackPost("referral"))
	page("POST", tracksPath+"/:id/afsluiten", supporter, s.trackPost("close"))
	page("POST", tracksPath+"/:id/heropenen", supporter, s.trackPost("reopen"))
	page("POST", tracksPath+"/:id/verwijderen", supporter, s.trackPost("remove"))
}

// tracksView is the data of both pages.
type tracksView struct {
	Open, Closed []trackRow
	// On the list page: the form to start a trajectory.
	Start *officeForm

	// On the page of one trajectory.
	ID                            int64
	Label, Status                 string
	IsOpen                        bool
	Hours, LastContact            string
	Domains                       string
	Issues, Activities, Referrals *trackSection
	Issue, Activity               *officeForm
	Referral, Close               *officeForm
	Edit                          *officeForm
}

// trackRow is one line of the list.
type trackRow struct {
	ID                                          int64
	Label, Started, Ended, Outcome, LastContact string
	Hours                                       string
	Issues                                      int
}

// trackSection is the records of one kind on a trajectory's page: Base is the trajectory's
// address, Open whether records may be removed, Empty the key of the text when there are none.
type trackSection struct {
	L           core.Lang
	Base, Empty string
	Open        bool
	Rows        []trackEntry
}

// trackEntry is one record of a trajectory, with what its removal button says.
type trackEntry struct {
	ID               int64
	Kind, Date, What string
	Minutes          string
	RemoveLabel      string
}

// hoursOf writes minutes as hours and minutes: "3 u 15 min", "3 h 15 min".
func hoursOf(l core.Lang, minutes int) string {
	h, m := minutes/60, minutes%60
	switch {
	case h == 0:
		return fmt.Sprintf("%d min", m)
	case m == 0:
		return fmt.Sprintf("%d %s", h, l.T("tr.hours.unit"))
	}
	return fmt.Sprintf("%d %s %d min", h, l.T("tr.hours.unit"), m)
}

func (s *Server) today() string { return term.LocalDate(s.Store.Now()).String() }

// newStartForm is the form to start a trajectory.
func newStartForm(l core.Lang, values url.Values, today string, pool []casework.Supporter, self int64) *officeForm {
	if values == nil {
		values = url.Values{"started_on": {today}}
	}
	f := newOfficeForm(l, values)
	f.text("client_label", "client_label", "text", "tr.f.label", "tr.f.label.h", true)
	f.text("started_on", "started_on", "date", "tr.f.started", "tr.f.date.h", true)
	f.group("life_domains", "life_domains", "checkbox", "tr.f.domains", "", false, codesOf(casework.LifeDomains),
		labelsOf(l, "domain.", casework.LifeDomains), "")
	ids, names := []string{""}, []string{l.T("tr.f.refby.none")}
	for _, p := range pool {
		if p.ID != self {
			ids, names = append(ids, strconv.FormatInt(p.ID, 10)), append(names, p.Name)
		}
	}
	f.group("referred_by_id", "referred_by_id", "select", "tr.f.refby", "tr.f.refby.h", false, ids, names, "")
	return f
}

// startForm is the form to start a trajectory, with the members of the pool who may have referred
// the client.
func (s *Server) startForm(c *gin.Context, l core.Lang, values url.Values, today string) (*officeForm, error) {
	pool, err := s.Store.Supporters(c.Request.Context(), casework.SupporterFilter{})
	if err != nil {
		return nil, err
	}
	return newStartForm(l, values, today, pool, core.Actor(c).SupporterID), nil
}

func (s *Server) tracksPage(c *gin.Context) {
	s.renderTracks(c, core.PageLang(c), http.StatusOK, nil, nil)
}

// renderTracks renders the list of trajectories with the form to start one.
func (s *Server) renderTracks(c *gin.Context, l core.Lang, status int, form *officeForm, problems []problemLink) {
	list, err := s.Store.Trajectories(c.Request.Context(), core.Actor(c), "")
	if err != nil {
		s.PageFail(c, l, err)
		return
	}
	v := &tracksView{Start: form}
	if v.Start == nil {
		if v.Start, err = s.startForm(c, l, nil, s.today()); err != nil {
			s.PageFail(c, l, err)
			return
		}
	}
	for _, t := range list {
		r := trackRow{ID: t.ID, Label: t.ClientLabel, Started: l.Date(t.StartedOn), Issues: t.Issues,
			Hours: hoursOf(l, t.Minutes), LastContact: l.T("tr.none")}
		if t.LastContactOn != "" {
			r.LastContact = l.Date(t.LastContactOn)
		}
		if t.EndedOn == "" {
			v.Open = append(v.Open, r)
			continue
		}
		r.Ended, r.Outcome = l.Date(t.EndedOn), l.T("tr.outcome."+string(t.Outcome))
		v.Closed = append(v.Closed, r)
	}
	s.renderOffice(c, l, status, "tracks_list", l.T("tr.title"), "tracks", tracksPath, &officeView{Tracks: v}, problems)
}

// startTrackPage starts a trajectory and goes to its page.
func (s *Server) startTrackPage(c *gin.Context) {
	l, ok := s.readPageForm(c)
	if !ok {
		return
	}
	in := c.Request.PostForm
	t, err := s.Store.CreateTrajectory(c.Request.Context(), core.Actor(c), casework.TrajectoryInput{ClientLabel: in.Get("client_label"),
		StartedOn: in.Get("started_on"), LifeDomains: domainsOf(in), ReferredByID: number(in, "referred_by_id")})
	if err == nil {
		officeRedirect(c, l, fmt.Sprintf("%s/%d", tracksPath, t.ID), "traject-gestart", nil)
		return
	}
	form, ferr := s.startForm(c, l, in, "")
	if ferr != nil {
		s.PageFail(c, l, ferr)
		return
	}
	if fields, ok := validationFields(err); ok {
		s.renderTracks(c, l, http.StatusUnprocessableEntity, form, trackMessages.onForm(l, form, fields))
		return
	}
	s.PageFail(c, l, err)
}

func domainsOf(in url.Values) []casework.LifeDomain {
	var out []casework.LifeDomain
	for _, d := range in["life_domains"] {
		out = append(out, casework.LifeDomain(d))
	}
	return out
}

// number reads a whole number from a form field; "" is 0 and anything else that is no number -1,
// so that validation names the field.
func number(in url.Values, name string) int64 {
	v := in.Get(name)
	if v == "" {
		return 0
	}
	n, err := strconv.ParseInt(v, 10, 32)
	if err != nil {
		return -1
	}
	return n
}

func (s *Server) trackPage(c *gin.Context) {
	s.renderTrack(c, core.PageLang(c), http.StatusOK, "", nil, nil)
}

// trackForms builds the forms of a trajectory's page; the form named failed shows values as typed.
func (s *Server) trackForms(l core.Lang, v *tracksView, t casework.Trajectory, pool []casework.Supporter, failed string, typed url.Values) {
	today := s.today()
	values := func(name string, def url.Values) url.Values {
		if name == failed {
			return typed
		}
		return def
	}
	v.Issue = newOfficeForm(l, values("issue", url.Values{"noted_on": {today}}))
	choose := func(values, labels []string) ([]string, []string) {
		return append([]string{""}, values...), append([]string{l.T("tr.f.choose")}, labels...)
	}
	topics, topicNames := codesOf(casework.IssueTopics), labelsOf(l, "tr.topic.", casework.IssueTopics)
	vs, ls := choose(topics, topicNames)
	v.Issue.group("issue-topic", "topic", "select", "tr.f.topic", "", true, vs, ls, "")
	v.Issue.text("issue-noted_on", "noted_on", "date", "tr.f.noted", "tr.f.date.h", true)

	v.Activity = newOfficeForm(l, values("activity", url.Values{"on_date": {today}}))
	v.Activity.text("act-on_date", "on_date", "date", "tr.f.date", "tr.f.date.h", true)
	vs, ls = choose(codesOf(casework.ActivityChannels), labelsOf(l, "tr.channel.", casework.ActivityChannels))
	v.Activity.group("act-channel", "channel", "select", "tr.f.channel", "tr.f.channel.h", true, vs, ls, "")
	v.Activity.text("act-minutes", "minutes", "number", "tr.f.minutes", "tr.f.minutes.h", true)

	v.Referral = newOfficeForm(l, values("referral", url.Values{"on_date": {today}}))
	v.Referral.text("ref-on_date", "on_date", "date", "tr.f.date", "tr.f.date.h", true)
	ids, names := []string{""}, []string{l.T("tr.f.to.outside")}
	for _, p := range pool {
		if p.ID != t.SupporterID {
			ids, names = append(ids, strconv.FormatInt(p.ID, 10)), append(names, p.Name)
		}
	}
	v.Referral.group("ref-to_supporter_id", "to_supporter_id", "select", "tr.f.to", "", false, ids, names, "")
	v.Referral.text("ref-to_organisation", "to_organisation", "text", "tr.f.org", "tr.f.org.h", false)
	v.Referral.group("ref-topic", "topic", "select", "tr.f.reftopic", "", false, topics, topicNames, string(casework.TopicOther))

	v.Close = newOfficeForm(l, values("close", url.Values{"ended_on": {today}}))
	v.Close.text("close-ended_on", "ended_on", "date", "tr.f.ended", "tr.f.date.h", true)
	v.Close.group("close-outcome", "outcome", "radio", "tr.f.outcome", "", true, codesOf(casework.TrajectoryOutcomes),
		labelsOf(l, "tr.outcome.", casework.TrajectoryOutcomes), "")

	v.Edit = newOfficeForm(l, values("edit", url.Values{"client_label": {t.ClientLabel}, "life_domains": codesOf(t.LifeDomains)}))
	v.Edit.text("edit-client_label", "client_label", "text", "tr.f.label", "tr.f.label.h", true)
	v.Edit.group("edit-life_domains", "life_domains", "checkbox", "tr.f.domains", "", false, codesOf(casework.LifeDomains),
		labelsOf(l, "domain.", casework.LifeDomains), "")
}

// renderTrack renders one trajectory; failed names the form that was refused, shown as typed.
func (s *Server) renderTrack(c *gin.Context, l core.Lang, status int, failed string, fields []casework.FieldError, typed url.Values) {
	id, err := api.PathID(c, api.NoTrajectory)
	if err != nil {
		s.PageFail(c, l, err)
		return
	}
	t, err := s.Store.Trajectory(c.Request.Context(), core.Actor(c), id)
	if err != nil {
		s.PageFail(c, l, err)
		return
	}
	pool, err := s.Store.Supporters(c.Request.Context(), casework.SupporterFilter{})
	if err != nil {
		s.PageFail(c, l, err)
		return
	}
	v := &tracksView{ID: t.ID, Label: t.ClientLabel, IsOpen: t.Open(), Hours: hoursOf(l, t.Minutes),
		LastContact: l.T("tr.none"), Domains: labels(l, "domain.", t.LifeDomains)}
	if t.LastContactOn != "" {
		v.LastContact = l.Date(t.LastContactOn)
	}
	if t.Open() {
		v.Status = fmt.Sprintf(l.T("tr.status.open"), l.Date(t.StartedOn))
	} else {
		v.Status = fmt.Sprintf(l.T("tr.status.closed"), l.Date(t.StartedOn), l.Date(t.EndedOn), l.T("tr.outcome."+string(t.Outcome)))
	}
	base := fmt.Sprintf("%s/%d", tracksPath, t.ID)
	v.Issues = &trackSection{L: l, Base: base, Open: t.Open(), Empty: "tr.issues.none"}
	v.Activities = &trackSection{L: l, Base: base, Open: t.Open(), Empty: "tr.activities.none"}
	v.Referrals = &trackSection{L: l, Base: base, Open: t.Open(), Empty: "tr.referrals.none"}
	for _, i := range t.Issues {
		what := l.T("tr.topic." + string(i.Topic))
		v.Issues.Rows = append(v.Issues.Rows, trackEntry{ID: i.ID, Kind: string(casework.EntryIssue), Date: l.Date(i.NotedOn), What: what,
			RemoveLabel: fmt.Sprintf(l.T("tr.remove.issue"), what, l.Date(i.NotedOn))})
	}
	for _, a := range t.Activities {
		what := l.T("tr.channel." + string(a.Channel))
		v.Activities.Rows = append(v.Activities.Rows, trackEntry{ID: a.ID, Kind: string(casework.EntryActivity), Date: l.Date(a.OnDate),
			What: what, Minutes: hoursOf(l, a.Minutes),
			RemoveLabel: fmt.Sprintf(l.T("tr.remove.activity"), what, l.Date(a.OnDate))})
	}
	for _, r := range t.Referrals {
		to := r.ToOrganisation
		if r.ToSupporter != "" {
			to = r.ToSupporter
		}
		what := fmt.Sprintf(l.T("tr.referral.what"), to, l.T("tr.topic."+string(r.Topic)))
		v.Referrals.Rows = append(v.Referrals.Rows, trackEntry{ID: r.ID, Kind: string(casework.EntryReferral), Date: l.Date(r.OnDate),
			What: what, RemoveLabel: fmt.Sprintf(l.T("tr.remove.referral"), to, l.Date(r.OnDate))})
	}
	s.trackForms(l, v, t, pool, failed, typed)
	var problems []problemLink
	if form := map[string]*officeForm{"issue": v.Issue, "activity": v.Activity, "referral": v.Referral, "close": v.Close,
		"edit": v.Edit}[failed]; form != nil {
		problems = trackMessages.onForm(l, form, fields)
	}
	ov := &officeView{Tracks: v}
	if status == http.StatusOK {
		ov.Done = officeDone(c, l, trackFlags...)
	}
	s.renderOffice(c, l, status, "tracks_one", fmt.Sprintf(l.T("tr.one.title"), t.ClientLabel), "tracks",
		fmt.Sprintf("%s/%d", tracksPath, t.ID), ov, problems)
}

// trackPost handles the forms of a trajectory's page: action is the form.
func (s *Server) trackPost(action string) gin.HandlerFunc {
	return func(c *gin.Context) {
		l, ok := s.readPageForm(c)
		if !ok {
			return
		}
		id, err := api.PathID(c, api.NoTrajectory)
		if err != nil {
			s.PageFail(c, l, err)
			return
		}
		in, ctx, a := c.Request.PostForm, c.Request.Context(), core.Actor(c)
		var flag string
		switch action {
		case "edit":
			_, err = s.Store.EditTrajectory(ctx, a, id, casework.TrajectoryEdit{ClientLabel: in.Get("client_label"), LifeDomains: domainsOf(in)})
			flag = "traject-gewijzigd"
		case "issue":
			_, err = s.Store.AddTrajectoryIssue(ctx, a, id, casework.IssueInput{Topic: casework.IssueTopic(in.Get("topic")), NotedOn: in.Get("noted_on")})
			flag = "traject-kwestie"
		case "activity":
			_, err = s.Store.AddTrajectoryActivity(ctx, a, id, casework.ActivityInput{OnDate: in.Get("on_date"),
				Channel: casework.ActivityChannel(in.Get("channel")), Minutes: int(number(in, "minutes"))})
			flag = "traject-contact"
		case "referral":
			_, err = s.Store.AddTrajectoryReferral(ctx, a, id, casework.ReferralInput{OnDate: in.Get("on_date"),
				ToSupporterID: number(in, "to_supporter_id"), ToOrganisation: in.Get("to_organisation"),
				Topic: casework.IssueTopic(in.Get("topic"))})
			flag = "traject-verwijzing"
		case "close":
			_, err = s.Store.CloseTrajectory(ctx, a, id, casework.CloseInput{EndedOn: in.Get("ended_on"),
				Outcome: casework.TrajectoryOutcome(in.Get("outcome"))})
			flag = "traject-afgesloten"
		case "reopen":
			_, err = s.Store.ReopenTrajectory(ctx, a, id)
			flag = "traject-heropend"
		case "remove":
			_, err = s.Store.RemoveTrajectoryEntry(ctx, a, id, casework.TrajectoryEntry(in.Get("soort")), number(in, "regel"))
			flag = "traject-verwijderd"
		}
		if err == nil {
			officeRedirect(c, l, fmt.Sprintf("%s/%d", tracksPath, id), flag, nil)
			return
		}
		if fields, ok := validationFields(err); ok && action != "remove" && action != "reopen" {
			s.renderTrack(c, l, http.StatusUnprocessableEntity, action, fields, in)
			return
		}
		s.PageFail(c, l, err)
	}
}

// trackMessages map a casework field error (field, "" for any, and the start of its message) to the
// key of its plain-language text on these pages; other errors get the shared texts (fieldMessage).
var trackMessages = fieldTexts{
	{"client_label", "is required", "tr.err.label"},
	{"client_label", "may not contain an e-mail", "tr.err.label.email"},
	{"client_label", "may not contain a phone", "tr.err.label.phone"},
	{"client_label", "must be one line", "tr.err.label.line"},
	{"", "cannot be before the trajectory started", "tr.err.beforestart"},
	{"", "cannot be before the last record", "tr.err.beforelast"},
	{"", "cannot be before " + casework.EarliestTrajectoryDate, "tr.err.tooearly"},
	{"minutes", "", "tr.err.minutes"},
	{"topic", "", "tr.err.topic"},
	{"channel", "", "tr.err.channel"},
	{"outcome", "", "tr.err.outcome"},
	{"to_supporter_id", "choose a member", "tr.err.to.none"},
	{"to_supporter_id", "refer to another member", "tr.err.to.self"},
	{"to_supporter_id", "", "tr.err.to.unknown"},
	{"to_organisation", "refer to a member", "tr.err.to.both"},
	{"referred_by_id", "a referral from another", "tr.err.refby.self"},
	{"referred_by_id", "", "tr.err.refby.unknown"},
}
