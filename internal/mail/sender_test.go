package mail

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net"
	netmail "net/mail"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/wneessen/go-mail/smtp"

	"meldpunt/internal/mail/mailtest"
)

const (
	testFrom    = "Meldpunt Sociaal Domein <meldpunt@gemeente.example>"
	testSubject = "Uitspraak over uw klacht — cliënt"
	// testText has diacritics, €, a line longer than 76 bytes (quoted-printable
	// soft breaks), a line starting with a dot (SMTP dot-stuffing), a line
	// starting with "From " and trailing white space.
	testText = "Beste cliënt,\n\n" +
		"De commissie heeft uw klacht over de coördinatie van zorg behandeld. Hierbij ontvangt u de uitspraak als bijlage; de vergoeding bedraagt € 150,–.\n" +
		".Deze regel begint met een punt.\n" +
		"From here on: Engelse regel.  \n" +
		"\n" +
		"Met vriendelijke groet,\nMeldpunt Sociaal Domein\n"
)

// testPDF is binary, with the byte sequences SMTP treats specially.
var testPDF = func() []byte {
	b := []byte("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	for i := range 256 {
		b = append(b, byte(i))
	}
	b = append(b, "\r\n.\r\n\n.\n%%EOF\n"...)
	return b
}()

var testNow = time.Date(2026, 3, 14, 9, 30, 0, 0, time.FixedZone("CET", 3600))

// newSender returns a Sender for srv with TLS policy "none", a fixed clock,
// and cfg changed by edit.
func newSender(t *testing.T, srv *mailtest.Server, edit func(*Config)) *Sender {
	t.Helper()
	cfg := Config{Host: srv.Host, Port: srv.Port, From: testFrom, TLS: TLSNone, Timeout: 5 * time.Second, HeloName: "meldpunt.test"}
	if edit != nil {
		edit(&cfg)
	}
	s, err := NewSender(cfg)
	if err != nil {
		t.Fatalf("NewSender: %v", err)
	}
	s.now = func() time.Time { return testNow }
	if pool := srv.CertPool(); pool != nil {
		s.tls.RootCAs = pool
	}
	return s
}

func notice(id string) Message {
	return Message{
		ID:          id,
		To:          []string{"Jan de Vries <jan@example.nl>"},
		Subject:     testSubject,
		Text:        testText,
		Attachments: []Attachment{{Name: "uitspraak.pdf", ContentType: "application/pdf", Data: testPDF}},
	}
}

func sendErr(t *testing.T, err error) *SendError {
	t.Helper()
	var se *SendError
	if !errors.As(err, &se) {
		t.Fatalf("err = %v (%T), want a *SendError", err, err)
	}
	return se
}

