// Package i18n holds the texts of the pages: one message catalogue per language, in
// locales/<code>.toml, embedded in the binary and read with go-i18n. Adding a language is adding a
// file: its code is the file name, its name in itself and its writing direction are the messages
// "language.name" and "language.dir" ("ltr" or "rtl"). Dutch (nl) is the fallback: a text missing in
// a language is shown in Dutch. Dutch and English carry every text; other languages at least every
// text of the public pages (see Public), which the tests check.
package i18n

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"

	"github.com/BurntSushi/toml"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"github.com/nicksnyder/go-i18n/v2/i18n/template"
	"golang.org/x/text/language"
)

// Fallback is the language of a text missing in the asked language, and of an unknown language.
const Fallback = "nl"

//go:embed locales/*.toml
var locales embed.FS

// Language is one language of the pages.
type Language struct {
	// Code is the file name of its catalogue and the value of ?lang= and of <html lang>.
	Code string
	// Name is the language's name in itself ("Türkçe", "العربية"), for the language menu.
	Name string
	// Dir is the writing direction for <html dir>: "ltr" or "rtl".
	Dir string
	// Full reports whether the catalogue carries every text (of the staff pages too); a language that
	// is not full carries the public pages only.
	Full bool
}

// Catalogue is the texts of every language, resolved once when loaded; it is safe for concurrent use.
type Catalogue struct {
	languages []Language
	byCode    map[string]Language
	// texts[code][key] is the text, already with the fallback for keys the language lacks.
	texts map[string]map[string]string
	// own[code] holds the keys the language's own catalogue defines.
	own map[string]map[string]bool
}

// Embedded returns the catalogues built into the binary. They are read once per process (about
// 50 ms) and shared: a Catalogue never changes after Load.
func Embedded() (*Catalogue, error) { return loadEmbedded() }

var loadEmbedded = sync.OnceValues(func() (*Catalogue, error) {
	sub, err := fs.Sub(locales, "locales")
	if err != nil {
		return nil, err
	}
	return Load(sub)
})

// Load reads every <code>.toml in the root of fsys with go-i18n. The fallback catalogue (nl.toml)
// must be there; every catalogue must name its language and direction.
func Load(fsys fs.FS) (*Catalogue, error) {
	files, err := fs.Glob(fsys, "*.toml")
	if err != nil {
		return nil, err
	}
	bundle := i18n.NewBundle(language.Make(Fallback))
	bundle.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	own := map[string]map[string]bool{}
	for _, name := range files {
		code := strings.TrimSuffix(path.Base(name), ".toml")
		if tag, err := language.Parse(code); err != nil || tag.String() != code {
			return nil, fmt.Errorf("catalogue %s: the file name is not a language code", name)
		}
		f, err := bundle.LoadMessageFileFS(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("catalogue %s: %w", name, err)
		}
		own[code] = map[string]bool{}
		for _, m := range f.Messages {
			own[code][m.ID] = true
		}
	}
	if own[Fallback] == nil {
		return nil, fmt.Errorf("no catalogue for the fallback language %s", Fallback)
	}
	c := &Catalogue{byCode: map[string]Language{}, texts: map[string]map[string]string{}, own: own}
	for code, keys := range own {
		localizer := i18n.NewLocalizer(bundle, code)
		texts := make(map[string]string, len(own[Fallback]))
		// Every key of the fallback, and any other key the language has (Text reports those the
		// fallback lacks as unknown, and a test refuses them).
		for key := range own[Fallback] {
			// The identity parser keeps a text as written: texts are fmt formats, not templates.
			t, err := localizer.Localize(&i18n.LocalizeConfig{MessageID: key, TemplateParser: template.IdentityParser{}})
			if err != nil && keys[key] {
				return nil, fmt.Errorf("catalogue %s.toml: %s: %w", code, key, err)
			}
			texts[key] = t
		}
		c.texts[code] = texts
		l := Language{Code: code, Name: texts["language.name"], Dir: texts["language.dir"], Full: true}
		if !keys["language.name"] || !keys["language.dir"] {
			return nil, fmt.Errorf("catalogue %s.toml: language.name and language.dir are required", code)
		}
		if l.Dir != "ltr" && l.Dir != "rtl" {
			return nil, fmt.Errorf("catalogue %s.toml: language.dir is %q, want ltr or rtl", code, l.Dir)
		}
		for key := range own[Fallback] {
			if !keys[key] {
				l.Full = false
				break
			}
		}
		c.languages = append(c.languages, l)
		c.byCode[code] = l
	}
	// The menu's order: the fallback, then the full languages, then the others, each by code.
	sort.Slice(c.languages, func(i, j int) bool {
		a, b := c.languages[i], c.languages[j]
		if (a.Code == Fallback) != (b.Code == Fallback) {
			return a.Code == Fallback
		}
		if a.Full != b.Full {
			return a.Full
		}
		return a.Code < b.Code
	})
	return c, nil
}

