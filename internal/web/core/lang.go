package core

import (
	"fmt"
	"meldpunt/internal/term"
	"time"
)

// Lang is the language of a page: "nl" (the default) or "en".
type Lang string

const (
	LangNL Lang = "nl"
	LangEN Lang = "en"
)

func LangOf(s string) Lang {
	if s == string(LangEN) {
		return LangEN
	}
	return LangNL
}

// Code is the value of the html lang attribute.
func (l Lang) Code() string { return string(l) }

// Other is the other language.
func (l Lang) Other() Lang {
	if l == LangEN {
		return LangNL
	}
	return LangEN
}

// EN reports whether the page is in English.
func (l Lang) EN() bool { return l == LangEN }

// T returns the text with this key in the page's language.
func (l Lang) T(key string) string {
	t, ok := Texts[key]
	if !ok {
		return key
	}
	if l == LangEN {
		return t[1]
	}
	return t[0]
}

// Word returns the text of prefix.value, or that of prefix.other when the value has none.
func (l Lang) Word(prefix, value string) string {
	if _, ok := Texts[prefix+"."+value]; ok {
		return l.T(prefix + "." + value)
	}
	return l.T(prefix + ".other")
}

// URL returns the address of a page in this language: English pages carry ?lang=en.
func (l Lang) URL(p string) string {
	if l == LangEN {
		return p + "?lang=en"
	}
	return p
}

var MonthsNL = []string{"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
	"september", "oktober", "november", "december"}

// Date writes a date (YYYY-MM-DD) as people read it: "3 maart 2026", "3 March 2026".
func (l Lang) Date(s string) string {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return s
	}
	return l.CalendarDay(d)
}

// Day writes the local date (Europe/Amsterdam) of an instant.
func (l Lang) Day(t time.Time) string { return l.CalendarDay(t.In(term.Amsterdam())) }

// CalendarDay writes a calendar day as people read it, in the zone it is given in.
func (l Lang) CalendarDay(d time.Time) string {
	if l == LangEN {
		return d.Format("2 January 2006")
	}
	return fmt.Sprintf("%d %s %d", d.Day(), MonthsNL[d.Month()-1], d.Year())
}

// AddTexts adds the texts of a group of pages (kept beside their handlers) to texts; a key defined
// twice is a programming error.
func AddTexts(more map[string][2]string) {
	for k, v := range more {
		if _, dup := Texts[k]; dup {
			panic("page text defined twice: " + k)
		}
		Texts[k] = v
	}
}

// Texts holds every text of the pages by key, in Dutch and English; each group of pages adds its own
// (addTexts).
var Texts = map[string][2]string{}