func TestSendDeliversNoticeWithPDF(t *testing.T) {
	srv := mailtest.NewServer(t)
	s := newSender(t, srv, nil)
	if err := s.Send(context.Background(), notice("notice-123")); err != nil {
		t.Fatalf("Send: %v", err)
	}
	got := srv.Messages()
	if len(got) != 1 {
		t.Fatalf("server has %d messages, want 1", len(got))
	}
	rcv := got[0]
	if rcv.From != "meldpunt@gemeente.example" || len(rcv.To) != 1 || rcv.To[0] != "jan@example.nl" {
		t.Errorf("envelope = %q → %q, want bare addresses", rcv.From, rcv.To)
	}
	if rcv.MessageID != "<notice-123@gemeente.example>" {
		t.Errorf("Message-ID = %q, want <notice-123@gemeente.example>", rcv.MessageID)
	}

	msg, err := netmail.ReadMessage(bytes.NewReader(rcv.Raw))
	if err != nil {
		t.Fatalf("parse received message: %v", err)
	}
	h := msg.Header
	from, err := h.AddressList("From")
	if err != nil || len(from) != 1 || from[0].Name != "Meldpunt Sociaal Domein" || from[0].Address != "meldpunt@gemeente.example" {
		t.Errorf("From = %v (%v)", from, err)
	}
	to, err := h.AddressList("To")
	if err != nil || len(to) != 1 || to[0].Name != "Jan de Vries" || to[0].Address != "jan@example.nl" {
		t.Errorf("To = %v (%v)", to, err)
	}
	rawSubject := h.Get("Subject")
	if !isASCII(rawSubject) {
		t.Errorf("Subject header is not MIME-encoded: %q", rawSubject)
	}
	if subj, err := new(mime.WordDecoder).DecodeHeader(rawSubject); err != nil || subj != testSubject {
		t.Errorf("Subject decodes to %q (%v), want %q", subj, err, testSubject)
	}
	if date, err := h.Date(); err != nil || !date.Equal(testNow) {
		t.Errorf("Date = %v (%v), want %v", date, err, testNow)
	}
	if v := h.Get(HeaderNotice); v != "notice-123" {
		t.Errorf("%s = %q", HeaderNotice, v)
	}
	if v := h.Get("Auto-Submitted"); v != "auto-generated" {
		t.Errorf("Auto-Submitted = %q", v)
	}

	mediaType, params, err := mime.ParseMediaType(h.Get("Content-Type"))
	if err != nil || mediaType != "multipart/mixed" {
		t.Fatalf("Content-Type = %q (%v), want multipart/mixed", h.Get("Content-Type"), err)
	}
	mr := multipart.NewReader(msg.Body, params["boundary"])

	body, err := mr.NextPart() // multipart decodes quoted-printable itself
	if err != nil {
		t.Fatalf("text part: %v", err)
	}
	if ct, p, _ := mime.ParseMediaType(body.Header.Get("Content-Type")); ct != "text/plain" || !strings.EqualFold(p["charset"], "utf-8") {
		t.Errorf("body Content-Type = %q, want text/plain; charset=UTF-8", body.Header.Get("Content-Type"))
	}
	text, err := io.ReadAll(body)
	if err != nil {
		t.Fatalf("read text part: %v", err)
	}
	if got := strings.ReplaceAll(string(text), "\r\n", "\n"); got != testText {
		t.Errorf("body text differs:\n got %q\nwant %q", got, testText)
	}

	att, err := mr.NextPart()
	if err != nil {
		t.Fatalf("attachment part: %v", err)
	}
	if ct, _, _ := mime.ParseMediaType(att.Header.Get("Content-Type")); ct != "application/pdf" {
		t.Errorf("attachment Content-Type = %q", att.Header.Get("Content-Type"))
	}
	if att.FileName() != "uitspraak.pdf" {
		t.Errorf("attachment file name = %q", att.FileName())
	}
	if cd, _, _ := mime.ParseMediaType(att.Header.Get("Content-Disposition")); cd != "attachment" {
		t.Errorf("Content-Disposition = %q", att.Header.Get("Content-Disposition"))
	}
	if cte := att.Header.Get("Content-Transfer-Encoding"); !strings.EqualFold(cte, "base64") {
		t.Errorf("attachment Content-Transfer-Encoding = %q, want base64", cte)
	}
	pdf, err := io.ReadAll(base64.NewDecoder(base64.StdEncoding, att))
	if err != nil {
		t.Fatalf("decode attachment: %v", err)
	}
	if !bytes.Equal(pdf, testPDF) {
		t.Errorf("attachment bytes differ: got %d bytes, want %d", len(pdf), len(testPDF))
	}
	if _, err := mr.NextPart(); err != io.EOF {
		t.Errorf("after the attachment: %v, want no more parts", err)
	}
}

func TestSendWithoutAttachmentIsPlainText(t *testing.T) {
	srv := mailtest.NewServer(t)
	m := notice("notice-9")
	m.Attachments = nil
	if err := newSender(t, srv, nil).Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	msg, err := netmail.ReadMessage(bytes.NewReader(srv.Messages()[0].Raw))
	if err != nil {
		t.Fatal(err)
	}
	if ct, p, _ := mime.ParseMediaType(msg.Header.Get("Content-Type")); ct != "text/plain" || !strings.EqualFold(p["charset"], "utf-8") {
		t.Errorf("Content-Type = %q", msg.Header.Get("Content-Type"))
	}
}

