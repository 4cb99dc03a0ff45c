package web

import "github.com/gin-gonic/gin"

// The staff's case page: the timeline and every action of the lifecycle as a form.

// staffCasePages are the templates of the case pages.
var staffCasePages = []string{"staff_case"}

// staffCaseView is the case page.
type staffCaseView struct{}

// staffCaseRoutes registers the case pages; staff is the session check for staff and admin.
func (s *Server) staffCaseRoutes(page pageRouter, staff gin.HandlerFunc) {}
