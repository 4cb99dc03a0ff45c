package api

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"meldpunt/internal/casework"
	"meldpunt/internal/postgres"
	"meldpunt/internal/report"
	"meldpunt/internal/web/core"
)

// AnnualReport serves the newest stored edition of the report named by the path ("2025.pdf",
// "2025.csv", "2025.json"; ?lang=en asks for the English PDF). A GET stores nothing, but the very
// first edition when none is stored (see report.Generator.Latest).
func (s *Server) AnnualReport(c *gin.Context) {
	r, ok := s.annualRequest(c)
	if !ok {
		return
	}
	res, err := s.Reports.Latest(c.Request.Context(), r)
	if err != nil {
		s.Fail(c, err)
		return
	}
	s.SendReport(c, http.StatusOK, res.Version, res.Content)
}

// MakeAnnualReport makes a new edition of the report named by the path, stores it as the next
// version and returns it (201, with the stored version's address in Location).
func (s *Server) MakeAnnualReport(c *gin.Context) {
	r, ok := s.annualRequest(c)
	if !ok {
		return
	}
	res, err := s.Reports.Generate(c.Request.Context(), r)
	if err != nil {
		s.Fail(c, err)
		return
	}
	c.Header("Location", fmt.Sprintf("/api/v1/reports/versions/%d", res.Version.ID))
	s.SendReport(c, http.StatusCreated, res.Version, res.Content)
}

// annualRequest reads the year, format and language of the annual report routes.
func (s *Server) annualRequest(c *gin.Context) (report.Request, bool) {
	name := c.Param("file")
	yearText, ext, ok := strings.Cut(name, ".")
	format := report.Format(ext)
	if !ok || (format != report.PDF && format != report.CSV && format != report.JSON) {
		s.Fail(c, casework.Errorf(casework.CodeNotFound, "No such report: ask for YEAR.pdf, YEAR.csv or YEAR.json."))
		return report.Request{}, false
	}
	year, err := report.ParseYear(yearText, s.Store.Now())
	if err != nil {
		s.Fail(c, err)
		return report.Request{}, false
	}
	lang := casework.Language(c.DefaultQuery("lang", string(casework.LanguageDutch)))
	if lang != casework.LanguageDutch && lang != casework.LanguageEnglish {
		s.Fail(c, &casework.Error{Code: casework.CodeValidation, Message: "The request contains invalid fields.",
			Fields: []casework.FieldError{{Field: "lang", Message: "must be nl or en"}}})
		return report.Request{}, false
	}
	return report.Request{Year: year, Format: format, Language: lang, Trigger: report.TriggerRequest, Actor: core.Actor(c)}, true
}

// SendReport writes a stored report with headers that identify the version.
func (s *Server) SendReport(c *gin.Context, status int, v postgres.ReportVersion, content []byte) {
	suffix := ""
	if v.Format == string(report.PDF) && v.Language != string(casework.LanguageDutch) {
		suffix = "-" + v.Language
	}
	c.Header("Content-Disposition", fmt.Sprintf(`attachment; filename="jaarrapportage-%d%s-v%d.%s"`, v.Year, suffix, v.Version, v.Format))
	c.Header("X-Report-Version", strconv.Itoa(v.Version))
	c.Header("X-Report-Id", strconv.FormatInt(v.ID, 10))
	c.Header("X-Report-Draft", strconv.FormatBool(v.Draft))
	c.Header("X-Report-Sha256", fmt.Sprintf("%x", []byte(v.SHA256)))
	c.Header("X-Report-Figures-Sha256", fmt.Sprintf("%x", []byte(v.FiguresSHA256)))
	c.Header("Cache-Control", "no-store")
	c.Data(status, report.Format(v.Format).ContentType(), content)
}

// reportYear parses the :year of the report routes.
func (s *Server) reportYear(c *gin.Context) (int, bool) {
	year, err := report.ParseYear(c.Param("year"), s.Store.Now())
	if err != nil {
		s.Fail(c, err)
		return 0, false
	}
	return year, true
}

// ReportState shows a year's closing text, whether the report is final, and every stored version.
func (s *Server) ReportState(c *gin.Context) {
	year, ok := s.reportYear(c)
	if !ok {
		return
	}
	state, err := s.Store.ReportState(c.Request.Context(), year)
	if err != nil {
		s.Fail(c, err)
		return
	}
	versions, err := s.Store.ReportVersions(c.Request.Context(), year)
	if err != nil {
		s.Fail(c, err)
		return
	}
	s.WriteJSON(c, http.StatusOK, map[string]any{"report": state, "final": state.Final(), "versions": versions})
}

func (s *Server) SetClosingText(c *gin.Context) {
	year, ok := s.reportYear(c)
	if !ok {
		return
	}
	var in casework.ClosingText
	if err := core.Decode(c, &in); err != nil {
		s.Fail(c, err)
		return
	}
	if in.Language == "" {
		in.Language = casework.LanguageDutch
	}
	state, err := s.Store.SetClosingText(c.Request.Context(), core.Actor(c), year, in)
	if err != nil {
		s.Fail(c, err)
		return
	}
	s.WriteJSON(c, http.StatusOK, map[string]any{"report": state, "final": state.Final()})
}

func (s *Server) FinaliseReport(c *gin.Context) {
	year, ok := s.reportYear(c)
	if !ok {
		return
	}
	state, err := s.Store.FinaliseReport(c.Request.Context(), core.Actor(c), year)
	if err != nil {
		s.Fail(c, err)
		return
	}
	s.WriteJSON(c, http.StatusOK, map[string]any{"report": state, "final": state.Final()})
}

// ReportVersion returns a stored generation exactly as it was generated.
func (s *Server) ReportVersion(c *gin.Context) {
	id, err := PathID(c, "No such report version.")
	if err != nil {
		s.Fail(c, err)
		return
	}
	v, content, err := s.Store.ReportContent(c.Request.Context(), id)
	if err != nil {
		s.Fail(c, err)
		return
	}
	s.SendReport(c, http.StatusOK, v, content)
}

func (s *Server) ListRecommendations(c *gin.Context) {
	var f postgres.RecommendationFilter
	var v casework.Validator
	if y := c.Query("year"); y != "" {
		year, err := report.ParseYear(y, s.Store.Now())
		v.Check(err == nil, "year", "must be a year from %d to this year", report.FirstYear)
		f.Year = year
	}
	f.Status = casework.RecommendationStatus(c.Query("status"))
	v.Check(f.Status == "" || f.Status.Valid(), "status", "must be open, adopted, partly_adopted or not_adopted")
	if err := v.Err(); err != nil {
		s.Fail(c, err)
		return
	}
	list, err := s.Store.Recommendations(c.Request.Context(), f)
	if err != nil {
		s.Fail(c, err)
		return
	}
	s.WriteJSON(c, http.StatusOK, map[string]any{"recommendations": list})
}

func (s *Server) FollowUpRecommendation(c *gin.Context) {
	id, err := PathID(c, "No such recommendation.")
	if err != nil {
		s.Fail(c, err)
		return
	}
	var in casework.FollowUp
	if err := core.Decode(c, &in); err != nil {
		s.Fail(c, err)
		return
	}
	rec, err := s.Store.UpdateRecommendation(c.Request.Context(), core.Actor(c), id, in)
	if err != nil {
		s.Fail(c, err)
		return
	}
	s.WriteJSON(c, http.StatusOK, rec)
}
