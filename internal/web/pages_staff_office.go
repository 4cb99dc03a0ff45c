package web

import "github.com/gin-gonic/gin"

// The staff's office pages: the print queue, organisations, users, recommendation follow-up and the
// annual report.

// staffOfficePages are the templates of the office pages.
var staffOfficePages = []string{}

// officeView is the data of the office pages.
type officeView struct{}

// staffOfficeRoutes registers the office pages; staff and admin are the session checks.
func (s *Server) staffOfficeRoutes(page pageRouter, staff, admin gin.HandlerFunc) {}
