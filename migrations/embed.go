// Package migrations holds the numbered SQL migrations of the meldpunt schema, run by goose.
package migrations

import "embed"

// FS holds every migration file.
//
//go:embed *.sql
var FS embed.FS
