package web

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"maps"
	"mime"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"meldpunt/internal/casework"
	"meldpunt/internal/postgres"
	"meldpunt/internal/term"
	"meldpunt/internal/web/api"
	"meldpunt/internal/web/core"
)

// These tests keep openapi.json honest against the routes and the domain vocabulary. None of them
// needs a database: the server is built on a store without a connection, and only code paths that
// never reach the store are exercised.

// openAPITestServer builds the server with a store that has no database behind it.
func openAPITestServer(t *testing.T) *Server {
	t.Helper()
	s, err := New(postgres.New(nil, time.Now, postgres.DefaultTerms), slog.New(slog.DiscardHandler), core.DefaultConfig)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return s
}

// openAPIDoc is the parsed document.
type openAPIDoc map[string]any

func loadOpenAPIDoc(t *testing.T) openAPIDoc {
	t.Helper()
	var doc openAPIDoc
	if err := json.Unmarshal(api.OpenAPIDocument, &doc); err != nil {
		t.Fatalf("openapi.json is not valid JSON: %v", err)
	}
	return doc
}

// openAPIMethods are the operation keys of a path item.
var openAPIMethods = []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"}

// openAPIOperation is one operation of the document.
type openAPIOperation struct {
	method string // upper case
	path   string
	item   map[string]any // the path item
	op     map[string]any
}

func (o openAPIOperation) String() string { return o.method + " " + o.path }

// operations lists every operation, in path order.
func (doc openAPIDoc) operations(t *testing.T) []openAPIOperation {
	t.Helper()
	paths, ok := doc["paths"].(map[string]any)
	if !ok {
		t.Fatal("openapi.json has no paths object")
	}
	var ops []openAPIOperation
	for _, p := range slices.Sorted(maps.Keys(paths)) {
		item, ok := paths[p].(map[string]any)
		if !ok {
			t.Errorf("path %s is not an object", p)
			continue
		}
		for _, m := range openAPIMethods {
			if raw, ok := item[m]; ok {
				op, ok := raw.(map[string]any)
				if !ok {
					t.Errorf("%s %s is not an object", strings.ToUpper(m), p)
					continue
				}
				ops = append(ops, openAPIOperation{method: strings.ToUpper(m), path: p, item: item, op: op})
			}
		}
	}
	return ops
}

// resolve follows a local reference such as #/components/schemas/Problem.
func (doc openAPIDoc) resolve(ref string) (any, bool) {
	ptr, ok := strings.CutPrefix(ref, "#")
	if !ok {
		return nil, false
	}
	var node any = map[string]any(doc)
	if ptr == "" {
		return node, true
	}
	for _, tok := range strings.Split(strings.TrimPrefix(ptr, "/"), "/") {
		tok = strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
		switch n := node.(type) {
		case map[string]any:
			if node, ok = n[tok]; !ok {
				return nil, false
			}
		case []any:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(n) {
				return nil, false
			}
			node = n[i]
		default:
			return nil, false
		}
	}
	return node, true
}

// deref returns the object v, or the object its $ref points to.
func (doc openAPIDoc) deref(v any) map[string]any {
	m, _ := v.(map[string]any)
	if ref, ok := m["$ref"].(string); ok {
		target, _ := doc.resolve(ref)
		m, _ = target.(map[string]any)
	}
	return m
}

// walkJSON calls fn for every object in the tree below node, with its JSON pointer.
func walkJSON(node any, ptr string, fn func(ptr string, obj map[string]any)) {
	switch n := node.(type) {
	case map[string]any:
		fn(ptr, n)
		for k, v := range n {
			walkJSON(v, ptr+"/"+strings.ReplaceAll(strings.ReplaceAll(k, "~", "~0"), "/", "~1"), fn)
		}
	case []any:
		for i, v := range n {
			walkJSON(v, ptr+"/"+strconv.Itoa(i), fn)
		}
	}
}

var ginParam = regexp.MustCompile(`[:*]([^/]+)`)

// openAPIPathOf turns a gin route pattern (/complaints/:reference) into an OpenAPI path template
// (/complaints/{reference}).
func openAPIPathOf(ginPath string) string { return ginParam.ReplaceAllString(ginPath, "{$1}") }

