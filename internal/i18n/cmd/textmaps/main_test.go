package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

// setup copies the Go files of testdata/web and a Dutch and English catalogue into a temporary
// directory, since the converter edits them.
func setup(t *testing.T) (src, out string) {
	t.Helper()
	src, out = t.TempDir(), t.TempDir()
	for _, name := range []string{"a.go", "c_text.go", "sub/b.go"} {
		data, err := os.ReadFile(filepath.Join("testdata/web", name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Dir(filepath.Join(src, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(src, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for code, text := range map[string]string{"nl": "Nederlands", "en": "English"} {
		data := "# catalogue\n\"language.name\" = \"" + text + "\"\n"
		if err := os.WriteFile(filepath.Join(out, code+".toml"), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return src, out
}

func read(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// TestConverterMovesTheMapsOfGivenFilesIntoBothCatalogues: every map[string][2]string literal of
// the given files is appended to nl.toml and en.toml (reading back as the Go string, the texts that
// were there kept), and the maps leave the Go files: a file with nothing else is deleted, in the
// others the init or var goes with the import it alone used, and the rest stays.
func TestConverterMovesTheMapsOfGivenFilesIntoBothCatalogues(t *testing.T) {
	src, out := setup(t)
	files := []string{filepath.Join(src, "a.go"), filepath.Join(src, "c_text.go"), filepath.Join(src, "sub/b.go")}
	if err := run(out, files); err != nil {
		t.Fatal(err)
	}
	want := map[string][2]string{
		"home.title":    {`Klacht "indienen"`, "Make a complaint"},
		"home.tab":      {"a\tb", `c\d`},
		"sub.one":       {"één: %s", "one: %s"},
		"sub.two":       {"twee", "two"},
		"contact.title": {"Contact", "Contact"},
		"language.name": {"Nederlands", "English"},
	}
	for i, code := range []string{"nl", "en"} {
		var got map[string]string
		data := read(t, filepath.Join(out, code+".toml"))
		if _, err := toml.Decode(data, &got); err != nil {
			t.Fatalf("%s.toml does not parse: %v\n%s", code, err, data)
		}
		for key, texts := range want {
			if got[key] != texts[i] {
				t.Errorf("%s.toml: %s = %q, want %q", code, key, got[key], texts[i])
			}
		}
		if len(got) != len(want) {
			t.Errorf("%s.toml has %d texts, want %d:\n%s", code, len(got), len(want), data)
		}
	}
	if _, err := os.Stat(filepath.Join(src, "c_text.go")); !os.IsNotExist(err) {
		t.Errorf("c_text.go, which held only texts, is still there (%v)", err)
	}
	a := read(t, filepath.Join(src, "a.go"))
	if strings.Contains(a, "[2]string") || !strings.Contains(a, "var notTexts = map[string]string") {
		t.Errorf("a.go after the move:\n%s", a)
	}
	b := read(t, filepath.Join(src, "sub/b.go"))
	if strings.Count(b, "func init") != 1 || strings.Contains(b, "{\n\n") || strings.Contains(b, "sub.") || !strings.Contains(b, "more = append") || !strings.Contains(b, "func addTexts") {
		t.Errorf("sub/b.go after the move:\n%s", b)
	}
}

// TestConverterRefusesWhatItCannotMove: a key already in a catalogue or defined twice, a text that
// is not a literal, a map inside another function or a file without texts stops the converter
// before it changes anything.
func TestConverterRefusesWhatItCannotMove(t *testing.T) {
	cases := map[string]string{
		"in catalogue": "package x\nvar a = map[string][2]string{\"language.name\": {\"a\", \"b\"}}\n",
		"duplicate":    "package x\nvar a = map[string][2]string{\"k\": {\"a\", \"b\"}}\nvar b = map[string][2]string{\"k\": {\"c\", \"d\"}}\n",
		"not literal":  "package x\nconst c = \"a\"\nvar a = map[string][2]string{\"k\": {c, \"b\"}}\n",
		"in a func":    "package x\nfunc f() { g(map[string][2]string{\"k\": {\"a\", \"b\"}}) }\nfunc g(map[string][2]string) {}\n",
		"no texts":     "package x\n",
	}
	for name, code := range cases {
		t.Run(name, func(t *testing.T) {
			src, out := setup(t)
			x := filepath.Join(src, "x.go")
			if err := os.WriteFile(x, []byte(code), 0o644); err != nil {
				t.Fatal(err)
			}
			nl := read(t, filepath.Join(out, "nl.toml"))
			err := run(out, []string{filepath.Join(src, "c_text.go"), x})
			if err == nil {
				t.Fatal("moved without error")
			}
			if strings.Contains(name, "duplicate") || name == "in catalogue" {
				if !strings.Contains(err.Error(), "defined twice") {
					t.Errorf("error %q does not name the duplicate", err)
				}
			}
			if read(t, filepath.Join(out, "nl.toml")) != nl || read(t, x) != code {
				t.Error("changed the catalogue or the Go file")
			}
			if _, err := os.Stat(filepath.Join(src, "c_text.go")); err != nil {
				t.Errorf("deleted c_text.go: %v", err)
			}
		})
	}
}
