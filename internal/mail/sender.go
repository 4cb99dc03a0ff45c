// Package mail sends notices by e-mail over SMTP: a plain-text body with the
// letter attached as a PDF.
//
// Send makes one attempt over one fresh connection and reports the outcome as
// a *SendError that says whether a retry can help (Temporary). Retrying,
// back-off and bookkeeping belong to the caller. A message counts as sent
// when, and only when, the server has accepted it with 250 after DATA;
// whatever happens afterwards (QUIT failing, the connection dropping) does
// not turn a delivered message into an error. The one unclear case is a
// connection lost after the upload but before the server's answer: Send
// reports a temporary error and the message may or may not have arrived. A
// retry then sends the same Message-ID (see Message.ID), which receivers use
// to drop the duplicate.
//
// The package does not log. Its errors never contain the message's body,
// subject or recipients (see SendError).
//
// The conversation is driven with go-mail's smtp package and the message
// rendered with go-mail's Msg. go-mail's higher-level Client is not used: it
// honours the context only while dialling, reports a delivered message as
// failed when the RSET or QUIT after it fails, and puts recipient addresses
// in its error texts.
package mail

import (
	"context"
	"crypto/tls"
	"errors"
	"net"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/wneessen/go-mail/smtp"
)

// Sender sends messages according to a Config. It is safe for concurrent use;
// every Send opens its own connection.
type Sender struct {
	cfg    Config
	addr   string // host:port
	helo   string
	from   sender
	tls    *tls.Config
	dialer net.Dialer
	now    func() time.Time
}

// NewSender validates cfg and returns a Sender for it. It fails if cfg is
// invalid or e-mail is not enabled (no Host). It does not connect.
func NewSender(cfg Config) (*Sender, error) {
	if !cfg.Enabled() {
		return nil, errors.New("mail: no SMTP host configured")
	}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	from, err := parseFrom(cfg.From)
	if err != nil {
		return nil, err
	}
	helo := cfg.HeloName
	if helo == "" {
		if helo, err = os.Hostname(); err != nil || helo == "" {
			helo = "localhost"
		}
	}
	cfg.TLS = cfg.tlsPolicy()
	cfg.Port = cfg.port()
	cfg.Timeout = cfg.timeout()
	return &Sender{
		cfg:  cfg,
		addr: net.JoinHostPort(cfg.Host, strconv.Itoa(cfg.Port)),
		helo: helo,
		from: from,
		tls:  &tls.Config{ServerName: cfg.Host, MinVersion: tls.VersionTLS12},
		now:  time.Now,
	}, nil
}

// Send makes one attempt to deliver m, over a new connection, within
// Config.Timeout and ctx. It returns nil once the server has accepted the
// message, else a *SendError (see Temporary).
func (s *Sender) Send(ctx context.Context, m Message) error {
	env, raw, serr := s.compose(m, s.now())
	if serr != nil {
		return serr
	}
	if err := ctx.Err(); err != nil {
		return &SendError{Stage: StageConnect, Temporary: true, Err: err}
	}
	ctx, cancel := context.WithTimeout(ctx, s.cfg.Timeout)
	defer cancel()
	if serr := s.deliver(ctx, env, raw); serr != nil {
		return serr
	}
	return nil // not "return s.deliver(…)": a nil *SendError is a non-nil error
}

// deliver holds one SMTP conversation. The context ending closes the
// connection, which ends whatever exchange is under way.
func (s *Sender) deliver(ctx context.Context, env envelope, raw []byte) *SendError {
	fail := func(stage Stage, err error) *SendError {
		if errors.Is(err, os.ErrDeadlineExceeded) {
			// The connection's deadline is the context's: let the context
			// catch up so that the error says DeadlineExceeded.
			<-ctx.Done()
		}
		return classify(stage, err, ctx.Err())
	}

	tcp, err := s.dialer.DialContext(ctx, "tcp", s.addr)
	if err != nil {
		return fail(StageConnect, err)
	}
	defer tcp.Close()
	stop := context.AfterFunc(ctx, func() { tcp.Close() })
	defer stop()
	if deadline, ok := ctx.Deadline(); ok {
		_ = tcp.SetDeadline(deadline) // go-mail's smtp sets none of its own
	}

	conn := tcp
	if s.cfg.TLS == TLSImplicit {
		tc := tls.Client(tcp, s.tls)
		if err := tc.HandshakeContext(ctx); err != nil {
			return fail(StageConnect, err)
		}
		conn = tc // go-mail's smtp sees a *tls.Conn and knows it is encrypted
	}
	c, err := smtp.NewClient(conn, s.cfg.Host) // reads the 220 greeting
	if err != nil {
		return fail(StageConnect, err)
	}
	if err := c.Hello(s.helo); err != nil {
		return fail(StageHello, err)
	}
	if err := s.startTLS(c); err != nil {
		return fail(StageStartTLS, err)
	}
	if err := s.auth(c); err != nil {
		return fail(StageAuth, err)
	}

	if err := c.Mail(env.from); err != nil {
		return fail(StageMail, err)
	}
	var rcptErr *SendError
	for _, to := range env.to {
		if err := c.Rcpt(to); err != nil {
			rcptErr = worse(rcptErr, fail(StageRcpt, err))
		}
	}
	if rcptErr != nil {
		_ = c.Reset() // all or none: do not send to the recipients that were accepted
		return rcptErr
	}
	w, err := c.Data()
	if err != nil {
		return fail(StageData, err)
	}
	if _, err := w.Write(raw); err != nil {
		return fail(StageData, err)
	}
	if err := w.Close(); err != nil { // the server's verdict on the message
		return fail(StageData, err)
	}
	// Delivered. A failing QUIT changes nothing about that.
	_ = c.Quit()
	return nil
}

var errNoStartTLS = errors.New("server does not offer STARTTLS and the TLS policy requires it")

func (s *Sender) startTLS(c *smtp.Client) error {
	switch s.cfg.TLS {
	case TLSStartTLS, TLSOpportunistic:
		if ok, _ := c.Extension("STARTTLS"); !ok {
			if s.cfg.TLS == TLSStartTLS {
				return errNoStartTLS
			}
			return nil
		}
		return c.StartTLS(s.tls)
	}
	return nil
}

var errNoAuth = errors.New("credentials configured but the server offers neither AUTH PLAIN nor AUTH LOGIN")

// auth authenticates with PLAIN, or LOGIN if the server offers only that.
// go-mail's mechanisms refuse (smtp.ErrUnencrypted) to send credentials over
// an unencrypted connection unless the host is literally "localhost",
// "127.0.0.1" or "::1"; this package never turns that check off (go-mail's
// SMTPAuthPlainNoEnc/SMTPAuthLoginNoEnc would), so AUTH over plain text works
// against a local relay or test server only.
func (s *Sender) auth(c *smtp.Client) error {
	if s.cfg.Username == "" {
		return nil
	}
	ok, mechs := c.Extension("AUTH")
	if !ok {
		return errNoAuth
	}
	var a smtp.Auth
	switch {
	case hasWord(mechs, "PLAIN"):
		a = smtp.PlainAuth("", s.cfg.Username, s.cfg.Password, s.cfg.Host, false)
	case hasWord(mechs, "LOGIN"):
		a = smtp.LoginAuth(s.cfg.Username, s.cfg.Password, s.cfg.Host, false)
	default:
		return errNoAuth
	}
	return c.Auth(a)
}

func hasWord(list, word string) bool {
	for _, w := range strings.Fields(list) {
		if strings.EqualFold(w, word) {
			return true
		}
	}
	return false
}
