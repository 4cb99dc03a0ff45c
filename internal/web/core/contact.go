package core

import (
	"bytes"
	"html"
	"strings"
	"sync"

	"meldpunt/internal/config"
)

// configDefaults are the built-in defaults, worked out once: Contact runs for every rendered page,
// and config.Defaults parses every key each time. Read only.
var configDefaults = sync.OnceValue(config.Defaults)

// PhoneSlot stands in a text for the meldpunt's phone number: "Bel het meldpunt op {telefoon}." Every
// rendered page has its slots filled with the configured number (FillPhone, in the pages' render),
// and the API's texts too (CallUs), so a text that tells people to call always gives the number.
const PhoneSlot = "{telefoon}"

// FillPhone writes the phone number, HTML-escaped, over every PhoneSlot of a rendered page.
func FillPhone(page []byte, phone string) []byte {
	if !bytes.Contains(page, []byte(PhoneSlot)) {
		return page
	}
	return bytes.ReplaceAll(page, []byte(PhoneSlot), []byte(html.EscapeString(phone)))
}

// ContactDetails are the meldpunt's details as the contact page, the footer and the texts that say
// "call us" show them.
type ContactDetails struct {
	Name, Phone, Email, Street, Postal, City, Website string
	config.Contact
}

// Contact returns the meldpunt's contact details: the letterhead's phone, e-mail and postal address
// and the configured visiting address and opening hours; a detail the server was built without is
// the configuration's default, so no page ever says "call us" without a number.
func (s *Server) Contact() ContactDetails {
	lh, def := s.Cfg.Letterhead, configDefaults()
	or := func(v, d string) string {
		if v == "" {
			return d
		}
		return v
	}
	d := ContactDetails{Name: or(lh.Name, def.Letterhead.Name), Phone: or(lh.Phone, def.Letterhead.Phone),
		Email: or(lh.Email, def.Letterhead.Email), Website: or(lh.Website, def.Letterhead.Website), Contact: s.Cfg.Contact}
	if lh.Street == "" {
		d.Street, d.Postal, d.City = def.Letterhead.Street, def.Letterhead.Postal, def.Letterhead.City
	} else {
		d.Street, d.Postal, d.City = lh.Street, lh.Postal, lh.City
	}
	return d
}

// CallUs is the end of an API message that sends people to the phone, with the number.
func (s *Server) CallUs() string { return "call the meldpunt on " + s.Contact().Phone + "." }

// Tel is the phone number as a tel: link wants it: its digits and a leading +, without spaces.
func (d ContactDetails) Tel() string {
	var b strings.Builder
	for i, r := range d.Phone {
		if r >= '0' && r <= '9' || r == '+' && i == 0 {
			b.WriteRune(r)
		}
	}
	return b.String()
}
