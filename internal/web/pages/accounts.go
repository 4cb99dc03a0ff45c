package pages

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/gin-gonic/gin"

	"meldpunt/internal/casework"
	"meldpunt/internal/postgres"
	"meldpunt/internal/term"
	"meldpunt/internal/web/api"
	"meldpunt/internal/web/core"
)

// The account pages: every signed-in user changes their own password at /account/wachtwoord; the
// holder of a one-time link sets a new password at /wachtwoord-herstellen; the admin switches users
// off and on and makes one-time links on the users page (/werk/gebruikers).

// passwordView is the page to change or set a password.
type passwordView struct {
	H1, Intro string
	Action    string
	// Code is the one-time link's code (reset page), sent back with the form.
	Code string
	// Refused explains why a link cannot be used; the page then has no form.
	Refused string
	Done    string
	Form    *officeForm
}

// resetLinkView is a freshly made one-time link, shown once to the admin on the users page.
type resetLinkView struct {
	Name, URL, Expires, Text string
}

func init() {
	officeMessages = append(officeMessages,
		struct{ field, prefix, key string }{"password", "is too easy to guess", "acct.err.weak"},
		struct{ field, prefix, key string }{"new_password", "is required", "office.err.password"},
		struct{ field, prefix, key string }{"new_password", "must be at least", "office.err.password.short"},
		struct{ field, prefix, key string }{"new_password", "is too easy to guess", "acct.err.weak"},
		struct{ field, prefix, key string }{"new_password", "must differ", "acct.err.same"},
		struct{ field, prefix, key string }{"current_password", "is not correct", "acct.err.current"},
		struct{ field, prefix, key string }{"current_password", "is required", "acct.err.current.empty"},
		struct{ field, prefix, key string }{"active", "you cannot switch off", "acct.err.self"},
	)
}

// AccountRoutes registers the account pages; signedIn is the session check for every role.
func (s *Server) AccountRoutes(page core.PageRouter, signedIn, admin gin.HandlerFunc) {
	page("GET", "/account/wachtwoord", signedIn, s.passwordPage)
	page("POST", "/account/wachtwoord", signedIn, s.changePasswordPage)
	page("GET", api.ResetPath, core.FullLanguages, s.resetPage)
	page("POST", api.ResetPath, core.FullLanguages, s.resetPasswordPage)
	page("POST", "/werk/gebruikers/:id/actief", admin, s.setActivePage)
	page("POST", "/werk/gebruikers/:id/herstellink", admin, s.resetLinkPage)
}

func changeForm(l core.Lang, values url.Values) *officeForm {
	f := newOfficeForm(l, values)
	f.text("current_password", "current_password", "password", "acct.f.current", "", true).Autocomplete = "current-password"
	f.text("new_password", "new_password", "password", "acct.f.new", "acct.f.new.h", true).Autocomplete = "new-password"
	return f
}

func (s *Server) renderPassword(c *gin.Context, l core.Lang, status int, v *passwordView, path string) {
	p := newPage(l, "acct.title", "account")
	p.Password = v
	// The page of a one-time link has no language switch: it would have to carry the code.
	if status == http.StatusOK && path != "" {
		p.menuAt(path)
	} else if status != http.StatusOK && v.Form != nil {
		p.HasErrors = true
		p.Problems = v.Form.problems()
		if len(p.Problems) == 0 {
			p.Problems = []problemLink{{Message: l.T("err.generic")}}
		}
	}
	s.render(c, status, "password", p)
}

// passwordPage shows the form to change one's own password.
func (s *Server) passwordPage(c *gin.Context) {
	l := core.PageLang(c)
	v := &passwordView{H1: l.T("acct.h1"), Intro: l.T("acct.intro"), Action: l.URL("/account/wachtwoord"), Form: changeForm(l, nil)}
	if c.Query("klaar") == "1" {
		v.Done = l.T("acct.done")
	}
	s.renderPassword(c, l, http.StatusOK, v, "/account/wachtwoord")
}

// changePasswordPage changes the password of the signed-in user; this browser's session stays, every
// other session and token ends. A wrong current password counts as a failed sign-in.
func (s *Server) changePasswordPage(c *gin.Context) {
	l, ok := s.readPageForm(c)
	if !ok {
		return
	}
	u, _ := core.User(c)
	in := c.Request.PostForm
	turn, ok := s.PageTurn(c, l, u.Email)
	if !ok {
		return
	}
	defer turn.End()
	err := s.Store.ChangePassword(c.Request.Context(), u, in.Get("current_password"), in.Get("new_password"), c.GetString(core.CtxSession))
	if err == nil {
		officeRedirect(c, l, "/account/wachtwoord", "1", nil)
		return
	}
	fields, ok := validationFields(err)
	if !ok {
		s.PageFail(c, l, err)
		return
	}
	if api.WrongCurrent(err) {
		turn.Failed()
	}
	v := &passwordView{H1: l.T("acct.h1"), Intro: l.T("acct.intro"), Action: l.URL("/account/wachtwoord"), Form: changeForm(l, nil)}
	v.Form.addErrors(fields)
	s.renderPassword(c, l, http.StatusUnprocessableEntity, v, "")
}