func TestSendSameIDGivesSameMessageID(t *testing.T) {
	srv := mailtest.NewServer(t)
	s := newSender(t, srv, nil)
	for range 2 {
		if err := s.Send(context.Background(), notice("notice-123")); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Send(context.Background(), notice("notice-124")); err != nil {
		t.Fatal(err)
	}
	got := srv.Messages()
	if len(got) != 3 {
		t.Fatalf("%d messages, want 3", len(got))
	}
	if got[0].MessageID != got[1].MessageID || got[0].MessageID != s.MessageID("notice-123") {
		t.Errorf("retries got Message-IDs %q and %q, want both %q", got[0].MessageID, got[1].MessageID, s.MessageID("notice-123"))
	}
	if got[2].MessageID == got[0].MessageID {
		t.Errorf("another notice got the same Message-ID %q", got[2].MessageID)
	}
}

func TestSendClassifiesServerReplies(t *testing.T) {
	tests := []struct {
		name      string
		fail      func(*mailtest.Server)
		stage     Stage
		code      int
		temporary bool
	}{
		{"451 after the upload is temporary", func(s *mailtest.Server) { s.FailNext(1, 451) }, StageData, 451, true},
		{"452 after the upload is temporary", func(s *mailtest.Server) { s.FailNext(1, 452) }, StageData, 452, true},
		{"554 after the upload is permanent", func(s *mailtest.Server) { s.FailNext(1, 554) }, StageData, 554, false},
		{"450 to the recipient is temporary", func(s *mailtest.Server) { s.FailNextRcpt(1, 450) }, StageRcpt, 450, true},
		{"550 mailbox unavailable is permanent", func(s *mailtest.Server) { s.FailNextRcpt(1, 550) }, StageRcpt, 550, false},
		{"553 bad address is permanent", func(s *mailtest.Server) { s.FailNextRcpt(1, 553) }, StageRcpt, 553, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := mailtest.NewServer(t)
			s := newSender(t, srv, nil)
			tt.fail(srv)
			err := s.Send(context.Background(), notice("notice-1"))
			se := sendErr(t, err)
			if se.Stage != tt.stage || se.Code != tt.code || se.Temporary != tt.temporary || Temporary(err) != tt.temporary {
				t.Errorf("got stage %s code %d temporary %v (Temporary(err) %v), want %s %d %v",
					se.Stage, se.Code, se.Temporary, Temporary(err), tt.stage, tt.code, tt.temporary)
			}
			assertNoPersonalData(t, err)
			if n := len(srv.Messages()); n != 0 {
				t.Errorf("server stored %d messages after refusing", n)
			}
			// The retry goes through.
			if err := s.Send(context.Background(), notice("notice-1")); err != nil {
				t.Fatalf("retry: %v", err)
			}
			if n := len(srv.Messages()); n != 1 {
				t.Errorf("%d messages after the retry, want 1", n)
			}
		})
	}
}

// assertNoPersonalData checks that an error's text leaks neither recipient,
// subject nor body.
func assertNoPersonalData(t *testing.T, err error) {
	t.Helper()
	text := err.Error()
	for _, leak := range []string{"jan@example.nl", "Jan de Vries", "Uitspraak", "cliënt", "commissie"} {
		if strings.Contains(text, leak) {
			t.Errorf("error text %q contains %q", text, leak)
		}
	}
}

func TestSendServerDownIsTemporary(t *testing.T) {
	srv := mailtest.NewServer(t)
	s := newSender(t, srv, nil)
	srv.Stop()

	err := s.Send(context.Background(), notice("notice-5"))
	se := sendErr(t, err)
	if !Temporary(err) || se.Stage != StageConnect || se.Code != 0 {
		t.Errorf("got %+v, want a temporary connect failure without reply code", se)
	}
	if !errors.Is(err, syscall.ECONNREFUSED) {
		t.Errorf("err = %v, want it to wrap ECONNREFUSED", err)
	}

	srv.Start()
	if err := s.Send(context.Background(), notice("notice-5")); err != nil {
		t.Fatalf("after the server came back: %v", err)
	}
	if n := len(srv.Messages()); n != 1 {
		t.Errorf("%d messages, want exactly 1", n)
	}
}

// blackHole accepts connections and never says a word, like a server that
// hangs before its greeting.
func blackHole(t *testing.T) (host string, port int) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var conns []net.Conn
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		<-done
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	})
	a := ln.Addr().(*net.TCPAddr)
	return a.IP.String(), a.Port
}

