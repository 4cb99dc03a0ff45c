// Package mailtest runs a real SMTP server in the test process, so that tests
// of code that sends e-mail hold a real SMTP conversation and can inspect
// what arrived.
//
// The server listens on 127.0.0.1 without TLS unless told otherwise, so a
// mail.Config for it is
//
//	mail.Config{Host: srv.Host, Port: srv.Port, TLS: "none", From: "…"}
//
// It can be told to refuse the next messages with a given reply code
// (FailNext, FailNextRcpt) and be stopped and started again on the same port
// (Stop, Start) to simulate an SMTP outage.
package mailtest

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"io"
	"log"
	"math/big"
	"mime"
	"net"
	"net/mail"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Received is one message the server accepted.
type Received struct {
	From      string   // envelope sender (MAIL FROM)
	To        []string // envelope recipients (RCPT TO)
	MessageID string   // Message-ID header as sent, angle brackets included
	Subject   string   // Subject header, MIME-decoded
	User      string   // SMTP AUTH user name, "" without AUTH
	Raw       []byte   // the message exactly as received, CRLF line ends
}

// Server is an SMTP server on 127.0.0.1 for one test. Its methods are safe
// for concurrent use; Start and Stop call t.Fatal on failure, so call them
// from the test's goroutine.
type Server struct {
	Addr string // "127.0.0.1:PORT"; the same after Stop and Start
	Host string // "127.0.0.1" unless WithHost
	Port int

	t    testing.TB
	opts options

	mu        sync.Mutex
	messages  []Received
	failData  failure
	failRcpt  failure
	hangUp    failure // code field holds a Moment
	gen       int     // incremented by Start and Stop; a session from an older generation stores nothing
	running   *running
	certPool  *x509.CertPool
	tlsConfig *tls.Config
}

type failure struct {
	n    int
	code int
}

type running struct {
	srv  *smtp.Server
	ln   *trackingListener
	done chan struct{}
}

type options struct {
	host           string
	user, password string
	startTLS       bool
	implicitTLS    bool
}

// Option configures a Server.
type Option func(*options)

// WithAuth makes the server offer AUTH PLAIN, accept only this user name and
// password, and refuse MAIL FROM (530) before a successful AUTH. The server
// allows AUTH without TLS (go-smtp's AllowInsecureAuth), which real servers
// must not do; clients such as go-mail still send credentials in plain text
// only to 127.0.0.1, ::1 or localhost.
func WithAuth(user, password string) Option {
	return func(o *options) { o.user, o.password = user, password }
}

// WithHost makes the server listen on another loopback address, such as
// 127.0.0.2: clients treat 127.0.0.1 and localhost specially (plain-text
// AUTH), other addresses not.
func WithHost(host string) Option {
	return func(o *options) { o.host = host }
}

// WithSTARTTLS makes the server offer STARTTLS with a self-signed certificate
// for 127.0.0.1; clients must trust CertPool.
func WithSTARTTLS() Option {
	return func(o *options) { o.startTLS = true }
}

// WithImplicitTLS makes the server speak TLS from the first byte ("SMTPS"),
// with a self-signed certificate for 127.0.0.1; clients must trust CertPool.
func WithImplicitTLS() Option {
	return func(o *options) { o.implicitTLS = true }
}

// NewServer starts a server on a free port of 127.0.0.1 and stops it when
// the test ends.
func NewServer(t testing.TB, opts ...Option) *Server {
	t.Helper()
	s := &Server{t: t, Host: "127.0.0.1"}
	for _, o := range opts {
		o(&s.opts)
	}
	if s.opts.host != "" {
		s.Host = s.opts.host
	}
	if s.opts.startTLS || s.opts.implicitTLS {
		cert, pool, err := selfSigned()
		if err != nil {
			t.Fatalf("mailtest: certificate: %v", err)
		}
		s.certPool = pool
		s.tlsConfig = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	}
	s.Start()
	t.Cleanup(s.Stop)
	return s
}

// CertPool holds the certificate of a server started WithSTARTTLS or
// WithImplicitTLS; nil otherwise.
func (s *Server) CertPool() *x509.CertPool { return s.certPool }

// Messages returns a copy of the messages accepted so far, oldest first. A
// message is in the list before the client has read the server's 250 reply,
// so once a send has returned without error, its message is here.
func (s *Server) Messages() []Received {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Received, len(s.messages))
	for i, m := range s.messages {
		m.To = append([]string(nil), m.To...)
		m.Raw = append([]byte(nil), m.Raw...)
		out[i] = m
	}
	return out
}

