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

func init() {
	core.AddTexts(map[string][2]string{
		"nav.twofactor":             {"Tweestapsverificatie", "Two-step sign-in"},
		"tf.title":                  {"Tweestapsverificatie", "Two-step sign-in"},
		"tf.h1":                     {"Inloggen in twee stappen", "Signing in in two steps"},
		"tf.what":                   {"Met tweestapsverificatie hebt u bij het inloggen twee dingen nodig: uw wachtwoord en een code van zes cijfers uit een app op uw telefoon. De code verandert elke 30 seconden. Iemand die uw wachtwoord kent of raadt, kan dan toch niet inloggen zonder uw telefoon.", "With two-step sign-in you need two things to sign in: your password and a six-digit code from an app on your phone. The code changes every 30 seconds. Someone who knows or guesses your password still cannot sign in without your phone."},
		"tf.app":                    {"U hebt een app nodig die zulke codes maakt (een 'authenticator-app'). Elke app die TOTP-codes maakt werkt, bijvoorbeeld Microsoft Authenticator, Google Authenticator, FreeOTP of de app voor wachtwoorden van uw telefoon. Vraag de ICT-afdeling welke app u op een werktelefoon mag gebruiken.", "You need an app that makes such codes (an 'authenticator app'). Any app that makes TOTP codes works, for example Microsoft Authenticator, Google Authenticator, FreeOTP or your phone's password app. Ask the IT department which app you may use on a work phone."},
		"tf.lost":                   {"Kwijt of nieuwe telefoon? Vraag een beheerder van het meldpunt om tweestapsverificatie voor u uit te zetten; daarna stelt u het opnieuw in.", "Lost your phone, or a new one? Ask an administrator of the meldpunt to switch two-step sign-in off for you; then set it up again."},
		"tf.state.on":               {"Tweestapsverificatie staat aan voor uw account.", "Two-step sign-in is on for your account."},
		"tf.state.off":              {"Tweestapsverificatie staat uit voor uw account.", "Two-step sign-in is off for your account."},
		"tf.required":               {"De beheerder heeft tweestapsverificatie verplicht gesteld voor uw rol.", "The administrator requires two-step sign-in for your role."},
		"tf.start":                  {"Tweestapsverificatie instellen", "Set up two-step sign-in"},
		"tf.restart":                {"Opnieuw beginnen met een nieuwe sleutel", "Start again with a new key"},
		"tf.steps":                  {"Zo stelt u het in: 1. open de app en kies 'account toevoegen'; 2. scan de QR-code hieronder, of typ de sleutel over; 3. vul de code van zes cijfers in die de app dan laat zien.", "How to set it up: 1. open the app and choose 'add account'; 2. scan the QR code below, or type in the key; 3. fill in the six-digit code the app then shows."},
		"tf.qr.alt":                 {"QR-code om te scannen met de app", "QR code to scan with the app"},
		"tf.secret":                 {"Sleutel om over te typen (hoofdletters of kleine letters maakt niet uit, de spaties mag u weglaten):", "Key to type in (capitals or small letters do not matter, you may leave out the spaces):"},
		"tf.secret.once":            {"Deze sleutel ziet u alleen nu, tot tweestapsverificatie aan staat. Bewaar hem niet op papier of in een e-mail.", "You see this key only now, until two-step sign-in is on. Do not keep it on paper or in an e-mail."},
		"tf.code":                   {"Code uit de app", "Code from the app"},
		"tf.code.h":                 {"Zes cijfers, bijvoorbeeld 123456.", "Six digits, for example 123456."},
		"tf.confirm":                {"Code controleren en aanzetten", "Check the code and switch on"},
		"tf.off.h2":                 {"Tweestapsverificatie uitzetten", "Switch two-step sign-in off"},
		"tf.off.text":               {"Vul uw wachtwoord in om tweestapsverificatie uit te zetten. Daarna logt u weer in met alleen uw wachtwoord.", "Fill in your password to switch two-step sign-in off. After that you sign in with your password alone."},
		"tf.off.required":           {"Tweestapsverificatie is verplicht voor uw rol: zet u het uit, dan moet u bij de volgende keer inloggen een app opnieuw instellen.", "Two-step sign-in is required for your role: if you switch it off, you must set up an app again the next time you sign in."},
		"tf.off.submit":             {"Uitzetten", "Switch off"},
		"tf.done.aan":               {"Tweestapsverificatie staat nu aan. Vanaf de volgende keer inloggen vragen we na uw wachtwoord om een code uit de app.", "Two-step sign-in is now on. From your next sign-in on, we ask for a code from the app after your password."},
		"tf.done.uit":               {"Tweestapsverificatie staat nu uit.", "Two-step sign-in is now off."},
		"tf.err.code":               {"Deze code klopt niet. Kijk of de tijd op uw telefoon goed staat en vul de code in die de app nu laat zien.", "This code is not correct. Check that the time on your phone is right and fill in the code the app shows now."},
		"tf.err.used":               {"Deze code klopt niet of is al gebruikt. Wacht op de volgende code in de app (die komt binnen 30 seconden) en vul die in.", "This code is not correct or has been used already. Wait for the next code in the app (it comes within 30 seconds) and fill it in."},
		"tf.err.empty":              {"Vul de code van zes cijfers uit de app in.", "Fill in the six-digit code from the app."},
		"tf.err.nokey":              {"Er wordt geen app ingesteld. Begin opnieuw.", "No app is being set up. Start again."},
		"tf.signin.h1":              {"Code uit uw app", "Code from your app"},
		"tf.signin.intro":           {"Uw wachtwoord klopt. Open de authenticator-app op uw telefoon en vul de code van zes cijfers in die bij het Meldpunt Sociaal Domein staat.", "Your password is correct. Open the authenticator app on your phone and fill in the six-digit code shown for the Meldpunt Sociaal Domein."},
		"tf.signin.lost":            {"Geen toegang tot de app? Vraag een beheerder van het meldpunt om tweestapsverificatie voor u uit te zetten.", "No access to the app? Ask an administrator of the meldpunt to switch two-step sign-in off for you."},
		"tf.signin.submit":          {"Inloggen", "Sign in"},
		"tf.enrol.h1":               {"Stel eerst tweestapsverificatie in", "First set up two-step sign-in"},
		"tf.enrol.intro":            {"Uw wachtwoord klopt. De beheerder heeft tweestapsverificatie verplicht gesteld voor uw rol: u kunt pas verder als u het hebt ingesteld.", "Your password is correct. The administrator requires two-step sign-in for your role: you can go on only once you have set it up."},
		"tf.enrol.submit":           {"Code controleren en inloggen", "Check the code and sign in"},
		"tf.ended":                  {"Het inloggen is niet op tijd afgemaakt, of er is te vaak een verkeerde code ingevuld. Log opnieuw in met uw e-mailadres en wachtwoord.", "The sign-in was not finished in time, or a wrong code was filled in too often. Sign in again with your e-mail address and password."},
		"office.users.col.tf":       {"Twee\u00adstaps", "Two-step"},
		"office.users.tf.off":       {"Tweestaps uitzetten", "Switch two-step off"},
		"office.users.tf.h2":        {"Tweestapsverificatie verplicht stellen", "Require two-step sign-in"},
		"office.users.tf.text":      {"Medewerkers en beheerders kunnen inloggen in twee stappen: wachtwoord plus een code uit een app op hun telefoon. Als u het verplicht stelt voor een rol, moet iedereen met die rol het bij de volgende keer inloggen eerst instellen. Raakt iemand de telefoon kwijt, zet het dan voor die persoon uit met de knop in de tabel; bij de volgende keer inloggen stelt die persoon een nieuwe app in.", "Staff and administrators can sign in in two steps: password plus a code from an app on their phone. If you require it for a role, everyone with that role must first set it up the next time they sign in. If someone loses their phone, switch it off for that person with the button in the table; the next time they sign in, they set up a new app."},
		"office.users.tf.staff":     {"Verplicht voor medewerkers", "Required for staff"},
		"office.users.tf.admin":     {"Verplicht voor beheerders", "Required for administrators"},
		"office.users.tf.submit":    {"Opslaan", "Save"},
		"office.done.tweestapuit":   {"Tweestapsverificatie is uitgezet voor deze gebruiker. Die logt nu in met alleen het wachtwoord, of stelt een nieuwe app in als het verplicht is.", "Two-step sign-in has been switched off for this user. They now sign in with the password alone, or set up a new app if it is required."},
		"office.done.tweestapregel": {"De verplichting van tweestapsverificatie is opgeslagen. Ze geldt vanaf de volgende keer dat iemand inlogt.", "The requirement of two-step sign-in has been saved. It applies from the next time someone signs in."},
		"office.users.tf.err.none":  {"Tweestapsverificatie staat voor deze gebruiker al uit.", "Two-step sign-in is already off for this user."},
	})
}

// TwoFactorRoutes registers the pages of two-step sign-in.
func (s *Server) TwoFactorRoutes(page core.PageRouter, staff, admin gin.HandlerFunc) {
	page("GET", twoFactorPath, staff, s.twoFactorPage)
	page("POST", twoFactorPath+"/starten", staff, s.startTwoFactorPage)
	page("POST", twoFactorPath+"/bevestigen", staff, s.confirmTwoFactorPage)
	page("POST", twoFactorPath+"/uitzetten", staff, s.disableTwoFactorPage)
	page("GET", twoFactorPath+"/qr.png", staff, s.twoFactorQR)
	page("GET", codePath, s.codePage)
	page("POST", codePath, s.finishSignIn)
	page("GET", codePath+"/qr.png", s.pendingQR)
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
		p.withSwitch(twoFactorPath)
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
	l := core.LangOf(c.Query("lang"))
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
	l := core.LangOf(c.Query("lang"))
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
	l := core.LangOf(c.Query("lang"))
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
	l := core.LangOf(c.Query("lang"))
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
