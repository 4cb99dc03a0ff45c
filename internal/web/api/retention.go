package api

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"meldpunt/internal/casework"
	"meldpunt/internal/postgres"
	"meldpunt/internal/term"
	"meldpunt/internal/web/core"
)

// Retention and destruction in the API (issue 13 point 1): staff record what moves a closed file's
// term and put it on hold; the admin reviews what is due, approves its destruction in one action
// and follows the lists. The destruction itself runs in the background (cmd/meldpunt).

// Limits of the due list: how many cases one answer holds by default and at most.
const (
	dueDefaultLimit = 1000
	dueMaxLimit     = 10000
)

// RetentionRoutes registers the API routes of retention: staff on a case, the admin on the lists.
func (s *Server) RetentionRoutes(api *gin.RouterGroup) {
	api.GET("/complaints/:reference/retention", s.Allow(core.StaffOnly...), s.getRetention)
	api.POST("/complaints/:reference/retention", s.Allow(core.StaffOnly...), s.recordRetention)
	api.GET("/retention/due", s.Allow(core.AdminOnly...), s.dueForDestruction)
	api.POST("/retention/destructions", s.Allow(core.AdminOnly...), s.approveDestruction)
	api.GET("/retention/destructions", s.Allow(core.AdminOnly...), s.listDestructions)
	api.GET("/retention/destructions/:id", s.Allow(core.AdminOnly...), s.getDestruction)
}

func (s *Server) getRetention(c *gin.Context) {
	r, err := s.Store.Retention(c.Request.Context(), c.Param("reference"))
	if err != nil {
		s.Fail(c, err)
		return
	}
	s.WriteJSON(c, http.StatusOK, r)
}

func (s *Server) recordRetention(c *gin.Context) {
	var in casework.RetentionRecord
	if err := core.Decode(c, &in); err != nil {
		s.Fail(c, err)
		return
	}
	r, err := s.Store.RecordRetention(c.Request.Context(), core.Actor(c), c.Param("reference"), in)
	if err != nil {
		s.Fail(c, err)
		return
	}
	s.WriteJSON(c, http.StatusOK, r)
}

// dueQuery reads ?on= (default today in Europe/Amsterdam) and ?limit=.
func (s *Server) dueQuery(c *gin.Context) (term.Date, int, error) {
	var v casework.Validator
	on := term.LocalDate(s.Store.Now())
	if q := c.Query("on"); q != "" {
		d, err := term.ParseDate(q)
		v.Check(err == nil, "on", "must be a date (YYYY-MM-DD)")
		on = d
	}
	limit := dueDefaultLimit
	if q := c.Query("limit"); q != "" {
		n, err := strconv.Atoi(q)
		v.Check(err == nil && n >= 1 && n <= dueMaxLimit, "limit", "must be a whole number from 1 to %d", dueMaxLimit)
		limit = n
	}
	return on, limit, v.Err()
}

// dueList is the admin's review: the cases due on a day, oldest first.
type dueList struct {
	On    term.Date          `json:"on"`
	Cases []postgres.DueCase `json:"cases"`
	// More says that more cases are due than the list holds (raise limit, or approve these first).
	More bool `json:"more"`
}

func (s *Server) dueList(c *gin.Context, on term.Date, limit int) (dueList, error) {
	cases, err := s.Store.DueForDestruction(c.Request.Context(), on, limit+1)
	if err != nil {
		return dueList{}, err
	}
	d := dueList{On: on, Cases: cases}
	if len(cases) > limit {
		d.Cases, d.More = cases[:limit], true
	}
	return d, nil
}

func (s *Server) dueForDestruction(c *gin.Context) {
	on, limit, err := s.dueQuery(c)
	if err != nil {
		s.Fail(c, err)
		return
	}
	d, err := s.dueList(c, on, limit)
	if err != nil {
		s.Fail(c, err)
		return
	}
	s.WriteJSON(c, http.StatusOK, d)
}

type approvalRequest struct {
	References []string `json:"references"`
}

// approveDestruction approves the destruction of the named cases in one list: 202, since the
// background destroyer does the work; 422 naming every reference that cannot be approved.
func (s *Server) approveDestruction(c *gin.Context) {
	var in approvalRequest
	if err := core.Decode(c, &in); err != nil {
		s.Fail(c, err)
		return
	}
	list, err := s.Store.ApproveDestruction(c.Request.Context(), core.Actor(c), in.References)
	if err != nil {
		s.Fail(c, err)
		return
	}
	s.WriteJSON(c, http.StatusAccepted, list)
}

func (s *Server) listDestructions(c *gin.Context) {
	lists, err := s.Store.DestructionLists(c.Request.Context())
	if err != nil {
		s.Fail(c, err)
		return
	}
	s.WriteJSON(c, http.StatusOK, map[string]any{"destructions": lists})
}

func (s *Server) getDestruction(c *gin.Context) {
	id, err := PathID(c, "No destruction list with this id.")
	if err != nil {
		s.Fail(c, err)
		return
	}
	list, err := s.Store.DestructionList(c.Request.Context(), id)
	if err != nil {
		s.Fail(c, err)
		return
	}
	s.WriteJSON(c, http.StatusOK, list)
}