// FailNext makes the server answer the next n messages with code (e.g. 451,
// 452, 550, 554) after receiving their content, at the end of DATA, and not
// store them. It replaces an earlier FailNext that has not run out.
func (s *Server) FailNext(n int, code int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failData = failure{n: n, code: code}
}

// FailNextRcpt makes the server answer every RCPT TO of the next n mail
// transactions with code (e.g. 450, 550 mailbox unavailable, 553 bad
// address). It replaces an earlier FailNextRcpt that has not run out.
func (s *Server) FailNextRcpt(n int, code int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failRcpt = failure{n: n, code: code}
}

// Moment says when the server hangs up on a message (see HangUpNext).
type Moment int

const (
	// BeforeReply: the message is stored, then the connection is closed
	// before the server's 250 reply. The client cannot know that the message
	// arrived; a retry delivers it a second time, with the same Message-ID
	// if the client keeps it stable.
	BeforeReply Moment = iota + 1
	// AfterReply: the message is stored and acknowledged with 250, then the
	// connection is closed, so the client's QUIT fails. The message was
	// delivered; a client must not report it as failed.
	AfterReply
)

// HangUpNext makes the server hang up at the given moment on the next n
// messages that it would otherwise accept. It replaces an earlier
// HangUpNext that has not run out.
func (s *Server) HangUpNext(n int, when Moment) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.hangUp = failure{n: n, code: int(when)}
}

// Stop closes the listener and every open connection, as if the SMTP server
// went down: afterwards nothing listens on Addr and connecting is refused.
// A message whose upload was under way is not stored. Stop on a stopped
// server does nothing.
func (s *Server) Stop() {
	s.mu.Lock()
	r := s.running
	s.running = nil
	s.gen++
	s.mu.Unlock()
	if r == nil {
		return
	}
	r.ln.closeConns()
	_ = r.srv.Close()
	_ = r.ln.Close()
	<-r.done
}

// Start listens again on the same address after Stop (on a free port the
// first time). Start on a running server does nothing.
func (s *Server) Start() {
	s.t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.running != nil {
		return
	}
	addr := s.Addr
	if addr == "" {
		addr = net.JoinHostPort(s.Host, "0")
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		s.t.Fatalf("mailtest: listen on %s: %v", addr, err)
	}
	if s.Addr == "" { // written once, before NewServer returns, so reading needs no lock
		s.Addr = ln.Addr().String()
		s.Port = ln.Addr().(*net.TCPAddr).Port
	}
	s.gen++

	gen := s.gen
	tracked := &trackingListener{conns: make(map[*trackedConn]struct{})}
	srv := smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) {
		return &session{s: s, gen: gen, conn: tracked.find(c.Conn().RemoteAddr())}, nil
	}))
	srv.Domain = "mailtest.localhost"
	srv.AllowInsecureAuth = true
	srv.ReadTimeout = 30 * time.Second
	srv.WriteTimeout = 30 * time.Second
	srv.MaxMessageBytes = 64 << 20
	srv.MaxRecipients = 100
	srv.ErrorLog = log.New(io.Discard, "", 0)
	tracked.Listener = ln
	var l net.Listener = tracked
	switch {
	case s.opts.implicitTLS:
		l = tls.NewListener(tracked, s.tlsConfig)
	case s.opts.startTLS:
		srv.TLSConfig = s.tlsConfig
	}
	r := &running{srv: srv, ln: tracked, done: make(chan struct{})}
	go func() {
		defer close(r.done)
		_ = srv.Serve(l)
	}()
	s.running = r
}

// take consumes one failure from f, returning its code, or 0.
func (f *failure) take() int {
	if f.n <= 0 {
		return 0
	}
	f.n--
	return f.code
}

// session is one SMTP connection's state.
type session struct {
	s        *Server
	gen      int
	conn     *trackedConn // the TCP connection beneath any TLS
	user     string
	from     string
	to       []string
	rcptFail int // code to answer every RCPT of this transaction with; -1: decided, none
}

var errAuthRequired = &smtp.SMTPError{Code: 530, EnhancedCode: smtp.EnhancedCode{5, 7, 0}, Message: "Authentication required"}

func (ss *session) AuthMechanisms() []string {
	if ss.s.opts.user == "" {
		return nil
	}
	return []string{sasl.Plain}
}

func (ss *session) Auth(mech string) (sasl.Server, error) {
	if mech != sasl.Plain || ss.s.opts.user == "" {
		return nil, smtp.ErrAuthUnknownMechanism
	}
	return sasl.NewPlainServer(func(identity, username, password string) error {
		if identity != "" && identity != username {
			return smtp.ErrAuthFailed
		}
		if username != ss.s.opts.user || password != ss.s.opts.password {
			return smtp.ErrAuthFailed
		}
		ss.user = username
		return nil
	}), nil
}

