package pages

import (
	"strings"

	"github.com/gin-gonic/gin"

	"meldpunt/internal/casework"
	"meldpunt/internal/web/api"
	"meldpunt/internal/web/core"
)

// The export of a resident's whole file on the pages: the resident's buttons on the status page
// (the reference and tracking code the page holds are posted again, never put in an address) and
// the staff's form on the case page, with the reason of the request.

const formExport = "inzage"

// caseExportForm is the staff's form to make the complainant's whole file.
type caseExportForm struct {
	Reason caseInput
}

func exportFormOf(l core.Lang, in *casePostedForm) *caseExportForm {
	return &caseExportForm{Reason: in.input(l, formExport, "export-reason", "reason", "text", "exp.staff.reason",
		"exp.staff.reason.h", "", true)}
}

// StatusExport sends the proven case's whole file, as a PDF or (format=json) as JSON.
func (s *Server) StatusExport(c *gin.Context) {
	s.proveCasePage(c, func(_ core.Lang, f lookupForm) error {
		format, err := api.ExportFormat(c.Request.PostForm.Get("format"))
		if err != nil {
			return err
		}
		x, err := s.Store.ResidentExport(c.Request.Context(), f.Reference, f.TrackingCode)
		if err != nil {
			return err
		}
		return s.SendExport(c, x, format)
	})
}

// staffCaseExport makes the complainant's whole file for a request for access (audited with the
// reason); a missing reason re-renders the case page.
func (s *Server) staffCaseExport(c *gin.Context) {
	s.caseAction(c, formExport, formExport, func(l core.Lang, cp casework.Complaint, p *casePostedForm) (caseFieldMapper, error) {
		format, err := api.ExportFormat(p.values.Get("format"))
		if err == nil {
			var x casework.Export
			x, err = s.Store.StaffExport(c.Request.Context(), core.Actor(c), cp.Reference, strings.TrimSpace(p.values.Get("reason")))
			if err == nil {
				err = s.SendExport(c, x, format)
			}
		}
		p.sent = err == nil
		return func(fe casework.FieldError) (string, string) {
			if fe.Field == "reason" {
				return "export-reason", l.T("exp.staff.err.reason")
			}
			return "", ""
		}, err
	})
}
