package api

import "github.com/gin-gonic/gin"

// OpenAPI serves the OpenAPI 3 document of the API.
func (s *Server) OpenAPI(c *gin.Context) {
	c.Data(200, "application/json; charset=utf-8", OpenAPIDocument)
}
