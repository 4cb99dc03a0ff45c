package web

import (
	"fmt"
	"log/slog"
	"net/http"

	"github.com/gin-gonic/gin"

	"meldpunt/internal/postgres"
	"meldpunt/internal/web/api"
	"meldpunt/internal/web/core"
	"meldpunt/internal/web/pages"
)

// Server is the whole HTTP interface: the pages over the API over the shared core, and the routes.
type Server struct {
	*pages.Server
	engine *gin.Engine
}

// Config holds the settings of the HTTP layer (core.Config).
type Config = core.Config

// DefaultConfig is the configuration used when nothing is set.
var DefaultConfig = core.DefaultConfig

// MaxBodyBytes is the largest request body accepted.
const MaxBodyBytes = core.MaxBodyBytes

// New builds the server and its routes.
func New(store *postgres.DB, log *slog.Logger, cfg Config) (*Server, error) {
	gin.SetMode(gin.ReleaseMode)
	c, err := core.NewServer(store, log, cfg)
	if err != nil {
		return nil, err
	}
	p, err := pages.New(&api.Server{Server: c})
	if err != nil {
		return nil, err
	}
	c.UI = p
	s := &Server{Server: p}
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
