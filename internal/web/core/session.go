package core

import (
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"

	"meldpunt/internal/casework"
)

// sessionCookie is the name of the session cookie.
const sessionCookie = "meldpunt_sessie"

// ParseProxies reads the trusted proxies, addresses or CIDR ranges.
func ParseProxies(list []string) ([]*net.IPNet, error) {
	var nets []*net.IPNet
	for _, p := range list {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		if !strings.Contains(p, "/") {
			ip := net.ParseIP(p)
			if ip == nil {
				return nil, fmt.Errorf("trusted proxy %q is no IP address", p)
			}
			bits := 128
			if ip.To4() != nil {
				ip, bits = ip.To4(), 32
			}
			nets = append(nets, &net.IPNet{IP: ip, Mask: net.CIDRMask(bits, bits)})
			continue
		}
		_, n, err := net.ParseCIDR(p)
		if err != nil {
			return nil, fmt.Errorf("trusted proxy %q: %w", p, err)
		}
		nets = append(nets, n)
	}
	return nets, nil
}

// OverTLS reports whether the browser reached us over TLS: directly, or through a trusted proxy that
// says so in X-Forwarded-Proto. The proxy must set the header (replacing what the browser sent):
// one value, https; a list or a second header line is not believed.
func (s *Server) OverTLS(c *gin.Context) bool {
	if c.Request.TLS != nil {
		return true
	}
	proto := c.Request.Header.Values("X-Forwarded-Proto")
	if len(proto) != 1 || !strings.EqualFold(strings.TrimSpace(proto[0]), "https") {
		return false
	}
	ip := net.ParseIP(c.RemoteIP())
	for _, n := range s.Proxies {
		if ip != nil && n.Contains(ip) {
			return true
		}
	}
	return false
}

// SetSessionCookie gives the browser the session token; maxAge < 0 removes the cookie.
func (s *Server) SetSessionCookie(c *gin.Context, token string, maxAge int) {
	http.SetCookie(c.Writer, &http.Cookie{Name: sessionCookie, Value: token, Path: "/", MaxAge: maxAge,
		HttpOnly: true, Secure: s.OverTLS(c), SameSite: http.SameSiteLaxMode})
}

// PageSession reads the session cookie of a page request. A valid session makes the request its
// user's; an ended one (expired, idle, revoked, or of a disabled user) is removed from the browser
// and the request goes on as anonymous.
func (s *Server) PageSession(c *gin.Context) {
	ck, err := c.Request.Cookie(sessionCookie)
	if err != nil || ck.Value == "" {
		c.Next()
		return
	}
	if len(ck.Value) > 100 {
		s.SetSessionCookie(c, "", -1)
		c.Next()
		return
	}
	u, err := s.Store.UserBySession(c.Request.Context(), ck.Value, s.Cfg.SessionIdle)
	if err != nil {
		if casework.ErrorCode(err) != casework.CodeUnauthenticated {
			s.UI.PageFail(c, PageLang(c), err)
			return
		}
		s.SetSessionCookie(c, "", -1)
		c.Next()
		return
	}
	c.Set(ctxUser, u)
	c.Set(CtxSession, ck.Value)
	c.Next()
}

// RequirePage lets a page request through only for a signed-in user with one of roles. Without a
// session it is sent to the sign-in page (303), with the page to come back to when that is a GET;
// a user with another role gets a 403 page.
func (s *Server) RequirePage(roles ...casework.Role) gin.HandlerFunc {
	return func(c *gin.Context) {
		// Signed-in pages exist in the full languages only (Dutch, English).
		c.Set(ctxFullLanguages, true)
		l := PageLang(c)
		u, ok := User(c)
		if !ok || c.GetString(CtxSession) == "" {
			q := url.Values{}
			if l != LangNL {
				q.Set("lang", l.Code())
			}
			if c.Request.Method == http.MethodGet {
				q.Set("next", c.Request.URL.RequestURI())
			}
			target := "/inloggen"
			if len(q) > 0 {
				target += "?" + q.Encode()
			}
			c.Abort()
			c.Redirect(http.StatusSeeOther, target)
			return
		}
		for _, r := range roles {
			if u.Role == r {
				c.Next()
				return
			}
		}
		s.UI.PageErrorText(c, l, http.StatusForbidden, "e403role")
	}
}
