// Package api is the meldpunt's JSON API under /api/v1: its handlers, their request and response
// types, and the OpenAPI description (openapi.json). The routes and the roles allowed on each are
// listed in the web package's routes.go; what the handlers share with the pages (sessions,
// authentication, problems, middleware) is in package core.
package api

import "meldpunt/internal/web/core"

// Server holds the dependencies of every API handler: the shared core.
type Server struct{ *core.Server }
