package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

// TestConverterWritesBothCataloguesFromTheMaps: every map[string][2]string literal of the non-test
// files, nested directories included, becomes a TOML entry that reads back as the Go string.
func TestConverterWritesBothCataloguesFromTheMaps(t *testing.T) {
	out := t.TempDir()
	if err := run("testdata/web", out); err != nil {
		t.Fatal(err)
	}
	want := map[string][2]string{
		"home.title":    {`Klacht "indienen"`, "Make a complaint"},
		"home.tab":      {"a\tb", `c\d`},
		"sub.one":       {"één: %s", "one: %s"},
		"language.name": {"Nederlands", "English"},
	}
	for i, code := range []string{"nl", "en"} {
		data, err := os.ReadFile(filepath.Join(out, code+".toml"))
		if err != nil {
			t.Fatal(err)
		}
		var got map[string]string
		if err := toml.Unmarshal(data, &got); err != nil {
			t.Fatalf("%s.toml does not parse: %v\n%s", code, err, data)
		}
		for key, texts := range want {
			if got[key] != texts[i] {
				t.Errorf("%s.toml: %s = %q, want %q", code, key, got[key], texts[i])
			}
		}
		if _, ok := got["test.only"]; ok {
			t.Errorf("%s.toml holds a text of a test file", code)
		}
		if len(got) != len(furniture)+3 {
			t.Errorf("%s.toml has %d texts, want %d", code, len(got), len(furniture)+3)
		}
	}
}

// TestConverterRefusesWhatItCannotRead: a key defined twice or a text that is not a literal stops
// the converter instead of writing a catalogue that differs from the pages.
func TestConverterRefusesWhatItCannotRead(t *testing.T) {
	cases := map[string]string{
		"duplicate":   "package x\nvar a = map[string][2]string{\"k\": {\"a\", \"b\"}}\nvar b = map[string][2]string{\"k\": {\"c\", \"d\"}}\n",
		"not literal": "package x\nconst c = \"a\"\nvar a = map[string][2]string{\"k\": {c, \"b\"}}\n",
		"no texts":    "package x\n",
	}
	for name, src := range cases {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "x.go"), []byte(src), 0o644); err != nil {
				t.Fatal(err)
			}
			err := run(dir, t.TempDir())
			if err == nil {
				t.Fatal("converted without error")
			}
			if name == "duplicate" && !strings.Contains(err.Error(), "defined twice") {
				t.Errorf("error %q does not name the duplicate", err)
			}
		})
	}
}
