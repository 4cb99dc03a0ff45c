package web

import (
	"github.com/gin-gonic/gin"

	"meldpunt/internal/casework"
)

// Role sets used by the routes below.
var (
	staffOnly   = []casework.Role{casework.RoleStaff, casework.RoleAdmin}
	adminOnly   = []casework.Role{casework.RoleAdmin}
	caseReaders = []casework.Role{casework.RoleStaff, casework.RoleAdmin, casework.RoleSupporter}
	adviceViews = []casework.Role{casework.RoleStaff, casework.RoleAdmin, casework.RoleOrganisation}
	// letterViews read a letter's PDF: staff, the organisation its own, the supporter its copies.
	letterViews = []casework.Role{casework.RoleStaff, casework.RoleAdmin, casework.RoleOrganisation, casework.RoleSupporter}
	orgOnly     = []casework.Role{casework.RoleOrganisation}
	// answerers answer binding advice: the organisation online, staff for an answer that came on paper.
	answerers   = []casework.Role{casework.RoleOrganisation, casework.RoleStaff, casework.RoleAdmin}
	reportViews = []casework.Role{casework.RoleStaff, casework.RoleAdmin, casework.RoleCouncil}
	signedIn    = []casework.Role{casework.RoleStaff, casework.RoleAdmin, casework.RoleOrganisation,
		casework.RoleCouncil, casework.RoleSupporter, casework.RoleMunicipality, casework.RolePrivacy}
	// figureViews read the anonymous figures of client support: the municipality, the council,
	// staff and admin.
	figureViews = []casework.Role{casework.RoleMunicipality, casework.RoleCouncil, casework.RoleStaff, casework.RoleAdmin}
)

// pageRouter registers a page route (HTML, session, same-origin form posts).
type pageRouter func(method, path string, h ...gin.HandlerFunc)
