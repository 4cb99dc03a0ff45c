package api

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"meldpunt/internal/casework"
	"meldpunt/internal/web/core"
)

// After the ruling: the resident tells whether the advice was carried out and how satisfied they
// are; staff see the "not carried out" reports and mark each dealt with, with a note.

// feedbackRequest is the resident's answer with the reference and tracking code that prove the case.
type feedbackRequest struct {
	Reference    string `json:"reference"`
	TrackingCode string `json:"tracking_code"`
	casework.FeedbackAnswer
}

// GiveFeedback stores the resident's answer after the ruling, under the look-up limit: a case not
// found counts as a failed attempt, as with the look-up. It answers the resident's view.
func (s *Server) GiveFeedback(c *gin.Context) {
	client := "ip:" + core.SourceKey(c.ClientIP())
	if s.Lookups.Blocked(client) {
		s.Fail(c, casework.Errorf(casework.CodeRateLimited, "Too many failed attempts. Wait a while and try again, or %s", s.CallUs()))
		return
	}
	var req feedbackRequest
	if err := core.Decode(c, &req); err != nil {
		s.Fail(c, err)
		return
	}
	var v casework.Validator
	casework.CheckText(&v, "reference", req.Reference, true, 40)
	casework.CheckText(&v, "tracking_code", req.TrackingCode, true, 60)
	if err := v.Err(); err != nil {
		s.Fail(c, err)
		return
	}
	view, err := s.Store.GiveFeedback(c.Request.Context(), req.Reference, req.TrackingCode, req.FeedbackAnswer)
	if err != nil {
		if casework.ErrorCode(err) == casework.CodeNotFound {
			s.Lookups.Fail(client)
		}
		s.Fail(c, err)
		return
	}
	s.WriteJSON(c, http.StatusOK, view)
}

// DealWithNotCarriedOut marks the case's open "not carried out" report dealt with, with a note of
// what staff did; it answers the staff's view of the complaint.
func (s *Server) DealWithNotCarriedOut(c *gin.Context) {
	act(s, func(c *gin.Context, a casework.Actor, ref string, in casework.DealtWith) error {
		return s.Store.DealWithNotCarriedOut(c.Request.Context(), a, ref, in)
	})(c)
}

// ListNotCarriedOut lists the open "not carried out" reports, oldest first, a page of limit (1–200,
// default 50) from offset, with the total.
func (s *Server) ListNotCarriedOut(c *gin.Context) {
	limit, offset, err := feedbackPageQuery(c)
	if err != nil {
		s.Fail(c, err)
		return
	}
	list, total, err := s.Store.NotCarriedOutReports(c.Request.Context(), limit, offset)
	if err != nil {
		s.Fail(c, err)
		return
	}
	s.WriteJSON(c, http.StatusOK, map[string]any{"items": list, "total": total})
}

// feedbackPageQuery reads ?limit= (1–200, default 50) and ?offset= (0 or more, default 0).
func feedbackPageQuery(c *gin.Context) (limit, offset int, err error) {
	var v casework.Validator
	limit = 50
	if q := c.Query("limit"); q != "" {
		n, e := strconv.Atoi(q)
		v.Check(e == nil && n >= 1 && n <= 200, "limit", "must be a number from 1 to 200")
		limit = n
	}
	if q := c.Query("offset"); q != "" {
		n, e := strconv.Atoi(q)
		v.Check(e == nil && n >= 0 && n <= 1_000_000_000, "offset", "must be a number of 0 or more")
		offset = n
	}
	return limit, offset, v.Err()
}
