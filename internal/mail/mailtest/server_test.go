package mailtest_test

import (
	"bytes"
	"crypto/tls"
	"errors"
	"net"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"meldpunt/internal/mail/mailtest"
)

// These tests talk to the server with go-smtp's client, independent of the
// mail package whose tests rely on this server.

const rawMessage = "From: Meldpunt <meldpunt@gemeente.example>\r\n" +
	"To: <jan@example.nl>\r\n" +
	"Subject: =?UTF-8?q?Uitspraak_over_uw_klacht_=E2=80=94_cli=C3=ABnt?=\r\n" +
	"Message-ID: <notice-7@gemeente.example>\r\n" +
	"\r\n" +
	".a line that starts with a dot\r\n" +
	"tot ziens\r\n"

// send holds one conversation: optional AUTH, MAIL, RCPT, DATA, QUIT.
func send(t *testing.T, c *smtp.Client, auth sasl.Client, to ...string) error {
	t.Helper()
	defer c.Close()
	if auth != nil {
		if err := c.Auth(auth); err != nil {
			return err
		}
	}
	if len(to) == 0 {
		to = []string{"jan@example.nl"}
	}
	if err := c.SendMail("meldpunt@gemeente.example", to, strings.NewReader(rawMessage)); err != nil {
		return err
	}
	return c.Quit()
}

func dial(t *testing.T, srv *mailtest.Server) *smtp.Client {
	t.Helper()
	c, err := smtp.Dial(srv.Addr)
	if err != nil {
		t.Fatalf("dial %s: %v", srv.Addr, err)
	}
	return c
}

func replyCode(err error) int {
	var se *smtp.SMTPError
	if errors.As(err, &se) {
		return se.Code
	}
	return 0
}

func TestServerRecordsWhatArrives(t *testing.T) {
	srv := mailtest.NewServer(t)
	if srv.Host != "127.0.0.1" || srv.Addr != net.JoinHostPort("127.0.0.1", strconv.Itoa(srv.Port)) {
		t.Fatalf("Host %q Port %d Addr %q disagree", srv.Host, srv.Port, srv.Addr)
	}
	if err := send(t, dial(t, srv), nil, "jan@example.nl", "piet@example.nl"); err != nil {
		t.Fatalf("send: %v", err)
	}
	got := srv.Messages()
	if len(got) != 1 {
		t.Fatalf("got %d messages, want 1", len(got))
	}
	m := got[0]
	if m.From != "meldpunt@gemeente.example" || strings.Join(m.To, ",") != "jan@example.nl,piet@example.nl" {
		t.Errorf("envelope = %q → %q", m.From, m.To)
	}
	if m.MessageID != "<notice-7@gemeente.example>" {
		t.Errorf("MessageID = %q", m.MessageID)
	}
	if m.Subject != "Uitspraak over uw klacht — cliënt" {
		t.Errorf("Subject = %q, want it decoded", m.Subject)
	}
	if m.User != "" {
		t.Errorf("User = %q without AUTH", m.User)
	}
	if string(m.Raw) != rawMessage {
		t.Errorf("Raw differs from what was sent (dot-stuffing or line ends?):\n got %q\nwant %q", m.Raw, rawMessage)
	}

	// Messages returns a copy.
	got[0].Raw[0] = 'X'
	got[0].To[0] = "changed"
	if again := srv.Messages(); again[0].Raw[0] != 'F' || again[0].To[0] != "jan@example.nl" {
		t.Error("changing the result of Messages changed the server's record")
	}
}

