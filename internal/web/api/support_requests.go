package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"meldpunt/internal/casework"
	"meldpunt/internal/postgres"
	"meldpunt/internal/web/core"
)

// The JSON routes of support requests (issue 12, point 3): a resident asks a supporter of their
// choice for help without complaining, follows the request with its reference and code, and
// chooses on a referral; the supporter lists, reads and decides on its own requests; staff see the
// list without contact details, and one request on the worklist (recorded) to phone the resident.

// Role sets of the support request routes.
var (
	// RequestReaders list support requests: a supporter its own, staff and admin all (minimal).
	RequestReaders = []casework.Role{casework.RoleStaff, casework.RoleAdmin, casework.RoleSupporter}
	SupporterOnly  = []casework.Role{casework.RoleSupporter}
)

// maxStaffRequests bounds the staff's list of support requests.
const maxStaffRequests = 500

func (s *Server) AskSupport(c *gin.Context) {
	var in casework.SupportRequestInput
	if err := core.Decode(c, &in); err != nil {
		s.Fail(c, err)
		return
	}
	_, signedIn := core.User(c)
	rec, err := s.Store.AskSupport(c.Request.Context(), in, s.IntakeLimit(c, !signedIn))
	if err != nil {
		s.Fail(c, err)
		return
	}
	s.WriteJSON(c, http.StatusCreated, rec)
}

// requestProof is how a resident proves a support request: its reference and secret code, in the
// body (never in the URL); step is the resident's choice where one is made.
type requestProof struct {
	Reference string               `json:"reference"`
	Code      string               `json:"code"`
	Step      casework.RequestStep `json:"step"`
}

// proveRequest runs do for a caller who proves a support request, under the look-up limit of the
// complaint's status page: every not-found answer counts as a failed attempt of this client.
func (s *Server) proveRequest(c *gin.Context, do func(requestProof) error) {
	client := "ip:" + core.SourceKey(c.ClientIP())
	if s.Lookups.Blocked(client) {
		s.Fail(c, casework.Errorf(casework.CodeRateLimited, "Too many failed attempts. Wait a while and try again, or %s", s.CallUs()))
		return
	}
	var req requestProof
	if err := core.Decode(c, &req); err != nil {
		s.Fail(c, err)
		return
	}
	var v casework.Validator
	casework.CheckText(&v, "reference", req.Reference, true, 40)
	casework.CheckText(&v, "code", req.Code, true, 60)
	if err := v.Err(); err != nil {
		s.Fail(c, err)
		return
	}
	if err := do(req); err != nil {
		if casework.ErrorCode(err) == casework.CodeNotFound {
			s.Lookups.Fail(client)
		}
		s.Fail(c, err)
	}
}

func (s *Server) LookupSupportRequest(c *gin.Context) {
	s.proveRequest(c, func(req requestProof) error {
		view, err := s.Store.LookupSupportRequest(c.Request.Context(), req.Reference, req.Code)
		if err == nil {
			s.WriteJSON(c, http.StatusOK, view)
		}
		return err
	})
}

func (s *Server) ChooseOnSupportRequest(c *gin.Context) {
	s.proveRequest(c, func(req requestProof) error {
		view, err := s.Store.ResidentRequestStep(c.Request.Context(), req.Reference, req.Code, req.Step)
		if err == nil {
			s.WriteJSON(c, http.StatusOK, view)
		}
		return err
	})
}

// ownSupporter is the member of the pool the signed-in supporter account belongs to; an account
// that belongs to none is forbidden.
func ownSupporter(c *gin.Context) (int64, error) {
	u, _ := core.User(c)
	if u.Role != casework.RoleSupporter || u.SupporterID == nil {
		return 0, casework.Errorf(casework.CodeForbidden, "This account does not belong to a supporter of the pool.")
	}
	return *u.SupporterID, nil
}

func (s *Server) ListSupportRequests(c *gin.Context) {
	ctx := c.Request.Context()
	if u, _ := core.User(c); u.Role.HandlesCases() {
		list, err := s.Store.AllSupportRequests(ctx, maxStaffRequests)
		if err != nil {
			s.Fail(c, err)
			return
		}
		watched, total, err := s.Store.WatchedSupportRequests(ctx, maxStaffRequests)
		if err != nil {
			s.Fail(c, err)
			return
		}
		s.WriteJSON(c, http.StatusOK, map[string]any{"support_requests": list, "watched": watched, "watched_total": total})
		return
	}
	sup, err := ownSupporter(c)
	if err != nil {
		s.Fail(c, err)
		return
	}
	list, err := s.Store.SupporterRequests(ctx, sup)
	if err != nil {
		s.Fail(c, err)
		return
	}
	s.WriteJSON(c, http.StatusOK, map[string]any{"support_requests": list})
}

func (s *Server) GetSupportRequest(c *gin.Context) {
	id, err := PathID(c, "No support request with this id.")
	if err != nil {
		s.Fail(c, err)
		return
	}
	ctx := c.Request.Context()
	if u, _ := core.User(c); u.Role.HandlesCases() {
		view, err := s.Store.StaffSupportRequest(ctx, core.Actor(c), id)
		if err != nil {
			s.Fail(c, err)
			return
		}
		s.WriteJSON(c, http.StatusOK, view)
		return
	}
	sup, err := ownSupporter(c)
	if err != nil {
		s.Fail(c, err)
		return
	}
	req, err := s.Store.SupporterRequest(ctx, sup, id)
	if err != nil {
		s.Fail(c, err)
		return
	}
	s.WriteJSON(c, http.StatusOK, req)
}

// DecideSupportRequest is the supporter's accept (no body), decline ({reason}) or refer ({reason,
// referred_to}).
func (s *Server) DecideSupportRequest(step casework.RequestStep) gin.HandlerFunc {
	return func(c *gin.Context) {
		id, err := PathID(c, "No support request with this id.")
		if err != nil {
			s.Fail(c, err)
			return
		}
		if _, err := ownSupporter(c); err != nil {
			s.Fail(c, err)
			return
		}
		var d postgres.SupporterDecision
		if step != casework.StepAccept { // accepting needs no body
			if err := core.Decode(c, &d); err != nil {
				s.Fail(c, err)
				return
			}
		}
		d.Step = step
		u, _ := core.User(c)
		req, err := s.Store.DecideSupportRequest(c.Request.Context(), u, id, d)
		if err != nil {
			s.Fail(c, err)
			return
		}
		s.WriteJSON(c, http.StatusOK, req)
	}
}
