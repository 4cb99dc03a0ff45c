package mail

import (
	"bytes"
	"mime"
	"net/mail"
	"path"
	"strings"
	"time"
	"unicode/utf8"

	gomail "github.com/wneessen/go-mail"
)

// HeaderNotice carries Message.ID in every e-mail, for support and for
// matching bounces to notices.
const HeaderNotice = "X-Meldpunt-Notice"

// Message is one e-mail: a plain-text body with attachments.
type Message struct {
	// ID is the stable local part of the Message-ID, e.g. "notice-123"; the
	// header becomes "<notice-123@DOMAIN>" with DOMAIN the From address's
	// domain. It must stay the same for every attempt to send the same
	// notice: receivers drop a second copy with a Message-ID they have
	// already seen, which makes a retry after an unclear failure (the
	// connection dropped after the upload, before the server's reply) safe.
	// ASCII letters, digits and "-_+", dot-separated, at most 200 bytes.
	ID string
	// To holds the recipients, "addr@example.nl" or "Name <addr@example.nl>".
	// The message goes to all of them or to none.
	To []string
	// Subject is UTF-8 text on one line; it is MIME-encoded as needed.
	Subject string
	// Text is the UTF-8 plain-text body.
	Text string
	// Attachments follow the body, base64-encoded.
	Attachments []Attachment
}

// Attachment is a file attached to a Message.
type Attachment struct {
	// Name is the file name shown to the recipient, e.g. "uitspraak.pdf".
	// Prefer ASCII: go-mail writes other names RFC 2047-encoded inside the
	// quoted parameter (filename="=?UTF-8?q?...?="), which common mail
	// programs decode but standard parsers, Go's mime/multipart among them,
	// do not.
	Name string
	// ContentType defaults to the type for Name's extension
	// ("application/pdf" for ".pdf"), else "application/octet-stream".
	ContentType string
	Data        []byte
}

// MessageID returns the Message-ID header value, angle brackets included,
// that Send gives a message with this id: "<id@domain>" with domain the
// From address's domain, lower-cased.
func (s *Sender) MessageID(id string) string {
	return "<" + id + "@" + s.from.domain + ">"
}

// envelope is what the SMTP conversation needs besides the message text.
type envelope struct {
	from string
	to   []string
}

// compose checks m and renders it. Errors are permanent and never quote the
// message's contents or addresses.
func (s *Sender) compose(m Message, now time.Time) (envelope, []byte, *SendError) {
	if !isDotAtom(m.ID) {
		return envelope{}, nil, invalid("message id %q: want ASCII letters, digits and -_+ separated by single dots", m.ID)
	}
	if len(m.To) == 0 {
		return envelope{}, nil, invalid("message %s has no recipients", m.ID)
	}
	env := envelope{from: s.from.addr.Address}
	to := make([]*mail.Address, len(m.To))
	for i, r := range m.To {
		a, err := mail.ParseAddress(r)
		if err != nil {
			return envelope{}, nil, invalid("message %s: recipient %d of %d is not a valid address", m.ID, i+1, len(m.To))
		}
		to[i] = a
		env.to = append(env.to, a.Address)
	}
	switch {
	case strings.TrimSpace(m.Subject) == "":
		return envelope{}, nil, invalid("message %s has no subject", m.ID)
	case strings.ContainsAny(m.Subject, "\r\n"):
		return envelope{}, nil, invalid("message %s: subject spans more than one line", m.ID)
	case !utf8.ValidString(m.Subject) || !utf8.ValidString(m.Text):
		return envelope{}, nil, invalid("message %s: subject or text is not valid UTF-8", m.ID)
	}

	msg := gomail.NewMsg(gomail.WithNoDefaultUserAgent())
	msg.FromMailAddress(s.from.addr)
	msg.ToMailAddress(to...)
	msg.Subject(m.Subject)
	msg.SetMessageIDWithValue(m.ID + "@" + s.from.domain)
	msg.SetDateWithValue(now)
	msg.SetGenHeader(gomail.Header(HeaderNotice), m.ID)
	// RFC 3834: tells auto-responders (out-of-office) not to answer.
	msg.SetGenHeader(gomail.Header("Auto-Submitted"), "auto-generated")
	msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	for i, a := range m.Attachments {
		if a.Name == "" || strings.ContainsAny(a.Name, "\r\n/\\") {
			return envelope{}, nil, invalid("message %s: attachment %d has no usable file name", m.ID, i+1)
		}
		ct := a.ContentType
		if ct == "" {
			ct = mime.TypeByExtension(strings.ToLower(path.Ext(a.Name)))
		}
		if ct == "" {
			ct = "application/octet-stream"
		}
		if _, _, err := mime.ParseMediaType(ct); err != nil {
			return envelope{}, nil, invalid("message %s: attachment %d: content type %q: %w", m.ID, i+1, ct, err)
		}
		err := msg.AttachReader(a.Name, bytes.NewReader(a.Data),
			gomail.WithFileContentType(gomail.ContentType(ct)),
			gomail.WithFileEncoding(gomail.EncodingB64))
		if err != nil {
			return envelope{}, nil, invalid("message %s: attachment %d: %w", m.ID, i+1, err)
		}
	}

	var buf bytes.Buffer
	if _, err := msg.WriteTo(&buf); err != nil {
		return envelope{}, nil, invalid("message %s: render: %w", m.ID, err)
	}
	return env, buf.Bytes(), nil
}