func TestServerFailNextAnswersWithCodeThenRecovers(t *testing.T) {
	srv := mailtest.NewServer(t)
	srv.FailNext(2, 451)
	for i := range 2 {
		if err := send(t, dial(t, srv), nil); replyCode(err) != 451 {
			t.Fatalf("attempt %d: err = %v, want a 451 reply", i+1, err)
		}
	}
	if err := send(t, dial(t, srv), nil); err != nil {
		t.Fatalf("third attempt: %v", err)
	}
	if n := len(srv.Messages()); n != 1 {
		t.Errorf("stored %d messages, want only the accepted one", n)
	}

	srv.FailNext(1, 550)
	if err := send(t, dial(t, srv), nil); replyCode(err) != 550 {
		t.Fatalf("err = %v, want a 550 reply", err)
	}
	if n := len(srv.Messages()); n != 1 {
		t.Errorf("stored %d messages after a refusal, want 1", n)
	}
}

func TestServerFailNextRcptRefusesEveryRecipientOfOneTransaction(t *testing.T) {
	srv := mailtest.NewServer(t)
	srv.FailNextRcpt(1, 550)
	c := dial(t, srv)
	defer c.Close()
	if err := c.Mail("meldpunt@gemeente.example", nil); err != nil {
		t.Fatal(err)
	}
	for _, to := range []string{"a@example.nl", "b@example.nl"} {
		if err := c.Rcpt(to, nil); replyCode(err) != 550 {
			t.Fatalf("RCPT %s: err = %v, want 550", to, err)
		}
	}
	if err := c.Reset(); err != nil {
		t.Fatal(err)
	}
	// The next transaction, even on the same connection, is accepted.
	if err := c.SendMail("meldpunt@gemeente.example", []string{"a@example.nl"}, strings.NewReader(rawMessage)); err != nil {
		t.Fatalf("next transaction: %v", err)
	}
	if n := len(srv.Messages()); n != 1 {
		t.Errorf("stored %d messages, want 1", n)
	}
}

func TestServerStopRefusesConnectionsAndStartResumesOnSamePort(t *testing.T) {
	srv := mailtest.NewServer(t)
	if err := send(t, dial(t, srv), nil); err != nil {
		t.Fatal(err)
	}
	open := dial(t, srv) // a connection that is open when the server goes down
	defer open.Close()
	if err := open.Hello("client.example"); err != nil {
		t.Fatal(err)
	}
	addr := srv.Addr

	srv.Stop()
	srv.Stop() // harmless
	if _, err := net.Dial("tcp", addr); !errors.Is(err, syscall.ECONNREFUSED) {
		t.Fatalf("dial while stopped: err = %v, want connection refused", err)
	}
	if err := open.Mail("meldpunt@gemeente.example", nil); err == nil {
		t.Fatal("a connection open before Stop still works after it")
	}

	srv.Start()
	srv.Start() // harmless
	if srv.Addr != addr {
		t.Fatalf("Addr after Start = %s, want %s", srv.Addr, addr)
	}
	if err := send(t, dial(t, srv), nil); err != nil {
		t.Fatalf("send after Start: %v", err)
	}
	if n := len(srv.Messages()); n != 2 {
		t.Errorf("%d messages after restart, want 2 (kept across Stop/Start)", n)
	}
}

func TestServerWithAuth(t *testing.T) {
	srv := mailtest.NewServer(t, mailtest.WithAuth("meldpunt", "geheim"))

	t.Run("refuses mail before authentication", func(t *testing.T) {
		if err := send(t, dial(t, srv), nil); replyCode(err) != 530 {
			t.Fatalf("err = %v, want 530", err)
		}
	})
	t.Run("refuses a wrong password", func(t *testing.T) {
		if err := send(t, dial(t, srv), sasl.NewPlainClient("", "meldpunt", "fout")); replyCode(err) != 535 {
			t.Fatalf("err = %v, want 535", err)
		}
	})
	t.Run("accepts the right password and records the user", func(t *testing.T) {
		if err := send(t, dial(t, srv), sasl.NewPlainClient("", "meldpunt", "geheim")); err != nil {
			t.Fatal(err)
		}
		got := srv.Messages()
		if len(got) != 1 || got[0].User != "meldpunt" {
			t.Fatalf("messages = %+v, want one from user meldpunt", got)
		}
	})
}

