package core

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"
)

// pageCSP is the Content-Security-Policy of every page: no scripts at all, styles only from /static.
const pageCSP = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

// SetPageHeaders sets the security headers of every HTML page.
func SetPageHeaders(c *gin.Context) {
	h := c.Writer.Header()
	h.Set("Content-Security-Policy", pageCSP)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Cache-Control", "no-store")
}

// PageHeaders is the middleware form of setPageHeaders, for every page route.
func PageHeaders(c *gin.Context) {
	SetPageHeaders(c)
	c.Next()
}

// SameOrigin refuses a cross-origin form post (CSRF) with a 403 page, using Go's
// net/http.CrossOriginProtection (Sec-Fetch-Site, else Origin against Host). Safe methods pass.
func (s *Server) SameOrigin(c *gin.Context) {
	if err := s.Cop.Check(c.Request); err != nil {
		s.UI.PageError(c, PageLang(c), http.StatusForbidden)
		return
	}
	c.Next()
}

// isPagePath reports whether a path belongs to the pages rather than to the machine interfaces
// (the API, health and metrics), which answer errors as problem+json.
func isPagePath(p string) bool {
	for _, m := range []string{"/api", "/healthz", "/readyz", "/metrics"} {
		if p == m || strings.HasPrefix(p, m+"/") {
			return false
		}
	}
	return true
}

// FailAny answers an error as an HTML page on page paths and as problem+json elsewhere.
func (s *Server) FailAny(c *gin.Context, err error) {
	if isPagePath(c.Request.URL.Path) {
		s.UI.PageFail(c, PageLang(c), err)
		return
	}
	s.Fail(c, err)
}
