// Command textmaps moves page texts that are still written as Go maps of type map[string][2]string
// ({Dutch, English} by key, added with core.AddTexts) into the Dutch and English message catalogues:
//
//	go run ./internal/i18n/cmd/textmaps internal/web/pages/contact_text.go internal/web/pages/x.go
//
// It appends the texts of every map literal in the given files to nl.toml and en.toml (-out, by
// default internal/i18n/locales), then removes the maps from the files: an init that only adds text
// maps and a var that only holds one go, imports left unused go, and a file with nothing else left is
// deleted. It changes nothing when a key is already in a catalogue or defined twice, when a text is
// not a string literal (or a concatenation of them), or when a map sits where it cannot be removed
// (inside another function). The Turkish and Arabic catalogues are not touched: a public text moved
// here still needs its translations (the i18n tests name each one missing).
package main

import (
	"bytes"
	"flag"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
)

func main() {
	out := flag.String("out", "internal/i18n/locales", "directory of the catalogues")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: textmaps [-out dir] file.go ...")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() == 0 {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(*out, flag.Args()); err != nil {
		fmt.Fprintln(os.Stderr, "textmaps:", err)
		os.Exit(1)
	}
}

// run moves the text maps of files into the catalogues in out.
func run(out string, files []string) error {
	var all []entry
	var edits []edit
	seen := map[string]string{}
	for _, code := range []string{"nl", "en"} {
		data, err := os.ReadFile(filepath.Join(out, code+".toml"))
		if err != nil {
			return err
		}
		var have map[string]string
		if err := toml.Unmarshal(data, &have); err != nil {
			return fmt.Errorf("%s.toml: %w", code, err)
		}
		for k := range have {
			seen[k] = code + ".toml"
		}
	}
	for _, file := range files {
		entries, ed, err := extract(file)
		if err != nil {
			return err
		}
		for _, e := range entries {
			if where, dup := seen[e.key]; dup {
				return fmt.Errorf("%s:%d: key %q defined twice (also in %s)", e.file, e.line, e.key, where)
			}
			seen[e.key] = fmt.Sprintf("%s:%d", e.file, e.line)
		}
		all = append(all, entries...)
		edits = append(edits, ed)
	}
	for i, code := range []string{"nl", "en"} {
		path := filepath.Join(out, code+".toml")
		f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
		if err != nil {
			return err
		}
		_, err = f.WriteString(catalogue(all, i))
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return fmt.Errorf("write %s: %w", path, err)
		}
		fmt.Printf("%s: %d texts added\n", path, len(all))
	}
	for _, ed := range edits {
		if err := ed.apply(); err != nil {
			return err
		}
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

// edit is the removal of the text maps from one Go file: the byte ranges to cut.
type edit struct {
	file string
	src  []byte
	cuts [][2]int
}

// extract reads the map[string][2]string literals of one Go file and plans their removal: every
// one must sit in a var that holds only text maps or in an init that only passes them to calls.
func extract(file string) ([]entry, edit, error) {
	ed := edit{file: file}
	src, err := os.ReadFile(file)
	if err != nil {
		return nil, ed, err
	}
	ed.src = src
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, file, src, parser.ParseComments)
	if err != nil {
		return nil, ed, err
	}
	var entries []entry
	seen := map[string]bool{}
	var walkErr error
	// The literals inside the declarations that go.
	removed := map[*ast.CompositeLit]bool{}
	cut := func(from, to token.Pos) {
		ed.cuts = append(ed.cuts, [2]int{fset.Position(from).Offset, fset.Position(to).Offset})
	}
	for _, d := range f.Decls {
		if textDecl(d, removed) {
			start := d.Pos()
			if doc := declDoc(d); doc != nil {
				start = doc.Pos()
			}
			cut(start, d.End())
		} else if fn, ok := d.(*ast.FuncDecl); ok && fn.Name.Name == "init" && fn.Recv == nil && fn.Body != nil {
			// An init that does more: only its statements that add text maps go.
			for _, st := range fn.Body.List {
				if textStmt(st, removed) {
					// The whole lines: the indentation before and the line end after.
					from, to := fset.Position(st.Pos()).Offset, fset.Position(st.End()).Offset
					for from > 0 && (src[from-1] == '\t' || src[from-1] == ' ') {
						from--
					}
					if to < len(src) && src[to] == '\n' {
						to++
					}
					ed.cuts = append(ed.cuts, [2]int{from, to})
				}
			}
		}
	}
	ast.Inspect(f, func(n ast.Node) bool {
		lit, ok := n.(*ast.CompositeLit)
		if !ok || walkErr != nil || !isTextMap(lit.Type) {
			return walkErr == nil
		}
		if !removed[lit] {
			walkErr = fmt.Errorf("%s: a text map that is not in an init or var of its own; move it by hand", fset.Position(lit.Pos()))
			return false
		}
		for _, el := range lit.Elts {
			e, err := textEntry(fset, el)
			if err != nil {
				walkErr = err
				return false
			}
			if seen[e.key] {
				walkErr = fmt.Errorf("%s: key %q defined twice", fset.Position(el.Pos()), e.key)
				return false
			}
			seen[e.key] = true
			e.file = filepath.ToSlash(file)
			entries = append(entries, e)
		}
		return false
	})
	if walkErr != nil {
		return nil, ed, walkErr
	}
	if len(entries) == 0 {
		return nil, ed, fmt.Errorf("%s: no map[string][2]string texts", file)
	}
	sort.SliceStable(entries, func(i, j int) bool { return entries[i].line < entries[j].line })
	return entries, ed, nil
}

