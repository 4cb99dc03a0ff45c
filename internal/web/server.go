// Package web is the meldpunt's HTTP interface: the JSON API under /api/v1, health and metrics, and
// the web pages (pages*.go, templates/, static/): public ones for residents, and pages behind a
// session for organisations and the council. Every route and the roles
// allowed on it are listed in routes.go.
package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"html/template"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"

	"meldpunt/internal/casework"
	"meldpunt/internal/config"
	"meldpunt/internal/pdf"
	"meldpunt/internal/postgres"
	"meldpunt/internal/report"
)

// Config holds the settings of the HTTP layer.
type Config struct {
	// TokenTTL is how long a bearer token stays valid.
	TokenTTL time.Duration
	// SessionTTL is how long a session of the web pages lasts at most (default 8 hours);
	// SessionIdle ends it sooner when no page was asked for in that time (default 1 hour).
	SessionTTL  time.Duration
	SessionIdle time.Duration
	// LoginLimit is how many failed sign-ins one account may make from one client address before each
	// further attempt waits, from LoginDelay (default 1s) doubling up to LimitWindow; one client
	// address alone may fail loginAddressFactor times as often (throttle.go).
	LoginLimit int
	LoginDelay time.Duration
	// LookupLimit is how many failed case look-ups one client may make per LimitWindow.
	LookupLimit int
	LimitWindow time.Duration
	// IntakeLimit is how many complaints one client address (IPv6: one /64) may file without an
	// account per IntakeWindow (default 1 hour); zero means no limit. Staff are not limited.
	IntakeLimit  int
	IntakeWindow time.Duration
	// MinFillTime is the least time between handing out the public complaint form and posting it
	// (publicform.go); zero means 3 seconds, negative means no least time.
	MinFillTime time.Duration
	// TrustedProxies are the proxies (addresses or CIDR ranges) whose X-Forwarded-For and
	// X-Forwarded-Proto are believed; empty means none.
	TrustedProxies []string
	// Collectors are further metrics to expose on /metrics (the sweep's, the dispatcher's).
	Collectors []prometheus.Collector
	// Letterhead names the meldpunt on the annual report; its City is the municipality.
	Letterhead pdf.Sender
	// Privacy is who the privacy statement (/privacy) names as responsible and as the data
	// protection officer.
	Privacy config.Privacy
}

// DefaultConfig is the configuration used when nothing is set.
var DefaultConfig = Config{TokenTTL: 8 * time.Hour, SessionTTL: 8 * time.Hour, SessionIdle: time.Hour, LoginLimit: 10, LookupLimit: 20, LimitWindow: 15 * time.Minute,
	IntakeLimit: 10, IntakeWindow: time.Hour,
	Privacy: config.Privacy{Controller: "het college van burgemeester en wethouders van Haarlem",
		OfficerName: "De functionaris gegevensbescherming van de gemeente Haarlem", OfficerEmail: "fg@meldpunt.example",
		OfficerPhone: "023 511 5000"}}

// Server holds the dependencies of every handler.
type Server struct {
	store   *postgres.DB
	log     *slog.Logger
	cfg     Config
	metrics *metrics
	logins  loginThrottles
	lookups *limiter
	reports *report.Generator
	engine  *gin.Engine

	// The public pages (pages.go): templates parsed once, the cross-origin guard of their form posts,
	// the versioned address of the stylesheet, and the page routes (not part of the JSON API).
	pages      map[string]*template.Template
	cop        *http.CrossOriginProtection
	cssURL     string
	pageRoutes map[string]bool
	// proxies are the trusted proxies, whose X-Forwarded-Proto tells whether the browser used TLS
	// (the session cookie is Secure and responses carry HSTS then).
	proxies []*net.IPNet
	// formOrgs is the organisations list the complaint form last read (formOrganisations).
	formOrgs atomic.Pointer[[]casework.Organisation]
	// formKeyCache is the key that signs the complaint form's timestamp (publicform.go).
	formKeyCache atomic.Pointer[[]byte]
	// entryCache holds the public directory's entries as rendered (pages_support.go).
	entryCache entryCache
}

