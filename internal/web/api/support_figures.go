package api

import (
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"

	"meldpunt/internal/casework"
	"meldpunt/internal/report"
	"meldpunt/internal/term"
)

// The municipality's figures of client support (issue 12 point 5): the API (JSON and CSV) and the
// page /gemeente with its downloads. The figures are anonymous counts (casework.SupportFigures);
// the policy officer sees nothing else of the meldpunt: no cases, no letters, no annual reports
// (the council's, which the meldpunt, independent of the municipality, sends to the council).

// SupportFigures serves GET /api/v1/support-figures?year=YYYY[&quarter=1..4] as JSON.
func (s *Server) SupportFigures(c *gin.Context) {
	f, ok := s.loadSupportFigures(c, c.Query("year"), c.Query("quarter"))
	if !ok {
		return
	}
	s.WriteJSON(c, http.StatusOK, f)
}

// SupportFiguresCSV serves GET /api/v1/support-figures.csv with the same figures as CSV.
func (s *Server) SupportFiguresCSV(c *gin.Context) {
	f, ok := s.loadSupportFigures(c, c.Query("year"), c.Query("quarter"))
	if !ok {
		return
	}
	s.SendSupportCSV(c, f)
}

// loadSupportFigures parses the period and computes its figures; on failure it has answered.
func (s *Server) loadSupportFigures(c *gin.Context, year, quarter string) (casework.SupportFigures, bool) {
	p, err := casework.ParseSupportPeriod(year, quarter, s.Store.Now().In(term.Amsterdam()).Year())
	if err != nil {
		s.Fail(c, err)
		return casework.SupportFigures{}, false
	}
	f, err := s.Store.SupportFigures(c.Request.Context(), p)
	if err != nil {
		s.Fail(c, err)
		return casework.SupportFigures{}, false
	}
	return f, true
}

func (s *Server) SendSupportCSV(c *gin.Context, f casework.SupportFigures) {
	body, err := report.SupportCSV(f)
	if err != nil {
		s.Fail(c, err)
		return
	}
	c.Header("Content-Disposition", fmt.Sprintf(`attachment; filename="clientondersteuning-%s.csv"`, f.Period))
	c.Data(http.StatusOK, "text/csv; charset=utf-8", body)
}
