package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"meldpunt/internal/casework"
	"meldpunt/internal/postgres"
	"meldpunt/internal/web/core"
)

// The API of two-step sign-in (TOTP): staff and admin set it up for themselves (/me/totp), the admin
// requires it per role (/settings/two-factor) and switches it off for a user who lost their phone
// (/users/{id}/totp). The sign-in itself takes the code in the field otp of /auth/login. The pages
// for the same are in pages/twofactor.go.

// MyTwoFactor returns the caller's two-step state.
func (s *Server) MyTwoFactor(c *gin.Context) {
	u, _ := core.User(c)
	tf, err := s.Store.TwoFactorOf(c.Request.Context(), u.ID)
	if err != nil {
		s.Fail(c, err)
		return
	}
	s.WriteJSON(c, http.StatusOK, tf)
}

// StartTOTP makes a new secret for the caller's app (201); it is on once confirmed with a code.
func (s *Server) StartTOTP(c *gin.Context) {
	u, _ := core.User(c)
	e, err := s.Store.StartTOTP(c.Request.Context(), u)
	if err != nil {
		s.Fail(c, err)
		return
	}
	s.WriteJSON(c, http.StatusCreated, e)
}

type totpCode struct {
	Code string `json:"code"`
}

// ConfirmTOTP switches the caller's two-step sign-in on with the first code from the app. A wrong
// code counts as a failed sign-in.
func (s *Server) ConfirmTOTP(c *gin.Context) {
	var req totpCode
	if err := core.Decode(c, &req); err != nil {
		s.Fail(c, err)
		return
	}
	u, _ := core.User(c)
	if !s.throttled(c, u.Email, tooManyCodes, postgres.WrongCode, func() error {
		return s.Store.ConfirmTOTP(c.Request.Context(), u, req.Code)
	}) {
		return
	}
	s.WriteJSON(c, http.StatusOK, postgres.TwoFactor{Enabled: true})
}

type totpOff struct {
	CurrentPassword string `json:"current_password"`
}

// DisableTOTP switches the caller's two-step sign-in off with their current password; a wrong
// password counts as a failed sign-in.
func (s *Server) DisableTOTP(c *gin.Context) {
	var req totpOff
	if err := core.Decode(c, &req); err != nil {
		s.Fail(c, err)
		return
	}
	u, _ := core.User(c)
	if !s.throttled(c, u.Email, tooManyPasswords, WrongCurrent, func() error {
		return s.Store.DisableTOTP(c.Request.Context(), u, req.CurrentPassword)
	}) {
		return
	}
	c.Status(http.StatusNoContent)
}

// AdminDisableTOTP switches a user's two-step sign-in off (admin).
func (s *Server) AdminDisableTOTP(c *gin.Context) {
	id, err := PathID(c, "No user with this id.")
	if err != nil {
		s.Fail(c, err)
		return
	}
	admin, _ := core.User(c)
	a, err := s.Store.AdminDisableTOTP(c.Request.Context(), admin, id)
	if err != nil {
		s.Fail(c, err)
		return
	}
	s.WriteJSON(c, http.StatusOK, a)
}

// TwoFactorRules says for which roles two-step sign-in is required (admin).
func (s *Server) TwoFactorRules(c *gin.Context) {
	r, err := s.Store.TwoFactorRules(c.Request.Context())
	if err != nil {
		s.Fail(c, err)
		return
	}
	s.WriteJSON(c, http.StatusOK, r)
}

type twoFactorRulesRequest struct {
	Staff *bool `json:"staff"`
	Admin *bool `json:"admin"`
}

// SetTwoFactorRules sets for which roles two-step sign-in is required (admin); both fields are
// required.
func (s *Server) SetTwoFactorRules(c *gin.Context) {
	var req twoFactorRulesRequest
	if err := core.Decode(c, &req); err != nil {
		s.Fail(c, err)
		return
	}
	var v casework.Validator
	if req.Staff == nil {
		v.Add("staff", "is required")
	}
	if req.Admin == nil {
		v.Add("admin", "is required")
	}
	if err := v.Err(); err != nil {
		s.Fail(c, err)
		return
	}
	admin, _ := core.User(c)
	r := postgres.TwoFactorRules{Staff: *req.Staff, Admin: *req.Admin}
	if err := s.Store.SetTwoFactorRules(c.Request.Context(), admin, r); err != nil {
		s.Fail(c, err)
		return
	}
	s.WriteJSON(c, http.StatusOK, r)
}
