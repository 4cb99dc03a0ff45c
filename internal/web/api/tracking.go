package api

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"meldpunt/internal/casework"
	"meldpunt/internal/web/core"
)

// A resident who lost the tracking code asks for a new one with the reference and the e-mail
// address or postcode on file (POST /api/v1/complaints/lookup/new-code). The answer is the same
// whether or not the details match: on a match the store gives the case a new code, the old one
// stops working, and the new code goes to the complainant's address on file only.

// NewCodeRequest is what the resident gives to ask for a new tracking code.
type NewCodeRequest struct {
	Reference       string `json:"reference"`
	EmailOrPostcode string `json:"email_or_postcode"`
}

// newCodeAccepted is the one answer to every well-formed request.
type newCodeAccepted struct {
	Status  string `json:"status"`
	Message string `json:"message"`
}

// NewCodeAcceptedMessage is the answer's message, the same for every outcome.
const NewCodeAcceptedMessage = "If the details are correct, we will send a new code to the address we have for you."

// CheckNewCode validates the shape of a request for a new code, never whether it matches.
func CheckNewCode(req NewCodeRequest) *casework.Validator {
	var v casework.Validator
	casework.CheckText(&v, "reference", req.Reference, true, 40)
	casework.CheckText(&v, "email_or_postcode", req.EmailOrPostcode, true, casework.MaxEmail)
	return &v
}

// NewCodeClientBlocked reports whether the client has used up its requests for new codes.
func (s *Server) NewCodeClientBlocked(c *gin.Context) bool {
	return s.NewCodes.Blocked(newCodeClient(c))
}

// AskNewCode counts a well-formed request for a new code, of the client and of the reference, and
// asks the store for the code unless either has used up its requests in the window (then it
// returns a rate_limited error). Every request counts, not only failures: a match and a mismatch
// look alike to the caller, and so must to the limiter.
func (s *Server) AskNewCode(c *gin.Context, req NewCodeRequest) error {
	client := newCodeClient(c)
	ref := "ref:" + strings.ToUpper(strings.TrimSpace(req.Reference))
	blocked := s.NewCodes.Blocked(client) || s.NewCodeRefs.Blocked(ref)
	s.NewCodes.Fail(client)
	s.NewCodeRefs.Fail(ref)
	if blocked {
		return casework.Errorf(casework.CodeRateLimited, "Too many requests for a new tracking code. Wait a while and try again, or call the meldpunt.")
	}
	return s.Store.RequestNewTrackingCode(c.Request.Context(), req.Reference, req.EmailOrPostcode)
}

func newCodeClient(c *gin.Context) string { return "ip:" + core.SourceKey(c.ClientIP()) }

// NewTrackingCode answers 202 to every well-formed request for a new tracking code, whether or
// not the details match.
func (s *Server) NewTrackingCode(c *gin.Context) {
	if s.NewCodeClientBlocked(c) {
		s.Fail(c, casework.Errorf(casework.CodeRateLimited, "Too many requests for a new tracking code. Wait a while and try again, or call the meldpunt."))
		return
	}
	var req NewCodeRequest
	if err := core.Decode(c, &req); err != nil {
		s.Fail(c, err)
		return
	}
	if err := CheckNewCode(req).Err(); err != nil {
		s.Fail(c, err)
		return
	}
	if err := s.AskNewCode(c, req); err != nil {
		s.Fail(c, err)
		return
	}
	s.WriteJSON(c, http.StatusAccepted, newCodeAccepted{Status: "accepted", Message: NewCodeAcceptedMessage})
}
