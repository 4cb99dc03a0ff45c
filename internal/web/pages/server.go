// Package pages is the meldpunt's web pages: public ones for residents, and pages behind a session
// for staff, organisations, supporters, the council, the municipality and the privacy officer. Each
// group of pages keeps its handlers (pages_*.go), texts (*_text.go) and templates (templates/) side
// by side; the stylesheet is in static/. Pages use the API's helpers where they serve the same files
// (annual reports, exports); the routes are listed in the web package's routes.go.
package pages

import (
	"html/template"

	"meldpunt/internal/web/api"
)

// Server holds the dependencies of every page handler: the API's (and through it the shared core's),
// the parsed templates, the versioned address of the stylesheet, and the directory's rendered entries.
type Server struct {
	*api.Server
	templates  map[string]*template.Template
	cssURL     string
	entryCache EntryCache
}

// New parses the templates and builds the pages over the API.
func New(a *api.Server) (*Server, error) {
	s := &Server{Server: a}
	var err error
	if s.templates, err = parsePages(); err != nil {
		return nil, err
	}
	if s.cssURL, err = staticURL("site.css"); err != nil {
		return nil, err
	}
	return s, nil
}
