// Package web is the meldpunt's HTTP interface, assembled from three packages: core (sessions,
// authentication, problems, middleware, languages), api (the JSON API under /api/v1) and pages (the
// web pages). Every route and the roles allowed on it are listed in routes.go; health and metrics are
// answered here too.
package web