func TestOpenAPIMatchesRoutes(t *testing.T) {
	s := openAPITestServer(t)
	doc := loadOpenAPIDoc(t)

	registered := map[string]bool{}
	for _, r := range s.engine.Routes() {
		// The public HTML pages are not part of the JSON API that openapi.json describes.
		if s.PageRoutes[r.Method+" "+r.Path] {
			continue
		}
		registered[r.Method+" "+openAPIPathOf(r.Path)] = true
	}
	documented := map[string]bool{}
	for _, o := range doc.operations(t) {
		documented[o.String()] = true
	}
	if len(registered) == 0 {
		t.Fatal("the engine registers no routes")
	}

	var missing, extra []string
	for r := range registered {
		if !documented[r] {
			missing = append(missing, r)
		}
	}
	for d := range documented {
		if !registered[d] {
			extra = append(extra, d)
		}
	}
	slices.Sort(missing)
	slices.Sort(extra)
	if len(missing) > 0 {
		t.Errorf("%d registered routes are not in openapi.json:\n\t%s", len(missing), strings.Join(missing, "\n\t"))
	}
	if len(extra) > 0 {
		t.Errorf("%d operations in openapi.json are not registered routes:\n\t%s", len(extra), strings.Join(extra, "\n\t"))
	}
}

// duplicateKeys returns the JSON pointer of every key that occurs twice in one object; encoding/json
// would silently keep only the last one.
func duplicateKeys(data []byte) ([]string, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	var dups []string
	var value func(ptr string) error
	value = func(ptr string) error {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		switch tok {
		case json.Delim('{'):
			seen := map[string]bool{}
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return err
				}
				k, _ := kt.(string)
				if seen[k] {
					dups = append(dups, ptr+"/"+k)
				}
				seen[k] = true
				if err := value(ptr + "/" + k); err != nil {
					return err
				}
			}
			_, err = dec.Token()
			return err
		case json.Delim('['):
			for i := 0; dec.More(); i++ {
				if err := value(ptr + "/" + strconv.Itoa(i)); err != nil {
					return err
				}
			}
			_, err = dec.Token()
			return err
		}
		return nil
	}
	err := value("")
	return dups, err
}

var pathTemplateParam = regexp.MustCompile(`\{([^{}]+)\}`)

