package pages

import (
	"io/fs"
	"regexp"
	"strings"
	"testing"
)

// oldWords finds the old class "woorden" (words whole in one table) in a class attribute.
var oldWords = regexp.MustCompile(`class="[^"]*\bwoorden\b`)

// TestEveryTableInALabelledRegion: in every template, every <table> sits right inside the one
// pattern of a sideways-scrolling region (<div class="tabel-regio" role="region"
// aria-labelledby="…" tabindex="0">) that the table's own <caption> labels. The browser test
// (internal/browser, TestTablesKeepWordsWhole) checks the rendered pages; this one also covers the
// tables that test's world does not show.
func TestEveryTableInALabelledRegion(t *testing.T) {
	region := regexp.MustCompile(`<div class="tabel-regio" role="region" aria-labelledby="([^"]+)" tabindex="0">\s*(?:\{\{[^}]*\}\}\s*)*<table[^>]*>\s*<caption id="([^"]+)"`)
	tables := 0
	err := fs.WalkDir(templateFS, "templates", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(templateFS, path)
		if err != nil {
			return err
		}
		src := string(b)
		n := strings.Count(src, "<table")
		tables += n
		ok := region.FindAllStringSubmatch(src, -1)
		for _, m := range ok {
			if m[1] != m[2] {
				t.Errorf("%s: the region is labelled by %q but its table's caption is %q", path, m[1], m[2])
			}
		}
		if len(ok) != n {
			t.Errorf("%s: %d tables, %d of them in a <div class=\"tabel-regio\" role=\"region\" aria-labelledby=(caption id) tabindex=\"0\">", path, n, len(ok))
		}
		if strings.Contains(src, "tabelrol") || oldWords.MatchString(src) {
			t.Errorf("%s: uses the old table classes (tabelrol, woorden)", path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if tables < 30 {
		t.Fatalf("found only %d tables in the templates", tables)
	}
}
