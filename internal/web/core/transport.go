package core

import "github.com/gin-gonic/gin"

// hsts tells a browser to reach this host and its subdomains only over HTTPS for a year (RFC 6797).
const hsts = "max-age=31536000; includeSubDomains"

// StrictTransport sends HSTS on every response to a request that reached us over TLS: directly, or
// through a trusted proxy (Config.TrustedProxies) that says X-Forwarded-Proto: https (overTLS, which
// also decides the session cookie's Secure flag). Never over plain HTTP: a browser ignores it there,
// and a stranger's X-Forwarded-Proto must not switch it on. It runs before everything else, so
// refusals, error pages and unknown paths carry it too.
func (s *Server) StrictTransport(c *gin.Context) {
	if s.OverTLS(c) {
		c.Header("Strict-Transport-Security", hsts)
	}
	c.Next()
}