func TestServerWithTLS(t *testing.T) {
	t.Run("STARTTLS with a certificate the client trusts", func(t *testing.T) {
		srv := mailtest.NewServer(t, mailtest.WithSTARTTLS())
		c, err := smtp.DialStartTLS(srv.Addr, &tls.Config{RootCAs: srv.CertPool(), ServerName: srv.Host})
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := c.TLSConnectionState(); !ok {
			t.Fatal("connection not encrypted after STARTTLS")
		}
		if err := send(t, c, nil); err != nil {
			t.Fatal(err)
		}
		if n := len(srv.Messages()); n != 1 {
			t.Errorf("%d messages, want 1", n)
		}
	})
	t.Run("implicit TLS", func(t *testing.T) {
		srv := mailtest.NewServer(t, mailtest.WithImplicitTLS())
		c, err := smtp.DialTLS(srv.Addr, &tls.Config{RootCAs: srv.CertPool(), ServerName: srv.Host})
		if err != nil {
			t.Fatal(err)
		}
		if err := send(t, c, nil); err != nil {
			t.Fatal(err)
		}
		if n := len(srv.Messages()); n != 1 {
			t.Errorf("%d messages, want 1", n)
		}
	})
	t.Run("a client without the pool rejects the certificate", func(t *testing.T) {
		srv := mailtest.NewServer(t, mailtest.WithImplicitTLS())
		_, err := smtp.DialTLS(srv.Addr, &tls.Config{ServerName: srv.Host})
		var verr *tls.CertificateVerificationError
		if !errors.As(err, &verr) {
			t.Fatalf("err = %v, want a certificate verification error", err)
		}
	})
}

func TestServerWithHostListensThere(t *testing.T) {
	srv := mailtest.NewServer(t, mailtest.WithHost("127.0.0.2"))
	if !strings.HasPrefix(srv.Addr, "127.0.0.2:") || srv.Host != "127.0.0.2" {
		t.Fatalf("Addr %q Host %q, want 127.0.0.2", srv.Addr, srv.Host)
	}
	if err := send(t, dial(t, srv), nil); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(srv.Messages()[0].Raw, []byte(rawMessage)) {
		t.Error("message altered")
	}
}

func TestServerHangUpNext(t *testing.T) {
	t.Run("before the reply: stored, but the client sees a failure", func(t *testing.T) {
		srv := mailtest.NewServer(t)
		srv.HangUpNext(1, mailtest.BeforeReply)
		c := dial(t, srv)
		defer c.Close()
		err := c.SendMail("meldpunt@gemeente.example", []string{"jan@example.nl"}, strings.NewReader(rawMessage))
		if err == nil {
			t.Fatal("the client saw the message accepted")
		}
		if n := len(srv.Messages()); n != 1 {
			t.Fatalf("%d messages stored, want 1", n)
		}
		if err := send(t, dial(t, srv), nil); err != nil {
			t.Fatalf("the next message: %v", err)
		}
	})
	t.Run("after the reply: accepted, then QUIT fails", func(t *testing.T) {
		srv := mailtest.NewServer(t)
		srv.HangUpNext(1, mailtest.AfterReply)
		c := dial(t, srv)
		defer c.Close()
		if err := c.SendMail("meldpunt@gemeente.example", []string{"jan@example.nl"}, strings.NewReader(rawMessage)); err != nil {
			t.Fatalf("the message was not acknowledged: %v", err)
		}
		if err := c.Quit(); err == nil {
			t.Error("QUIT succeeded on a connection the server hung up")
		}
		if n := len(srv.Messages()); n != 1 {
			t.Fatalf("%d messages stored, want 1", n)
		}
		if err := send(t, dial(t, srv), nil); err != nil {
			t.Fatalf("the next message: %v", err)
		}
	})
}
