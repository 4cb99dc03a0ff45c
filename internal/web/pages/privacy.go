package pages

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"meldpunt/internal/config"
	"meldpunt/internal/web/core"
)

// The public privacy statement (/privacy): what the meldpunt processes, why and on what legal
// basis, who receives it, how long it is kept, the rights of the people it is about and how to use
// them, and how to reach the data protection officer (configuration: MELDPUNT_PRIVACY_CONTROLLER,
// MELDPUNT_FG_*). The README holds the same processing as a register entry.

// PrivacyPage shows the privacy statement.
func (s *Server) PrivacyPage(c *gin.Context) {
	l := core.PageLang(c)
	p := newPage(l, "priv.title", "privacy").menuAt("/privacy")
	priv := s.Cfg.Privacy
	p.Privacy = &priv
	s.render(c, http.StatusOK, "privacy", p)
}

// privacyView is what the privacy page shows of the configuration.
type privacyView = config.Privacy