func declDoc(d ast.Decl) *ast.CommentGroup {
	switch d := d.(type) {
	case *ast.FuncDecl:
		return d.Doc
	case *ast.GenDecl:
		return d.Doc
	}
	return nil
}

// textDecl reports whether a declaration exists only for text maps: a var (group) whose every value
// is a text map, or an init whose every statement is a call with text maps (or such vars) for its
// arguments. It marks the literals it holds in removed.
func textDecl(d ast.Decl, removed map[*ast.CompositeLit]bool) bool {
	var lits []*ast.CompositeLit
	isMap := func(e ast.Expr) bool {
		if lit, ok := e.(*ast.CompositeLit); ok && isTextMap(lit.Type) {
			lits = append(lits, lit)
			return true
		}
		return false
	}
	switch d := d.(type) {
	case *ast.GenDecl:
		if d.Tok != token.VAR || len(d.Specs) == 0 {
			return false
		}
		for _, s := range d.Specs {
			vs := s.(*ast.ValueSpec)
			if len(vs.Values) == 0 {
				return false
			}
			for _, v := range vs.Values {
				if !isMap(v) {
					return false
				}
			}
		}
	case *ast.FuncDecl:
		if d.Name.Name != "init" || d.Recv != nil || d.Body == nil || len(d.Body.List) == 0 {
			return false
		}
		probe := map[*ast.CompositeLit]bool{}
		for _, st := range d.Body.List {
			if !textStmt(st, probe) {
				return false
			}
		}
		for l := range probe {
			removed[l] = true
		}
	default:
		return false
	}
	for _, l := range lits {
		removed[l] = true
	}
	return true
}

// textStmt reports whether a statement only passes text maps (or vars holding them) to a call, like
// core.AddTexts(map[string][2]string{...}), and marks its literals in removed.
func textStmt(st ast.Stmt, removed map[*ast.CompositeLit]bool) bool {
	es, ok := st.(*ast.ExprStmt)
	if !ok {
		return false
	}
	call, ok := es.X.(*ast.CallExpr)
	if !ok || len(call.Args) == 0 {
		return false
	}
	var lits []*ast.CompositeLit
	for _, a := range call.Args {
		if lit, ok := a.(*ast.CompositeLit); ok && isTextMap(lit.Type) {
			lits = append(lits, lit)
		} else if _, ident := a.(*ast.Ident); !ident {
			return false
		}
	}
	for _, l := range lits {
		removed[l] = true
	}
	return true
}

// apply cuts the text maps out of the file, drops the imports nothing uses any more and deletes the
// file when no declaration is left.
func (ed edit) apply() error {
	var b bytes.Buffer
	last := 0
	for _, c := range ed.cuts {
		b.Write(ed.src[last:c[0]])
		last = c[1]
	}
	b.Write(ed.src[last:])
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, ed.file, b.Bytes(), parser.ParseComments)
	if err != nil {
		return fmt.Errorf("%s after removing the texts: %w", ed.file, err)
	}
	rest := 0
	for _, d := range f.Decls {
		if g, ok := d.(*ast.GenDecl); !ok || g.Tok != token.IMPORT {
			rest++
		}
	}
	if rest == 0 {
		fmt.Printf("%s: deleted\n", ed.file)
		return os.Remove(ed.file)
	}
	used := map[string]bool{}
	ast.Inspect(f, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok {
			if id, ok := sel.X.(*ast.Ident); ok {
				used[id.Name] = true
			}
		}
		return true
	})
	for _, imp := range f.Imports {
		p, _ := strconv.Unquote(imp.Path.Value)
		name := p[strings.LastIndex(p, "/")+1:]
		if imp.Name != nil {
			name = imp.Name.Name
		}
		if name != "_" && name != "." && !used[name] {
			deleteImport(f, imp)
		}
	}
	var out bytes.Buffer
	if err := format.Node(&out, fset, f); err != nil {
		return err
	}
	fmt.Printf("%s: texts removed\n", ed.file)
	return os.WriteFile(ed.file, out.Bytes(), 0o644)
}

// deleteImport removes one import spec (and an import declaration left empty).
func deleteImport(f *ast.File, imp *ast.ImportSpec) {
	for i := 0; i < len(f.Decls); i++ {
		g, ok := f.Decls[i].(*ast.GenDecl)
		if !ok || g.Tok != token.IMPORT {
			continue
		}
		for j, s := range g.Specs {
			if s == imp {
				g.Specs = append(g.Specs[:j], g.Specs[j+1:]...)
			}
		}
		if len(g.Specs) == 0 {
			f.Decls = append(f.Decls[:i], f.Decls[i+1:]...)
			i--
		}
	}
	for j, s := range f.Imports {
		if s == imp {
			f.Imports = append(f.Imports[:j], f.Imports[j+1:]...)
			break
		}
	}
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

// catalogue writes the TOML lines of one language (0 Dutch, 1 English), grouped by source file, to
// append to its catalogue.
func catalogue(entries []entry, i int) string {
	var b strings.Builder
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