// Context keys.
const (
	ctxRequestID = "request_id"
	ctxUser      = "user"
	ctxAuthError = "auth_error"
	ctxToken     = "token"
	// ctxSession is set (to the cookie's token) when a page request comes with a valid session.
	ctxSession = "session"
)

// observe assigns a request id, and logs and counts every request by its route pattern, never by
// its raw path or query (which could carry personal data).
func (s *Server) observe(c *gin.Context) {
	start := time.Now()
	id := c.GetHeader("X-Request-Id")
	if len(id) == 0 || len(id) > 64 || strings.ContainsFunc(id, func(r rune) bool { return r < '!' || r > '~' }) {
		var b [8]byte
		rand.Read(b[:])
		id = hex.EncodeToString(b[:])
	}
	c.Set(ctxRequestID, id)
	c.Header("X-Request-Id", id)
	c.Header("X-Content-Type-Options", "nosniff")
	c.Header("Cache-Control", "no-store")
	c.Next()
	route := c.FullPath()
	if route == "" {
		route = "unmatched"
	}
	elapsed := time.Since(start)
	s.metrics.observe(c.Request.Method, route, c.Writer.Status(), elapsed)
	s.log.LogAttrs(c.Request.Context(), slog.LevelInfo, "request",
		slog.String("request_id", id), slog.String("method", c.Request.Method), slog.String("route", route),
		slog.Int("status", c.Writer.Status()), slog.Duration("duration", elapsed))
}

// authenticate reads an optional bearer token. Public routes serve a caller with an unknown or
// expired token as anonymous; protected routes refuse them with the reason (see allow).
func (s *Server) authenticate(c *gin.Context) {
	h := c.GetHeader("Authorization")
	if h == "" {
		c.Next()
		return
	}
	scheme, token, _ := strings.Cut(h, " ")
	token = strings.TrimSpace(token)
	if !strings.EqualFold(scheme, "Bearer") || token == "" {
		c.Set(ctxAuthError, casework.Errorf(casework.CodeUnauthenticated, "Use the header Authorization: Bearer <token>."))
		c.Next()
		return
	}
	u, err := s.store.UserByToken(c.Request.Context(), token)
	if err != nil {
		if casework.ErrorCode(err) != casework.CodeUnauthenticated {
			s.fail(c, err)
			return
		}
		c.Set(ctxAuthError, err)
		c.Next()
		return
	}
	c.Set(ctxUser, u)
	c.Set(ctxToken, token)
	c.Next()
}

// allow lets a request through only for the given roles; "public" routes do not use it.
func (s *Server) allow(roles ...casework.Role) gin.HandlerFunc {
	return func(c *gin.Context) {
		u, ok := user(c)
		if !ok {
			if err, bad := c.Get(ctxAuthError); bad {
				s.fail(c, err.(error))
				return
			}
			s.fail(c, casework.Errorf(casework.CodeUnauthenticated, "Sign in first."))
			return
		}
		for _, r := range roles {
			if u.Role == r {
				c.Next()
				return
			}
		}
		s.fail(c, casework.Errorf(casework.CodeForbidden, "Your role may not do this."))
	}
}

func user(c *gin.Context) (casework.User, bool) {
	v, ok := c.Get(ctxUser)
	if !ok {
		return casework.User{}, false
	}
	u, ok := v.(casework.User)
	return u, ok
}

// actor returns who is acting: the signed-in user, or the anonymous resident.
func actor(c *gin.Context) casework.Actor {
	if u, ok := user(c); ok {
		return casework.ActorOf(u)
	}
	return casework.ResidentActor
}

// ready reports whether the database is reachable and its schema current.
func (s *Server) ready(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	return s.store.Ready(ctx)
}
