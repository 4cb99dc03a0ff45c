package pages

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"

	"github.com/gin-gonic/gin"

	"meldpunt/internal/casework"
	"meldpunt/internal/web/api"
	"meldpunt/internal/web/core"
)

// The public directory of the pool of client supporters (/ondersteuning): what a client supporter
// does, formal and informal support, a filter form (GET, check boxes, no JavaScript) and every
// active supporter that matches, with how to reach it and its declaration of independence.

// directoryView is the data of the directory page.
type directoryView struct {
	Filters []directoryFilter
	// Entries are the supporters found, each rendered by the template "support-entry".
	Entries  []template.HTML
	Filtered bool
	// Failed is set when the query held an unknown filter value: no list is shown.
	Failed bool
}

// directoryFilter is one group of check boxes of the filter form.
type directoryFilter struct {
	Name, Legend string
	Options      []directoryOption
	// Error is set when the query held a value of this filter that is not among its boxes; it is
	// shown with the group's first box (ErrorID is that box's id + "-fout").
	Error, ErrorID string
}

type directoryOption struct {
	ID, Value, Label string
	Checked          bool
}

// directoryEntry is one supporter as the page shows it, every text in the page's language.
type directoryEntry struct {
	ID                                 int64
	Name, Kind, Description            string
	Domains, Languages, Areas, Groups  string
	Phone, PhoneHours, Email, WhatsApp string
	WalkIn, WalkInHours, Website       string
	HomeVisits                         bool
	Independence                       string
}

// directoryFilters lists the filter groups with their values, in the order of the form.
func directoryFilters(l core.Lang, q url.Values) []directoryFilter {
	group := func(name string, values []string, label func(string) string) directoryFilter {
		f := directoryFilter{Name: name, Legend: l.T("sup.filter." + name)}
		for _, v := range values {
			f.Options = append(f.Options, directoryOption{ID: name + "-" + v, Value: v, Label: label(v),
				Checked: slices.Contains(q[name], v)})
		}
		return f
	}
	word := func(prefix string) func(string) string {
		return func(v string) string { return l.T(prefix + v) }
	}
	return []directoryFilter{
		group("life_domain", codesOf(casework.LifeDomains), word("domain.")),
		group("language", casework.SupportLanguages, word("sup.lang.")),
		group("channel", codesOf(casework.SupportChannels), word("sup.channel.")),
		group("neighbourhood", codesOf(casework.Neighbourhoods), word("sup.hood.")),
	}
}

func codesOf[T ~string](in []T) []string {
	out := make([]string, len(in))
	for i, v := range in {
		out[i] = string(v)
	}
	return out
}

// labels writes a list of codes as their names in the page's language, joined by commas.
func labels[T ~string](l core.Lang, prefix string, in []T) string {
	out := make([]string, len(in))
	for i, v := range in {
		out[i] = l.T(prefix + string(v))
	}
	return strings.Join(out, ", ")
}

func directoryEntryOf(l core.Lang, s casework.Supporter) directoryEntry {
	lg := casework.LanguageDutch
	if l.EN() {
		lg = casework.LanguageEnglish
	}
	c := s.Contact
	e := directoryEntry{ID: s.ID, Name: s.Name, Kind: l.T("sup.kind." + string(s.Kind)), Description: s.Description(lg),
		Domains: labels(l, "domain.", s.LifeDomains), Languages: labels(l, "sup.lang.", s.Languages),
		Areas: labels(l, "sup.hood.", s.Neighbourhoods), Groups: strings.Join(s.Groups, ", "),
		Phone: c.Phone, PhoneHours: c.PhoneHours, Email: c.Email, WhatsApp: c.WhatsApp, WalkIn: c.WalkInAddress,
		WalkInHours: c.WalkInHours, Website: c.Website, HomeVisits: c.HomeVisits, Independence: s.Independence}
	if e.Areas == "" {
		e.Areas = l.T("sup.hood.all")
	}
	return e
}

func (s *Server) SupportDirectory(c *gin.Context) {
	l := core.PageLang(c)
	q := c.Request.URL.Query()
	v := &directoryView{Filters: directoryFilters(l, q)}
	p := newPage(l, "sup.title", "support")
	f := api.SupporterFilter(q)
	v.Filtered = len(f.LifeDomains)+len(f.Languages)+len(f.Channels)+len(f.Neighbourhoods) > 0
	list, err := s.Store.Supporters(c.Request.Context(), f)
	status := http.StatusOK
	switch {
	case casework.ErrorCode(err) == casework.CodeValidation:
		status, v.Failed = http.StatusUnprocessableEntity, true
		p.HasErrors = true
		var ce *casework.Error
		errors.As(err, &ce)
		for i := range v.Filters {
			g := &v.Filters[i]
			if len(g.Options) == 0 || !slices.ContainsFunc(ce.Fields, func(fe casework.FieldError) bool { return fe.Field == g.Name }) {
				continue
			}
			g.Error, g.ErrorID = l.T("sup.filter.unknown"), g.Options[0].ID+"-fout"
			p.Problems = append(p.Problems, problemLink{Field: g.Options[0].ID, Message: g.Legend + ": " + g.Error})
		}
		if len(p.Problems) == 0 && len(v.Filters) > 0 && len(v.Filters[0].Options) > 0 {
			p.Problems = []problemLink{{Field: v.Filters[0].Options[0].ID, Message: l.T("sup.filter.unknown")}}
		}
	case err != nil:
		s.PageFail(c, l, err)
		return
	}
	for _, sup := range list {
		html, err := s.directoryEntryHTML(l, directoryEntryOf(l, sup))
		if err != nil {
			s.PageFail(c, l, err)
			return
		}
		v.Entries = append(v.Entries, html)
	}
	p.Support = v
	s.render(c, status, "support", p)
}

// EntryCache keeps each directory entry as rendered, keyed by everything it shows: an edited
// profile is a new key, so nothing is ever stale. Most of the directory page's time went into
// executing the same entries' template again and again (BenchmarkDirectory).
type EntryCache struct {
	mu      sync.Mutex
	entries map[entryKey]template.HTML
}

type entryKey struct {
	l core.Lang
	e directoryEntry
}

// maxCachedEntries bounds the cache: a pool of some hundreds of supporters in two languages, with
// room for edits; when it is full it starts again.
const maxCachedEntries = 4096

// directoryEntryHTML renders one directory entry, or returns it from the cache.
func (s *Server) directoryEntryHTML(l core.Lang, e directoryEntry) (template.HTML, error) {
	k := entryKey{l, e}
	s.entryCache.mu.Lock()
	html, ok := s.entryCache.entries[k]
	s.entryCache.mu.Unlock()
	if ok {
		return html, nil
	}
	var buf bytes.Buffer
	if err := s.templates["support"].ExecuteTemplate(&buf, "support-entry", struct {
		L core.Lang
		E directoryEntry
	}{l, e}); err != nil {
		return "", fmt.Errorf("render directory entry: %w", err)
	}
	html = template.HTML(buf.String())
	s.entryCache.mu.Lock()
	if len(s.entryCache.entries) >= maxCachedEntries || s.entryCache.entries == nil {
		s.entryCache.entries = make(map[entryKey]template.HTML)
	}
	s.entryCache.entries[k] = html
	s.entryCache.mu.Unlock()
	return html, nil
}
