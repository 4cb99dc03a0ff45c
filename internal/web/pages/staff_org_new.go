package pages

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"meldpunt/internal/casework"
	"meldpunt/internal/web/core"
)

// Staff add an organisation to the register when a complaint is about one not yet listed
// (/werk/organisaties/nieuw, linked from the registration form). The same form and store method
// as the admin's on /werk/organisaties, with an audit event; the admin keeps editing organisations
// (their addresses) and adds them on the organisations page as before. A success goes back to the
// registration form (303), where the new organisation can be chosen.

// StaffOrgRoutes registers the page; staff is the session check for staff and admin.
func (s *Server) StaffOrgRoutes(page core.PageRouter, staff gin.HandlerFunc) {
	page("GET", "/werk/organisaties/nieuw", staff, s.staffOrgForm)
	page("POST", "/werk/organisaties/nieuw", staff, s.staffOrgAdd)
}

func (s *Server) staffOrgForm(c *gin.Context) {
	l := core.PageLang(c)
	s.renderOffice(c, l, http.StatusOK, "staff_org_new", l.T("sno.title"), "orgs", "/werk/organisaties/nieuw",
		&officeView{Orgs: &orgsView{Form: newOrganisationForm(l, nil)}}, nil)
}

func (s *Server) staffOrgAdd(c *gin.Context) {
	l, ok := s.readPageForm(c)
	if !ok {
		return
	}
	in := c.Request.PostForm
	form := newOrganisationForm(l, in)
	u, _ := core.User(c)
	_, err := s.Store.RegisterOrganisation(c.Request.Context(), u, postedOrganisation(in))
	if err == nil {
		officeRedirect(c, l, "/werk/nieuw", "organisatie", nil)
		return
	}
	status, problems := http.StatusUnprocessableEntity, []problemLink(nil)
	switch fields, ok := validationFields(err); {
	case ok:
		other := form.addErrors(fields)
		problems = append(form.problems(), other...)
	case casework.ErrorCode(err) == casework.CodeConflict:
		form.fail("name", l.T("office.orgs.err.duplicate"))
		status, problems = http.StatusConflict, form.problems()
	default:
		s.PageFail(c, l, err)
		return
	}
	s.renderOffice(c, l, status, "staff_org_new", l.T("sno.title"), "orgs", "/werk/organisaties/nieuw",
		&officeView{Orgs: &orgsView{Form: form}}, problems)
}
