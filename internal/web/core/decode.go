package core

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"meldpunt/internal/casework"
)

// MaxBodyBytes is the largest request body accepted.
const MaxBodyBytes = 1 << 20

// Decode reads a JSON request body into v strictly: one object, no unknown fields, valid UTF-8, at
// most MaxBodyBytes.
func Decode(c *gin.Context, v any) error {
	body, err := io.ReadAll(http.MaxBytesReader(c.Writer, c.Request.Body, MaxBodyBytes))
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return casework.Errorf(codePayloadTooLarge, "The request body is larger than %d bytes.", MaxBodyBytes)
		}
		return casework.Errorf(codeMalformed, "The request body could not be read.")
	}
	if len(bytes.TrimSpace(body)) > 0 {
		if err := checkJSONContentType(c.GetHeader("Content-Type")); err != nil {
			return err
		}
	}
	return decodeBytes(body, v)
}

// decodeBytes is the pure part of decode, fuzzed on its own.
func decodeBytes(body []byte, v any) error {
	if len(bytes.TrimSpace(body)) == 0 {
		return casework.Errorf(codeMalformed, "The request body is empty; send a JSON object.")
	}
	if !utf8.Valid(body) {
		return &casework.Error{Code: casework.CodeValidation, Message: "The request contains invalid fields.",
			Fields: []casework.FieldError{{Field: "body", Message: "contains invalid characters (not UTF-8)"}}}
	}
	if trimmed := bytes.TrimSpace(body); trimmed[0] != '{' {
		return casework.Errorf(codeMalformed, "The request body must be a JSON object.")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var syntax *json.SyntaxError
		var typ *json.UnmarshalTypeError
		switch {
		case errors.As(err, &syntax), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
			return casework.Errorf(codeMalformed, "The request body is not valid JSON.")
		case errors.As(err, &typ):
			field := typ.Field
			if field == "" {
				return casework.Errorf(codeMalformed, "The request body must be a JSON object.")
			}
			return &casework.Error{Code: casework.CodeValidation, Message: "The request contains invalid fields.",
				Fields: []casework.FieldError{{Field: field, Message: "must be of type " + jsonKind(typ.Type.Kind().String())}}}
		case strings.HasPrefix(err.Error(), "json: unknown field "):
			name := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
			if name == "" || len(name) > 64 || !utf8.ValidString(name) {
				name = "body"
			}
			return &casework.Error{Code: casework.CodeValidation, Message: "The request contains invalid fields.",
				Fields: []casework.FieldError{{Field: name, Message: "is not a known field"}}}
		}
		return casework.Errorf(codeMalformed, "The request body is not valid JSON for this route.")
	}
	if len(bytes.TrimSpace(body[dec.InputOffset():])) != 0 {
		return casework.Errorf(codeMalformed, "The request body holds more than one JSON value.")
	}
	return nil
}

func jsonKind(k string) string {
	switch k {
	case "int", "int64", "int32", "uint", "uint64", "float64":
		return "number"
	case "slice", "array":
		return "array"
	case "struct", "map", "ptr":
		return "object"
	case "bool":
		return "boolean"
	}
	return k
}

// CheckURL refuses, before any route reads them, a path or query that is not valid UTF-8 or holds
// control characters (a NUL byte above all, which PostgreSQL's text cannot store): 400, as a
// problem for the API and an error page for pages.
func (s *Server) CheckURL(c *gin.Context) {
	if !cleanText(c.Request.URL.Path) {
		s.FailAny(c, casework.Errorf(codeMalformed, "The path holds characters that are not allowed."))
		return
	}
	q, err := url.ParseQuery(c.Request.URL.RawQuery)
	if err != nil {
		s.FailAny(c, casework.Errorf(codeMalformed, "The query string is malformed."))
		return
	}
	for k, vs := range q {
		if !cleanText(k) || slices.ContainsFunc(vs, func(v string) bool { return !cleanText(v) }) {
			s.FailAny(c, casework.Errorf(codeMalformed, "The query holds characters that are not allowed."))
			return
		}
	}
	c.Next()
}

// cleanText reports whether s is valid UTF-8 without control characters. (Form fields and JSON
// strings are checked field by field by the validators, which name the field.)
func cleanText(s string) bool {
	return utf8.ValidString(s) && !strings.ContainsFunc(s, func(r rune) bool { return r < ' ' || r == 0x7f })
}

// checkJSONContentType refuses bodies not declared as JSON. Besides clarity, this keeps browsers
// from posting to the API cross-site: a form or text/plain post needs no preflight, a JSON one does.
func checkJSONContentType(h string) error {
	mt, _, err := mime.ParseMediaType(h)
	if err == nil && (mt == "application/json" || (strings.HasPrefix(mt, "application/") && strings.HasSuffix(mt, "+json"))) {
		return nil
	}
	return casework.Errorf(codeUnsupportedMedia, "Send the request body as JSON with the header Content-Type: application/json.")
}
