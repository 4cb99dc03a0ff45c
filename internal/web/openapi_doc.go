package web

import _ "embed"

//go:embed openapi.json
var openAPIDocument []byte
