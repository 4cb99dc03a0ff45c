// Command textmaps writes the Dutch and English message catalogues (nl.toml, en.toml) from the page
// texts that are still kept as Go maps of type map[string][2]string ({Dutch, English}) in the web
// packages. It reads the Go source (not the running program), so it can be run again after the
// pages move between packages and after texts are added:
//
//	go run ./internal/i18n/cmd/textmaps -src internal/web -out internal/i18n/locales
//
// Test files are skipped. A key defined twice, or a text that is not a string literal (or a
// concatenation of them), is an error. The other catalogues (tr.toml, ar.toml, ...) are not touched.
package main

import (
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

func main() {
	src := flag.String("src", "internal/web", "directory tree with the Go source of the page texts")
	out := flag.String("out", "internal/i18n/locales", "directory of the catalogues")
	flag.Parse()
	if err := run(*src, *out); err != nil {
		fmt.Fprintln(os.Stderr, "textmaps:", err)
		os.Exit(1)
	}
}

func run(src, out string) error {
	entries, err := extract(src)
	if err != nil {
		return err
	}
	for i, code := range []string{"nl", "en"} {
		path := filepath.Join(out, code+".toml")
		if err := os.WriteFile(path, []byte(catalogue(entries, i, code)), 0o644); err != nil {
			return fmt.Errorf("write %s: %w", path, err)
		}
		fmt.Printf("%s: %d texts\n", path, len(entries))
	}
	return nil
}

// entry is one text: its key, its Dutch and English text and the file it came from.
type entry struct {
	key  string
	text [2]string
	file string
	line int
}

// extract reads every map[string][2]string literal in the non-test Go files under dir.
func extract(dir string) ([]entry, error) {
	var entries []entry
	seen := map[string]string{}
	fset := token.NewFileSet()
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		var walkErr error
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.CompositeLit)
			if !ok || walkErr != nil || !isTextMap(lit.Type) {
				return walkErr == nil
			}
			for _, el := range lit.Elts {
				e, err := textEntry(fset, el)
				if err != nil {
					walkErr = err
					return false
				}
				if where, dup := seen[e.key]; dup {
					walkErr = fmt.Errorf("%s: key %q defined twice (also in %s)", fset.Position(el.Pos()), e.key, where)
					return false
				}
				e.file = filepath.ToSlash(path)
				seen[e.key] = e.file
				entries = append(entries, e)
			}
			return false
		})
		return walkErr
	})
	if err != nil {
		return nil, err
	}
	if len(entries) == 0 {
		return nil, fmt.Errorf("no map[string][2]string texts found under %s", dir)
	}
	sort.SliceStable(entries, func(i, j int) bool {
		if entries[i].file != entries[j].file {
			return entries[i].file < entries[j].file
		}
		return entries[i].line < entries[j].line
	})
	return entries, nil
}

// isTextMap reports whether a type expression is map[string][2]string.
func isTextMap(t ast.Expr) bool {
	m, ok := t.(*ast.MapType)
	if !ok || !isIdent(m.Key, "string") {
		return false
	}
	a, ok := m.Value.(*ast.ArrayType)
	if !ok || !isIdent(a.Elt, "string") {
		return false
	}
	n, ok := a.Len.(*ast.BasicLit)
	return ok && n.Value == "2"
}

func isIdent(e ast.Expr, name string) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == name
}

func textEntry(fset *token.FileSet, el ast.Expr) (entry, error) {
	kv, ok := el.(*ast.KeyValueExpr)
	if !ok {
		return entry{}, fmt.Errorf("%s: not a key: value element", fset.Position(el.Pos()))
	}
	key, err := stringValue(kv.Key)
	if err != nil {
		return entry{}, fmt.Errorf("%s: key: %w", fset.Position(kv.Pos()), err)
	}
	pair, ok := kv.Value.(*ast.CompositeLit)
	if !ok || len(pair.Elts) != 2 {
		return entry{}, fmt.Errorf("%s: %s: want {Dutch, English}", fset.Position(kv.Pos()), key)
	}
	e := entry{key: key, line: fset.Position(kv.Pos()).Line}
	for i, v := range pair.Elts {
		if e.text[i], err = stringValue(v); err != nil {
			return entry{}, fmt.Errorf("%s: %s: %w", fset.Position(v.Pos()), key, err)
		}
	}
	return e, nil
}

// stringValue evaluates a string literal or a + concatenation of string literals.
func stringValue(e ast.Expr) (string, error) {
	switch v := e.(type) {
	case *ast.BasicLit:
		if v.Kind != token.STRING {
			return "", fmt.Errorf("not a string literal")
		}
		return strconv.Unquote(v.Value)
	case *ast.BinaryExpr:
		if v.Op != token.ADD {
			return "", fmt.Errorf("not a string literal")
		}
		x, err := stringValue(v.X)
		if err != nil {
			return "", err
		}
		y, err := stringValue(v.Y)
		return x + y, err
	case *ast.ParenExpr:
		return stringValue(v.X)
	}
	return "", fmt.Errorf("not a string literal (%T)", e)
}

// furniture are the texts of the catalogues that have no Go map: the language's name in itself and
// its direction, the label of the language menu and the names of the months.
var furniture = []entry{
	{key: "language.name", text: [2]string{"Nederlands", "English"}},
	{key: "language.dir", text: [2]string{"ltr", "ltr"}},
	{key: "langmenu.label", text: [2]string{"Kies een taal", "Choose a language"}},
	// The months of a written date ("3 maart 2026"); Lang.Date writes "day month year" in every language.
	{key: "month.1", text: [2]string{"januari", "January"}},
	{key: "month.2", text: [2]string{"februari", "February"}},
	{key: "month.3", text: [2]string{"maart", "March"}},
	{key: "month.4", text: [2]string{"april", "April"}},
	{key: "month.5", text: [2]string{"mei", "May"}},
	{key: "month.6", text: [2]string{"juni", "June"}},
	{key: "month.7", text: [2]string{"juli", "July"}},
	{key: "month.8", text: [2]string{"augustus", "August"}},
	{key: "month.9", text: [2]string{"september", "September"}},
	{key: "month.10", text: [2]string{"oktober", "October"}},
	{key: "month.11", text: [2]string{"november", "November"}},
	{key: "month.12", text: [2]string{"december", "December"}},
}

// catalogue writes the TOML catalogue of one language (0 Dutch, 1 English), grouped by source file.
func catalogue(entries []entry, i int, code string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# Message catalogue %q, written by internal/i18n/cmd/textmaps from the Go maps of the pages.\n", code)
	b.WriteString("# Keys are quoted: a key is one message id, its dots are part of the name.\n\n")
	for _, e := range furniture {
		fmt.Fprintf(&b, "%s = %s\n", tomlString(e.key), tomlString(e.text[i]))
	}
	file := ""
	for _, e := range entries {
		if e.file != file {
			file = e.file
			fmt.Fprintf(&b, "\n# %s\n", file)
		}
		fmt.Fprintf(&b, "%s = %s\n", tomlString(e.key), tomlString(e.text[i]))
	}
	return b.String()
}

// tomlString writes s as a TOML basic string. TOML's escapes are a subset of Go's: only \b \t \n
// \f \r \" \\ and \uXXXX / \UXXXXXXXX, so every other control character is written as \uXXXX.
func tomlString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\t':
			b.WriteString(`\t`)
		case '\r':
			b.WriteString(`\r`)
		default:
			if r < 0x20 || r == 0x7f {
				fmt.Fprintf(&b, `\u%04X`, r)
			} else {
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte('"')
	return b.String()
}