func TestSendHonoursContextAndTimeout(t *testing.T) {
	host, port := blackHole(t)
	hanging := func(t *testing.T, timeout time.Duration) *Sender {
		s, err := NewSender(Config{Host: host, Port: port, From: testFrom, TLS: TLSNone, Timeout: timeout})
		if err != nil {
			t.Fatal(err)
		}
		return s
	}

	t.Run("an ended context sends nothing", func(t *testing.T) {
		srv := mailtest.NewServer(t)
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		err := newSender(t, srv, nil).Send(ctx, notice("notice-1"))
		if !errors.Is(err, context.Canceled) || !Temporary(err) {
			t.Errorf("err = %v, want temporary context.Canceled", err)
		}
		if n := len(srv.Messages()); n != 0 {
			t.Errorf("%d messages sent with a cancelled context", n)
		}
	})
	t.Run("a context deadline ends a hanging conversation", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), 150*time.Millisecond)
		defer cancel()
		start := time.Now()
		err := hanging(t, 10*time.Second).Send(ctx, notice("notice-1"))
		if !errors.Is(err, context.DeadlineExceeded) || !Temporary(err) {
			t.Errorf("err = %v, want temporary context.DeadlineExceeded", err)
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("Send took %s after a 150ms deadline", d)
		}
	})
	t.Run("cancelling mid-conversation ends it", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(150*time.Millisecond, cancel)
		start := time.Now()
		err := hanging(t, 10*time.Second).Send(ctx, notice("notice-1"))
		if !errors.Is(err, context.Canceled) || !Temporary(err) {
			t.Errorf("err = %v, want temporary context.Canceled", err)
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("Send took %s after cancel at 150ms", d)
		}
	})
	t.Run("Config.Timeout bounds a send", func(t *testing.T) {
		start := time.Now()
		err := hanging(t, 150*time.Millisecond).Send(context.Background(), notice("notice-1"))
		if !errors.Is(err, context.DeadlineExceeded) || !Temporary(err) {
			t.Errorf("err = %v, want temporary context.DeadlineExceeded", err)
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("Send took %s with a 150ms timeout", d)
		}
	})
}

func TestSendAuth(t *testing.T) {
	t.Run("AUTH PLAIN without TLS works against 127.0.0.1", func(t *testing.T) {
		srv := mailtest.NewServer(t, mailtest.WithAuth("meldpunt", "geheim"))
		s := newSender(t, srv, func(c *Config) { c.Username, c.Password = "meldpunt", "geheim" })
		if err := s.Send(context.Background(), notice("notice-1")); err != nil {
			t.Fatal(err)
		}
		if got := srv.Messages(); len(got) != 1 || got[0].User != "meldpunt" {
			t.Fatalf("messages = %+v, want one sent as meldpunt", got)
		}
	})
	t.Run("a wrong password is a temporary auth failure", func(t *testing.T) {
		srv := mailtest.NewServer(t, mailtest.WithAuth("meldpunt", "geheim"))
		s := newSender(t, srv, func(c *Config) { c.Username, c.Password = "meldpunt", "fout" })
		err := s.Send(context.Background(), notice("notice-1"))
		se := sendErr(t, err)
		if se.Stage != StageAuth || se.Code != 535 || !se.Temporary {
			t.Errorf("got %v, want temporary 535 at auth", err)
		}
		if strings.Contains(err.Error(), "fout") {
			t.Errorf("error text %q contains the password", err)
		}
	})
	t.Run("missing credentials: the server's 530 to MAIL FROM is permanent", func(t *testing.T) {
		srv := mailtest.NewServer(t, mailtest.WithAuth("meldpunt", "geheim"))
		err := newSender(t, srv, nil).Send(context.Background(), notice("notice-1"))
		if se := sendErr(t, err); se.Stage != StageMail || se.Code != 530 || se.Temporary {
			t.Errorf("got %v, want permanent 530 at mail", err)
		}
	})
	t.Run("credentials for a server without AUTH are refused before sending", func(t *testing.T) {
		srv := mailtest.NewServer(t)
		s := newSender(t, srv, func(c *Config) { c.Username, c.Password = "meldpunt", "geheim" })
		err := s.Send(context.Background(), notice("notice-1"))
		if se := sendErr(t, err); se.Stage != StageAuth || !se.Temporary || !errors.Is(err, errNoAuth) {
			t.Errorf("got %v, want temporary errNoAuth", err)
		}
		if n := len(srv.Messages()); n != 0 {
			t.Errorf("%d messages sent without the configured AUTH", n)
		}
	})
	t.Run("no credentials in plain text to a host that is not localhost", func(t *testing.T) {
		// Opportunistic TLS, server without STARTTLS: go-mail refuses to send
		// the password unencrypted to 127.0.0.2.
		srv := mailtest.NewServer(t, mailtest.WithHost("127.0.0.2"), mailtest.WithAuth("meldpunt", "geheim"))
		s := newSender(t, srv, func(c *Config) {
			c.TLS = TLSOpportunistic
			c.Username, c.Password = "meldpunt", "geheim"
		})
		err := s.Send(context.Background(), notice("notice-1"))
		if se := sendErr(t, err); se.Stage != StageAuth || !se.Temporary || !errors.Is(err, smtp.ErrUnencrypted) {
			t.Errorf("got %v, want temporary smtp.ErrUnencrypted at auth", err)
		}
		if n := len(srv.Messages()); n != 0 {
			t.Errorf("%d messages sent", n)
		}
	})
}

