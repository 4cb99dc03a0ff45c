package pages

import (
	"bytes"
	"image/png"
	"net/http"
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"

	"meldpunt/internal/casework"
	"meldpunt/internal/postgres"
	"meldpunt/internal/web/api"
	"meldpunt/internal/web/core"
)

// The pages of two-step sign-in (TOTP), without JavaScript:
//   - /account/tweestapsverificatie: staff and admin set up an authenticator app (the secret as text
//     and as a QR code), confirm it with one code, and switch it off with their password;
//   - /inloggen/code: after the right password, the second step: the code from the app, or, when
//     the admin requires two-step sign-in of the role and the account has none, setting it up. The
//     browser then holds a pending sign-in (cookie pendingCookie, valid minutes, for this page only),
//     never a session;
//   - on the users page the admin sees who has it on, switches it off for a user who lost their
//     phone, and requires it per role.

// pendingCookie holds the token of a pending sign-in; it opens only /inloggen/code.
const pendingCookie = "meldpunt_aanmelden"

// twoFactorPath is the account page of two-step sign-in.
const twoFactorPath = "/account/tweestapsverificatie"

// codePath is the page of the second step of signing in.
const codePath = "/inloggen/code"

// twoFactorView is the page of two-step sign-in: the account page or the second step of signing in.
type twoFactorView struct {
	H1    string
	Intro []string
	Done  string
	// On says two-step sign-in is on (account page).
	On bool
	// Required says the admin requires it of the user's role.
	Required bool
	// Secret (grouped for typing) and QR (the image's address) show a key being set up.
	Secret, QR, URL string
	// CodeAction is where the code is posted; Next goes along (sign-in).
	CodeAction, CodeLabel, CodeHelp, CodeError, CodeSubmit, Next string
	// StartAction starts (or restarts) setting up an app.
	StartAction, StartLabel string
	// OffAction switches it off with the current password (PasswordError when it was wrong).
	OffAction, PasswordError string
	// SignIn marks the second step of signing in (no menu of a signed-in user).
	SignIn bool
}

// TwoFactorRoutes registers the pages of two-step sign-in.
func (s *Server) TwoFactorRoutes(page core.PageRouter, staff, admin gin.HandlerFunc) {
	page("GET", twoFactorPath, staff, s.twoFactorPage)
	page("POST", twoFactorPath+"/starten", staff, s.startTwoFactorPage)
	page("POST", twoFactorPath+"/bevestigen", staff, s.confirmTwoFactorPage)
	page("POST", twoFactorPath+"/uitzetten", staff, s.disableTwoFactorPage)
	page("GET", twoFactorPath+"/qr.png", staff, s.twoFactorQR)
	page("GET", codePath, core.FullLanguages, s.codePage)
	page("POST", codePath, core.FullLanguages, s.finishSignIn)
	page("GET", codePath+"/qr.png", core.FullLanguages, s.pendingQR)
	page("POST", "/werk/gebruikers/:id/tweestap-uit", admin, s.adminTwoFactorOffPage)
	page("POST", "/werk/tweestapsverificatie", admin, s.twoFactorRulesPage)
}

// groupSecret writes a base32 secret in groups of four for typing.
func groupSecret(s string) string {
	var b strings.Builder
	for i, r := range s {
		if i > 0 && i%4 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
	}
	return b.String()
}

func (s *Server) renderTwoFactor(c *gin.Context, l core.Lang, status int, v *twoFactorView, problems []problemLink) {
	p := newPage(l, "tf.title", "twofactor")
	p.TwoFactor = v
	if status == http.StatusOK && !v.SignIn {
		p.menuAt(twoFactorPath)
	}
	if status >= 400 {
		p.HasErrors = true
		p.Problems = problems
		if len(p.Problems) == 0 {
			p.Problems = []problemLink{{Message: l.T("err.generic")}}
		}
	}
	s.render(c, status, "twofactor", p)
}