// Languages returns every language: the fallback (nl) first, then the full languages, then those
// of the public pages only.
func (c *Catalogue) Languages() []Language { return append([]Language(nil), c.languages...) }

// Known reports whether lang has a catalogue.
func (c *Catalogue) Known(lang string) bool {
	_, ok := c.byCode[lang]
	return ok
}

// Language returns the language with this code, or the fallback for an unknown code.
func (c *Catalogue) Language(lang string) Language {
	if l, ok := c.byCode[lang]; ok {
		return l
	}
	return c.byCode[Fallback]
}

// Text returns the text with this key in lang, in Dutch when lang lacks it or is unknown. A key no
// catalogue knows returns the key itself and false.
func (c *Catalogue) Text(lang, key string) (string, bool) {
	texts, ok := c.texts[lang]
	if !ok {
		texts = c.texts[Fallback]
	}
	t, ok := texts[key]
	if !ok {
		return key, false
	}
	return t, true
}

// Has reports whether lang's own catalogue carries key (without the fallback).
func (c *Catalogue) Has(lang, key string) bool { return c.own[lang][key] }

// Keys returns every key of lang's own catalogue, sorted.
func (c *Catalogue) Keys(lang string) []string {
	keys := make([]string, 0, len(c.own[lang]))
	for k := range c.own[lang] {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// fullLanguages must carry every key: the staff pages and the letters exist in these only.
var fullLanguages = []string{"nl", "en"}

// Problems lists what the catalogues lack or carry in excess, one line each ("tr: home.title
// missing"): nl and en must carry every key, every language every public key, and no language a key
// the fallback lacks (a typo or a text that was removed).
func (c *Catalogue) Problems() []string {
	var problems []string
	full := map[string]bool{}
	for _, code := range fullLanguages {
		full[code] = true
		if !c.Known(code) {
			problems = append(problems, code+": no catalogue")
		}
	}
	base := c.Keys(Fallback)
	for _, l := range c.languages {
		for _, key := range base {
			if !c.Has(l.Code, key) && (full[l.Code] || Public(key)) {
				problems = append(problems, l.Code+": "+key+" missing")
			}
		}
		for _, key := range c.Keys(l.Code) {
			if !c.Has(Fallback, key) {
				problems = append(problems, l.Code+": "+key+" unknown in "+Fallback)
			}
		}
	}
	return problems
}

// WithTexts returns a copy of the catalogue with more Dutch and English texts ({Dutch, English} by
// key), for the transitional Go maps of the pages (core.AddTexts): the other languages show them in
// Dutch until their catalogue carries them, and Problems reports a public one they lack. A key the
// catalogue already has is an error: a text lives in one place.
func (c *Catalogue) WithTexts(more map[string][2]string) (*Catalogue, error) {
	if len(more) == 0 {
		return c, nil
	}
	for key := range more {
		for code := range c.own {
			if c.own[code][key] {
				return nil, fmt.Errorf("text %q is in the catalogue %s.toml and in a Go map", key, code)
			}
		}
	}
	n := &Catalogue{languages: c.Languages(), byCode: c.byCode, texts: map[string]map[string]string{},
		own: map[string]map[string]bool{}}
	for code, texts := range c.texts {
		t := make(map[string]string, len(texts)+len(more))
		for k, v := range texts {
			t[k] = v
		}
		own := make(map[string]bool, len(c.own[code])+len(more))
		for k := range c.own[code] {
			own[k] = true
		}
		for key, v := range more {
			switch code {
			case "en":
				t[key], own[key] = v[1], true
			case Fallback:
				t[key], own[key] = v[0], true
			default:
				t[key] = v[0]
			}
		}
		n.texts[code], n.own[code] = t, own
	}
	return n, nil
}