func TestOpenAPIDocumentIsWellFormed(t *testing.T) {
	if !json.Valid(api.OpenAPIDocument) {
		t.Fatal("openapi.json is not valid JSON")
	}
	dups, err := duplicateKeys(api.OpenAPIDocument)
	if err != nil {
		t.Fatalf("scan openapi.json: %v", err)
	}
	if len(dups) > 0 {
		t.Errorf("duplicate keys in openapi.json (all but the last are ignored): %v", dups)
	}
	doc := loadOpenAPIDoc(t)
	if v, _ := doc["openapi"].(string); !strings.HasPrefix(v, "3.") {
		t.Errorf("openapi = %q, want 3.x", v)
	}
	info, _ := doc["info"].(map[string]any)
	if title, _ := info["title"].(string); title == "" {
		t.Error("info.title is missing")
	}
	if version, _ := info["version"].(string); version == "" {
		t.Error("info.version is missing")
	}
	schemes, _ := doc.resolve("#/components/securitySchemes")
	securitySchemes, _ := schemes.(map[string]any)

	problemStatuses := map[string]bool{}
	for _, st := range core.CodeStatus {
		problemStatuses[strconv.Itoa(st)] = true
	}

	ops := doc.operations(t)
	if len(ops) == 0 {
		t.Fatal("openapi.json documents no operations")
	}
	ids := map[string]string{}
	for _, o := range ops {
		id, _ := o.op["operationId"].(string)
		switch {
		case id == "":
			t.Errorf("%s: no operationId", o)
		case ids[id] != "":
			t.Errorf("%s: operationId %q is also used by %s", o, id, ids[id])
		default:
			ids[id] = o.String()
		}
		if summary, _ := o.op["summary"].(string); strings.TrimSpace(summary) == "" {
			t.Errorf("%s: no summary", o)
		}
		if desc, _ := o.op["description"].(string); !strings.HasPrefix(desc, "Roles: ") {
			t.Errorf("%s: the description must start with \"Roles: \" and say who may call it", o)
		}

		// Security: explicit on every operation, naming only known schemes; a protected operation
		// documents 401.
		security, ok := o.op["security"].([]any)
		if !ok {
			t.Errorf("%s: no security list (use [] for a public operation)", o)
		}
		for _, req := range security {
			for name := range req.(map[string]any) {
				if _, ok := securitySchemes[name]; !ok {
					t.Errorf("%s: unknown security scheme %q", o, name)
				}
			}
		}

		responses, _ := o.op["responses"].(map[string]any)
		success, problem := false, false
		for status, raw := range responses {
			resp := doc.deref(raw)
			if resp == nil {
				t.Errorf("%s: response %s does not resolve", o, status)
				continue
			}
			if desc, _ := resp["description"].(string); desc == "" {
				t.Errorf("%s: response %s has no description", o, status)
			}
			if len(status) == 3 && status[0] == '2' {
				success = true
			}
			content, _ := resp["content"].(map[string]any)
			if _, ok := content["application/problem+json"]; ok {
				problem = true
				if !problemStatuses[status] {
					t.Errorf("%s: problem response under status %s, which no problem code maps to (problem.go codeStatus)", o, status)
				}
			}
		}
		if !success {
			t.Errorf("%s: no 2xx response", o)
		}
		if strings.HasPrefix(o.path, "/api/v1/") && o.path != "/api/v1/openapi.json" && !problem {
			t.Errorf("%s: no application/problem+json response", o)
		}
		if !openAPIPublic(o.op) {
			if _, ok := responses["401"]; !ok {
				t.Errorf("%s: a protected operation must document 401", o)
			}
		}

		// Path parameters: every {name} of the template is declared, required, and nothing else is.
		inTemplate := map[string]bool{}
		for _, m := range pathTemplateParam.FindAllStringSubmatch(o.path, -1) {
			inTemplate[m[1]] = true
		}
		declared := map[string]bool{}
		var params []any
		itemParams, _ := o.item["parameters"].([]any)
		opParams, _ := o.op["parameters"].([]any)
		params = append(append(params, itemParams...), opParams...)
		for _, raw := range params {
			p := doc.deref(raw)
			if p == nil {
				t.Errorf("%s: a parameter does not resolve", o)
				continue
			}
			name, _ := p["name"].(string)
			in, _ := p["in"].(string)
			if name == "" || in == "" {
				t.Errorf("%s: parameter without name or in: %v", o, p)
			}
			if in != "path" {
				continue
			}
			declared[name] = true
			if req, _ := p["required"].(bool); !req {
				t.Errorf("%s: path parameter %s must be required", o, name)
			}
			if !inTemplate[name] {
				t.Errorf("%s: path parameter %s is not in the path template", o, name)
			}
		}
		for name := range inTemplate {
			if !declared[name] {
				t.Errorf("%s: path parameter {%s} is not declared", o, name)
			}
		}
	}

	// Every $ref resolves to a component, and every component is used.
	used := map[string]bool{}
	walkJSON(map[string]any(doc), "", func(ptr string, obj map[string]any) {
		raw, ok := obj["$ref"]
		if !ok {
			return
		}
		ref, _ := raw.(string)
		if !strings.HasPrefix(ref, "#/components/") {
			t.Errorf("%s: $ref %q does not point into #/components/", ptr, ref)
			return
		}
		if _, ok := doc.resolve(ref); !ok {
			t.Errorf("%s: $ref %q does not resolve", ptr, ref)
			return
		}
		used[ref] = true
	})
	components, _ := doc["components"].(map[string]any)
	for _, kind := range []string{"schemas", "parameters", "responses", "headers", "requestBodies"} {
		group, _ := components[kind].(map[string]any)
		for name := range group {
			if ref := "#/components/" + kind + "/" + name; !used[ref] {
				t.Errorf("component %s is never referenced", ref)
			}
		}
	}
	for name := range securitySchemes {
		usedScheme := false
		for _, o := range ops {
			security, _ := o.op["security"].([]any)
			for _, req := range security {
				_, ok := req.(map[string]any)[name]
				usedScheme = usedScheme || ok
			}
		}
		if !usedScheme {
			t.Errorf("security scheme %s is never applied", name)
		}
	}
}

// openAPIPublic reports whether an operation may be called without a token: its security list is
// empty or offers the empty requirement {}.
func openAPIPublic(op map[string]any) bool {
	security, _ := op["security"].([]any)
	if len(security) == 0 {
		return true
	}
	for _, req := range security {
		if m, ok := req.(map[string]any); ok && len(m) == 0 {
			return true
		}
	}
	return false
}

