package pages

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"mime"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strings"
	"sync"

	"github.com/gin-gonic/gin"

	"meldpunt/internal/casework"
	"meldpunt/internal/postgres"
	"meldpunt/internal/web/core"
)

// The pages: server-rendered HTML without any JavaScript, Dutch by default and another language with
// ?lang=en|tr|ar (or a hidden input lang in a form; the partial "taal-veld"). The texts come from the
// message catalogues (internal/i18n/locales); the public pages exist in every language of those,
// the signed-in ones in Dutch and English (core.LangFor). render adds the language menu.

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// pageNames are the templates under templates/, each parsed with the layout into a set of its own.
var pageNames = slices.Concat([]string{"home", "complaint", "confirmation", "status", "case", "error", "signin",
	"support", "staff_pool", "staff_supporter", "org_list", "org_advice", "council_years", "council_year", "worklist", "password", "twofactor",
	"supporter", "supporter_case", "municipality", "privacy", "staff_new", "staff_org_new"}, publicInfoPages, intakePages, staffCasePages, staffOfficePages, requestPages, tracksPages, retentionPages, accessPages, trackingPages)

// parsePages parses every page once, at start-up: a broken template fails New, not a request.
func parsePages() (map[string]*template.Template, error) {
	pages := map[string]*template.Template{}
	for _, name := range pageNames {
		t, err := template.New(name).ParseFS(templateFS, "templates/layout.html", "templates/partials.html", "templates/feedback_partials.html",
			"templates/"+name+".html")
		if err != nil {
			return nil, fmt.Errorf("parse page %s: %w", name, err)
		}
		pages[name] = t
	}
	return pages, nil
}

// staticURL returns the versioned address of a static file, so that it may be cached for long.
func staticURL(name string) (string, error) {
	data, err := fs.ReadFile(staticFS, "static/"+name)
	if err != nil {
		return "", fmt.Errorf("static file %s: %w", name, err)
	}
	sum := sha256.Sum256(data)
	return "/static/" + name + "?v=" + hex.EncodeToString(sum[:6]), nil
}

// problemLink is one line of the error summary: a message and the id of the field it is about.
type problemLink struct {
	Field   string
	Message string
}

// pageData is what every page template gets.
type pageData struct {
	L     core.Lang
	Title string
	// Nav marks the current menu item: home, complaint or status.
	Nav string
	// Languages is the language menu: this page in every language (in Dutch and English only on
	// signed-in pages); render fills it.
	Languages []core.LangLink
	// MenuPath is the address the language menu links to on a page rendered from a form post (a
	// link cannot repeat the post); empty for the form's own address or the nearest page above it.
	MenuPath string
	CSS      string
	// HasErrors prefixes the title with "Fout:"; Problems fill the error summary.
	HasErrors bool
	Problems  []problemLink
	// ProblemsHeading replaces the summary's heading when the problem is not the form's.
	ProblemsHeading string
	// Message is the text of an error page.
	Message string

	Form    *complaintForm
	Receipt *casework.Receipt
	Lookup  lookupForm
	View    *caseView

	// User is the signed-in user of the page (header, menu, sign-out); nil without a session.
	User       *signedInView
	SignIn     signInForm
	OrgAdvices []orgAdviceRow
	OrgAdvice  *orgAdviceView
	Years      []int
	Council    *councilYear

	// The staff's pages: the worklist, a case, and the office pages.
	Work   *workView
	Case   *staffCaseView
	Office *officeView

	// The directory of client supporters (support.go).
	Support *directoryView
	// The pages of support requests (requests.go).
	Requests *requestsView
	// The supporter's pages (supporter.go); ForClient marks the confirmation of a complaint a
	// supporter filed for a client.
	Supporter *supporterView
	ForClient bool
	// The municipality's figures of client support (support_figures.go).
	Municipality *supportFiguresView
	// The privacy statement (privacy.go).
	Privacy *privacyView
	// The home page's terms, the contact page and the accessibility statement (contact.go).
	Home    *homeView
	Contact *core.ContactDetails
	// Stated is the day of the accessibility statement, as people read it.
	Stated string
	// The admin's review and approval of destruction (retention.go).
	Retention *retentionView
	// The question before a case somebody else handles, and the privacy officer's access log
	// (access_log.go).
	Access    *accessReasonView
	AccessLog *accessLogView

	// The staff's registration of a complaint (staff_new.go).
	NewCase *staffNewView
	// The stepped complaint form (intake.go).
	Intake *intakeView
	// Asking for a new tracking code (tracking.go).
	NewCode *newCodeForm

	// The password pages (accounts.go).
	Password *passwordView
	// The pages of two-step sign-in (twofactor.go).
	TwoFactor *twoFactorView
	// The staff's list of "not carried out" reports (feedback.go).
	NotCarriedOut *notCarriedOutView
}

// newPage starts the data of a page in language l, titled by the text titleKey.
func newPage(l core.Lang, titleKey, nav string) *pageData {
	return &pageData{L: l, Title: l.T(titleKey), Nav: nav}
}

// menuAt sets the address the language menu links to when the page is rendered from a form post.
func (p *pageData) menuAt(path string) *pageData {
	p.MenuPath = path
	return p
}

