package pages

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"

	"meldpunt/internal/casework"
	"meldpunt/internal/web/api"
	"meldpunt/internal/web/core"
)

// The admin's pages of the pool of client supporters: /werk/ondersteuners lists every member with
// its status and has the form to admit one; /werk/ondersteuners/:id edits a member and suspends,
// reinstates or removes it with a reason, and shows its history.

// poolView is the data of both pages.
type poolView struct {
	Rows []poolRow
	Form *officeForm
	// On the page of one member: its id, name and status, the status form and the history.
	ID         int64
	Name       string
	Status     string
	StatusCode casework.SupporterStatus
	Reason     *officeForm
	Actions    []poolAction
	History    []poolEvent
}

type poolRow struct {
	ID                                    int64
	Name, Kind, Status, Domains, Channels string
}

type poolAction struct{ Path, Label string }

type poolEvent struct{ At, Kind, Reason string }

// poolFormFields are the form fields of a profile, as the JSON API names them.
func newPoolForm(l core.Lang, values url.Values) *officeForm {
	f := newOfficeForm(l, values)
	f.text("name", "name", "text", "pool.f.name", "", true)
	f.group("kind", "kind", "radio", "pool.f.kind", "", true, codesOf(casework.SupporterKinds),
		labelsOf(l, "sup.kind.", casework.SupporterKinds), "")
	f.text("description_nl", "description_nl", "textarea", "pool.f.description_nl", "pool.f.description_nl.h", true)
	f.text("description_en", "description_en", "textarea", "pool.f.description_en", "", false)
	f.group("life_domains", "life_domains", "checkbox", "pool.f.life_domains", "", true, codesOf(casework.LifeDomains),
		labelsOf(l, "domain.", casework.LifeDomains), "")
	f.group("languages", "languages", "checkbox", "pool.f.languages", "", true, casework.SupportLanguages,
		labelsOf(l, "sup.lang.", casework.SupportLanguages), "")
	f.group("neighbourhoods", "neighbourhoods", "checkbox", "pool.f.neighbourhoods", "pool.f.neighbourhoods.h", false,
		codesOf(casework.Neighbourhoods), labelsOf(l, "sup.hood.", casework.Neighbourhoods), "")
	f.text("groups", "groups", "textarea", "pool.f.groups", "pool.f.groups.h", false)
	f.text("phone", "contact.phone", "tel", "pool.f.phone", "", false)
	f.text("phone_hours", "contact.phone_hours", "text", "pool.f.phone_hours", "pool.f.hours.h", false)
	f.text("email", "contact.email", "email", "pool.f.email", "", false)
	f.text("whatsapp", "contact.whatsapp", "tel", "pool.f.whatsapp", "", false)
	f.text("walk_in_address", "contact.walk_in_address", "text", "pool.f.walk_in_address", "", false)
	f.text("walk_in_hours", "contact.walk_in_hours", "text", "pool.f.walk_in_hours", "pool.f.hours.h", false)
	f.group("home_visits", "contact.home_visits", "checkbox", "pool.f.home_visits.legend", "", false, []string{"yes"},
		[]string{l.T("pool.f.home_visits")}, "")
	f.text("website", "contact.website", "url", "pool.f.website", "", false)
	f.text("independence", "independence", "textarea", "pool.f.independence", "pool.f.independence.h", true)
	return f
}

func labelsOf[T ~string](l core.Lang, prefix string, in []T) []string {
	out := make([]string, len(in))
	for i, v := range in {
		out[i] = l.T(prefix + string(v))
	}
	return out
}

// profileOf reads a profile from the form.
func profileOf(in url.Values) casework.SupporterProfile {
	p := casework.SupporterProfile{Name: in.Get("name"), Kind: casework.SupporterKind(in.Get("kind")),
		DescriptionNL: in.Get("description_nl"), DescriptionEN: in.Get("description_en"),
		Languages: in["languages"], Independence: in.Get("independence"),
		Groups: strings.Split(strings.ReplaceAll(in.Get("groups"), "\r\n", "\n"), "\n"),
		Contact: casework.SupporterContact{Phone: in.Get("contact.phone"), PhoneHours: in.Get("contact.phone_hours"),
			Email: in.Get("contact.email"), WhatsApp: in.Get("contact.whatsapp"),
			WalkInAddress: in.Get("contact.walk_in_address"), WalkInHours: in.Get("contact.walk_in_hours"),
			HomeVisits: in.Get("contact.home_visits") == "yes", Website: in.Get("contact.website")}}
	for _, d := range in["life_domains"] {
		p.LifeDomains = append(p.LifeDomains, casework.LifeDomain(d))
	}
	for _, n := range in["neighbourhoods"] {
		p.Neighbourhoods = append(p.Neighbourhoods, casework.Neighbourhood(n))
	}
	return p
}

