package pages

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"meldpunt/internal/casework"
	"meldpunt/internal/web/api"
	"meldpunt/internal/web/core"
)

// Sessions of the web pages: signing in with the form at /inloggen starts a session stored in
// PostgreSQL (web_sessions, only the SHA-256 of the token); the browser holds the token in the
// cookie sessionCookie. The JSON API keeps its bearer tokens and never reads the cookie.
//
// The cookie is HttpOnly, SameSite=Lax and Path=/; it is Secure when the request came over TLS, or
// through a trusted proxy (Config.TrustedProxies) that says X-Forwarded-Proto: https. Lax rather
// than Strict: a council member who follows a link to /raad from an e-mail arrives signed in, and
// every form post is guarded by CrossOriginProtection besides.

// localPath returns next when it is a path on this site (not another host, not the sign-in page
// itself), and "" otherwise.
func localPath(next string) string {
	if next == "" || len(next) > 500 || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") ||
		strings.ContainsAny(next, "\\\r\n\t") {
		return ""
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Path == "/inloggen" || u.Path == "/uitloggen" {
		return ""
	}
	return next
}

// startPage is where a role lands after signing in.
func startPage(r casework.Role) string {
	switch r {
	case casework.RoleOrganisation:
		return "/organisatie"
	case casework.RoleStaff, casework.RoleAdmin:
		return "/werk"
	case casework.RoleCouncil:
		return "/raad"
	case casework.RoleSupporter:
		return "/ondersteuner"
	case casework.RoleMunicipality:
		return "/gemeente"
	case casework.RolePrivacy:
		return api.AccessLogPath
	}
	return "/"
}

// signInForm is the sign-in form as typed (never the password) and its error.
type signInForm struct {
	Email string
	Next  string
	Error string
	// Done says a new password was just set with a one-time link.
	Done string
}

func (s *Server) signInPage(c *gin.Context, l core.Lang, status int, f signInForm) {
	p := newPage(l, "signin.title", "signin")
	p.SignIn = f
	if f.Error != "" {
		p.HasErrors = true
		p.Problems = []problemLink{{Field: "email", Message: f.Error}}
	} else if f.Next != "" {
		p.menuAt("/inloggen?next=" + url.QueryEscape(f.Next))
	}
	s.render(c, status, "signin", p)
}

// SignInFormPage shows the sign-in form; a signed-in user goes to their start page.
func (s *Server) SignInFormPage(c *gin.Context) {
	l := core.PageLang(c)
	if u, ok := core.User(c); ok && c.GetString(core.CtxSession) != "" {
		c.Redirect(http.StatusSeeOther, l.URL(startPage(u.Role)))
		return
	}
	f := signInForm{Next: localPath(c.Query("next"))}
	if c.Query("klaar") == "wachtwoord" {
		f.Done = l.T("signin.done.wachtwoord")
	}
	s.signInPage(c, l, http.StatusOK, f)
}

// SignIn checks the posted e-mail address and password under the same limits as the API's login,
// and on success starts a new session (a fresh token; an earlier session of this browser is
// ended) and sends the user on with 303. A refusal never says which of the two was wrong.
func (s *Server) SignIn(c *gin.Context) {
	l, ok := s.readPageForm(c)
	if !ok {
		return
	}
	form := c.Request.PostForm
	f := signInForm{Email: strings.TrimSpace(form.Get("email")), Next: localPath(form.Get("next"))}
	password := form.Get("password")
	turn, ok := s.PageTurn(c, l, f.Email)
	if !ok {
		return
	}
	defer turn.End()
	// The same checks as the API's login: present, not too long, text (no NUL byte, valid UTF-8).
	var v casework.Validator
	casework.CheckText(&v, "email", f.Email, true, casework.MaxEmail)
	casework.CheckText(&v, "password", password, true, 200)
	if v.Err() != nil {
		f.Email = strings.ToValidUTF8(f.Email, "")
		f.Error = l.T("signin.wrong")
		s.signInPage(c, l, http.StatusUnprocessableEntity, f)
		return
	}
	session, err := s.Store.SignIn(c.Request.Context(), f.Email, password, s.Cfg.SessionTTL)
	if err != nil {
		if casework.ErrorCode(err) != casework.CodeUnauthenticated {
			s.PageFail(c, l, err)
			return
		}
		turn.Failed()
		f.Error = l.T("signin.wrong")
		s.signInPage(c, l, http.StatusUnprocessableEntity, f)
		return
	}
	if session.Pending != nil {
		// The password was right; the count of failures stays until the second step is done too,
		// so that wrong codes and right passwords in turn do not escape the throttle.
		s.toSecondStep(c, l, session.Pending, f.Next)
		return
	}
	turn.Succeeded()
	s.beginSession(c, l, session, f.Next)
}

// SignInWait answers 429 with Retry-After and a page that says how long to wait.
func (s *Server) SignInWait(c *gin.Context, l core.Lang, wait time.Duration) {
	c.Header("Retry-After", core.RetryAfter(wait))
	p := newPage(l, "e429signin.title", "")
	p.HasErrors = true
	secs, _ := strconv.Atoi(core.RetryAfter(wait))
	p.Message = l.F("e429signin.text", secs)
	s.render(c, http.StatusTooManyRequests, "error", p)
}

// SignOut ends the session of the browser on the server and removes the cookie; without a session
// it simply goes to the home page.
func (s *Server) SignOut(c *gin.Context) {
	l, ok := s.readPageForm(c)
	if !ok {
		return
	}
	if token := c.GetString(core.CtxSession); token != "" {
		if err := s.Store.EndSession(c.Request.Context(), token); err != nil {
			s.PageFail(c, l, err)
			return
		}
	}
	s.SetSessionCookie(c, "", -1)
	c.Redirect(http.StatusSeeOther, l.URL("/"))
}

// signedInView is the signed-in user as the page header shows them.
type signedInView struct {
	Name  string
	Role  string
	Links []navLink
}

type navLink struct {
	Path, Label, Nav string
}

// signedInOf describes the user of a page request with a session, or nil.
func signedInOf(c *gin.Context, l core.Lang) *signedInView {
	u, ok := core.User(c)
	if !ok || c.GetString(core.CtxSession) == "" {
		return nil
	}
	v := &signedInView{Name: u.Name, Role: l.Word("role", string(u.Role))}
	switch u.Role {
	case casework.RoleOrganisation:
		v.Links = append(v.Links, navLink{Path: "/organisatie", Label: l.T("nav.org"), Nav: "org"})
	case casework.RoleStaff, casework.RoleAdmin:
		v.Links = append(v.Links,
			navLink{Path: "/werk", Label: l.T("nav.work"), Nav: "work"},
			navLink{Path: "/werk/post", Label: l.T("nav.print"), Nav: "print"},
			navLink{Path: "/werk/aanbevelingen", Label: l.T("nav.recs"), Nav: "recs"},
			navLink{Path: "/werk/jaarverslag", Label: l.T("nav.report"), Nav: "report"},
			navLink{Path: "/werk/organisaties", Label: l.T("nav.orgs"), Nav: "orgs"})
		if u.Role == casework.RoleAdmin {
			v.Links = append(v.Links, navLink{Path: "/werk/gebruikers", Label: l.T("nav.users"), Nav: "users"},
				navLink{Path: "/werk/ondersteuners", Label: l.T("nav.pool"), Nav: "pool"},
				navLink{Path: destroyPath, Label: l.T("nav.destroy"), Nav: "destroy"})
		}
	case casework.RoleCouncil:
		v.Links = append(v.Links, navLink{Path: "/raad", Label: l.T("nav.council"), Nav: "council"})
	case casework.RoleSupporter:
		v.Links = append(v.Links, navLink{Path: "/ondersteuner", Label: l.T("nav.supporter"), Nav: "supporter"})
		// Support requests from residents (requests.go).
		v.Links = append(v.Links, navLink{Path: "/ondersteuner/verzoeken", Label: l.T("nav.requests"), Nav: "requests"})
	case casework.RoleMunicipality:
		v.Links = append(v.Links, navLink{Path: "/gemeente", Label: l.T("nav.municipality"), Nav: "municipality"})
	}
	if u.Role == casework.RolePrivacy || u.Role == casework.RoleAdmin { // access_log.go
		v.Links = append(v.Links, navLink{Path: api.AccessLogPath, Label: l.T("nav.accesslog"), Nav: "accesslog"})
	}
	if u.Role == casework.RoleSupporter { // tracks.go
		v.Links = append(v.Links, navLink{Path: tracksPath, Label: l.T("nav.tracks"), Nav: "tracks"})
	}
	if u.Role == casework.RoleStaff || u.Role == casework.RoleAdmin {
		v.Links = append(v.Links, navLink{Path: twoFactorPath, Label: l.T("nav.twofactor"), Nav: "twofactor"})
	}
	v.Links = append(v.Links, navLink{Path: "/account/wachtwoord", Label: l.T("nav.account"), Nav: "account"})
	return v
}