func stringsOf[T ~string](list []T) []string {
	out := make([]string, len(list))
	for i, v := range list {
		out[i] = string(v)
	}
	return out
}

func TestOpenAPIEnumsMatchDomain(t *testing.T) {
	doc := loadOpenAPIDoc(t)
	var codes []string
	for c := range core.CodeStatus {
		codes = append(codes, string(c))
	}
	slices.Sort(codes)

	// want maps each enum schema of components/schemas to the Go list it must equal, in order.
	want := map[string][]string{
		"ComplaintStatus":    stringsOf(casework.Statuses),
		"AdviceStatus":       stringsOf(casework.AdviceStatuses),
		"Ground":             stringsOf(casework.Grounds),
		"LifeDomain":         stringsOf(casework.LifeDomains),
		"Channel":            stringsOf(casework.Channels),
		"Verdict":            stringsOf(casework.Verdicts),
		"OrgKind":            stringsOf(casework.OrgKinds),
		"UserRole":           stringsOf(casework.UserRoles),
		"ProblemCode":        codes, // compared as a set
		"Language":           stringsOf(casework.Languages),
		"InadmissibleGround": stringsOf(casework.InadmissibleGrounds),
		"SkipReason":         stringsOf(casework.SkipReasons),
		"Party":              stringsOf([]casework.Party{casework.PartyComplainant, casework.PartyOrganisation}),
		"WorkList":           stringsOf(casework.WorkLists),
		"ActorRole": stringsOf(append(slices.Clone(casework.UserRoles),
			casework.RoleResident, casework.RoleSystem)),
		"RecommendationStatus": stringsOf(casework.RecommendationStatuses),
		"TermSkipReason": stringsOf([]term.Reason{term.ReasonSaturday, term.ReasonSunday, term.ReasonHoliday,
			term.ReasonEquated, term.ReasonExtension}),
		"ReadinessStatus": {"ready", "unavailable"},
		"RejectionGround": stringsOf(casework.RejectionGrounds),
		"AnswerChannel":   stringsOf(casework.AnswerChannels),
		"AnswerSource":    append([]string{"online"}, stringsOf(casework.AnswerChannels)...),
		"ReportFormat":    {"pdf", "csv", "json"},
		"SuppressedMark":  {casework.Suppressed{Hidden: true}.String(), casework.Suppressed{Withheld: true}.String()},
		"SupporterKind":   stringsOf(casework.SupporterKinds),
		"SupporterStatus": stringsOf(casework.SupporterStatuses),
		"SupportChannel":  stringsOf(casework.SupportChannels),
		"Neighbourhood":   stringsOf(casework.Neighbourhoods),
		"SupportLanguage": casework.SupportLanguages,
		// Support requests (issue 12, point 3).
		"SupportRequestStatus":    stringsOf(casework.RequestStatuses),
		"SupportRequestStep":      stringsOf(casework.RequestSteps),
		"SupportRequestEventKind": casework.RequestEventKinds,
		// Client trajectories (trajectories.go).
		"IssueTopic":        stringsOf(casework.IssueTopics),
		"ActivityChannel":   stringsOf(casework.ActivityChannels),
		"TrajectoryOutcome": stringsOf(casework.TrajectoryOutcomes),
		"TrajectoryState":   {"open", "closed"},
		// The supporter in the complaint procedure (representation.go).
		"ConsentRoute":       stringsOf(casework.ConsentRoutes),
		"RepresentationKind": casework.RepresentationKinds,
		// The right of access (export.go).
		"ExportFormat":      {"json", "pdf"},
		"ExportMadeFor":     {"resident", "staff"},
		"LetterRecipient":   {"complainant", "supporter", "organisation"},
		"LetterRoute":       {casework.ViaEmail, casework.ViaPost},
		"DataRecipientKind": {"organisation", "supporter"},
		"RetentionCategory": stringsOf(casework.RetentionCategories),
		// Retention and destruction (retention.go).
		"RetentionAction": stringsOf(casework.RetentionActions),
		// The access log (access_log.go); "" for rows written before the way was recorded.
		"AccessVia": append([]string{""}, stringsOf(casework.AccessVias)...),
		// After the ruling (feedback.go).
		"CarriedOut": stringsOf(casework.CarriedOutAnswers),
		"AdviceStepOutcome": {casework.StepWaiting, casework.StepAccepted, casework.StepRejected,
			casework.StepEnforced, casework.StepExecuted},
	}
	for name, wantList := range want {
		raw, ok := doc.resolve("#/components/schemas/" + name)
		if !ok {
			t.Errorf("components/schemas/%s is missing", name)
			continue
		}
		var got []string
		enum, _ := raw.(map[string]any)["enum"].([]any)
		for _, v := range enum {
			s, _ := v.(string)
			got = append(got, s)
		}
		if name == "ProblemCode" {
			got = slices.Sorted(slices.Values(got))
		}
		if !slices.Equal(got, wantList) {
			t.Errorf("components/schemas/%s enum = %v, want %v", name, got, wantList)
		}
	}

	// Every enum lives at the top of a named component schema and is checked above, so that no
	// inline copy can drift from the domain.
	walkJSON(map[string]any(doc), "", func(ptr string, obj map[string]any) {
		if _, ok := obj["enum"]; !ok {
			return
		}
		name, ok := strings.CutPrefix(ptr, "/components/schemas/")
		if !ok || strings.Contains(name, "/") {
			t.Errorf("%s: inline enum; put it in components/schemas and reference it", ptr)
			return
		}
		if _, ok := want[name]; !ok {
			t.Errorf("components/schemas/%s has an enum that this test does not compare with the Go code", name)
		}
	})
}

