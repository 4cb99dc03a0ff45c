package i18n

import (
	"io/fs"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

func embedded(t *testing.T) *Catalogue {
	t.Helper()
	c, err := Embedded()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestEmbeddedCataloguesLoad: the built-in catalogues parse, and each names its language in itself
// and its direction; Arabic is written right to left.
func TestEmbeddedCataloguesLoad(t *testing.T) {
	c := embedded(t)
	want := []Language{
		{Code: "nl", Name: "Nederlands", Dir: "ltr", Full: true},
		{Code: "en", Name: "English", Dir: "ltr", Full: true},
		{Code: "ar", Name: "العربية", Dir: "rtl"},
		{Code: "tr", Name: "Türkçe", Dir: "ltr"},
	}
	if got := c.Languages(); !slices.Equal(got, want) {
		t.Errorf("Languages() = %+v, want %+v", got, want)
	}
	if n := len(c.Keys("nl")); n < 2000 {
		t.Errorf("nl has only %d texts", n)
	}
}

// TestEveryLanguageCarriesEveryKeyItMust: nl and en carry every key, tr and ar every key of the
// public pages, and no catalogue a key Dutch lacks.
func TestEveryLanguageCarriesEveryKeyItMust(t *testing.T) {
	c := embedded(t)
	for _, p := range c.Problems() {
		t.Error(p)
	}
}

// TestPublicKeysNameExistingTexts: each entry of the public list matches a Dutch text, so a renamed
// group of keys cannot silently drop out of the check; and the set covers the public pages.
func TestPublicKeysNameExistingTexts(t *testing.T) {
	c := embedded(t)
	keys := c.Keys("nl")
	n := 0
	for _, k := range keys {
		if Public(k) {
			n++
		}
	}
	if n < 450 {
		t.Errorf("only %d public keys", n)
	}
	for _, p := range publicKeys {
		if !slices.ContainsFunc(keys, func(k string) bool { return k == p || strings.HasSuffix(p, ".") && strings.HasPrefix(k, p) }) {
			t.Errorf("public entry %q matches no text", p)
		}
	}
	for _, k := range []string{"home.title", "complaint.submit", "status.h1", "e404.title", "sup.title", "req.f.code", "priv.title", "signin.title"} {
		if !Public(k) {
			t.Errorf("%s is not public", k)
		}
	}
	for _, k := range []string{"sc.title", "office.users.title", "req.accept.submit", "req.f.refer.to", "ons.title", "work.title"} {
		if Public(k) {
			t.Errorf("%s (a staff or supporter text) is public", k)
		}
	}
}

var verb = regexp.MustCompile(`%(\[\d+\])?[-+# 0]*\d*(\.\d+)?[a-zA-Z%]`)

// TestTranslationsKeepPlaceholdersAndMarkup: a translation has the fmt verbs of the Dutch text (the
// order may change only with explicit indexes) and no markup the Dutch text lacks.
func TestTranslationsKeepPlaceholdersAndMarkup(t *testing.T) {
	c := embedded(t)
	for _, l := range c.Languages() {
		for _, key := range c.Keys(l.Code) {
			nl, _ := c.Text("nl", key)
			text, _ := c.Text(l.Code, key)
			if got, want := verb.FindAllString(text, -1), verb.FindAllString(nl, -1); !slices.Equal(got, want) {
				t.Errorf("%s: %s has placeholders %q, Dutch %q", l.Code, key, got, want)
			}
			if strings.ContainsAny(text, "<>") != strings.ContainsAny(nl, "<>") {
				t.Errorf("%s: %s: markup differs from the Dutch text", l.Code, key)
			}
			if strings.TrimSpace(text) == "" && strings.TrimSpace(nl) != "" {
				t.Errorf("%s: %s is empty", l.Code, key)
			}
		}
	}
}

// TestTextFallsBackToDutch: an unknown language and a text a language lacks are Dutch; an unknown
// key is the key itself.
func TestTextFallsBackToDutch(t *testing.T) {
	c := embedded(t)
	nl, _ := c.Text("nl", "home.title")
	if got, ok := c.Text("xx", "home.title"); got != nl || !ok {
		t.Errorf("unknown language: %q, %v", got, ok)
	}
	if c.Known("xx") || !c.Known("ar") {
		t.Error("Known is wrong")
	}
	if got := c.Language("xx"); got.Code != "nl" {
		t.Errorf("Language(xx) = %+v", got)
	}
	if c.Has("tr", "sc.title") {
		t.Fatal("tr carries a staff text; pick another key for this test")
	}
	want, _ := c.Text("nl", "sc.title")
	if got, ok := c.Text("tr", "sc.title"); got != want || !ok {
		t.Errorf("staff text in Turkish = %q, want the Dutch %q", got, want)
	}
	tr, _ := c.Text("tr", "home.title")
	if tr == nl {
		t.Errorf("home.title is not translated into Turkish: %q", tr)
	}
	if got, ok := c.Text("en", "no.such.key"); got != "no.such.key" || ok {
		t.Errorf("unknown key: %q, %v", got, ok)
	}
}

const nlTOML = `"language.name" = "Nederlands"
"language.dir" = "ltr"
"home.title" = "Klacht indienen"
"home.count" = "%d klachten"
"sc.title" = "Zaak"
`

func mapFS(files map[string]string) fstest.MapFS {
	m := fstest.MapFS{}
	for name, data := range files {
		m[name] = &fstest.MapFile{Data: []byte(data)}
	}
	return m
}

// TestANewLanguageFileIsPickedUp: dropping de.toml beside the others adds German, public pages only,
// with the Dutch text where German lacks one.
func TestANewLanguageFileIsPickedUp(t *testing.T) {
	c, err := Load(mapFS(map[string]string{
		"nl.toml": nlTOML,
		"en.toml": strings.NewReplacer("Nederlands", "English", "Klacht indienen", "Make a complaint",
			"klachten", "complaints", "Zaak", "Case").Replace(nlTOML),
		"de.toml": "\"language.name\" = \"Deutsch\"\n\"language.dir\" = \"ltr\"\n\"home.title\" = \"Beschwerde einreichen\"\n\"home.count\" = \"%d Beschwerden\"\n",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if !c.Known("de") {
		t.Fatal("de not known")
	}
	if got := c.Language("de"); got != (Language{Code: "de", Name: "Deutsch", Dir: "ltr"}) {
		t.Errorf("de = %+v", got)
	}
	if got := c.Languages(); len(got) != 3 || got[2].Code != "de" {
		t.Errorf("Languages() = %+v", got)
	}
	if got, _ := c.Text("de", "home.title"); got != "Beschwerde einreichen" {
		t.Errorf("de home.title = %q", got)
	}
	if got, _ := c.Text("de", "sc.title"); got != "Zaak" {
		t.Errorf("de sc.title = %q, want the Dutch text", got)
	}
	if p := c.Problems(); len(p) != 0 {
		t.Errorf("problems: %q", p)
	}
}

// TestProblemsNameAMissingKey: a public text missing in a language, any text missing in en, and a
// key Dutch lacks are each reported (the check the embedded catalogues must pass).
func TestProblemsNameAMissingKey(t *testing.T) {
	c, err := Load(mapFS(map[string]string{
		"nl.toml": nlTOML,
		"en.toml": "\"language.name\" = \"English\"\n\"language.dir\" = \"ltr\"\n\"home.title\" = \"x\"\n\"home.count\" = \"%d x\"\n",
		"ar.toml": "\"language.name\" = \"العربية\"\n\"language.dir\" = \"rtl\"\n\"home.title\" = \"x\"\n\"home.tilte\" = \"x\"\n",
	}))
	if err != nil {
		t.Fatal(err)
	}
	got := c.Problems()
	want := []string{"en: sc.title missing", "ar: home.count missing", "ar: home.tilte unknown in nl"}
	for _, w := range want {
		if !slices.Contains(got, w) {
			t.Errorf("problems %q lack %q", got, w)
		}
	}
	if slices.Contains(got, "ar: sc.title missing") {
		t.Errorf("a staff text is required of ar: %q", got)
	}
}

// TestLoadRefusesABrokenCatalogue: a file that does not parse, lacks its name or direction, has a
// wrong direction or a name that is no language code, or no Dutch catalogue at all, fails the load.
func TestLoadRefusesABrokenCatalogue(t *testing.T) {
	cases := map[string]fs.FS{
		"broken toml":  mapFS(map[string]string{"nl.toml": nlTOML + "\"open = \n"}),
		"no direction": mapFS(map[string]string{"nl.toml": strings.Replace(nlTOML, "\"language.dir\" = \"ltr\"\n", "", 1)}),
		"bad direction": mapFS(map[string]string{"nl.toml": nlTOML,
			"tr.toml": "\"language.name\" = \"Türkçe\"\n\"language.dir\" = \"left\"\n"}),
		"bad file name": mapFS(map[string]string{"nl.toml": nlTOML, "turkish.toml": "\"language.name\" = \"x\"\n\"language.dir\" = \"ltr\"\n"}),
		"no dutch":      mapFS(map[string]string{"en.toml": nlTOML}),
	}
	for name, fsys := range cases {
		t.Run(name, func(t *testing.T) {
			if _, err := Load(fsys); err == nil {
				t.Error("loaded")
			}
		})
	}
}

// BenchmarkLoad measures the cost of reading and resolving every catalogue, paid once per process.
func BenchmarkLoad(b *testing.B) {
	sub, err := fs.Sub(locales, "locales")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := Load(sub); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkText measures one look-up, which a page makes a few hundred times.
func BenchmarkText(b *testing.B) {
	c, err := Embedded()
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		c.Text("ar", "home.title")
	}
}

// TestWithTextsAddsDutchAndEnglish: texts from a Go map join nl and en, the other languages show
// them in Dutch and lack them (a public one is a problem); a key a catalogue has is refused.
func TestWithTextsAddsDutchAndEnglish(t *testing.T) {
	c, err := Embedded()
	if err != nil {
		t.Fatal(err)
	}
	more, err := c.WithTexts(map[string][2]string{"home.extra": {"Extra", "More"}, "office.extra": {"Kantoor", "Office"}})
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := more.Text("en", "home.extra"); got != "More" {
		t.Errorf("en: %q", got)
	}
	if got, ok := more.Text("ar", "home.extra"); got != "Extra" || !ok {
		t.Errorf("ar: %q %v", got, ok)
	}
	problems := strings.Join(more.Problems(), "\n")
	for _, want := range []string{"tr: home.extra missing", "ar: home.extra missing"} {
		if !strings.Contains(problems, want) {
			t.Errorf("problems lack %q:\n%s", want, problems)
		}
	}
	if strings.Contains(problems, "office.extra") || len(c.Problems()) != 0 {
		t.Errorf("problems:\n%s", problems)
	}
	if _, ok := c.Text("en", "home.extra"); ok {
		t.Error("WithTexts changed the catalogue it came from")
	}
	if _, err := c.WithTexts(map[string][2]string{"home.title": {"a", "b"}}); err == nil {
		t.Error("a key of the catalogues was accepted again")
	}
}
