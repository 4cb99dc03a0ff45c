package core

import (
	"fmt"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"meldpunt/internal/i18n"
	"meldpunt/internal/term"

	"github.com/gin-gonic/gin"
)

// Lang is the language of a page: the code of a message catalogue (internal/i18n/locales): "nl"
// (the default), "en", "tr" or "ar". Dutch and English carry every text; the other languages only
// those of the public pages, so signed-in pages fold them to Dutch (StaffLangOf).
type Lang string

const (
	LangNL Lang = "nl"
	LangEN Lang = "en"
)

// LangOf returns the language with this code, Dutch for an unknown one (public pages).
func LangOf(code string) Lang {
	if Catalogue().Known(code) {
		return Lang(code)
	}
	return LangNL
}

// StaffLangOf returns the language with this code when its catalogue carries every text (Dutch,
// English), else Dutch: the pages behind sign-in exist in those only.
func StaffLangOf(code string) Lang {
	if c := Catalogue(); c.Known(code) && c.Language(code).Full {
		return Lang(code)
	}
	return LangNL
}

// ctxFullLanguages marks a request for a page in the full languages only (RequirePage, FullLanguages).
const ctxFullLanguages = "fulllanguages"

// FullLanguages marks the routes of pages that exist in Dutch and English only although they need
// no session (the password link, the second step of signing in): ?lang=tr gives Dutch there, and
// the language menu offers Dutch and English. RequirePage does the same for every signed-in page.
func FullLanguages(c *gin.Context) {
	c.Set(ctxFullLanguages, true)
	c.Next()
}

// OnlyFullLanguages reports whether the request's page exists in the full languages only.
func OnlyFullLanguages(c *gin.Context) bool { return c.GetBool(ctxFullLanguages) }

// LangFor returns the page language for a code the request asked for (?lang= or a hidden input):
// any known language on public pages, a full one on the others.
func LangFor(c *gin.Context, code string) Lang {
	if OnlyFullLanguages(c) {
		return StaffLangOf(code)
	}
	return LangOf(code)
}

// PageLang is the language of the page the request asks for with ?lang=.
func PageLang(c *gin.Context) Lang { return LangFor(c, c.Query("lang")) }

// Code is the value of the html lang attribute and of ?lang=.
func (l Lang) Code() string { return string(l) }

// Dir is the writing direction of the language, for the html dir attribute: "ltr" or "rtl".
func (l Lang) Dir() string { return Catalogue().Language(string(l)).Dir }

// EN reports whether the page is in English (letters, numbers and a few formats follow it; every
// other language gets the Dutch ones).
func (l Lang) EN() bool { return l == LangEN }

// T returns the text with this key in the page's language (in Dutch when the language lacks it; the
// key itself for a key no catalogue has, which TestPageTextsComplete refuses).
func (l Lang) T(key string) string {
	t, _ := Catalogue().Text(string(l), key)
	return t
}

// Has reports whether a text with this key exists (in Dutch, and so in every language).
func Has(key string) bool { return Catalogue().Has(i18n.Fallback, key) }

// F formats the text with this key with args (fmt verbs). In a right-to-left language every string
// argument is isolated (U+2068 … U+2069), so a Latin name, reference or address keeps its order.
func (l Lang) F(key string, args ...any) string {
	if l.Dir() == "rtl" {
		for i, a := range args {
			if s, ok := a.(string); ok {
				args[i] = "\u2068" + s + "\u2069"
			}
		}
	}
	return fmt.Sprintf(l.T(key), args...)
}

// Word returns the text of prefix.value, or that of prefix.other when the value has none.
func (l Lang) Word(prefix, value string) string {
	if Has(prefix + "." + value) {
		return l.T(prefix + "." + value)
	}
	return l.T(prefix + ".other")
}

// URL returns the address of a page in this language: every language but Dutch carries ?lang=.
func (l Lang) URL(p string) string {
	if l == LangNL || l == "" {
		return p
	}
	sep := "?"
	if strings.Contains(p, "?") {
		sep = "&"
	}
	return p + sep + "lang=" + string(l)
}