func (ss *session) Mail(from string, _ *smtp.MailOptions) error {
	if ss.s.opts.user != "" && ss.user == "" {
		return errAuthRequired
	}
	ss.from = from
	return nil
}

func (ss *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	if ss.rcptFail == 0 {
		ss.s.mu.Lock()
		ss.rcptFail = ss.s.failRcpt.take()
		ss.s.mu.Unlock()
		if ss.rcptFail == 0 {
			ss.rcptFail = -1
		}
	}
	if ss.rcptFail > 0 {
		return reply(ss.rcptFail)
	}
	ss.to = append(ss.to, to)
	return nil
}

func (ss *session) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	got := Received{From: ss.from, To: append([]string(nil), ss.to...), User: ss.user, Raw: raw}
	if m, err := mail.ReadMessage(bytes.NewReader(raw)); err == nil {
		got.MessageID = m.Header.Get("Message-ID")
		got.Subject = m.Header.Get("Subject")
		if dec, err := new(mime.WordDecoder).DecodeHeader(got.Subject); err == nil {
			got.Subject = dec
		}
	}

	ss.s.mu.Lock()
	defer ss.s.mu.Unlock()
	if ss.gen != ss.s.gen {
		return reply(421) // stopped while this message was on its way
	}
	if code := ss.s.failData.take(); code != 0 {
		return reply(code)
	}
	ss.s.messages = append(ss.s.messages, got)
	if ss.conn == nil { // not tracked: accepted while stopping
		return nil
	}
	switch Moment(ss.s.hangUp.take()) {
	case BeforeReply:
		_ = ss.conn.Conn.Close()
	case AfterReply:
		ss.conn.closeAfterWrite.Store(true)
	}
	return nil
}

func (ss *session) Reset() {
	ss.from, ss.to, ss.rcptFail = "", nil, 0
}

func (ss *session) Logout() error { return nil }

// reply is an SMTP error reply with a conventional text for code.
func reply(code int) *smtp.SMTPError {
	text := map[int]string{
		421: "Service not available, closing transmission channel",
		450: "Mailbox unavailable",
		451: "Requested action aborted: local error in processing",
		452: "Insufficient system storage",
		550: "Mailbox unavailable",
		551: "User not local",
		552: "Exceeded storage allocation",
		553: "Mailbox name not allowed",
		554: "Transaction failed",
	}[code]
	if text == "" {
		text = "mailtest: failing as told (" + strconv.Itoa(code) + ")"
	}
	return &smtp.SMTPError{Code: code, EnhancedCode: smtp.EnhancedCodeNotSet, Message: text}
}

// trackingListener remembers the connections it accepted so that Stop can
// close them all, including one accepted a moment before the server closed.
type trackingListener struct {
	net.Listener
	mu     sync.Mutex
	closed bool
	conns  map[*trackedConn]struct{}
}

type trackedConn struct {
	net.Conn
	l               *trackingListener
	once            sync.Once
	closeAfterWrite atomic.Bool // hang up after the next write (a reply)
}

func (c *trackedConn) Write(p []byte) (int, error) {
	n, err := c.Conn.Write(p)
	if c.closeAfterWrite.Load() {
		_ = c.Conn.Close()
	}
	return n, err
}

// find returns the tracked connection with the given remote address.
func (l *trackingListener) find(remote net.Addr) *trackedConn {
	l.mu.Lock()
	defer l.mu.Unlock()
	for c := range l.conns {
		if c.RemoteAddr().String() == remote.String() {
			return c
		}
	}
	return nil
}

func (l *trackingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	tc := &trackedConn{Conn: c, l: l}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		_ = c.Close()
		return nil, net.ErrClosed
	}
	l.conns[tc] = struct{}{}
	return tc, nil
}

func (l *trackingListener) closeConns() {
	l.mu.Lock()
	l.closed = true
	conns := l.conns
	l.conns = nil
	l.mu.Unlock()
	for c := range conns {
		_ = c.Conn.Close()
	}
}

func (c *trackedConn) Close() error {
	c.once.Do(func() {
		c.l.mu.Lock()
		delete(c.l.conns, c)
		c.l.mu.Unlock()
	})
	return c.Conn.Close()
}

// selfSigned makes a short-lived certificate for 127.0.0.1, 127.0.0.2, ::1 and
// localhost, and a pool that trusts it.
func selfSigned() (tls.Certificate, *x509.CertPool, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "mailtest"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(24 * time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1), net.IPv4(127, 0, 0, 2), net.IPv6loopback},
		DNSNames:              []string{"localhost"},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	pool := x509.NewCertPool()
	pool.AddCert(leaf)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, pool, nil
}
