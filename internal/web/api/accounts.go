package api

import (
	"net/http"
	"net/url"
	"time"

	"github.com/gin-gonic/gin"

	"meldpunt/internal/casework"
	"meldpunt/internal/web/core"
)

// The API of accounts people manage: the admin switches users off and on and makes one-time links
// to set a new password; every signed-in user changes their own password; the holder of a link
// sets a new one. The pages for the same are in pages/accounts.go.

// ResetLinkTTL is how long a one-time link to set a new password stays valid.
const ResetLinkTTL = 24 * time.Hour

// ResetPath is the page a one-time link leads to; the link's code is in the query.
const ResetPath = "/wachtwoord-herstellen"

func (s *Server) ListUsers(c *gin.Context) {
	users, err := s.Store.Accounts(c.Request.Context())
	if err != nil {
		s.Fail(c, err)
		return
	}
	s.WriteJSON(c, http.StatusOK, map[string]any{"users": users})
}

type userPatch struct {
	Active *bool `json:"active"`
}

// PatchUser switches a user off or on (admin): {"active": false} ends their sessions and tokens.
func (s *Server) PatchUser(c *gin.Context) {
	id, err := PathID(c, "No user with this id.")
	if err != nil {
		s.Fail(c, err)
		return
	}
	var req userPatch
	if err := core.Decode(c, &req); err != nil {
		s.Fail(c, err)
		return
	}
	if req.Active == nil {
		s.Fail(c, &casework.Error{Code: casework.CodeValidation, Message: "The request contains invalid fields.",
			Fields: []casework.FieldError{{Field: "active", Message: "is required"}}})
		return
	}
	admin, _ := core.User(c)
	a, err := s.Store.SetUserActive(c.Request.Context(), admin, id, *req.Active)
	if err != nil {
		s.Fail(c, err)
		return
	}
	s.WriteJSON(c, http.StatusOK, a)
}

type passwordChange struct {
	CurrentPassword string `json:"current_password"`
	NewPassword     string `json:"new_password"`
}

// ChangeOwnPassword sets the caller's new password; the caller's token stays valid, every other
// session and token of theirs ends. A wrong current password counts as a failed sign-in.
func (s *Server) ChangeOwnPassword(c *gin.Context) {
	var req passwordChange
	if err := core.Decode(c, &req); err != nil {
		s.Fail(c, err)
		return
	}
	u, _ := core.User(c)
	if !s.throttled(c, u.Email, tooManyPasswords, WrongCurrent, func() error {
		return s.Store.ChangePassword(c.Request.Context(), u, req.CurrentPassword, req.NewPassword, c.GetString(core.CtxToken))
	}) {
		return
	}
	s.WriteJSON(c, http.StatusOK, map[string]any{"other_sessions_ended": true, "this_token_kept": true})
}

const (
	tooManyPasswords = "Too many wrong passwords. Wait the number of seconds in Retry-After and try again."
	tooManyCodes     = "Too many wrong codes. Wait the number of seconds in Retry-After and try again."
)

// throttled runs a check of the signed-in user's password or code (run) under the sign-in
// throttle of their account at this address: while they must wait it answers 429 with Retry-After
// and the message tooMany, and a failure that wrong recognises counts as a failed sign-in. It
// reports whether run succeeded; if not, the answer has been written.
func (s *Server) throttled(c *gin.Context, email, tooMany string, wrong func(error) bool, run func() error) bool {
	turn, wait := s.Turn(c, email)
	if wait > 0 {
		c.Header("Retry-After", core.RetryAfter(wait))
		s.Fail(c, &casework.Error{Code: casework.CodeRateLimited, Message: tooMany})
		return false
	}
	defer turn.End()
	if err := run(); err != nil {
		if wrong(err) {
			turn.Failed()
		}
		s.Fail(c, err)
		return false
	}
	return true
}

// WrongCurrent reports whether err says the current password was wrong.
func WrongCurrent(err error) bool {
	if e, ok := err.(*casework.Error); ok {
		for _, fe := range e.Fields {
			if fe.Field == "current_password" && fe.Message == "is not correct" {
				return true
			}
		}
	}
	return false
}

// CreatePasswordReset makes a one-time link for a user to set a new password (admin), to hand over
// to them; it is valid for resetLinkTTL.
func (s *Server) CreatePasswordReset(c *gin.Context) {
	id, err := PathID(c, "No user with this id.")
	if err != nil {
		s.Fail(c, err)
		return
	}
	admin, _ := core.User(c)
	r, err := s.Store.CreatePasswordReset(c.Request.Context(), admin, id, ResetLinkTTL)
	if err != nil {
		s.Fail(c, err)
		return
	}
	s.WriteJSON(c, http.StatusCreated, map[string]any{"path": ResetLink(r.Token), "url": s.Absolute(c, ResetLink(r.Token)),
		"expires_at": r.ExpiresAt, "user": r.User})
}

// ResetLink is the path of the page of a one-time link.
func ResetLink(token string) string {
	return ResetPath + "?" + url.Values{"code": {token}}.Encode()
}

// Absolute makes path absolute with the scheme and host the admin used to reach the server.
func (s *Server) Absolute(c *gin.Context, path string) string {
	scheme := "http"
	if s.OverTLS(c) {
		scheme = "https"
	}
	return scheme + "://" + c.Request.Host + path
}

type passwordReset struct {
	Code        string `json:"code"`
	NewPassword string `json:"new_password"`
}

// ResetPassword sets a new password with a one-time link's code (public: the code is the proof).
// The link is used up and every session and token of the user ends.
func (s *Server) ResetPassword(c *gin.Context) {
	var req passwordReset
	if err := core.Decode(c, &req); err != nil {
		s.Fail(c, err)
		return
	}
	var v casework.Validator
	casework.CheckText(&v, "code", req.Code, true, 100)
	if err := v.Err(); err != nil {
		s.Fail(c, err)
		return
	}
	if _, err := s.Store.ResetPassword(c.Request.Context(), req.Code, req.NewPassword); err != nil {
		s.Fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

// RevokeUserSessions signs a user out everywhere (API route for the admin).
func (s *Server) RevokeUserSessions(c *gin.Context) {
	id, err := PathID(c, "No user with this id.")
	if err != nil {
		s.Fail(c, err)
		return
	}
	if _, err := s.Store.RevokeUserSessions(c.Request.Context(), id); err != nil {
		s.Fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}
