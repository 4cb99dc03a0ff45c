package api

import (
	"net/http"
	"net/url"

	"github.com/gin-gonic/gin"

	"meldpunt/internal/casework"
	"meldpunt/internal/web/core"
)

// SupporterFilter reads the directory's filters from a query: life_domain, language, channel and
// neighbourhood, each possibly repeated (any of the values). Unknown values are refused by the
// store (422).
func SupporterFilter(q url.Values) casework.SupporterFilter {
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
	u, ok := core.User(c)
	return ok && u.Role == casework.RoleAdmin
}

func (s *Server) ListSupporters(c *gin.Context) {
	f := SupporterFilter(c.Request.URL.Query())
	f.All = seesWholePool(c)
	list, err := s.Store.Supporters(c.Request.Context(), f)
	if err != nil {
		s.Fail(c, err)
		return
	}
	s.WriteJSON(c, http.StatusOK, map[string]any{"supporters": list})
}

func (s *Server) GetSupporter(c *gin.Context) {
	id, err := PathID(c, "No supporter with this id.")
	if err != nil {
		s.Fail(c, err)
		return
	}
	sup, err := s.Store.Supporter(c.Request.Context(), id, seesWholePool(c))
	if err != nil {
		s.Fail(c, err)
		return
	}
	s.WriteJSON(c, http.StatusOK, sup)
}

func (s *Server) AdmitSupporter(c *gin.Context) {
	var p casework.SupporterProfile
	if err := core.Decode(c, &p); err != nil {
		s.Fail(c, err)
		return
	}
	sup, err := s.Store.AdmitSupporter(c.Request.Context(), core.Actor(c), p)
	if err != nil {
		s.Fail(c, err)
		return
	}
	s.WriteJSON(c, http.StatusCreated, sup)
}

func (s *Server) EditSupporter(c *gin.Context) {
	id, err := PathID(c, "No supporter with this id.")
	if err != nil {
		s.Fail(c, err)
		return
	}
	var p casework.SupporterProfile
	if err := core.Decode(c, &p); err != nil {
		s.Fail(c, err)
		return
	}
	sup, err := s.Store.EditSupporter(c.Request.Context(), core.Actor(c), id, p)
	if err != nil {
		s.Fail(c, err)
		return
	}
	s.WriteJSON(c, http.StatusOK, sup)
}

// statusReason is the body of a change of a supporter's status.
type statusReason struct {
	Reason string `json:"reason"`
}

// SetSupporterStatus suspends, reinstates or removes a supporter, with a reason.
func (s *Server) SetSupporterStatus(to casework.SupporterStatus) gin.HandlerFunc {
	return func(c *gin.Context) {
		id, err := PathID(c, "No supporter with this id.")
		if err != nil {
			s.Fail(c, err)
			return
		}
		var in statusReason
		if err := core.Decode(c, &in); err != nil {
			s.Fail(c, err)
			return
		}
		sup, err := s.Store.SetSupporterStatus(c.Request.Context(), core.Actor(c), id, to, in.Reason)
		if err != nil {
			s.Fail(c, err)
			return
		}
		s.WriteJSON(c, http.StatusOK, sup)
	}
}
