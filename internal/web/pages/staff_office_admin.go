package pages

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"meldpunt/internal/casework"
	"meldpunt/internal/postgres"
	"meldpunt/internal/web/api"
	"meldpunt/internal/web/core"
)

// The organisations and the users. Staff see the organisations; only the admin adds one, and only
// the admin sees the users, adds one, and signs a user out everywhere.

// orgsView is the organisations page; Form (adding one) is there for the admin only.
type orgsView struct {
	Rows []orgRow
	Form *officeForm
}

type orgRow struct {
	Name, Kind, Email string
	// Address is the postal address on one line; Incomplete marks one without postcode or town
	// (an address the move from the one-line field could not split), for the admin to complete.
	Address    string
	Incomplete bool
}

// newOrganisationForm is the form to add an organisation, with what was typed.
func newOrganisationForm(l core.Lang, values url.Values) *officeForm {
	f := newOfficeForm(l, values)
	f.text("name", "name", "text", "office.orgs.f.name", "", true)
	var kinds, labels []string
	for _, k := range casework.OrgKinds {
		kinds = append(kinds, string(k))
		labels = append(labels, l.T("kind."+string(k)))
	}
	f.group("kind", "kind", "radio", "office.orgs.f.kind", "", true, kinds, labels, "")
	f.text("email", "email", "email", "office.orgs.f.email", "office.orgs.f.email.h", false)
	f.text("street", "street", "text", "office.orgs.f.street", "office.orgs.f.street.h", false)
	f.text("postcode", "postcode", "text", "office.orgs.f.postcode", "office.orgs.f.postcode.h", false)
	f.text("city", "city", "text", "office.orgs.f.city", "", false)
	return f
}

func (s *Server) organisationsPage(c *gin.Context) {
	s.renderOrganisations(c, core.PageLang(c), http.StatusOK, nil, nil)
}

// renderOrganisations renders the organisations (200, or an error status with the add form as typed).
func (s *Server) renderOrganisations(c *gin.Context, l core.Lang, status int, form *officeForm, problems []problemLink) {
	orgs, err := s.Store.Organisations(c.Request.Context())
	if err != nil {
		s.PageFail(c, l, err)
		return
	}
	ov := &orgsView{}
	for _, o := range orgs {
		address := strings.TrimSpace(o.Postcode + " " + o.City)
		if o.Street != "" && address != "" {
			address = o.Street + ", " + address
		} else if o.Street != "" {
			address = o.Street
		}
		ov.Rows = append(ov.Rows, orgRow{Name: o.Name, Kind: l.Word("kind", string(o.Kind)), Email: o.Email,
			Address: address, Incomplete: o.AddressIncomplete()})
	}
	if u, _ := core.User(c); u.Role == casework.RoleAdmin {
		ov.Form = form
		if ov.Form == nil {
			ov.Form = newOrganisationForm(l, nil)
		}
	}
	v := &officeView{Orgs: ov}
	if status == http.StatusOK {
		v.Done = officeDone(c, l, "organisatie")
	}
	s.renderOffice(c, l, status, "staff_organisations", l.T("office.orgs.title"), "orgs", "/werk/organisaties", v, problems)
}

// postedOrganisation is the organisation the form of the admin's or the staff's page posted.
func postedOrganisation(in url.Values) casework.Organisation {
	return casework.Organisation{Name: in.Get("name"), Kind: casework.OrgKind(in.Get("kind")), Email: in.Get("email"),
		Street: in.Get("street"), Postcode: in.Get("postcode"), City: in.Get("city")}
}

// addOrganisation stores a new organisation (admin).
func (s *Server) addOrganisation(c *gin.Context) {
	l, ok := s.readPageForm(c)
	if !ok {
		return
	}
	in := c.Request.PostForm
	form := newOrganisationForm(l, in)
	u, _ := core.User(c)
	_, err := s.Store.RegisterOrganisation(c.Request.Context(), u, postedOrganisation(in))
	if err == nil {
		officeRedirect(c, l, "/werk/organisaties", "organisatie", nil)
		return
	}
	if fields, ok := validationFields(err); ok {
		other := form.addErrors(fields)
		s.renderOrganisations(c, l, http.StatusUnprocessableEntity, form, append(form.problems(), other...))
		return
	}
	if casework.ErrorCode(err) == casework.CodeConflict {
		form.fail("name", l.T("office.orgs.err.duplicate"))
		s.renderOrganisations(c, l, http.StatusConflict, form, form.problems())
		return
	}
	s.PageFail(c, l, err)
}

// usersView is the users page (admin).
type usersView struct {
	Rows []userRow
	Form *officeForm
	// Link is a one-time link just made, shown once.
	Link *resetLinkView
	// Rules says for which roles two-step sign-in is required.
	Rules postgres.TwoFactorRules
}

type userRow struct {
	ID                              int64
	Name, Email, Role, Organisation string
	// Active is false for a switched-off account; Self is the admin's own row (no switch).
	Active, Self bool
	// TwoFactor says two-step sign-in is on; HasTwoFactor that the role has it at all.
	TwoFactor, HasTwoFactor bool
}

