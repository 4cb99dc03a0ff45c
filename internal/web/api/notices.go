package api

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"meldpunt/internal/casework"
	"meldpunt/internal/postgres"
	"meldpunt/internal/web/core"
)

// noticeStatuses are the states a notice can be listed by.
var noticeStatuses = []string{"pending", "sent", "print", "posted", "failed", "no_address", "withheld"}

func (s *Server) ComplaintNotices(c *gin.Context) {
	// The letters of a case show its content: opened as the case is (a reason when another handles it).
	if !s.openCasePartAPI(c, c.Param("reference")) {
		return
	}
	list, err := s.Store.Notices(c.Request.Context(), postgres.NoticeFilter{Reference: c.Param("reference")})
	if err != nil {
		s.Fail(c, err)
		return
	}
	s.WriteJSON(c, http.StatusOK, map[string]any{"notices": list})
}

// ListNotices lists notices by status: ?status=print is the print queue, ?status=failed what needs
// attention, ?status=no_address the letters that wait for an address.
func (s *Server) ListNotices(c *gin.Context) {
	status := c.Query("status")
	if status != "" && !slices.Contains(noticeStatuses, status) {
		s.Fail(c, &casework.Error{Code: casework.CodeValidation, Message: "The request contains invalid fields.",
			Fields: []casework.FieldError{{Field: "status", Message: "must be one of " + strings.Join(noticeStatuses, ", ")}}})
		return
	}
	f := postgres.NoticeFilter{Status: status}
	var v casework.Validator
	if l := c.Query("limit"); l != "" {
		n, err := strconv.Atoi(l)
		v.Check(err == nil && n >= 1 && n <= 500, "limit", "must be a whole number from 1 to 500")
		f.Limit = n
	}
	if a := c.Query("after"); a != "" {
		n, err := strconv.ParseInt(a, 10, 64)
		v.Check(err == nil && n >= 0, "after", "must be the id of the last letter of the previous page")
		f.After = n
	}
	if err := v.Err(); err != nil {
		s.Fail(c, err)
		return
	}
	list, err := s.Store.Notices(c.Request.Context(), f)
	if err != nil {
		s.Fail(c, err)
		return
	}
	s.WriteJSON(c, http.StatusOK, map[string]any{"notices": list})
}

func NoticeID(c *gin.Context) (int64, error) { return PathID(c, "No letter with this id.") }

func (s *Server) NoticePDF(c *gin.Context) {
	id, err := NoticeID(c)
	if err != nil {
		s.Fail(c, err)
		return
	}
	a := core.Actor(c)
	if a.Role.HandlesCases() {
		// A letter shows its case: opened as the case is, unless it waits in the print queue.
		ref, printQueue, err := s.Store.LetterCase(c.Request.Context(), id)
		if err != nil {
			s.Fail(c, err)
			return
		}
		if !printQueue && !s.openCasePartAPI(c, ref) {
			return
		}
	}
	read := s.Store.NoticePDF
	if a.Role == casework.RoleSupporter {
		// A supporter reads only the copies sent to them for a client whose consent lasts.
		read = s.Store.SupporterLetter
	}
	file, name, err := read(c.Request.Context(), a, id)
	if err != nil {
		s.Fail(c, err)
		return
	}
	c.Header("Content-Disposition", `attachment; filename="`+name+`"`)
	c.Data(http.StatusOK, "application/pdf", file)
}

func (s *Server) MarkPosted(c *gin.Context) {
	s.noticeAction(c, s.Store.MarkPosted)
}

func (s *Server) RetryNotice(c *gin.Context) {
	s.noticeAction(c, func(ctx context.Context, _ casework.Actor, id int64) error { return s.Store.RetryFailed(ctx, id) })
}

func (s *Server) noticeAction(c *gin.Context, do func(context.Context, casework.Actor, int64) error) {
	id, err := NoticeID(c)
	if err != nil {
		s.Fail(c, err)
		return
	}
	if err := do(c.Request.Context(), core.Actor(c), id); err != nil {
		s.Fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

// ResidentLetter lets a resident download a letter sent to them, proving the case with the tracking
// code as the look-up does (and counted against the same limit).
func (s *Server) ResidentLetter(c *gin.Context) {
	s.proveCase(c, func(req lookupRequest) error {
		id, err := NoticeID(c)
		if err != nil {
			return err
		}
		file, name, err := s.Store.ResidentLetter(c.Request.Context(), req.Reference, req.TrackingCode, id)
		if err == nil {
			c.Header("Content-Disposition", `attachment; filename="`+name+`"`)
			c.Data(http.StatusOK, "application/pdf", file)
		}
		return err
	})
}

func (s *Server) InviteToHearing(c *gin.Context) {
	act(s, func(c *gin.Context, a casework.Actor, ref string, in casework.Invitation) error {
		return s.Store.InviteToHearing(c.Request.Context(), a, ref, in)
	})(c)
}

// Watch lists complaints near or past the handling term and advices near their last day.
func (s *Server) Watch(c *gin.Context) {
	days := 14
	if d := c.Query("days"); d != "" {
		n, err := strconv.Atoi(d)
		if err != nil || n < 0 || n > 365 {
			s.Fail(c, &casework.Error{Code: casework.CodeValidation, Message: "The request contains invalid fields.",
				Fields: []casework.FieldError{{Field: "days", Message: "must be a whole number from 0 to 365"}}})
			return
		}
		days = n
	}
	w, err := s.Store.Watch(c.Request.Context(), days)
	if err != nil {
		s.Fail(c, err)
		return
	}
	s.WriteJSON(c, http.StatusOK, w)
}
