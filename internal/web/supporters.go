package web

import (
	"net/http"
	"net/url"

	"github.com/gin-gonic/gin"

	"meldpunt/internal/casework"
)

// supporterFilter reads the directory's filters from a query: life_domain, language, channel and
// neighbourhood, each possibly repeated (any of the values). Unknown values are refused by the
// store (422).
func supporterFilter(q url.Values) casework.SupporterFilter {
	f := casework.SupporterFilter{Languages: q["language"]}
	for _, d := range q["life_domain"] {
		f.LifeDomains = append(f.LifeDomains, casework.LifeDomain(d))
	}
	for _, ch := range q["channel"] {
		f.Channels = append(f.Channels, casework.SupportChannel(ch))
	}
	for _, n := range q["neighbourhood"] {
		f.Neighbourhoods = append(f.Neighbourhoods, casework.Neighbourhood(n))
	}
	return f
}

// seesWholePool reports whether the caller sees suspended and removed supporters too (the admin).
func seesWholePool(c *gin.Context) bool {
	u, ok := user(c)
	return ok && u.Role == casework.RoleAdmin
}

func (s *Server) listSupporters(c *gin.Context) {
	f := supporterFilter(c.Request.URL.Query())
	f.All = seesWholePool(c)
	list, err := s.store.Supporters(c.Request.Context(), f)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.writeJSON(c, http.StatusOK, map[string]any{"supporters": list})
}

func (s *Server) getSupporter(c *gin.Context) {
	id, err := pathID(c, "No supporter with this id.")
	if err != nil {
		s.fail(c, err)
		return
	}
	sup, err := s.store.Supporter(c.Request.Context(), id, seesWholePool(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	s.writeJSON(c, http.StatusOK, sup)
}

func (s *Server) admitSupporter(c *gin.Context) {
	var p casework.SupporterProfile
	if err := decode(c, &p); err != nil {
		s.fail(c, err)
		return
	}
	sup, err := s.store.AdmitSupporter(c.Request.Context(), actor(c), p)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.writeJSON(c, http.StatusCreated, sup)
}

func (s *Server) editSupporter(c *gin.Context) {
	id, err := pathID(c, "No supporter with this id.")
	if err != nil {
		s.fail(c, err)
		return
	}
	var p casework.SupporterProfile
	if err := decode(c, &p); err != nil {
		s.fail(c, err)
		return
	}
	sup, err := s.store.EditSupporter(c.Request.Context(), actor(c), id, p)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.writeJSON(c, http.StatusOK, sup)
}

// statusReason is the body of a change of a supporter's status.
type statusReason struct {
	Reason string `json:"reason"`
}

// setSupporterStatus suspends, reinstates or removes a supporter, with a reason.
func (s *Server) setSupporterStatus(to casework.SupporterStatus) gin.HandlerFunc {
	return func(c *gin.Context) {
		id, err := pathID(c, "No supporter with this id.")
		if err != nil {
			s.fail(c, err)
			return
		}
		var in statusReason
		if err := decode(c, &in); err != nil {
			s.fail(c, err)
			return
		}
		sup, err := s.store.SetSupporterStatus(c.Request.Context(), actor(c), id, to, in.Reason)
		if err != nil {
			s.fail(c, err)
			return
		}
		s.writeJSON(c, http.StatusOK, sup)
	}
}
