package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"meldpunt/internal/casework"
	"meldpunt/internal/postgres"
)

// The JSON routes of support requests (issue 12, point 3): a resident asks a supporter of their
// choice for help without complaining, follows the request with its reference and code, and
// chooses on a referral; the supporter lists, reads and decides on its own requests; staff see the
// list without contact details, and one request on the worklist (recorded) to phone the resident.

// Role sets of the support request routes.
var (
	// requestReaders list support requests: a supporter its own, staff and admin all (minimal).
	requestReaders = []casework.Role{casework.RoleStaff, casework.RoleAdmin, casework.RoleSupporter}
	supporterOnly  = []casework.Role{casework.RoleSupporter}
)

// maxStaffRequests bounds the staff's list of support requests.
const maxStaffRequests = 500

func (s *Server) askSupport(c *gin.Context) {
	var in casework.SupportRequestInput
	if err := decode(c, &in); err != nil {
		s.fail(c, err)
		return
	}
	_, signedIn := user(c)
	rec, err := s.store.AskSupport(c.Request.Context(), in, s.intakeLimit(c, !signedIn))
	if err != nil {
		s.fail(c, err)
		return
	}
	s.writeJSON(c, http.StatusCreated, rec)
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
	client := "ip:" + sourceKey(c.ClientIP())
	if s.lookups.blocked(client) {
		s.fail(c, casework.Errorf(casework.CodeRateLimited, "Too many failed attempts. Wait a while and try again, or call the meldpunt."))
		return
	}
	var req requestProof
	if err := decode(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	var v casework.Validator
	casework.CheckText(&v, "reference", req.Reference, true, 40)
	casework.CheckText(&v, "code", req.Code, true, 60)
	if err := v.Err(); err != nil {
		s.fail(c, err)
		return
	}
	if err := do(req); err != nil {
		if casework.ErrorCode(err) == casework.CodeNotFound {
			s.lookups.fail(client)
		}
		s.fail(c, err)
	}
}

func (s *Server) lookupSupportRequest(c *gin.Context) {
	s.proveRequest(c, func(req requestProof) error {
		view, err := s.store.LookupSupportRequest(c.Request.Context(), req.Reference, req.Code)
		if err == nil {
			s.writeJSON(c, http.StatusOK, view)
		}
		return err
	})
}

func (s *Server) chooseOnSupportRequest(c *gin.Context) {
	s.proveRequest(c, func(req requestProof) error {
		view, err := s.store.ResidentRequestStep(c.Request.Context(), req.Reference, req.Code, req.Step)
		if err == nil {
			s.writeJSON(c, http.StatusOK, view)
		}
		return err
	})
}

// ownSupporter is the member of the pool the signed-in supporter account belongs to; an account
// that belongs to none is forbidden.
func ownSupporter(c *gin.Context) (int64, error) {
	u, _ := user(c)
	if u.Role != casework.RoleSupporter || u.SupporterID == nil {
		return 0, casework.Errorf(casework.CodeForbidden, "This account does not belong to a supporter of the pool.")
	}
	return *u.SupporterID, nil
}

func (s *Server) listSupportRequests(c *gin.Context) {
	ctx := c.Request.Context()
	if u, _ := user(c); u.Role.HandlesCases() {
		list, err := s.store.AllSupportRequests(ctx, maxStaffRequests)
		if err != nil {
			s.fail(c, err)
			return
		}
		watched, total, err := s.store.WatchedSupportRequests(ctx, maxStaffRequests)
		if err != nil {
			s.fail(c, err)
			return
		}
		s.writeJSON(c, http.StatusOK, map[string]any{"support_requests": list, "watched": watched, "watched_total": total})
		return
	}
	sup, err := ownSupporter(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	list, err := s.store.SupporterRequests(ctx, sup)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.writeJSON(c, http.StatusOK, map[string]any{"support_requests": list})
}

func (s *Server) getSupportRequest(c *gin.Context) {
	id, err := pathID(c, "No support request with this id.")
	if err != nil {
		s.fail(c, err)
		return
	}
	ctx := c.Request.Context()
	if u, _ := user(c); u.Role.HandlesCases() {
		view, err := s.store.StaffSupportRequest(ctx, actor(c), id)
		if err != nil {
			s.fail(c, err)
			return
		}
		s.writeJSON(c, http.StatusOK, view)
		return
	}
	sup, err := ownSupporter(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	req, err := s.store.SupporterRequest(ctx, sup, id)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.writeJSON(c, http.StatusOK, req)
}

// decideSupportRequest is the supporter's accept (no body), decline ({reason}) or refer ({reason,
// referred_to}).
func (s *Server) decideSupportRequest(step casework.RequestStep) gin.HandlerFunc {
	return func(c *gin.Context) {
		id, err := pathID(c, "No support request with this id.")
		if err != nil {
			s.fail(c, err)
			return
		}
		if _, err := ownSupporter(c); err != nil {
			s.fail(c, err)
			return
		}
		var d postgres.SupporterDecision
		if step != casework.StepAccept { // accepting needs no body
			if err := decode(c, &d); err != nil {
				s.fail(c, err)
				return
			}
		}
		d.Step = step
		u, _ := user(c)
		req, err := s.store.DecideSupportRequest(c.Request.Context(), u, id, d)
		if err != nil {
			s.fail(c, err)
			return
		}
		s.writeJSON(c, http.StatusOK, req)
	}
}
