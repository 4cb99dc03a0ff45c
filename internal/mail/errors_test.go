package mail

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/textproto"
	"strings"
	"testing"
)

func TestClassify(t *testing.T) {
	reply := func(code int) error { return &textproto.Error{Code: code, Msg: "5.0.0 nope"} }
	tests := []struct {
		name      string
		stage     Stage
		err       error
		ctxErr    error
		code      int
		temporary bool
	}{
		{"4xx in the transaction", StageRcpt, reply(451), nil, 451, true},
		{"5xx to RCPT", StageRcpt, reply(550), nil, 550, false},
		{"5xx to MAIL", StageMail, reply(553), nil, 553, false},
		{"5xx after DATA", StageData, reply(552), nil, 552, false},
		{"5xx greeting is the server's problem", StageConnect, reply(554), nil, 554, true},
		{"5xx to AUTH is our configuration's problem", StageAuth, reply(535), nil, 535, true},
		{"5xx to EHLO", StageHello, reply(550), nil, 550, true},
		{"wrapped reply is found", StageRcpt, fmt.Errorf("hello: %w", reply(550)), nil, 550, false},
		{"network error", StageData, io.ErrUnexpectedEOF, nil, 0, true},
		{"context ended wins over the closed connection", StageData, io.ErrUnexpectedEOF, context.Canceled, 0, true},
		{"context ended wins over a reply", StageRcpt, reply(550), context.DeadlineExceeded, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			se := classify(tt.stage, tt.err, tt.ctxErr)
			if se.Code != tt.code || se.Temporary != tt.temporary || se.Stage != tt.stage {
				t.Errorf("got code %d temporary %v stage %s, want %d %v %s", se.Code, se.Temporary, se.Stage, tt.code, tt.temporary, tt.stage)
			}
			if Temporary(se) != tt.temporary || Temporary(fmt.Errorf("dispatch: %w", se)) != tt.temporary {
				t.Error("Temporary disagrees with the field, directly or wrapped")
			}
			if tt.ctxErr != nil && !errors.Is(se, tt.ctxErr) {
				t.Errorf("%v does not wrap %v", se, tt.ctxErr)
			}
		})
	}
}

func TestTemporaryIsFalseForOtherErrors(t *testing.T) {
	for _, err := range []error{nil, errors.New("boom"), context.DeadlineExceeded} {
		if Temporary(err) {
			t.Errorf("Temporary(%v) = true, want false for an error not from Send", err)
		}
	}
}

func TestReplyTextLosesAddresses(t *testing.T) {
	err := classify(StageRcpt, &textproto.Error{Code: 550, Msg: "5.1.1 <jan.de-vries+klacht@example.nl>: Recipient address rejected: User unknown"}, nil)
	text := err.Error()
	if strings.Contains(text, "jan.de-vries") || strings.Contains(text, "example.nl") {
		t.Errorf("error text %q contains the address", text)
	}
	for _, want := range []string{"rcpt", "550", "5.1.1", "[address]", "User unknown", "permanent"} {
		if !strings.Contains(text, want) {
			t.Errorf("error text %q lacks %q", text, want)
		}
	}
	var reply *textproto.Error
	if !errors.As(err, &reply) || reply.Code != 550 {
		t.Errorf("the reply is not reachable with errors.As: %v", reply)
	}
}

func TestWorseRecipientDecides(t *testing.T) {
	temp := &SendError{Stage: StageRcpt, Code: 450, Temporary: true}
	perm := &SendError{Stage: StageRcpt, Code: 550}
	if got := worse(worse(nil, temp), perm); got != perm {
		t.Errorf("temporary then permanent: got %d, want 550", got.Code)
	}
	if got := worse(worse(nil, perm), temp); got != perm {
		t.Errorf("permanent then temporary: got %d, want 550", got.Code)
	}
	other := &SendError{Stage: StageRcpt, Code: 451, Temporary: true}
	if got := worse(worse(nil, temp), other); got != temp {
		t.Errorf("two temporary: got %d, want the first", got.Code)
	}
}
