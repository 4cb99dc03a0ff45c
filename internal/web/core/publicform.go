package core

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"meldpunt/internal/postgres"
)

// The public complaint form keeps simple bots out without JavaScript and without hurting people
// who type slowly or use assistive technology:
//
//   - a honeypot field (honeypotField) that people never see or reach: visually hidden, aria-hidden,
//     out of the tab order, autocomplete off, labelled "leave this field empty";
//   - a least fill time (MinFillTime, default 3 s) from the moment the form was handed out, which the
//     form carries as a timestamp signed with a key every replica shares (formTokenField). There is
//     no most: a form filled in over hours is accepted.
//
// A post that trips either is not stored and gets the form back, everything typed kept, with a
// neutral request to check it and send it again: a person who tripped it sends again, and the bot
// learns nothing clear.
const (
	FormTokenField = "form_token"
	HoneypotField  = "website"
	// defaultMinFillTime is the least time between handing out the form and posting it.
	defaultMinFillTime = 3 * time.Second
	// defaultIntakeWindow is the window of the intake limit when none is configured.
	defaultIntakeWindow = time.Hour
)

// SourceKey is the client address as the intake limit counts it: an IPv4 address as it is, an
// IPv6 address by its /64 (one household or one server gets a whole /64).
func SourceKey(ip string) string {
	addr := net.ParseIP(ip)
	if addr == nil {
		return ip
	}
	if v4 := addr.To4(); v4 != nil {
		return v4.String()
	}
	return (&net.IPNet{IP: addr.Mask(net.CIDRMask(64, 128)), Mask: net.CIDRMask(64, 128)}).String()
}

// IntakeLimit is the limit a complaint filed by this request is under: the client's address for a
// caller without an account, none for staff (who register complaints taken by phone or at the
// counter) or when no limit is configured.
func (s *Server) IntakeLimit(c *gin.Context, anonymous bool) postgres.IntakeLimit {
	if !anonymous || s.Cfg.IntakeLimit <= 0 {
		return postgres.IntakeLimit{}
	}
	window := s.Cfg.IntakeWindow
	if window <= 0 {
		window = defaultIntakeWindow
	}
	return postgres.IntakeLimit{Source: SourceKey(c.ClientIP()), Max: s.Cfg.IntakeLimit, Window: window}
}

// formKey is the key that signs the form's timestamp, read once from the database.
func (s *Server) formKey(ctx context.Context) ([]byte, error) {
	if k := s.formKeyCache.Load(); k != nil {
		return *k, nil
	}
	k, err := s.Store.FormKey(ctx)
	if err != nil {
		return nil, err
	}
	s.formKeyCache.Store(&k)
	return k, nil
}

// formToken is the signed timestamp of a form handed out at at: "unix-seconds.hmac".
func formToken(key []byte, at time.Time) string {
	ts := strconv.FormatInt(at.Unix(), 10)
	return ts + "." + formMAC(key, ts)
}

func formMAC(key []byte, ts string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("complaint-form:" + ts))
	return hex.EncodeToString(m.Sum(nil))
}

// formIssued reads a form token: when the form was handed out, and whether the token is genuine.
func formIssued(key []byte, token string) (time.Time, bool) {
	ts, mac, ok := strings.Cut(token, ".")
	if !ok || len(ts) > 20 || !hmac.Equal([]byte(mac), []byte(formMAC(key, ts))) {
		return time.Time{}, false
	}
	n, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return time.Time{}, false
	}
	return time.Unix(n, 0), true
}

// PageFormToken is the token for a form shown now: the posted one while it is genuine (so that
// the fill time runs on from the first showing), else a fresh one. Without the key (the database
// away) the form goes without; posting it then gets it back with a token.
func (s *Server) PageFormToken(ctx context.Context, posted string) string {
	key, err := s.formKey(ctx)
	if err != nil {
		return ""
	}
	if _, ok := formIssued(key, posted); ok {
		return posted
	}
	return formToken(key, s.Store.Now())
}

// LooksLikeBot reports whether a posted complaint form tripped the honeypot or came back faster
// than a person fills it in (or without a genuine timestamp). An error means the key could not be
// read.
func (s *Server) LooksLikeBot(ctx context.Context, form map[string][]string) (bool, error) {
	get := func(name string) string {
		if v := form[name]; len(v) > 0 {
			return v[0]
		}
		return ""
	}
	if strings.TrimSpace(get(HoneypotField)) != "" {
		return true, nil
	}
	key, err := s.formKey(ctx)
	if err != nil {
		return false, err
	}
	issued, ok := formIssued(key, get(FormTokenField))
	if !ok {
		return true, nil
	}
	least := s.Cfg.MinFillTime
	if least == 0 {
		least = defaultMinFillTime
	}
	return s.Store.Now().Sub(issued) < least, nil
}
