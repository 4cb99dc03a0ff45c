package core

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"meldpunt/internal/casework"
	"meldpunt/internal/postgres"
)

// CodeStatus is the one map from error codes to HTTP statuses.
var CodeStatus = map[casework.Code]int{
	casework.CodeValidation:        http.StatusUnprocessableEntity,
	casework.CodeNotFound:          http.StatusNotFound,
	casework.CodeForbidden:         http.StatusForbidden,
	casework.CodeUnauthenticated:   http.StatusUnauthorized,
	casework.CodeInvalidTransition: http.StatusConflict,
	casework.CodeDeadlinePassed:    http.StatusConflict,
	casework.CodeConflict:          http.StatusConflict,
	casework.CodeRateLimited:       http.StatusTooManyRequests,
	casework.CodeTOTPRequired:      http.StatusUnauthorized,
	casework.CodeTOTPInvalid:       http.StatusUnauthorized,
	casework.CodeTOTPEnrolment:     http.StatusForbidden,
	casework.CodeReasonRequired:    http.StatusForbidden,
	codeMalformed:                  http.StatusBadRequest,
	codePayloadTooLarge:            http.StatusRequestEntityTooLarge,
	CodeMethodNotAllowed:           http.StatusMethodNotAllowed,
	codeUnsupportedMedia:           http.StatusUnsupportedMediaType,
	CodeUnavailable:                http.StatusServiceUnavailable,
	casework.CodeInternal:          http.StatusInternalServerError,
}

// Codes that only the HTTP layer produces.
const (
	codeMalformed        casework.Code = "malformed_request"
	codePayloadTooLarge  casework.Code = "payload_too_large"
	CodeMethodNotAllowed casework.Code = "method_not_allowed"
	codeUnsupportedMedia casework.Code = "unsupported_media_type"
	CodeUnavailable      casework.Code = "unavailable"
)

// outageRetryAfter is how long a client should wait while the database is away.
const outageRetryAfter = time.Minute

// Unavailable replaces an error that says the database could not be reached (postgres.Unavailable)
// by the unavailable problem, whose text shows no address or driver error, and sets Retry-After; it
// logs the cause without the data PostgreSQL quotes. Other errors pass unchanged.
func (s *Server) Unavailable(c *gin.Context, err error) error {
	if !postgres.Unavailable(err) {
		return err
	}
	s.Log.WarnContext(c.Request.Context(), "database unavailable", "request_id", c.GetString(CtxRequestID),
		"route", c.FullPath(), "err", postgres.RedactError(err))
	c.Header("Retry-After", RetryAfter(outageRetryAfter))
	return casework.Errorf(CodeUnavailable, "The service is briefly unavailable; nothing was changed. Try again in a minute.")
}

var codeTitle = map[casework.Code]string{
	casework.CodeValidation:        "Invalid input",
	casework.CodeNotFound:          "Not found",
	casework.CodeForbidden:         "Forbidden",
	casework.CodeUnauthenticated:   "Not signed in",
	casework.CodeInvalidTransition: "Action not allowed in this state",
	casework.CodeDeadlinePassed:    "Deadline passed",
	casework.CodeConflict:          "Conflict",
	casework.CodeRateLimited:       "Too many attempts",
	casework.CodeTOTPRequired:      "Code of the second step required",
	casework.CodeTOTPInvalid:       "Code of the second step not correct",
	casework.CodeTOTPEnrolment:     "Two-step sign-in must be set up first",
	casework.CodeReasonRequired:    "Reason for opening this case required",
	codeMalformed:                  "Malformed request",
	codePayloadTooLarge:            "Request too large",
	CodeMethodNotAllowed:           "Method not allowed",
	codeUnsupportedMedia:           "Unsupported media type",
	CodeUnavailable:                "Service unavailable",
	casework.CodeInternal:          "Internal error",
}

// Problem is an RFC 9457 problem document.
type Problem struct {
	Type   string                `json:"type"`
	Title  string                `json:"title"`
	Status int                   `json:"status"`
	Detail string                `json:"detail"`
	Code   casework.Code         `json:"code"`
	Errors []casework.FieldError `json:"errors,omitempty"`
}

// Fail writes err as problem+json and aborts the request. Internal errors are logged, and only they.
func (s *Server) Fail(c *gin.Context, err error) {
	err = s.Unavailable(c, err)
	code := casework.ErrorCode(err)
	status, ok := CodeStatus[code]
	if !ok {
		status = http.StatusInternalServerError
		code = casework.CodeInternal
	}
	p := Problem{Type: "urn:meldpunt:problem:" + string(code), Title: codeTitle[code], Status: status,
		Detail: casework.ErrorMessage(err), Code: code}
	if e, ok := err.(*casework.Error); ok {
		p.Errors = e.Fields
		if e.Code == casework.CodeRateLimited && e.RetryAfter > 0 {
			c.Header("Retry-After", RetryAfter(e.RetryAfter))
		}
	}
	if code == casework.CodeInternal {
		s.Log.ErrorContext(c.Request.Context(), "request failed", "request_id", c.GetString(CtxRequestID),
			"route", c.FullPath(), "err", postgres.RedactError(err))
	}
	body, _ := json.Marshal(p)
	c.Abort()
	c.Data(status, "application/problem+json", body)
}

// WriteJSON renders v into a buffer before writing the status.
func (s *Server) WriteJSON(c *gin.Context, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		s.Fail(c, err)
		return
	}
	c.Data(status, "application/json; charset=utf-8", body)
}

// Recoverer turns a panic into a logged 500 problem, never a crash or a stack trace to the user.
func (s *Server) Recoverer(c *gin.Context) {
	defer func() {
		if r := recover(); r != nil {
			if r == http.ErrAbortHandler {
				panic(r)
			}
			s.Log.ErrorContext(c.Request.Context(), "panic", "request_id", c.GetString(CtxRequestID),
				"route", c.FullPath(), "panic", r)
			s.FailAny(c, casework.Errorf(casework.CodeInternal, "internal"))
		}
	}()
	c.Next()
}
