package web

import (
	"fmt"
	"log/slog"
	"net/http"

	"github.com/gin-gonic/gin"

	"meldpunt/internal/config"
	"meldpunt/internal/postgres"
	"meldpunt/internal/report"
)

// New builds the server and its routes.
func New(store *postgres.DB, log *slog.Logger, cfg Config) (*Server, error) {
	gin.SetMode(gin.ReleaseMode)
	s := &Server{
		store:   store,
		log:     log,
		cfg:     cfg,
		metrics: newMetrics(store, log, cfg.Collectors...),
		logins:  newLoginThrottles(cfg, store.Now),
		lookups: newLimiter(cfg.LookupLimit, cfg.LimitWindow, store.Now),
	}
	if cfg.SessionTTL <= 0 {
		cfg.SessionTTL = DefaultConfig.SessionTTL
	}
	if cfg.Privacy == (config.Privacy{}) {
		cfg.Privacy = DefaultConfig.Privacy
	}
	if cfg.SessionIdle <= 0 {
		cfg.SessionIdle = DefaultConfig.SessionIdle
	}
	s.cfg = cfg
	proxies, err := parseProxies(cfg.TrustedProxies)
	if err != nil {
		return nil, err
	}
	s.proxies = proxies
	reports, err := report.New(store, cfg.Letterhead)
	if err != nil {
		return nil, err
	}
	s.reports = reports
	if s.pages, err = parsePages(); err != nil {
		return nil, err
	}
	if s.cssURL, err = staticURL("site.css"); err != nil {
		return nil, err
	}
	s.cop = http.NewCrossOriginProtection()
	s.engine = s.routes()
	if err := s.engine.SetTrustedProxies(cfg.TrustedProxies); err != nil {
		return nil, fmt.Errorf("trusted proxies: %w", err)
	}
	// Only X-Forwarded-For names the client, and only from a trusted proxy: a proxy that does not
	// set X-Real-IP would otherwise pass on whatever a client put there.
	s.engine.RemoteIPHeaders = []string{"X-Forwarded-For"}
	return s, nil
}

// Handler returns the root HTTP handler.
func (s *Server) Handler() http.Handler { return s.engine }
