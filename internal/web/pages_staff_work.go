package web

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// workView is the staff's worklist.
type workView struct{}

// workList is the staff's start page.
func (s *Server) workList(c *gin.Context) {
	l := langOf(c.Query("lang"))
	p := newPage(l, "work.title", "work").withSwitch("/werk")
	p.Work = &workView{}
	s.render(c, http.StatusOK, "staff_work", p)
}