func TestOpenAPIServed(t *testing.T) {
	s := openAPITestServer(t)
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/v1/openapi.json", nil))
	if rec.Code != http.StatusOK {
		t.Fatalf("status = %d, want 200; body: %s", rec.Code, rec.Body)
	}
	mt, _, err := mime.ParseMediaType(rec.Header().Get("Content-Type"))
	if err != nil || mt != "application/json" {
		t.Errorf("Content-Type = %q, want application/json", rec.Header().Get("Content-Type"))
	}
	if !bytes.Equal(rec.Body.Bytes(), api.OpenAPIDocument) {
		t.Error("the served body differs from the embedded openapi.json")
	}
	onDisk, err := os.ReadFile("api/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(rec.Body.Bytes(), onDisk) {
		t.Error("the served body differs from internal/web/api/openapi.json")
	}
}

// TestOpenAPISecurityMatchesRoutes calls every /api/v1 operation without a token: a protected
// operation must answer 401 unauthenticated, a public one must not ask for a token. The requests are
// built so that public handlers fail before they reach the store (or hit the missing database, which
// the recoverer turns into a 500).
func TestOpenAPISecurityMatchesRoutes(t *testing.T) {
	s := openAPITestServer(t)
	doc := loadOpenAPIDoc(t)
	fill := strings.NewReplacer("{reference}", "MP-2026-000001", "{id}", "1")
	for _, o := range doc.operations(t) {
		if !strings.HasPrefix(o.path, "/api/v1/") {
			continue
		}
		rec := httptest.NewRecorder()
		req := httptest.NewRequest(o.method, fill.Replace(o.path), nil)
		s.Handler().ServeHTTP(rec, req)
		public := openAPIPublic(o.op)
		t.Logf("%s without a token: %d (documented public: %v)", o, rec.Code, public)
		switch {
		case public && (rec.Code == http.StatusUnauthorized || rec.Code == http.StatusForbidden):
			t.Errorf("%s is documented as public but answers %d without a token", o, rec.Code)
		case !public && rec.Code != http.StatusUnauthorized:
			t.Errorf("%s is documented as protected but answers %d without a token, want 401", o, rec.Code)
		case !public:
			var p core.Problem
			if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil || p.Code != casework.CodeUnauthenticated {
				t.Errorf("%s: 401 body = %s, want a problem with code unauthenticated", o, rec.Body)
			}
		}
	}
}

func TestOpenAPIPathOf(t *testing.T) {
	for in, want := range map[string]string{
		"/healthz":                              "/healthz",
		"/api/v1/complaints/:reference/take-up": "/api/v1/complaints/{reference}/take-up",
		"/api/v1/advices/:id":                   "/api/v1/advices/{id}",
		"/files/*path":                          "/files/{path}",
	} {
		if got := openAPIPathOf(in); got != want {
			t.Errorf("openAPIPathOf(%q) = %q, want %q", in, got, want)
		}
	}
}
