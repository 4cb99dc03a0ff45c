package mail

import (
	"errors"
	"fmt"
	"net/textproto"
	"regexp"
)

// Stage names the step of the SMTP conversation at which a send failed.
type Stage string

// Stages, in the order a send goes through them.
const (
	StageCompose  Stage = "compose"  // building the message; nothing was sent
	StageConnect  Stage = "connect"  // TCP, implicit TLS, the server's greeting
	StageHello    Stage = "hello"    // EHLO/HELO
	StageStartTLS Stage = "starttls" // STARTTLS, or its absence under policy "starttls"
	StageAuth     Stage = "auth"     // SMTP AUTH
	StageMail     Stage = "mail"     // MAIL FROM
	StageRcpt     Stage = "rcpt"     // RCPT TO
	StageData     Stage = "data"     // DATA, the upload and the server's final reply
)

// inTransaction reports whether the stage is part of the mail transaction
// proper, where a reply code says something about this message.
func (s Stage) inTransaction() bool {
	return s == StageMail || s == StageRcpt || s == StageData
}

// SendError is the only error type Send returns. Callers decide on retries
// with Temporary (or the field of the same name), never by matching text.
//
// The error text names the stage, the SMTP reply code and the server's reply
// with e-mail addresses replaced by "[address]"; it never contains the
// message's body, subject or recipients, so it may be logged.
type SendError struct {
	// Stage is the step that failed.
	Stage Stage
	// Code is the SMTP reply code (e.g. 451, 550), 0 if the failure was not
	// an SMTP reply (network, TLS, timeout, invalid message).
	Code int
	// Temporary reports whether the same message may succeed later.
	Temporary bool
	// Err is the cause: a *textproto.Error (with addresses redacted) for SMTP
	// replies, context.Canceled or context.DeadlineExceeded when the
	// context ended, or a network or TLS error.
	Err error
}

func (e *SendError) Error() string {
	kind := "permanent"
	if e.Temporary {
		kind = "temporary"
	}
	return "mail: " + string(e.Stage) + ": " + e.Err.Error() + " (" + kind + ")"
}

func (e *SendError) Unwrap() error { return e.Err }

// Temporary reports whether err is a failure after which the same message
// may be sent again later:
//
//   - no connection (refused, unreachable, DNS), timeouts, a cancelled
//     context, TLS and network errors;
//   - any 4xx SMTP reply;
//   - any reply during connection set-up (greeting, EHLO, STARTTLS, AUTH),
//     including 5xx: these concern the server or our configuration (a
//     wrong password, a server without STARTTLS), not this message, and
//     succeed once that is fixed.
//
// A 5xx reply to MAIL FROM, RCPT TO or DATA (e.g. 550 mailbox unavailable,
// 553 bad address, 552 too large) and an invalid message are permanent:
// sending the same message again would fail the same way.
//
// Temporary returns false for nil and for errors that do not wrap a
// *SendError.
func Temporary(err error) bool {
	var se *SendError
	return errors.As(err, &se) && se.Temporary
}

// classify turns an error from a stage of the conversation into a SendError.
// ctxErr is the context's error, if it has ended: a conversation cut short by
// the context fails with a closed connection, which says less than the
// context's own reason.
func classify(stage Stage, err, ctxErr error) *SendError {
	if ctxErr != nil {
		return &SendError{Stage: stage, Temporary: true, Err: ctxErr}
	}
	var reply *textproto.Error
	if errors.As(err, &reply) {
		permanent := reply.Code >= 500 && reply.Code < 600 && stage.inTransaction()
		return &SendError{
			Stage:     stage,
			Code:      reply.Code,
			Temporary: !permanent,
			Err:       &textproto.Error{Code: reply.Code, Msg: redact(reply.Msg)},
		}
	}
	return &SendError{Stage: stage, Temporary: true, Err: err}
}

// worse picks, of two failed recipients, the one that decides the outcome:
// a permanent failure wins, because retrying cannot deliver to everyone.
func worse(a, b *SendError) *SendError {
	if a == nil || (a.Temporary && !b.Temporary) {
		return b
	}
	return a
}

var addressPattern = regexp.MustCompile(`[^\s<>()\[\]",;:]+@[^\s<>()\[\]",;:]+`)

// redact removes e-mail addresses from a server's reply: servers commonly
// echo the recipient ("550 5.1.1 <jan@example.nl>: user unknown").
func redact(s string) string {
	return addressPattern.ReplaceAllString(s, "[address]")
}

// invalid is a permanent error for a message that cannot be sent as it is.
// Its text must not quote the message's contents or recipients.
func invalid(format string, args ...any) *SendError {
	return &SendError{Stage: StageCompose, Err: fmt.Errorf(format, args...)}
}