// valuesOf is a profile as the form shows it.
func valuesOf(s casework.Supporter) url.Values {
	v := url.Values{"name": {s.Name}, "kind": {string(s.Kind)}, "description_nl": {s.DescriptionNL},
		"description_en": {s.DescriptionEN}, "languages": s.Languages, "independence": {s.Independence},
		"groups": {strings.Join(s.Groups, "\n")}, "contact.phone": {s.Contact.Phone},
		"contact.phone_hours": {s.Contact.PhoneHours}, "contact.email": {s.Contact.Email},
		"contact.whatsapp": {s.Contact.WhatsApp}, "contact.walk_in_address": {s.Contact.WalkInAddress},
		"contact.walk_in_hours": {s.Contact.WalkInHours}, "contact.website": {s.Contact.Website},
		"life_domains": codesOf(s.LifeDomains), "neighbourhoods": codesOf(s.Neighbourhoods)}
	if s.Contact.HomeVisits {
		v.Set("contact.home_visits", "yes")
	}
	return v
}

func (s *Server) poolPage(c *gin.Context) {
	s.renderPool(c, core.PageLang(c), http.StatusOK, nil, nil)
}

// renderPool renders the list of the pool with the form to admit a member.
func (s *Server) renderPool(c *gin.Context, l core.Lang, status int, form *officeForm, problems []problemLink) {
	list, err := s.Store.Supporters(c.Request.Context(), casework.SupporterFilter{All: true})
	if err != nil {
		s.PageFail(c, l, err)
		return
	}
	v := &poolView{Form: form}
	if v.Form == nil {
		v.Form = newPoolForm(l, nil)
	}
	for _, sup := range list {
		v.Rows = append(v.Rows, poolRow{ID: sup.ID, Name: sup.Name, Kind: l.T("sup.kind." + string(sup.Kind)),
			Status: l.T("pool.status." + string(sup.Status)), Domains: labels(l, "domain.", sup.LifeDomains),
			Channels: labels(l, "sup.channel.", sup.Channels)})
	}
	ov := &officeView{Pool: v}
	if status == http.StatusOK {
		ov.Done = officeDone(c, l, "ondersteuner")
	}
	s.renderOffice(c, l, status, "staff_pool", l.T("pool.title"), "pool", "/werk/ondersteuners", ov, problems)
}

// admitSupporterPage admits a member to the pool (admin).
func (s *Server) admitSupporterPage(c *gin.Context) {
	l, ok := s.readPageForm(c)
	if !ok {
		return
	}
	in := c.Request.PostForm
	sup, err := s.Store.AdmitSupporter(c.Request.Context(), core.Actor(c), profileOf(in))
	if err == nil {
		officeRedirect(c, l, fmt.Sprintf("/werk/ondersteuners/%d", sup.ID), "toegelaten", nil)
		return
	}
	form := newPoolForm(l, in)
	if status, problems, ok := poolFormError(l, form, err); ok {
		s.renderPool(c, l, status, form, problems)
		return
	}
	s.PageFail(c, l, err)
}

// poolFormError puts a validation error or a duplicate name on the form.
func poolFormError(l core.Lang, form *officeForm, err error) (int, []problemLink, bool) {
	if fields, ok := validationFields(err); ok {
		other := form.addErrors(fields)
		return http.StatusUnprocessableEntity, append(form.problems(), other...), true
	}
	if casework.ErrorCode(err) == casework.CodeConflict {
		form.fail("name", l.T("pool.err.duplicate"))
		return http.StatusConflict, form.problems(), true
	}
	return 0, nil, false
}

func (s *Server) supporterPage(c *gin.Context) {
	s.renderSupporter(c, core.PageLang(c), http.StatusOK, nil, nil, nil)
}