func TestSendTLSPolicies(t *testing.T) {
	t.Run("starttls refuses a server that does not offer it", func(t *testing.T) {
		srv := mailtest.NewServer(t)
		err := newSender(t, srv, func(c *Config) { c.TLS = TLSStartTLS }).Send(context.Background(), notice("notice-1"))
		if se := sendErr(t, err); se.Stage != StageStartTLS || !se.Temporary || !errors.Is(err, errNoStartTLS) {
			t.Errorf("got %v, want temporary errNoStartTLS", err)
		}
		if n := len(srv.Messages()); n != 0 {
			t.Errorf("%d messages sent in plain text under policy starttls", n)
		}
	})
	t.Run("starttls with a trusted certificate delivers, with AUTH", func(t *testing.T) {
		srv := mailtest.NewServer(t, mailtest.WithSTARTTLS(), mailtest.WithHost("127.0.0.2"), mailtest.WithAuth("meldpunt", "geheim"))
		s := newSender(t, srv, func(c *Config) {
			c.TLS = TLSStartTLS
			c.Username, c.Password = "meldpunt", "geheim"
		})
		if err := s.Send(context.Background(), notice("notice-1")); err != nil {
			t.Fatal(err)
		}
		if got := srv.Messages(); len(got) != 1 || got[0].User != "meldpunt" {
			t.Errorf("messages = %+v", got)
		}
	})
	t.Run("starttls with an untrusted certificate fails temporarily", func(t *testing.T) {
		srv := mailtest.NewServer(t, mailtest.WithSTARTTLS())
		s := newSender(t, srv, func(c *Config) { c.TLS = TLSStartTLS })
		s.tls.RootCAs = nil
		err := s.Send(context.Background(), notice("notice-1"))
		var verr *tls.CertificateVerificationError
		if se := sendErr(t, err); se.Stage != StageStartTLS || !se.Temporary || !errors.As(err, &verr) {
			t.Errorf("got %v, want a temporary certificate error at starttls", err)
		}
		if n := len(srv.Messages()); n != 0 {
			t.Errorf("%d messages sent over an unverified connection", n)
		}
	})
	t.Run("implicit tls delivers, with AUTH", func(t *testing.T) {
		srv := mailtest.NewServer(t, mailtest.WithImplicitTLS(), mailtest.WithHost("127.0.0.2"), mailtest.WithAuth("meldpunt", "geheim"))
		s := newSender(t, srv, func(c *Config) {
			c.TLS = TLSImplicit
			c.Username, c.Password = "meldpunt", "geheim"
		})
		if err := s.Send(context.Background(), notice("notice-1")); err != nil {
			t.Fatal(err)
		}
		if got := srv.Messages(); len(got) != 1 || got[0].User != "meldpunt" {
			t.Errorf("messages = %+v", got)
		}
	})
	t.Run("opportunistic sends in plain text when STARTTLS is not offered", func(t *testing.T) {
		srv := mailtest.NewServer(t)
		if err := newSender(t, srv, func(c *Config) { c.TLS = TLSOpportunistic }).Send(context.Background(), notice("notice-1")); err != nil {
			t.Fatal(err)
		}
		if n := len(srv.Messages()); n != 1 {
			t.Errorf("%d messages, want 1", n)
		}
	})
	t.Run("opportunistic uses STARTTLS when offered", func(t *testing.T) {
		srv := mailtest.NewServer(t, mailtest.WithSTARTTLS())
		s := newSender(t, srv, func(c *Config) { c.TLS = TLSOpportunistic })
		s.tls.RootCAs = nil // proves the upgrade happened: verification fails
		err := s.Send(context.Background(), notice("notice-1"))
		if se := sendErr(t, err); se.Stage != StageStartTLS {
			t.Errorf("got %v, want a failure at starttls", err)
		}
	})
}

