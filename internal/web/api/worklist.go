package api

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"meldpunt/internal/casework"
	"meldpunt/internal/postgres"
	"meldpunt/internal/web/core"
)

// The worklist for the day (issue 14 point 7): its counts and first pages, one page of one list,
// the search by reference or name (a POST: no name in the URL), and the handler marking an
// organisation's answer read.

// Worklist is the worklist's counts with the first page of the handler's open cases and of their
// advised cases waiting for organisations.
type Worklist struct {
	Counts  postgres.WorkCounts `json:"counts"`
	Mine    postgres.WorkPage   `json:"mine"`
	Advised postgres.WorkPage   `json:"advised"`
}

// LoadWorklist reads the worklist of the signed-in handler: the counts and the first pages.
func (s *Server) LoadWorklist(c *gin.Context) (Worklist, error) {
	a := core.Actor(c)
	ctx := c.Request.Context()
	var w Worklist
	var err error
	if w.Counts, err = s.Store.WorkCounts(ctx, a.UserID); err != nil {
		return w, err
	}
	if w.Mine, err = s.Store.WorkCases(ctx, a, casework.WorkQuery{List: casework.WorkMine, HandlerID: a.UserID}); err != nil {
		return w, err
	}
	w.Advised, err = s.Store.WorkCases(ctx, a, casework.WorkQuery{List: casework.WorkAdvised, HandlerID: a.UserID})
	return w, err
}

func (s *Server) GetWorklist(c *gin.Context) {
	w, err := s.LoadWorklist(c)
	if err != nil {
		s.Fail(c, err)
		return
	}
	s.WriteJSON(c, http.StatusOK, w)
}

// WorkPageNumber reads a page number: empty is 1; anything but a whole number from 1 is a problem
// of field.
func WorkPageNumber(raw, field string) (int, error) {
	if raw == "" {
		return 1, nil
	}
	n, err := strconv.Atoi(raw)
	if err != nil || n < 1 || n > 1_000_000 {
		var v casework.Validator
		v.Add(field, "must be a whole number of 1 or more")
		return 0, v.Err()
	}
	return n, nil
}

// ListWorkCases returns one page of one list: ?list=overdue&page=2&mine=true.
func (s *Server) ListWorkCases(c *gin.Context) {
	var v casework.Validator
	page, err := WorkPageNumber(c.Query("page"), "page")
	if err != nil {
		s.Fail(c, err)
		return
	}
	mine := c.Query("mine")
	v.Check(mine == "" || mine == "true" || mine == "false", "mine", "must be true or false")
	if err := v.Err(); err != nil {
		s.Fail(c, err)
		return
	}
	a := core.Actor(c)
	p, err := s.Store.WorkCases(c.Request.Context(), a, casework.WorkQuery{List: casework.WorkList(c.Query("list")),
		HandlerID: a.UserID, OnlyMine: mine == "true", Page: page})
	if err != nil {
		s.Fail(c, err)
		return
	}
	s.WriteJSON(c, http.StatusOK, p)
}

// workSearch is the body of a search of the worklist.
type workSearch struct {
	Search string            `json:"search"`
	List   casework.WorkList `json:"list"`
	Page   int               `json:"page"`
	Mine   bool              `json:"mine"`
}

// SearchWork searches the worklist by reference or the complainant's name; every case shown is
// written to the access log (the store does).
func (s *Server) SearchWork(c *gin.Context) {
	var in workSearch
	if err := core.Decode(c, &in); err != nil {
		s.Fail(c, err)
		return
	}
	var v casework.Validator
	v.Check(in.Page >= 0, "page", "must be 1 or more")
	v.Check(casework.WorkQuery{Search: in.Search}.Normalize().Search != "", "search", "must be between %d and %d characters",
		casework.MinWorkSearch, casework.MaxWorkSearch)
	if err := v.Err(); err != nil {
		s.Fail(c, err)
		return
	}
	a := core.Actor(c)
	p, err := s.Store.WorkCases(c.Request.Context(), a, casework.WorkQuery{List: in.List, HandlerID: a.UserID,
		OnlyMine: in.Mine, Search: in.Search, Page: in.Page})
	if err != nil {
		s.Fail(c, err)
		return
	}
	s.WriteJSON(c, http.StatusOK, p)
}

// ReadAdviceAnswer: the handler marks an organisation's answer read (it leaves "advices answered").
func (s *Server) ReadAdviceAnswer(c *gin.Context) {
	id, err := AdviceID(c)
	if err != nil {
		s.Fail(c, err)
		return
	}
	if err := s.Store.ReadAdviceAnswer(c.Request.Context(), core.Actor(c), id); err != nil {
		s.Fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}