// newUserForm is the form to add a user, with what was typed (never the password).
func newUserForm(l core.Lang, values url.Values, orgs []casework.Organisation) *officeForm {
	f := newOfficeForm(l, values)
	f.text("email", "email", "email", "office.users.f.email", "office.users.f.email.h", true)
	f.text("name", "name", "text", "office.users.f.name", "", true)
	var roles, roleLabels []string
	for _, r := range casework.UserRoles {
		roles = append(roles, string(r))
		roleLabels = append(roleLabels, l.T("office.role."+string(r)))
	}
	f.group("role", "role", "radio", "office.users.f.role", "", true, roles, roleLabels, "")
	ids, names := []string{""}, []string{l.T("office.users.f.org.none")}
	for _, o := range orgs {
		ids = append(ids, strconv.FormatInt(o.ID, 10))
		names = append(names, o.Name)
	}
	f.group("organisation_id", "organisation_id", "radio", "office.users.f.org", "office.users.f.org.h", false, ids, names, "")
	f.text("password", "password", "password", "office.users.f.password", "office.users.f.password.h", true).Autocomplete = "new-password"
	return f
}

func (s *Server) usersPage(c *gin.Context) {
	s.renderUsers(c, core.PageLang(c), http.StatusOK, nil, nil)
}

// renderUsers renders the users and the form to add one (200, or an error status with the form as
// typed).
func (s *Server) renderUsers(c *gin.Context, l core.Lang, status int, values url.Values, fail func(*officeForm) []problemLink) {
	s.renderUsersLink(c, l, status, values, fail, nil)
}

// renderUsersLink is renderUsers, with a one-time link just made.
func (s *Server) renderUsersLink(c *gin.Context, l core.Lang, status int, values url.Values, fail func(*officeForm) []problemLink, link *resetLinkView) {
	ctx := c.Request.Context()
	me, _ := core.User(c)
	users, err := s.Store.Accounts(ctx)
	if err != nil {
		s.PageFail(c, l, err)
		return
	}
	orgs, err := s.Store.Organisations(ctx)
	if err != nil {
		s.PageFail(c, l, err)
		return
	}
	orgName := map[int64]string{}
	for _, o := range orgs {
		orgName[o.ID] = o.Name
	}
	rules, err := s.Store.TwoFactorRules(ctx)
	if err != nil {
		s.PageFail(c, l, err)
		return
	}
	uv := &usersView{Form: newUserForm(l, values, orgs), Link: link, Rules: rules}
	for _, u := range users {
		row := userRow{ID: u.ID, Name: u.Name, Email: u.Email, Role: l.Word("office.role", string(u.Role)),
			Active: u.Active, Self: u.ID == me.ID, TwoFactor: u.TwoFactor,
			HasTwoFactor: postgres.TwoFactorRoles(u.Role)}
		if u.OrganisationID != nil {
			row.Organisation = orgName[*u.OrganisationID]
		}
		uv.Rows = append(uv.Rows, row)
	}
	var problems []problemLink
	if fail != nil {
		problems = fail(uv.Form)
	}
	v := &officeView{Users: uv}
	if status == http.StatusOK {
		v.Done = officeDone(c, l, "gebruiker", "afgemeld", "uitgezet", "aangezet", "tweestapuit", "tweestapregel")
	}
	s.renderOffice(c, l, status, "staff_users", l.T("office.users.title"), "users", "/werk/gebruikers", v, problems)
}

// addUser creates an account (admin). The password typed never comes back in the page.
func (s *Server) addUser(c *gin.Context) {
	l, ok := s.readPageForm(c)
	if !ok {
		return
	}
	in := c.Request.PostForm
	nu := casework.NewUser{Email: in.Get("email"), Name: in.Get("name"), Role: casework.Role(in.Get("role")),
		Password: in.Get("password")}
	if org := strings.TrimSpace(in.Get("organisation_id")); org != "" {
		id, err := strconv.ParseInt(org, 10, 64)
		if err != nil || id <= 0 {
			id = -1 // refused by the store: no such organisation
		}
		nu.OrganisationID = id
	}
	_, err := s.Store.CreateUser(c.Request.Context(), nu)
	if err == nil {
		officeRedirect(c, l, "/werk/gebruikers", "gebruiker", nil)
		return
	}
	if fields, ok := validationFields(err); ok {
		s.renderUsers(c, l, http.StatusUnprocessableEntity, in, func(f *officeForm) []problemLink {
			other := f.addErrors(fields)
			return append(f.problems(), other...)
		})
		return
	}
	if casework.ErrorCode(err) == casework.CodeConflict {
		s.renderUsers(c, l, http.StatusConflict, in, func(f *officeForm) []problemLink {
			f.fail("email", l.T("office.users.err.duplicate"))
			return f.problems()
		})
		return
	}
	s.PageFail(c, l, err)
}

// signOutUser ends every session and token of a user (admin): their next page asks them to sign in.
func (s *Server) signOutUser(c *gin.Context) {
	l, ok := s.readPageForm(c)
	if !ok {
		return
	}
	id, err := api.PathID(c, "No user with this id.")
	if err == nil {
		_, err = s.Store.RevokeUserSessions(c.Request.Context(), id)
	}
	if err != nil {
		s.PageFail(c, l, err)
		return
	}
	officeRedirect(c, l, "/werk/gebruikers", "afgemeld", nil)
}
