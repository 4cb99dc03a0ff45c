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
	l := core.LangOf(c.Query("lang"))
	q := c.Request.URL.Query()
	v := &directoryView{Filters: directoryFilters(l, q)}
	p := newPage(l, "sup.title", "support").withSwitch("/ondersteuning")
	if l.Other().EN() {
		q.Set("lang", "en")
	} else {
		q.Del("lang")
	}
	if enc := q.Encode(); enc != "" {
		p.Switch = "/ondersteuning?" + enc
	}
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

// entryCache keeps each directory entry as rendered, keyed by everything it shows: an edited
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
	if err := s.Pages["support"].ExecuteTemplate(&buf, "support-entry", struct {
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

func init() { core.AddTexts(supportTexts) }

var supportTexts = map[string][2]string{
	"nav.support":              {"Hulp zoeken", "Find help"},
	"sup.title":                {"Cliëntondersteuning: gratis hulp die u zelf kiest", "Client support: free help you choose yourself"},
	"sup.h1":                   {"Een cliëntondersteuner kiezen", "Choose a client supporter"},
	"sup.intro":                {"Een cliëntondersteuner helpt u gratis als u vragen of problemen hebt met zorg, hulp, jeugdhulp, wonen, werk of inkomen. Ook als u een klacht hebt. De ondersteuners op deze pagina zijn onafhankelijk: zij beslissen niet of u zorg krijgt en zij leveren die zorg niet. U kiest zelf wie u helpt.", "A client supporter helps you for free when you have questions or problems with care, help, youth care, housing, work or income. Also when you have a complaint. The supporters on this page are independent: they do not decide whether you get care and they do not provide it. You choose who helps you."},
	"sup.does.h2":              {"Wat doet een cliëntondersteuner?", "What does a client supporter do?"},
	"sup.does.1":               {"Samen met u uitzoeken wat uw vragen en wensen zijn, en die onder woorden brengen.", "Work out with you what your questions and wishes are, and put them into words."},
	"sup.does.2":               {"Meedenken over oplossingen, met mensen om u heen en in uw buurt.", "Think along about solutions, with the people around you and in your neighbourhood."},
	"sup.does.3":               {"De juiste informatie en de juiste organisatie zoeken.", "Find the right information and the right organisation."},
	"sup.does.4":               {"Meegaan naar gesprekken.", "Go with you to meetings."},
	"sup.does.5":               {"Helpen bij het maken van uw eigen keuzes.", "Help you make your own choices."},
	"sup.does.6":               {"Helpen bij het aanvragen van zorg, diensten of een persoonsgebonden budget, en uitleggen hoe dat gaat.", "Help you apply for care, services or a personal budget, and explain how that works."},
	"sup.does.7":               {"Helpen als u het niet eens bent met de zorg of hulp, en u bijstaan bij een klacht.", "Help when you disagree with the care or help you get, and stand by you with a complaint."},
	"sup.informal.h2":          {"Iemand die u kent mag ook helpen", "Someone you know may help too"},
	"sup.informal":             {"U mag ook hulp vragen aan iemand die u vertrouwt: familie, een buurvrouw of buurman, een vriend of een vrijwilliger. Dat heet informele ondersteuning. Hebt u niemand die kan helpen, is uw vraag ingewikkeld, of hebt u onenigheid met een organisatie? Dan kan een cliëntondersteuner van deze lijst helpen. Dat heet formele ondersteuning. U beslist zelf wie u helpt, en u mag altijd wisselen.", "You may also ask someone you trust for help: family, a neighbour, a friend or a volunteer. That is called informal support. If you have no one who can help, if your question is complicated, or if you disagree with an organisation, a client supporter from this list can help. That is called formal support. You decide who helps you, and you may always change."},
	"sup.filter.h2":            {"Zoek een cliëntondersteuner", "Find a client supporter"},
	"sup.filter.help":          {"Kies wat voor u belangrijk is. U mag meer dan één vakje aanvinken. Kiest u niets, dan ziet u iedereen.", "Choose what matters to you. You may tick more than one box. If you choose nothing, you see everyone."},
	"sup.filter.life_domain":   {"Waarover gaat uw vraag?", "What is your question about?"},
	"sup.filter.language":      {"Welke taal spreekt u?", "Which language do you speak?"},
	"sup.filter.channel":       {"Hoe wilt u contact?", "How do you want to get in touch?"},
	"sup.filter.neighbourhood": {"In welk stadsdeel woont u?", "In which district do you live?"},
	"sup.filter.submit":        {"Toon cliëntondersteuners", "Show client supporters"},
	"sup.filter.clear":         {"Alle keuzes wissen", "Clear all choices"},
	"sup.filter.unknown":       {"Kies alleen uit de vakjes hieronder.", "Choose only from the boxes below."},
	"sup.results.h2":           {"Cliëntondersteuners", "Client supporters"},
	"sup.results.count":        {"Aantal gevonden:", "Number found:"},
	"sup.results.skip":         {"Direct naar de gevonden ondersteuners (%d)", "Straight to the supporters found (%d)"},
	"sup.results.none":         {"Wij vonden geen cliëntondersteuner die bij al uw keuzes past. Kies minder vakjes, of bel het meldpunt op {telefoon}: wij helpen u zoeken.", "We found no client supporter that matches all your choices. Choose fewer boxes, or call the complaints point on {telefoon}: we will help you look."},
	"sup.entry.domains":        {"Helpt bij", "Helps with"},
	"sup.entry.languages":      {"Talen", "Languages"},
	"sup.entry.areas":          {"Stadsdelen", "Districts"},
	"sup.entry.groups":         {"Speciaal voor", "Especially for"},
	"sup.entry.reach":          {"Zo bereikt u ons", "How to reach us"},
	"sup.entry.phone":          {"Telefoon", "Phone"},
	"sup.entry.email":          {"E-mail", "E-mail"},
	"sup.entry.whatsapp":       {"WhatsApp", "WhatsApp"},
	"sup.entry.walkin":         {"Inloop", "Walk in"},
	"sup.entry.homevisit":      {"Wij komen ook bij u thuis.", "We also visit you at home."},
	"sup.entry.website":        {"Website", "Website"},
	"sup.entry.free":           {"Gratis en onafhankelijk", "Free and independent"},
	"sup.entry.free.text":      {"Hulp van deze ondersteuner kost u niets. Zij verklaren:", "Help from this supporter costs you nothing. They declare:"},
	"sup.kind.organisation":    {"Organisatie", "Organisation"},
	"sup.kind.professional":    {"Zelfstandig cliëntondersteuner", "Independent professional"},
	"sup.channel.phone":        {"Telefoon", "Phone"},
	"sup.channel.email":        {"E-mail", "E-mail"},
	"sup.channel.whatsapp":     {"WhatsApp", "WhatsApp"},
	"sup.channel.walk_in":      {"Langskomen (inloop)", "Walk in"},
	"sup.channel.home_visit":   {"Bezoek bij u thuis", "Home visit"},
	"sup.hood.centrum":         {"Centrum", "Centrum"},
	"sup.hood.noord":           {"Noord", "Noord"},
	"sup.hood.oost":            {"Oost", "Oost"},
	"sup.hood.schalkwijk":      {"Schalkwijk", "Schalkwijk"},
	"sup.hood.zuid_west":       {"Zuid-West", "Zuid-West"},
	"sup.hood.spaarndam":       {"Spaarndam", "Spaarndam"},
	"sup.hood.all":             {"Heel Haarlem", "All of Haarlem"},
	"sup.lang.nl":              {"Nederlands", "Dutch"},
	"sup.lang.en":              {"Engels", "English"},
	"sup.lang.tr":              {"Turks", "Turkish"},
	"sup.lang.ar":              {"Arabisch", "Arabic"},
	"sup.lang.ber":             {"Tamazight (Berbers)", "Tamazight (Berber)"},
	"sup.lang.pl":              {"Pools", "Polish"},
	"sup.lang.de":              {"Duits", "German"},
	"sup.lang.fr":              {"Frans", "French"},
	"sup.lang.es":              {"Spaans", "Spanish"},
	"sup.lang.pt":              {"Portugees", "Portuguese"},
	"sup.lang.ro":              {"Roemeens", "Romanian"},
	"sup.lang.bg":              {"Bulgaars", "Bulgarian"},
	"sup.lang.uk":              {"Oekraïens", "Ukrainian"},
	"sup.lang.ru":              {"Russisch", "Russian"},
	"sup.lang.fa":              {"Perzisch (Farsi)", "Persian (Farsi)"},
	"sup.lang.ti":              {"Tigrinya", "Tigrinya"},
	"sup.lang.so":              {"Somalisch", "Somali"},
	"sup.lang.zh":              {"Chinees", "Chinese"},
	"home.support":             {"Zoek een cliëntondersteuner", "Find a client supporter"},
	"complaint.support":        {"Hulp nodig bij uw klacht? Kies een cliëntondersteuner.", "Need help with your complaint? Choose a client supporter."},
}