// accountTwoFactorView is the account page for u: on (with the form to switch off), being set up
// (the key and the code form), or off (what it is and the button to start).
func (s *Server) accountTwoFactorView(c *gin.Context, l core.Lang, u casework.User) (*twoFactorView, error) {
	ctx := c.Request.Context()
	tf, err := s.Store.TwoFactorOf(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	v := &twoFactorView{H1: l.T("tf.h1"), On: tf.Enabled, Required: tf.Required,
		Intro: []string{l.T("tf.what"), l.T("tf.app"), l.T("tf.lost")}}
	switch {
	case tf.Enabled:
		v.OffAction = l.URL(twoFactorPath + "/uitzetten")
	case tf.Pending:
		e, err := s.Store.PendingTOTP(ctx, u)
		if err != nil {
			return nil, err
		}
		v.Secret, v.URL, v.QR = groupSecret(e.Secret), e.URL, twoFactorPath+"/qr.png"
		v.CodeAction, v.CodeLabel, v.CodeSubmit = l.URL(twoFactorPath+"/bevestigen"), l.T("tf.code"), l.T("tf.confirm")
		v.StartAction, v.StartLabel = l.URL(twoFactorPath+"/starten"), l.T("tf.restart")
	default:
		v.StartAction, v.StartLabel = l.URL(twoFactorPath+"/starten"), l.T("tf.start")
	}
	return v, nil
}

// twoFactorPage shows the account page of two-step sign-in.
func (s *Server) twoFactorPage(c *gin.Context) {
	l := core.PageLang(c)
	u, _ := core.User(c)
	v, err := s.accountTwoFactorView(c, l, u)
	if err != nil {
		s.PageFail(c, l, err)
		return
	}
	switch c.Query("klaar") {
	case "aan":
		v.Done = l.T("tf.done.aan")
	case "uit":
		v.Done = l.T("tf.done.uit")
	}
	s.renderTwoFactor(c, l, http.StatusOK, v, nil)
}

// startTwoFactorPage makes a new key to set up and shows it on the account page (303: the key is
// read back there, never carried in an address).
func (s *Server) startTwoFactorPage(c *gin.Context) {
	l, ok := s.readPageForm(c)
	if !ok {
		return
	}
	u, _ := core.User(c)
	if _, err := s.Store.StartTOTP(c.Request.Context(), u); err != nil && casework.ErrorCode(err) != casework.CodeConflict {
		s.PageFail(c, l, err)
		return
	}
	c.Redirect(http.StatusSeeOther, l.URL(twoFactorPath)+"#code")
}

// confirmTwoFactorPage switches two-step sign-in on with the first code; a wrong code counts as a
// failed sign-in and shows the page again with 422.
func (s *Server) confirmTwoFactorPage(c *gin.Context) {
	l, ok := s.readPageForm(c)
	if !ok {
		return
	}
	u, _ := core.User(c)
	turn, ok := s.PageTurn(c, l, u.Email)
	if !ok {
		return
	}
	defer turn.End()
	code := c.Request.PostForm.Get("code")
	err := s.Store.ConfirmTOTP(c.Request.Context(), u, code)
	if err == nil {
		officeRedirect(c, l, twoFactorPath, "aan", nil)
		return
	}
	status, msg := http.StatusUnprocessableEntity, ""
	switch {
	case postgres.WrongCode(err):
		turn.Failed()
		msg = l.T("tf.err.code")
	case casework.ErrorCode(err) == casework.CodeValidation:
		msg = l.T("tf.err.empty")
	case casework.ErrorCode(err) == casework.CodeConflict:
		status, msg = http.StatusConflict, l.T("tf.err.nokey")
	default:
		s.PageFail(c, l, err)
		return
	}
	v, verr := s.accountTwoFactorView(c, l, u)
	if verr != nil {
		s.PageFail(c, l, verr)
		return
	}
	v.CodeError = msg
	s.renderTwoFactor(c, l, status, v, []problemLink{{Field: "code", Message: msg}})
}

// disableTwoFactorPage switches the user's own two-step sign-in off with the current password.
func (s *Server) disableTwoFactorPage(c *gin.Context) {
	l, ok := s.readPageForm(c)
	if !ok {
		return
	}
	u, _ := core.User(c)
	turn, ok := s.PageTurn(c, l, u.Email)
	if !ok {
		return
	}
	defer turn.End()
	err := s.Store.DisableTOTP(c.Request.Context(), u, c.Request.PostForm.Get("current_password"))
	if err == nil || casework.ErrorCode(err) == casework.CodeConflict {
		officeRedirect(c, l, twoFactorPath, "uit", nil)
		return
	}
	if casework.ErrorCode(err) != casework.CodeValidation {
		s.PageFail(c, l, err)
		return
	}
	msg := l.T("acct.err.current.empty")
	if api.WrongCurrent(err) {
		turn.Failed()
		msg = l.T("acct.err.current")
	}
	v, verr := s.accountTwoFactorView(c, l, u)
	if verr != nil {
		s.PageFail(c, l, verr)
		return
	}
	v.PasswordError = msg
	s.renderTwoFactor(c, l, http.StatusUnprocessableEntity, v, []problemLink{{Field: "current_password", Message: msg}})
}

// writeQR answers the QR code of e as a PNG image.
func (s *Server) writeQR(c *gin.Context, l core.Lang, e postgres.TOTPEnrolment) {
	k, err := e.Key()
	if err == nil {
		img, ierr := k.Image(240, 240)
		if ierr == nil {
			var buf bytes.Buffer
			if err = png.Encode(&buf, img); err == nil {
				c.Data(http.StatusOK, "image/png", buf.Bytes())
				return
			}
		}
		err = ierr
	}
	s.PageFail(c, l, err)
}

// twoFactorQR is the QR code of the key being set up on the account page (404 when none is).
func (s *Server) twoFactorQR(c *gin.Context) {
	l := core.PageLang(c)
	u, _ := core.User(c)
	e, err := s.Store.PendingTOTP(c.Request.Context(), u)
	if err != nil {
		s.PageFail(c, l, err)
		return
	}
	s.writeQR(c, l, e)
}

// setPendingCookie gives the browser the token of a pending sign-in; maxAge < 0 removes it.
func (s *Server) setPendingCookie(c *gin.Context, token string, maxAge int) {
	http.SetCookie(c.Writer, &http.Cookie{Name: pendingCookie, Value: token, Path: codePath, MaxAge: maxAge,
		HttpOnly: true, Secure: s.OverTLS(c), SameSite: http.SameSiteStrictMode})
}

// pending returns the pending sign-in of the browser, or false after showing why it cannot go on
// (an ended one: back to the password).
func (s *Server) pending(c *gin.Context, l core.Lang) (postgres.PendingSignIn, bool) {
	ck, err := c.Request.Cookie(pendingCookie)
	if err != nil || ck.Value == "" {
		c.Redirect(http.StatusSeeOther, l.URL("/inloggen"))
		return postgres.PendingSignIn{}, false
	}
	p, err := s.Store.PendingSignInOf(c.Request.Context(), ck.Value)
	if err != nil {
		if casework.ErrorCode(err) != casework.CodeUnauthenticated {
			s.PageFail(c, l, err)
			return p, false
		}
		s.setPendingCookie(c, "", -1)
		s.signInPage(c, l, http.StatusUnauthorized, signInForm{Error: l.T("tf.ended")})
		return p, false
	}
	return p, true
}

// codeView is the page of the second step for p: the code, or setting up an app first.
func (s *Server) codeView(c *gin.Context, l core.Lang, p postgres.PendingSignIn, next string) (*twoFactorView, error) {
	v := &twoFactorView{SignIn: true, CodeAction: l.URL(codePath), CodeLabel: l.T("tf.code"), Next: next}
	if p.Step == postgres.StepCode {
		v.H1, v.Intro, v.CodeSubmit = l.T("tf.signin.h1"), []string{l.T("tf.signin.intro"), l.T("tf.signin.lost")}, l.T("tf.signin.submit")
		return v, nil
	}
	e := p.Enrolment
	v.H1, v.Intro = l.T("tf.enrol.h1"), []string{l.T("tf.enrol.intro"), l.T("tf.what"), l.T("tf.app")}
	v.Secret, v.URL, v.QR, v.CodeSubmit = groupSecret(e.Secret), e.URL, codePath+"/qr.png", l.T("tf.enrol.submit")
	return v, nil
}

// codePage shows the second step of signing in.
func (s *Server) codePage(c *gin.Context) {
	l := core.PageLang(c)
	p, ok := s.pending(c, l)
	if !ok {
		return
	}
	v, err := s.codeView(c, l, p, localPath(c.Query("next")))
	if err != nil {
		s.PageFail(c, l, err)
		return
	}
	s.renderTwoFactor(c, l, http.StatusOK, v, nil)
}

// pendingQR is the QR code of the key to set up during signing in.
func (s *Server) pendingQR(c *gin.Context) {
	l := core.PageLang(c)
	p, ok := s.pending(c, l)
	if !ok {
		return
	}
	if p.Enrolment == nil {
		s.PageFail(c, l, casework.Errorf(casework.CodeNotFound, "No key is being set up."))
		return
	}
	s.writeQR(c, l, *p.Enrolment)
}

// finishSignIn checks the code of the second step under the sign-in throttle (a wrong code counts
// as a failed sign-in) and on success starts the session, like signIn.
func (s *Server) finishSignIn(c *gin.Context) {
	l, ok := s.readPageForm(c)
	if !ok {
		return
	}
	p, ok := s.pending(c, l)
	if !ok {
		return
	}
	next := localPath(c.Request.PostForm.Get("next"))
	turn, ok := s.PageTurn(c, l, p.User.Email)
	if !ok {
		return
	}
	defer turn.End()
	session, err := s.Store.FinishSignIn(c.Request.Context(), p.Token, c.Request.PostForm.Get("code"), s.Cfg.SessionTTL)
	if err != nil {
		code := casework.ErrorCode(err)
		if code == casework.CodeUnauthenticated {
			s.setPendingCookie(c, "", -1)
			s.signInPage(c, l, http.StatusUnauthorized, signInForm{Error: l.T("tf.ended")})
			return
		}
		if !postgres.WrongCode(err) && code != casework.CodeValidation {
			s.PageFail(c, l, err)
			return
		}
		msg := l.T("tf.err.empty")
		if postgres.WrongCode(err) {
			turn.Failed()
			msg = l.T("tf.err.used")
		}
		v, verr := s.codeView(c, l, p, next)
		if verr != nil {
			s.PageFail(c, l, verr)
			return
		}
		v.CodeError = msg
		s.renderTwoFactor(c, l, http.StatusUnprocessableEntity, v, []problemLink{{Field: "code", Message: msg}})
		return
	}
	turn.Succeeded()
	s.setPendingCookie(c, "", -1)
	s.beginSession(c, l, session, next)
}

// beginSession gives the browser a new session (ending an earlier one of this browser) and sends
// the user on to next or their start page.
func (s *Server) beginSession(c *gin.Context, l core.Lang, session postgres.WebSession, next string) {
	if old := c.GetString(core.CtxSession); old != "" {
		if err := s.Store.EndSession(c.Request.Context(), old); err != nil {
			s.PageFail(c, l, err)
			return
		}
	}
	s.SetSessionCookie(c, session.Token, int(s.Cfg.SessionTTL.Seconds()))
	if next == "" {
		next = l.URL(startPage(session.User.Role))
	}
	c.Redirect(http.StatusSeeOther, next)
}

// toSecondStep sends a browser whose password was right to the second step with a pending
// sign-in.
func (s *Server) toSecondStep(c *gin.Context, l core.Lang, p *postgres.PendingSignIn, next string) {
	s.setPendingCookie(c, p.Token, int(p.ExpiresAt.Sub(s.Store.Now()).Seconds()))
	q := url.Values{}
	if l.EN() {
		q.Set("lang", "en")
	}
	if next != "" {
		q.Set("next", next)
	}
	target := codePath
	if len(q) > 0 {
		target += "?" + q.Encode()
	}
	c.Redirect(http.StatusSeeOther, target)
}

// adminTwoFactorOffPage switches two-step sign-in off for a user (admin, users page).
func (s *Server) adminTwoFactorOffPage(c *gin.Context) {
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
	if _, err := s.Store.AdminDisableTOTP(c.Request.Context(), admin, id); err != nil {
		if casework.ErrorCode(err) == casework.CodeConflict {
			s.renderUsers(c, l, http.StatusConflict, nil, func(*officeForm) []problemLink {
				return []problemLink{{Message: l.T("office.users.tf.err.none")}}
			})
			return
		}
		s.PageFail(c, l, err)
		return
	}
	officeRedirect(c, l, "/werk/gebruikers", "tweestapuit", nil)
}

// twoFactorRulesPage sets for which roles two-step sign-in is required (admin, users page): a
// ticked box (value "1") is required, no box is not.
func (s *Server) twoFactorRulesPage(c *gin.Context) {
	l, ok := s.readPageForm(c)
	if !ok {
		return
	}
	in := c.Request.PostForm
	r := postgres.TwoFactorRules{Staff: in.Get("staff") == "1", Admin: in.Get("admin") == "1"}
	admin, _ := core.User(c)
	if err := s.Store.SetTwoFactorRules(c.Request.Context(), admin, r); err != nil {
		s.PageFail(c, l, err)
		return
	}
	officeRedirect(c, l, "/werk/gebruikers", "tweestapregel", nil)
}
