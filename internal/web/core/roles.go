package core

import (
	"github.com/gin-gonic/gin"

	"meldpunt/internal/casework"
)

// Role sets used by the routes below.
var (
	StaffOnly   = []casework.Role{casework.RoleStaff, casework.RoleAdmin}
	AdminOnly   = []casework.Role{casework.RoleAdmin}
	CaseReaders = []casework.Role{casework.RoleStaff, casework.RoleAdmin, casework.RoleSupporter}
	AdviceViews = []casework.Role{casework.RoleStaff, casework.RoleAdmin, casework.RoleOrganisation}
	// LetterViews read a letter's PDF: staff, the organisation its own, the supporter its copies.
	LetterViews = []casework.Role{casework.RoleStaff, casework.RoleAdmin, casework.RoleOrganisation, casework.RoleSupporter}
	OrgOnly     = []casework.Role{casework.RoleOrganisation}
	// Answerers answer binding advice: the organisation online, staff for an answer that came on paper.
	Answerers   = []casework.Role{casework.RoleOrganisation, casework.RoleStaff, casework.RoleAdmin}
	ReportViews = []casework.Role{casework.RoleStaff, casework.RoleAdmin, casework.RoleCouncil}
	SignedIn    = []casework.Role{casework.RoleStaff, casework.RoleAdmin, casework.RoleOrganisation,
		casework.RoleCouncil, casework.RoleSupporter, casework.RoleMunicipality, casework.RolePrivacy}
	// FigureViews read the anonymous figures of client support: the municipality, the council,
	// staff and admin.
	FigureViews = []casework.Role{casework.RoleMunicipality, casework.RoleCouncil, casework.RoleStaff, casework.RoleAdmin}
)

// PageRouter registers a page route (HTML, session, same-origin form posts).
type PageRouter func(method, path string, h ...gin.HandlerFunc)
