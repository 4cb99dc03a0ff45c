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
	core.AddTexts(map[string][2]string{
		"nav.account":            {"Wachtwoord", "Password"},
		"acct.title":             {"Wachtwoord", "Password"},
		"acct.h1":                {"Uw wachtwoord wijzigen", "Change your password"},
		"acct.intro":             {"Vul eerst uw huidige wachtwoord in en daarna het nieuwe. Na het wijzigen bent u op andere computers en in koppelingen (API) uitgelogd; hier blijft u ingelogd.", "First fill in your current password, then the new one. After the change you are signed out on other computers and in integrations (API); here you stay signed in."},
		"acct.advice":            {"Een goed wachtwoord is lang en makkelijk te onthouden, bijvoorbeeld een paar losse woorden die niets met elkaar te maken hebben. Gebruik niet uw naam, uw e-mailadres, het woord wachtwoord, een reeks als 123456 of een wachtwoord dat u elders gebruikt.", "A good password is long and easy to remember, for example a few unrelated words. Do not use your name, your e-mail address, the word password, a sequence such as 123456 or a password you use elsewhere."},
		"acct.f.current":         {"Huidig wachtwoord", "Current password"},
		"acct.f.new":             {"Nieuw wachtwoord", "New password"},
		"acct.f.new.h":           {"Minstens 12 tekens, niet makkelijk te raden.", "At least 12 characters, not easy to guess."},
		"acct.submit":            {"Wachtwoord opslaan", "Save the password"},
		"acct.done":              {"Uw nieuwe wachtwoord is opgeslagen. Op andere computers moet u opnieuw inloggen.", "Your new password has been saved. On other computers you must sign in again."},
		"acct.err.weak":          {"Dit wachtwoord is te makkelijk te raden. Gebruik geen naam, e-mailadres, bekend woord, herhaling of reeks. Een paar losse woorden achter elkaar werkt goed.", "This password is too easy to guess. Do not use a name, e-mail address, common word, repetition or sequence. A few unrelated words in a row work well."},
		"acct.err.same":          {"Kies een ander wachtwoord dan uw huidige.", "Choose a password other than your current one."},
		"acct.err.current":       {"Dit is niet uw huidige wachtwoord.", "This is not your current password."},
		"acct.err.current.empty": {"Vul uw huidige wachtwoord in.", "Fill in your current password."},
		"acct.err.self":          {"U kunt uw eigen account niet uitzetten. Vraag een andere beheerder.", "You cannot switch off your own account. Ask another administrator."},
		"acct.err.active":        {"Kies aan of uit.", "Choose on or off."},
		"reset.h1":               {"Nieuw wachtwoord instellen", "Set a new password"},
		"reset.intro":            {"Kies een nieuw wachtwoord voor het account", "Choose a new password for the account"},
		"reset.unknown":          {"Deze link kennen we niet. Controleer of u de hele link hebt overgenomen, of vraag de beheerder van het meldpunt om een nieuwe link.", "We do not know this link. Check that you copied the whole link, or ask the meldpunt's administrator for a new one."},
		"reset.used":             {"Deze link is al gebruikt of vervangen door een nieuwere. Een link werkt maar één keer. Vraag de beheerder van het meldpunt om een nieuwe link.", "This link has been used already or was replaced by a newer one. A link works only once. Ask the meldpunt's administrator for a new one."},
		"reset.expired":          {"Deze link is verlopen: een link werkt 24 uur. Vraag de beheerder van het meldpunt om een nieuwe link.", "This link has expired: a link works for 24 hours. Ask the meldpunt's administrator for a new one."},
		"reset.off":              {"Dit account staat uit. Vraag de beheerder van het meldpunt om het weer aan te zetten.", "This account is switched off. Ask the meldpunt's administrator to switch it on again."},
		"reset.signin":           {"Naar inloggen", "To sign in"},
		"signin.done.wachtwoord": {"Uw nieuwe wachtwoord is ingesteld. Log hieronder in.", "Your new password has been set. Sign in below."},
		"office.users.col.state": {"Account", "Account"},
		"office.users.on":        {"Aan", "On"},
		"office.users.off":       {"Uit", "Off"},
		"office.users.switchoff": {"Uitzetten", "Switch off"},
		"office.users.switchon":  {"Aanzetten", "Switch on"},
		"office.users.resetlink": {"Link voor nieuw wachtwoord", "Link for a new password"},
		"office.users.state.h":   {"Met Uitzetten kan iemand niet meer inloggen en eindigen al zijn of haar sessies meteen; Aanzetten maakt dat ongedaan. Met Link voor nieuw wachtwoord maakt u een link die 24 uur en één keer werkt: geef die op een veilige manier aan de gebruiker, die er zelf een nieuw wachtwoord mee kiest.", "Switch off stops someone from signing in and ends all of their sessions at once; Switch on undoes it. Link for a new password makes a link that works once, for 24 hours: hand it to the user in a safe way, who chooses a new password with it."},
		"office.users.link.h2":   {"Link voor een nieuw wachtwoord", "Link for a new password"},
		"office.users.link.text": {"Geef deze link op een veilige manier aan %s (niet in een gewone e-mail als het kan). De link werkt één keer, tot %s. Het huidige wachtwoord blijft werken tot de link is gebruikt.", "Hand this link to %s in a safe way (not in a plain e-mail if you can). It works once, until %s. The current password keeps working until the link is used."},
		"office.done.uitgezet":   {"De gebruiker is uitgezet: inloggen kan niet meer en alle sessies zijn beëindigd.", "The user has been switched off: signing in is no longer possible and all sessions have ended."},
		"office.done.aangezet":   {"De gebruiker is weer aangezet en kan inloggen.", "The user has been switched on again and can sign in."},
	})
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
	page("GET", api.ResetPath, s.resetPage)
	page("POST", api.ResetPath, s.resetPasswordPage)
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
		p.withSwitch(path)
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
	l := core.LangOf(c.Query("lang"))
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
	l := core.LangOf(c.Query("lang"))
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
