package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"meldpunt/internal/casework"
	"meldpunt/internal/web/core"
)

// The supporter in the complaint procedure, in the API: the resident changes or ends who acts for
// them with reference and tracking code; staff record it from a signed letter; the supporter the
// resident chose, while the consent lasts, reads the case and its copies and adds information.

// residentRepresentationRequest is the look-up (reference and tracking code) with the change.
type residentRepresentationRequest struct {
	lookupRequest
	casework.RepresentationChange
}

// ChangeRepresentationByResident changes or ends the resident's choice, under the look-up limit:
// a wrong reference or code counts as a failed attempt.
func (s *Server) ChangeRepresentationByResident(c *gin.Context) {
	client := "ip:" + core.SourceKey(c.ClientIP())
	if s.Lookups.Blocked(client) {
		s.Fail(c, casework.Errorf(casework.CodeRateLimited, "Too many failed attempts. Wait a while and try again, or %s", s.CallUs()))
		return
	}
	var req residentRepresentationRequest
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
	view, err := s.Store.ResidentChangeRepresentation(c.Request.Context(), req.Reference, req.TrackingCode, req.RepresentationChange)
	if err != nil {
		if casework.ErrorCode(err) == casework.CodeNotFound {
			s.Lookups.Fail(client)
		}
		s.Fail(c, err)
		return
	}
	s.WriteJSON(c, http.StatusOK, view)
}

// RecordRepresentation records a choice or its end from a letter the complainant signed (staff).
func (s *Server) RecordRepresentation(c *gin.Context) {
	act(s, func(c *gin.Context, a casework.Actor, ref string, in casework.RepresentationChange) error {
		return s.Store.RecordRepresentation(c.Request.Context(), a, ref, in)
	})(c)
}

// AddContribution adds information and descriptions of documents to a client's case (supporter).
func (s *Server) AddContribution(c *gin.Context) {
	var in casework.NewContribution
	if err := core.Decode(c, &in); err != nil {
		s.Fail(c, err)
		return
	}
	out, err := s.Store.AddContribution(c.Request.Context(), core.Actor(c), c.Param("reference"), in)
	if err != nil {
		s.Fail(c, err)
		return
	}
	s.WriteJSON(c, http.StatusCreated, out)
}
