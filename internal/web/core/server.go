// Package core is what the JSON API (package api) and the pages (package pages) share: the server's
// dependencies and configuration, sessions and authentication, problems (errors as problem+json or,
// through PageUI, as pages), request decoding, limits and throttles, metrics, the middleware, the
// languages and texts, and the role sets of the routes table (web/routes.go).
package core

import (
	"context"
	"crypto/rand"
	"encoding/hex"
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
	// NewCodeLimit is how many new tracking codes one client may ask for per LimitWindow, and
	// NewCodeRefLimit how many may be asked for one reference (default 5 and 3): every request
	// counts, since a match and a mismatch get the same answer.
	NewCodeLimit    int
	NewCodeRefLimit int
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
	// Contact is where residents visit the meldpunt and when it can be reached (the contact page);
	// the phone, e-mail and postal address are the Letterhead's.
	Contact config.Contact
}

// DefaultConfig is the configuration used when nothing is set.
var DefaultConfig = Config{TokenTTL: 8 * time.Hour, SessionTTL: 8 * time.Hour, SessionIdle: time.Hour, LoginLimit: 10, LookupLimit: 20, LimitWindow: 15 * time.Minute,
	IntakeLimit: 10, IntakeWindow: time.Hour,
	Privacy: config.Privacy{Controller: "het college van burgemeester en wethouders van Haarlem",
		OfficerName: "De functionaris gegevensbescherming van de gemeente Haarlem", OfficerEmail: "fg@meldpunt.example",
		OfficerPhone: "023 511 5000"},
	Contact: config.Defaults().Contact}

// Server holds the dependencies of every handler.
type Server struct {
	Store   *postgres.DB
	Log     *slog.Logger
	Cfg     Config
	Metrics *metrics
	Logins  loginThrottles
	Lookups *limiter
	// NewCodes counts the requests for a new tracking code per client and per reference.
	NewCodes, NewCodeRefs *limiter
	Reports               *report.Generator

	// UI renders the errors of the shared middleware as pages (the pages package).
	UI PageUI
	// Cop guards the pages' form posts against other origins; PageRoutes are the page routes (not
	// part of the JSON API).
	Cop        *http.CrossOriginProtection
	PageRoutes map[string]bool
	// Proxies are the trusted proxies, whose X-Forwarded-Proto tells whether the browser used TLS
	// (the session cookie is Secure and responses carry HSTS then).
	Proxies []*net.IPNet
	// FormOrgs is the organisations list the complaint form last read (formOrganisations).
	FormOrgs atomic.Pointer[[]casework.Organisation]
	// formKeyCache is the key that signs the complaint form's timestamp (publicform.go).
	formKeyCache atomic.Pointer[[]byte]
}

// PageUI renders errors as pages, for the middleware of the shared core; the pages package provides
// it.
type PageUI interface {
	PageError(c *gin.Context, l Lang, status int)
	PageErrorText(c *gin.Context, l Lang, status int, key string)
	PageFail(c *gin.Context, l Lang, err error)
	SignInWait(c *gin.Context, l Lang, wait time.Duration)
}

// NewServer builds the shared core of the HTTP layer over store.
func NewServer(store *postgres.DB, log *slog.Logger, cfg Config) (*Server, error) {
	if _, err := LoadTexts(); err != nil {
		return nil, err
	}
	if cfg.SessionTTL <= 0 {
		cfg.SessionTTL = DefaultConfig.SessionTTL
	}
	if cfg.Contact == (config.Contact{}) {
		cfg.Contact = DefaultConfig.Contact
	}
	if cfg.Privacy == (config.Privacy{}) {
		cfg.Privacy = DefaultConfig.Privacy
	}
	if cfg.SessionIdle <= 0 {
		cfg.SessionIdle = DefaultConfig.SessionIdle
	}
	if cfg.NewCodeLimit <= 0 {
		cfg.NewCodeLimit = 5
	}
	if cfg.NewCodeRefLimit <= 0 {
		cfg.NewCodeRefLimit = 3
	}
	s := &Server{
		Store:       store,
		Log:         log,
		Cfg:         cfg,
		Metrics:     NewMetrics(store, log, cfg.Collectors...),
		Logins:      NewLoginThrottles(cfg, store.Now),
		Lookups:     NewLimiter(cfg.LookupLimit, cfg.LimitWindow, store.Now),
		NewCodes:    NewLimiter(cfg.NewCodeLimit, cfg.LimitWindow, store.Now),
		NewCodeRefs: NewLimiter(cfg.NewCodeRefLimit, cfg.LimitWindow, store.Now),
		Cop:         http.NewCrossOriginProtection(),
	}
	proxies, err := ParseProxies(cfg.TrustedProxies)
	if err != nil {
		return nil, err
	}
	s.Proxies = proxies
	if s.Reports, err = report.New(store, cfg.Letterhead); err != nil {
		return nil, err
	}
	return s, nil
}