// languageMenu fills the language menu: on a GET, this address (its query but lang) in every
// language; after a post, MenuPath, else the address when it has a GET page, else the nearest page
// above it with one. Signed-in pages offer the full languages only.
func (s *Server) languageMenu(c *gin.Context, p *pageData) {
	path, query := c.Request.URL.Path, url.Values(nil)
	switch {
	case c.Request.Method == http.MethodGet:
		query = c.Request.URL.Query()
	case p.MenuPath != "":
		path = p.MenuPath
	default:
		route, parts := c.FullPath(), strings.Split(path, "/")
		routeParts := strings.Split(route, "/")
		for route != "" && len(routeParts) == len(parts) && !s.PageRoutes["GET "+route] && len(parts) > 1 {
			parts, routeParts = parts[:len(parts)-1], routeParts[:len(routeParts)-1]
			route = strings.Join(routeParts, "/")
		}
		path = strings.Join(parts, "/")
		if path == "" {
			path = "/"
		}
	}
	if u, err := url.Parse(path); err == nil && u.RawQuery != "" {
		path, query = u.Path, u.Query()
	}
	// Only this site: a path like //host would be another site's address.
	if !strings.HasPrefix(path, "/") || strings.HasPrefix(path, "//") || strings.HasPrefix(path, "/\\") {
		path, query = "/", nil
	}
	p.Languages = p.L.Menu(path, query, core.OnlyFullLanguages(c))
}

// renderBuffers keeps the buffers pages are rendered into: a staff page is tens of kilobytes, and
// growing a new buffer to that size for every request is work (and garbage) repeated.
var renderBuffers = sync.Pool{New: func() any { return bytes.NewBuffer(make([]byte, 0, 64<<10)) }}

// putRenderBuffer returns a buffer to the pool once its page is written; an outsize one is dropped.
func putRenderBuffer(buf *bytes.Buffer) {
	if buf.Cap() > 1<<20 {
		return
	}
	buf.Reset()
	renderBuffers.Put(buf)
}

// render executes a page into a buffer and only then writes the status and the page.
func (s *Server) render(c *gin.Context, status int, name string, p *pageData) {
	p.CSS = s.cssURL
	if name == "error" {
		// An error page links to the home page in each language: its own address may hold what the
		// visitor may not see (a reference) or what nobody should echo.
		p.Languages = p.L.Menu("/", nil, core.OnlyFullLanguages(c))
	} else if p.Languages == nil {
		s.languageMenu(c, p)
	}
	p.User = signedInOf(c, p.L)
	buf := renderBuffers.Get().(*bytes.Buffer)
	defer putRenderBuffer(buf)
	if err := s.templates[name].ExecuteTemplate(buf, "layout", p); err != nil {
		s.Log.ErrorContext(c.Request.Context(), "render page", "request_id", c.GetString(core.CtxRequestID),
			"page", name, "err", err)
		if name != "error" {
			s.PageError(c, p.L, http.StatusInternalServerError)
			return
		}
		core.SetPageHeaders(c)
		c.Abort()
		c.Data(http.StatusInternalServerError, "text/plain; charset=utf-8", []byte("Internal error / Er ging iets mis."))
		return
	}
	core.SetPageHeaders(c)
	c.Abort()
	c.Data(status, "text/html; charset=utf-8", core.FillPhone(buf.Bytes(), s.Contact().Phone))
}

// PageError renders the error page for an HTTP status.
func (s *Server) PageError(c *gin.Context, l core.Lang, status int) {
	key := fmt.Sprintf("e%d", status)
	if !core.Has(key + ".title") {
		key = "e500"
	}
	s.PageErrorText(c, l, status, key)
}

// PageErrorText renders the error page for an HTTP status with the texts key.title and key.text.
func (s *Server) PageErrorText(c *gin.Context, l core.Lang, status int, key string) {
	p := newPage(l, key+".title", "")
	p.HasErrors = true
	p.Message = l.T(key + ".text")
	s.render(c, status, "error", p)
}

// PageFail renders err as an error page: a domain error by its code, anything else as a logged 500.
func (s *Server) PageFail(c *gin.Context, l core.Lang, err error) {
	err = s.Unavailable(c, err)
	code := casework.ErrorCode(err)
	status, ok := core.CodeStatus[code]
	if !ok || code == casework.CodeInternal {
		status = http.StatusInternalServerError
		s.Log.ErrorContext(c.Request.Context(), "page failed", "request_id", c.GetString(core.CtxRequestID),
			"route", c.FullPath(), "err", postgres.RedactError(err))
	}
	s.PageError(c, l, status)
}

// readPageForm reads a posted form of at most MaxBodyBytes and returns the page's language; on a
// bad body it renders the error page and returns false.
func (s *Server) readPageForm(c *gin.Context) (core.Lang, bool) {
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, core.MaxBodyBytes)
	if err := c.Request.ParseForm(); err != nil {
		l := core.PageLang(c)
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			s.PageError(c, l, http.StatusRequestEntityTooLarge)
		} else {
			s.PageError(c, l, http.StatusBadRequest)
		}
		return l, false
	}
	return core.LangFor(c, c.Request.Form.Get("lang")), true
}

// Static serves the embedded files under /static with a long cache lifetime: pages link them with
// a version in the query (staticURL).
func (s *Server) Static(c *gin.Context) {
	name := strings.TrimPrefix(c.Param("filepath"), "/")
	data, err := fs.ReadFile(staticFS, "static/"+name)
	if err != nil || name == "" {
		s.PageError(c, core.PageLang(c), http.StatusNotFound)
		return
	}
	ctype := mime.TypeByExtension(path.Ext(name))
	if ctype == "" {
		ctype = "application/octet-stream"
	}
	c.Header("Cache-Control", "public, max-age=31536000, immutable")
	c.Data(http.StatusOK, ctype, data)
}

// Home is the start page.
func (s *Server) Home(c *gin.Context) {
	l := core.PageLang(c)
	p := newPage(l, "home.title", "home").menuAt("/")
	p.Home = s.homeView(l)
	s.render(c, http.StatusOK, "home", p)
}