// LangLink is one entry of the language menu: a language, named in itself, and this page in it.
type LangLink struct {
	Code, Name, Dir, URL string
	Current              bool
}

// Menu returns the language menu of the page at path with query (without lang; nil for none): every
// language, or the full ones only when full is set, each linking to this page in that language.
func (l Lang) Menu(path string, query url.Values, full bool) []LangLink {
	var links []LangLink
	for _, lg := range Catalogue().Languages() {
		if full && !lg.Full {
			continue
		}
		q := url.Values{}
		for k, v := range query {
			if k != "lang" {
				q[k] = v
			}
		}
		if lg.Code != string(LangNL) {
			q.Set("lang", lg.Code)
		}
		u := path
		if len(q) > 0 {
			u += "?" + q.Encode()
		}
		links = append(links, LangLink{Code: lg.Code, Name: lg.Name, Dir: lg.Dir, URL: u, Current: lg.Code == string(l)})
	}
	return links
}

// Date writes a date (YYYY-MM-DD) as people read it: "3 maart 2026", "3 March 2026", "3 Mart 2026".
func (l Lang) Date(s string) string {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return s
	}
	return l.CalendarDay(d)
}

// Day writes the local date (Europe/Amsterdam) of an instant.
func (l Lang) Day(t time.Time) string { return l.CalendarDay(t.In(term.Amsterdam())) }

// CalendarDay writes a calendar day as people read it (day, month's name, year), in the zone it is
// given in.
func (l Lang) CalendarDay(d time.Time) string {
	return fmt.Sprintf("%d %s %d", d.Day(), l.Month(int(d.Month())), d.Year())
}

// Month is the name of month m (1-12) in the page's language.
func (l Lang) Month(m int) string { return l.T(fmt.Sprint("month.", m)) }

// The catalogue of the pages is internal/i18n's embedded one plus the texts AddTexts added, built on
// first use (after every init has run) and never changed after.
var (
	moreMu    sync.Mutex
	more      = map[string][2]string{}
	catalogue atomic.Pointer[i18n.Catalogue]
)

// Catalogue returns the texts of the pages in every language. A broken catalogue, or a text in both a
// catalogue and a Go map, is a programming error: it panics (the tests load it first).
func Catalogue() *i18n.Catalogue {
	c, err := LoadTexts()
	if err != nil {
		panic(err)
	}
	return c
}

// LoadTexts builds the catalogue of the pages on first use (NewServer calls it, so that a broken
// catalogue stops the start instead of a page).
func LoadTexts() (*i18n.Catalogue, error) {
	if c := catalogue.Load(); c != nil {
		return c, nil
	}
	moreMu.Lock()
	defer moreMu.Unlock()
	if c := catalogue.Load(); c != nil {
		return c, nil
	}
	c, err := i18n.Embedded()
	if err == nil {
		c, err = c.WithTexts(more)
	}
	if err != nil {
		return nil, fmt.Errorf("page texts: %w", err)
	}
	catalogue.Store(c)
	return c, nil
}

// AddTexts is the transitional door for page texts still written as a Go map ({Dutch, English} by
// key, in a package's init): it adds them to the Dutch and English catalogues when the pages start.
// The catalogues (internal/i18n/locales/*.toml) are the place of page texts; move a map there with
//
//	go run ./internal/i18n/cmd/textmaps internal/web/pages/x_text.go
//
// which appends its texts to nl.toml and en.toml and removes the map (the file when nothing else is
// left). A public text added here and not yet translated shows in Dutch on Turkish and Arabic pages,
// and TestPageTextsInEveryLanguage fails on it. A key defined twice, or after the catalogue was first used, is a programming error.
func AddTexts(texts map[string][2]string) {
	moreMu.Lock()
	defer moreMu.Unlock()
	if catalogue.Load() != nil {
		panic("page texts added after the catalogue was first used")
	}
	for k, v := range texts {
		if _, dup := more[k]; dup {
			panic("page text defined twice: " + k)
		}
		more[k] = v
	}
}
