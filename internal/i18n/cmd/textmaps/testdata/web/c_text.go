package web

import "meldpunt/internal/web/core"

// The texts of a new page.
func init() {
	core.AddTexts(map[string][2]string{
		"contact.title": {"Contact", "Contact"},
	})
}