// Context keys.
const (
	CtxRequestID = "request_id"
	ctxUser      = "user"
	ctxAuthError = "auth_error"
	CtxToken     = "token"
	// CtxSession is set (to the cookie's token) when a page request comes with a valid session.
	CtxSession = "session"
)

// Observe assigns a request id, and logs and counts every request by its route pattern, never by
// its raw path or query (which could carry personal data).
func (s *Server) Observe(c *gin.Context) {
	start := time.Now()
	id := c.GetHeader("X-Request-Id")
	if len(id) == 0 || len(id) > 64 || strings.ContainsFunc(id, func(r rune) bool { return r < '!' || r > '~' }) {
		var b [8]byte
		rand.Read(b[:])
		id = hex.EncodeToString(b[:])
	}
	c.Set(CtxRequestID, id)
	c.Header("X-Request-Id", id)
	c.Header("X-Content-Type-Options", "nosniff")
	c.Header("Cache-Control", "no-store")
	c.Next()
	route := c.FullPath()
	if route == "" {
		route = "unmatched"
	}
	elapsed := time.Since(start)
	s.Metrics.observe(c.Request.Method, route, c.Writer.Status(), elapsed)
	s.Log.LogAttrs(c.Request.Context(), slog.LevelInfo, "request",
		slog.String("request_id", id), slog.String("method", c.Request.Method), slog.String("route", route),
		slog.Int("status", c.Writer.Status()), slog.Duration("duration", elapsed))
}

// Authenticate reads an optional bearer token. Public routes serve a caller with an unknown or
// expired token as anonymous; protected routes refuse them with the reason (see allow).
func (s *Server) Authenticate(c *gin.Context) {
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
	u, err := s.Store.UserByToken(c.Request.Context(), token)
	if err != nil {
		if casework.ErrorCode(err) != casework.CodeUnauthenticated {
			s.Fail(c, err)
			return
		}
		c.Set(ctxAuthError, err)
		c.Next()
		return
	}
	c.Set(ctxUser, u)
	c.Set(CtxToken, token)
	c.Next()
}

// Allow lets a request through only for the given roles; "public" routes do not use it.
func (s *Server) Allow(roles ...casework.Role) gin.HandlerFunc {
	return func(c *gin.Context) {
		u, ok := User(c)
		if !ok {
			if err, bad := c.Get(ctxAuthError); bad {
				s.Fail(c, err.(error))
				return
			}
			s.Fail(c, casework.Errorf(casework.CodeUnauthenticated, "Sign in first."))
			return
		}
		for _, r := range roles {
			if u.Role == r {
				c.Next()
				return
			}
		}
		s.Fail(c, casework.Errorf(casework.CodeForbidden, "Your role may not do this."))
	}
}

func User(c *gin.Context) (casework.User, bool) {
	v, ok := c.Get(ctxUser)
	if !ok {
		return casework.User{}, false
	}
	u, ok := v.(casework.User)
	return u, ok
}

// Actor returns who is acting: the signed-in user, or the anonymous resident.
func Actor(c *gin.Context) casework.Actor {
	if u, ok := User(c); ok {
		return casework.ActorOf(u)
	}
	return casework.ResidentActor
}

// Ready reports whether the database is reachable and its schema current.
func (s *Server) Ready(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	return s.Store.Ready(ctx)
}
