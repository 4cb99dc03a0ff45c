// Package casework is the vocabulary of the meldpunt: complaints, binding advice, their statuses,
// the transition tables that say which move is allowed from which state, and the domain errors.
// It imports the standard library only; storage, HTTP and PDF live at the edges.
package casework

import (
	"errors"
	"fmt"
	"time"
)

// Code classifies an error. The web layer maps each code to one HTTP status.
type Code string

// Error codes, shared by the API's problem documents.
const (
	CodeValidation        Code = "validation_failed"
	CodeNotFound          Code = "not_found"
	CodeForbidden         Code = "forbidden"
	CodeUnauthenticated   Code = "unauthenticated"
	CodeInvalidTransition Code = "invalid_transition"
	CodeDeadlinePassed    Code = "deadline_passed"
	CodeConflict          Code = "conflict"
	CodeRateLimited       Code = "rate_limited"
	// CodeTOTPRequired: the password was right and the account signs in in two steps; send the
	// code from the authenticator app as well.
	CodeTOTPRequired Code = "totp_required"
	// CodeTOTPInvalid: the code of the second step is wrong, too old or was used already.
	CodeTOTPInvalid Code = "totp_invalid"
	// CodeTOTPEnrolment: the admin requires two-step sign-in of this role and the account has not
	// set it up yet.
	CodeTOTPEnrolment Code = "totp_enrolment_required"
	CodeInternal      Code = "internal"
)

// FieldError names one invalid input field and says what is wrong with it.
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// Error is a domain error: a code plus a message that is safe to show to the user.
type Error struct {
	Code    Code
	Message string
	Fields  []FieldError
	// RetryAfter is, for CodeRateLimited, how long the caller must wait (the Retry-After header).
	RetryAfter time.Duration
}

func (e *Error) Error() string {
	if len(e.Fields) == 0 {
		return fmt.Sprintf("%s: %s", e.Code, e.Message)
	}
	return fmt.Sprintf("%s: %s (%d field errors)", e.Code, e.Message, len(e.Fields))
}

// Errorf returns an *Error with the given code and formatted message.
func Errorf(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of err, or CodeInternal when err carries none.
func ErrorCode(err error) Code {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return CodeInternal
}

// ErrorMessage returns the user-safe message of err, or a generic text for internal errors.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "An internal error occurred."
}

// Validator collects field errors.
type Validator struct {
	Fields []FieldError
}

// Add records a problem with field.
func (v *Validator) Add(field, format string, args ...any) {
	v.Fields = append(v.Fields, FieldError{Field: field, Message: fmt.Sprintf(format, args...)})
}

// Check records a problem with field unless ok.
func (v *Validator) Check(ok bool, field, format string, args ...any) {
	if !ok {
		v.Add(field, format, args...)
	}
}

// Err returns a validation *Error when any field failed, or nil.
func (v *Validator) Err() error {
	if len(v.Fields) == 0 {
		return nil
	}
	return &Error{Code: CodeValidation, Message: "The request contains invalid fields.", Fields: v.Fields}
}

// JoinValidation merges the field errors of several validation errors into one, so that a form
// hears of every problem at once. Any error that is not a validation error wins as it is.
func JoinValidation(errs ...error) error {
	var v Validator
	for _, err := range errs {
		if err == nil {
			continue
		}
		var e *Error
		if !errors.As(err, &e) || e.Code != CodeValidation {
			return err
		}
		v.Fields = append(v.Fields, e.Fields...)
	}
	return v.Err()
}
