package web

import (
	"fmt"
	"meldpunt/internal/term"
	"time"
)

// lang is the language of a page: "nl" (the default) or "en".
type lang string

const (
	langNL lang = "nl"
	langEN lang = "en"
)

func langOf(s string) lang {
	if s == string(langEN) {
		return langEN
	}
	return langNL
}

// Code is the value of the html lang attribute.
func (l lang) Code() string { return string(l) }

// Other is the other language.
func (l lang) Other() lang {
	if l == langEN {
		return langNL
	}
	return langEN
}

// EN reports whether the page is in English.
func (l lang) EN() bool { return l == langEN }

// T returns the text with this key in the page's language.
func (l lang) T(key string) string {
	t, ok := texts[key]
	if !ok {
		return key
	}
	if l == langEN {
		return t[1]
	}
	return t[0]
}

// word returns the text of prefix.value, or that of prefix.other when the value has none.
func (l lang) word(prefix, value string) string {
	if _, ok := texts[prefix+"."+value]; ok {
		return l.T(prefix + "." + value)
	}
	return l.T(prefix + ".other")
}

// URL returns the address of a page in this language: English pages carry ?lang=en.
func (l lang) URL(p string) string {
	if l == langEN {
		return p + "?lang=en"
	}
	return p
}

var monthsNL = []string{"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
	"september", "oktober", "november", "december"}

// Date writes a date (YYYY-MM-DD) as people read it: "3 maart 2026", "3 March 2026".
func (l lang) Date(s string) string {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return s
	}
	return l.day(d)
}

// Day writes the local date (Europe/Amsterdam) of an instant.
func (l lang) Day(t time.Time) string { return l.day(t.In(term.Amsterdam())) }

func (l lang) day(d time.Time) string {
	if l == langEN {
		return d.Format("2 January 2006")
	}
	return fmt.Sprintf("%d %s %d", d.Day(), monthsNL[d.Month()-1], d.Year())
}

// addTexts adds the texts of a group of pages (kept beside their handlers) to texts; a key defined
// twice is a programming error.
func addTexts(more map[string][2]string) {
	for k, v := range more {
		if _, dup := texts[k]; dup {
			panic("page text defined twice: " + k)
		}
		texts[k] = v
	}
}

// texts holds every text of the pages by key, in Dutch and English; each group of pages adds its own
// (addTexts).
var texts = map[string][2]string{}