// renderSupporter renders one member of the pool: the profile form, the status form, the history.
func (s *Server) renderSupporter(c *gin.Context, l core.Lang, status int, form, reason *officeForm, problems []problemLink) {
	id, err := api.PathID(c, "No supporter with this id.")
	if err != nil {
		s.PageFail(c, l, err)
		return
	}
	sup, err := s.Store.Supporter(c.Request.Context(), id, true)
	if err != nil {
		s.PageFail(c, l, err)
		return
	}
	events, err := s.Store.SupporterEvents(c.Request.Context(), id)
	if err != nil {
		s.PageFail(c, l, err)
		return
	}
	v := &poolView{ID: id, Name: sup.Name, Status: l.T("pool.status." + string(sup.Status)), StatusCode: sup.Status,
		Form: form, Reason: reason}
	if v.Form == nil && sup.Status != casework.SupporterRemoved {
		v.Form = newPoolForm(l, valuesOf(sup))
	}
	if v.Reason == nil {
		v.Reason = newOfficeForm(l, nil)
		v.Reason.text("reason", "reason", "textarea", "pool.f.reason", "pool.f.reason.h", true)
	}
	for _, a := range poolActions {
		if sup.Status.CanMoveTo(a.to) {
			v.Actions = append(v.Actions, poolAction{Path: fmt.Sprintf("/werk/ondersteuners/%d/%s", id, a.path),
				Label: l.T("pool.action." + a.path)})
		}
	}
	for _, e := range events {
		v.History = append(v.History, poolEvent{At: l.Day(e.At), Kind: l.T("pool.event." + e.Kind), Reason: e.Reason})
	}
	ov := &officeView{Pool: v}
	if status == http.StatusOK {
		ov.Done = officeDone(c, l, "toegelaten", "gewijzigd", "schorsen", "herstellen", "verwijderen")
	}
	s.renderOffice(c, l, status, "staff_supporter", sup.Name, "pool", fmt.Sprintf("/werk/ondersteuners/%d", id), ov, problems)
}

// poolActions are the changes of status the page offers, by their path.
var poolActions = []struct {
	path string
	to   casework.SupporterStatus
}{{"schorsen", casework.SupporterSuspended}, {"herstellen", casework.SupporterActive}, {"verwijderen", casework.SupporterRemoved}}

// editSupporterPage replaces a member's profile (admin).
func (s *Server) editSupporterPage(c *gin.Context) {
	l, ok := s.readPageForm(c)
	if !ok {
		return
	}
	id, err := api.PathID(c, "No supporter with this id.")
	if err != nil {
		s.PageFail(c, l, err)
		return
	}
	in := c.Request.PostForm
	_, err = s.Store.EditSupporter(c.Request.Context(), core.Actor(c), id, profileOf(in))
	if err == nil {
		officeRedirect(c, l, fmt.Sprintf("/werk/ondersteuners/%d", id), "gewijzigd", nil)
		return
	}
	form := newPoolForm(l, in)
	if status, problems, ok := poolFormError(l, form, err); ok {
		s.renderSupporter(c, l, status, form, nil, problems)
		return
	}
	s.PageFail(c, l, err)
}

// supporterStatusPage suspends, reinstates or removes a member with a reason (admin).
func (s *Server) supporterStatusPage(path string, to casework.SupporterStatus) gin.HandlerFunc {
	return func(c *gin.Context) {
		l, ok := s.readPageForm(c)
		if !ok {
			return
		}
		id, err := api.PathID(c, "No supporter with this id.")
		if err != nil {
			s.PageFail(c, l, err)
			return
		}
		in := c.Request.PostForm
		_, err = s.Store.SetSupporterStatus(c.Request.Context(), core.Actor(c), id, to, in.Get("reason"))
		if err == nil {
			officeRedirect(c, l, fmt.Sprintf("/werk/ondersteuners/%d", id), path, nil)
			return
		}
		if fields, ok := validationFields(err); ok {
			reason := newOfficeForm(l, in)
			reason.text("reason", "reason", "textarea", "pool.f.reason", "pool.f.reason.h", true)
			other := reason.addErrors(fields)
			s.renderSupporter(c, l, http.StatusUnprocessableEntity, nil, reason, append(reason.problems(), other...))
			return
		}
		s.PageFail(c, l, err)
	}
}

// PoolRoutes registers the admin's pages of the pool.
func (s *Server) PoolRoutes(page core.PageRouter, admin gin.HandlerFunc) {
	page("GET", "/werk/ondersteuners", admin, s.poolPage)
	page("POST", "/werk/ondersteuners", admin, s.admitSupporterPage)
	page("GET", "/werk/ondersteuners/:id", admin, s.supporterPage)
	page("POST", "/werk/ondersteuners/:id", admin, s.editSupporterPage)
	for _, a := range poolActions {
		page("POST", "/werk/ondersteuners/:id/"+a.path, admin, s.supporterStatusPage(a.path, a.to))
	}
}