// resetView is the page of a one-time link: the form, or why the link cannot be used.
func (s *Server) resetView(c *gin.Context, l core.Lang, code string) (*passwordView, int, error) {
	v := &passwordView{H1: l.T("reset.h1"), Action: l.URL(api.ResetPath), Code: code}
	u, err := s.Store.PasswordResetUser(c.Request.Context(), code)
	switch {
	case err == nil:
		v.Intro = l.T("reset.intro") + " " + u.Email
		v.Form = newOfficeForm(l, nil)
		v.Form.text("new_password", "new_password", "password", "acct.f.new", "acct.f.new.h", true).Autocomplete = "new-password"
		return v, http.StatusOK, nil
	case casework.ErrorCode(err) == casework.CodeNotFound:
		v.Refused = l.T("reset.unknown")
		return v, http.StatusNotFound, nil
	case casework.ErrorCode(err) == casework.CodeConflict:
		v.Refused = l.T("reset.used")
		switch {
		case errors.Is(err, postgres.ErrResetExpired):
			v.Refused = l.T("reset.expired")
		case errors.Is(err, postgres.ErrResetOff):
			v.Refused = l.T("reset.off")
		}
		return v, http.StatusGone, nil
	}
	return nil, 0, err
}

// resetPage shows the form of a one-time link (GET /wachtwoord-herstellen?code=…).
func (s *Server) resetPage(c *gin.Context) {
	l := core.PageLang(c)
	code := c.Query("code")
	if code == "" || len(code) > 100 {
		s.renderPassword(c, l, http.StatusNotFound, &passwordView{H1: l.T("reset.h1"), Refused: l.T("reset.unknown")}, "")
		return
	}
	v, status, err := s.resetView(c, l, code)
	if err != nil {
		s.PageFail(c, l, err)
		return
	}
	s.renderPassword(c, l, status, v, "")
}

// resetPasswordPage sets the new password of a one-time link and sends the user to sign in.
func (s *Server) resetPasswordPage(c *gin.Context) {
	l, ok := s.readPageForm(c)
	if !ok {
		return
	}
	in := c.Request.PostForm
	code := in.Get("code")
	if code == "" || len(code) > 100 {
		s.renderPassword(c, l, http.StatusNotFound, &passwordView{H1: l.T("reset.h1"), Refused: l.T("reset.unknown")}, "")
		return
	}
	_, err := s.Store.ResetPassword(c.Request.Context(), code, in.Get("new_password"))
	if err == nil {
		q := url.Values{"klaar": {"wachtwoord"}}
		if l.EN() {
			q.Set("lang", "en")
		}
		c.Redirect(http.StatusSeeOther, "/inloggen?"+q.Encode())
		return
	}
	if fields, ok := validationFields(err); ok {
		v, status, _ := s.resetView(c, l, code)
		if v != nil && status == http.StatusOK {
			v.Form.addErrors(fields)
			s.renderPassword(c, l, http.StatusUnprocessableEntity, v, "")
			return
		}
	}
	if code := casework.ErrorCode(err); code == casework.CodeNotFound || code == casework.CodeConflict {
		v, status, _ := s.resetView(c, l, in.Get("code"))
		if v != nil {
			s.renderPassword(c, l, status, v, "")
			return
		}
	}
	s.PageFail(c, l, err)
}

// setActivePage switches a user off (active=false) or on (active=true) from the users page.
func (s *Server) setActivePage(c *gin.Context) {
	l, ok := s.readPageForm(c)
	if !ok {
		return
	}
	id, err := api.PathID(c, "No user with this id.")
	if err != nil {
		s.PageFail(c, l, err)
		return
	}
	active, perr := strconv.ParseBool(c.Request.PostForm.Get("active"))
	if perr != nil {
		s.renderUsers(c, l, http.StatusUnprocessableEntity, nil, func(*officeForm) []problemLink {
			return []problemLink{{Message: l.T("acct.err.active")}}
		})
		return
	}
	admin, _ := core.User(c)
	if _, err := s.Store.SetUserActive(c.Request.Context(), admin, id, active); err != nil {
		if _, ok := validationFields(err); ok {
			s.renderUsers(c, l, http.StatusUnprocessableEntity, nil, func(*officeForm) []problemLink {
				return []problemLink{{Message: l.T("acct.err.self")}}
			})
			return
		}
		s.PageFail(c, l, err)
		return
	}
	flag := "uitgezet"
	if active {
		flag = "aangezet"
	}
	officeRedirect(c, l, "/werk/gebruikers", flag, nil)
}

// resetLinkPage makes a one-time link for a user and shows it once on the users page (200: the
// link must not travel in a redirect's address).
func (s *Server) resetLinkPage(c *gin.Context) {
	l, ok := s.readPageForm(c)
	if !ok {
		return
	}
	id, err := api.PathID(c, "No user with this id.")
	if err != nil {
		s.PageFail(c, l, err)
		return
	}
	admin, _ := core.User(c)
	r, err := s.Store.CreatePasswordReset(c.Request.Context(), admin, id, api.ResetLinkTTL)
	if err != nil {
		s.PageFail(c, l, err)
		return
	}
	link := &resetLinkView{Name: r.User.Name, URL: s.Absolute(c, api.ResetLink(r.Token)),
		Expires: l.Day(r.ExpiresAt) + " " + r.ExpiresAt.In(term.Amsterdam()).Format("15:04")}
	link.Text = fmt.Sprintf(l.T("office.users.link.text"), link.Name, link.Expires)
	s.renderUsersLink(c, l, http.StatusOK, nil, nil, link)
}