func TestSendRefusesInvalidMessagesPermanently(t *testing.T) {
	srv := mailtest.NewServer(t)
	s := newSender(t, srv, nil)
	tests := []struct {
		name string
		edit func(*Message)
	}{
		{"empty id", func(m *Message) { m.ID = "" }},
		{"id with a space", func(m *Message) { m.ID = "notice 123" }},
		{"id with an at sign", func(m *Message) { m.ID = "notice-1@elders" }},
		{"id with two dots", func(m *Message) { m.ID = "notice..1" }},
		{"id with angle bracket", func(m *Message) { m.ID = "notice>1" }},
		{"no recipients", func(m *Message) { m.To = nil }},
		{"malformed recipient", func(m *Message) { m.To = []string{"jan@example.nl", "jan at example.nl"} }},
		{"empty subject", func(m *Message) { m.Subject = " " }},
		{"subject on two lines", func(m *Message) { m.Subject = "Uitspraak\r\nBcc: jan@example.nl" }},
		{"text not UTF-8", func(m *Message) { m.Text = "cli\xebnt" }},
		{"attachment without a name", func(m *Message) { m.Attachments[0].Name = "" }},
		{"attachment name with a path", func(m *Message) { m.Attachments[0].Name = "../uitspraak.pdf" }},
		{"attachment with a broken content type", func(m *Message) { m.Attachments[0].ContentType = "application/" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := notice("notice-1")
			tt.edit(&m)
			err := s.Send(context.Background(), m)
			se := sendErr(t, err)
			if se.Stage != StageCompose || se.Temporary || Temporary(err) {
				t.Errorf("got %v, want a permanent compose error", err)
			}
			assertNoPersonalData(t, err)
		})
	}
	if n := len(srv.Messages()); n != 0 {
		t.Errorf("%d invalid messages reached the server", n)
	}
}

func TestSendAttachmentContentTypeDefaultsFromName(t *testing.T) {
	srv := mailtest.NewServer(t)
	m := notice("notice-1")
	m.Attachments = []Attachment{{Name: "brief.PDF", Data: testPDF}, {Name: "gegevens.bin", Data: []byte{1, 2}}}
	if err := newSender(t, srv, nil).Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	raw := string(srv.Messages()[0].Raw)
	for _, want := range []string{"Content-Type: application/pdf", "Content-Type: application/octet-stream"} {
		if !strings.Contains(raw, want) {
			t.Errorf("message lacks %q", want)
		}
	}
}

func TestSenderIsSafeForConcurrentUse(t *testing.T) {
	srv := mailtest.NewServer(t)
	s := newSender(t, srv, nil)
	const n = 8
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Go(func() { errs <- s.Send(context.Background(), notice(fmt.Sprintf("notice-%d", i))) })
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	seen := map[string]bool{}
	for _, m := range srv.Messages() {
		seen[m.MessageID] = true
	}
	if len(seen) != n {
		t.Errorf("%d distinct messages arrived, want %d", len(seen), n)
	}
}

func isASCII(s string) bool {
	for i := range len(s) {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

func TestSendHangUps(t *testing.T) {
	t.Run("hang-up after the 250 reply still counts as delivered", func(t *testing.T) {
		srv := mailtest.NewServer(t)
		srv.HangUpNext(1, mailtest.AfterReply)
		if err := newSender(t, srv, nil).Send(context.Background(), notice("notice-1")); err != nil {
			t.Fatalf("Send = %v, want nil: the server accepted the message", err)
		}
		if n := len(srv.Messages()); n != 1 {
			t.Errorf("%d messages, want 1", n)
		}
	})
	t.Run("hang-up before the reply is temporary and the retry repeats the Message-ID", func(t *testing.T) {
		srv := mailtest.NewServer(t)
		s := newSender(t, srv, nil)
		srv.HangUpNext(1, mailtest.BeforeReply)
		err := s.Send(context.Background(), notice("notice-1"))
		if se := sendErr(t, err); se.Stage != StageData || !se.Temporary {
			t.Fatalf("got %v, want a temporary failure at data", err)
		}
		if err := s.Send(context.Background(), notice("notice-1")); err != nil {
			t.Fatalf("retry: %v", err)
		}
		got := srv.Messages()
		if len(got) != 2 || got[0].MessageID != got[1].MessageID {
			t.Fatalf("got %d messages %v, want 2 copies with one Message-ID for the receiver to deduplicate", len(got), got)
		}
	})
}
