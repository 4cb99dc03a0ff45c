package report_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os/exec"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"meldpunt/internal/casework"
	"meldpunt/internal/report"
	"meldpunt/internal/term"
)

// Figures survive destruction (issue 13 point 2, DOMAIN.md §8): what the annual report and the
// figures of client support count outlives the files it counts, as anonymous facts on the
// complaint's row and its advices' rows, so that every edition of every year reads the same after
// the destruction as before it.

// worldYears are the years of the world's reports: 2027 has no complaints of its own, but its
// comparison with the year before and its follow-up of earlier recommendations count 2026.
var worldYears = []int{2023, 2024, 2025, 2026, 2027}

// editionSet is every edition of every year as a reader gets it: the annual report's figures, its
// PDF (as pdftotext reads it) in Dutch and English, CSV and JSON, and the figures of client support
// of each year and quarter as GET /api/v1/support-figures serves them (JSON and CSV). The time and
// version number of a generation are normalised (see normalise*); nothing else is.
type editionSet struct {
	figures map[int]casework.AnnualFigures
	support map[string]casework.SupportFigures
	files   map[string][]byte // by edition name, normalised
	names   []string          // the files in the order they were made
}

var (
	// generatedPDF is the date and time of a generation as the PDF prints it, in either language
	// ("15 januari 2027, 10:00"), and versionPDF its version number.
	generatedPDF = regexp.MustCompile(`\d{1,2} \pL+ \d{4}, \d{2}:\d{2}`)
	versionPDF   = regexp.MustCompile(`\b(Versie|Version) \d+`)
	// generatedJSON and versionJSON are the report header's fields of the JSON edition.
	generatedJSON = regexp.MustCompile(`"generated_at": "[^"]*"`)
	versionJSON   = regexp.MustCompile(`"version": \d+`)
)

// normalisePDFText folds the white space of each line of pdftotext's layout and replaces the
// generation's time and version.
func normalisePDFText(text string) []byte {
	var out []string
	for line := range strings.SplitSeq(text, "\n") {
		line = flat(line)
		if line == "" {
			continue
		}
		line = generatedPDF.ReplaceAllString(line, "<generated>")
		out = append(out, versionPDF.ReplaceAllString(line, "$1 <n>"))
	}
	return []byte(strings.Join(out, "\n"))
}

// pdfFlat is the normalised text of a PDF with its white space folded, and the generation's time
// normalised once more where a line break had split it.
func pdfFlat(text []byte) string {
	return versionPDF.ReplaceAllString(generatedPDF.ReplaceAllString(flat(string(text)), "<generated>"), "$1 <n>")
}

// normaliseCSV replaces the values of the rows report,,,generated_at and report,,,version.
func normaliseCSV(b []byte) []byte {
	lines := strings.Split(string(b), "\n")
	for i, l := range lines {
		for _, m := range []string{"report,,,generated_at,", "report,,,version,"} {
			if strings.HasPrefix(l, m) {
				lines[i] = m + "<normalised>"
			}
		}
	}
	return []byte(strings.Join(lines, "\n"))
}

func normaliseJSON(b []byte) []byte {
	b = generatedJSON.ReplaceAll(b, []byte(`"generated_at": "<normalised>"`))
	return versionJSON.ReplaceAll(b, []byte(`"version": 0`))
}

// supportPeriods are every year of the world and each of its quarters.
func supportPeriods() []casework.SupportPeriod {
	var out []casework.SupportPeriod
	for _, y := range worldYears {
		out = append(out, casework.SupportPeriod{Year: y})
		for q := 1; q <= 4; q++ {
			out = append(out, casework.SupportPeriod{Year: y, Quarter: q})
		}
	}
	return out
}

// editions makes every edition now (figuresOnly: only the figures, without the files).
func (w *destructionWorld) editions(figuresOnly bool) editionSet {
	w.t.Helper()
	e := editionSet{figures: map[int]casework.AnnualFigures{}, support: map[string]casework.SupportFigures{}, files: map[string][]byte{}}
	add := func(name string, b []byte) {
		e.files[name] = b
		e.names = append(e.names, name)
	}
	for _, y := range worldYears {
		fig, err := w.store.AnnualFigures(w.ctx, y)
		w.must(err)
		e.figures[y] = fig
		if figuresOnly {
			continue
		}
		for _, lang := range []casework.Language{casework.LanguageDutch, casework.LanguageEnglish} {
			res, err := w.gen.Generate(w.ctx, report.Request{Year: y, Format: report.PDF, Language: lang})
			w.must(err)
			add(fmt.Sprintf("%d PDF %s", y, lang), normalisePDFText(pdftotextLayout(w.t, res.Content)))
		}
		res, err := w.gen.Generate(w.ctx, report.Request{Year: y, Format: report.CSV})
		w.must(err)
		add(fmt.Sprintf("%d CSV", y), normaliseCSV(res.Content))
		res, err = w.gen.Generate(w.ctx, report.Request{Year: y, Format: report.JSON})
		w.must(err)
		add(fmt.Sprintf("%d JSON", y), normaliseJSON(res.Content))
	}
	for _, p := range supportPeriods() {
		s, err := w.store.SupportFigures(w.ctx, p)
		w.must(err)
		e.support[p.String()] = s
		if figuresOnly {
			continue
		}
		js, err := json.Marshal(s) // as the handler writes it
		w.must(err)
		add("support figures "+p.String()+" JSON", js)
		cs, err := report.SupportCSV(s)
		w.must(err)
		add("support figures "+p.String()+" CSV", cs)
	}
	return e
}

// pdftotextLayout is pdftotext -layout with the lines kept.
func pdftotextLayout(t *testing.T, pdf []byte) string {
	t.Helper()
	cmd := exec.Command("pdftotext", "-layout", "-enc", "UTF-8", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		t.Fatalf("pdftotext: %v: %s", err, errOut.String())
	}
	return out.String()
}

// compareEditions lists every difference between two sets of editions, each naming the edition and
// the figure: a path into the figures, a CSV row, or a line of the PDF's text.
func compareEditions(before, after editionSet) []string {
	var diffs []string
	for _, y := range worldYears {
		if !reflect.DeepEqual(before.figures[y], after.figures[y]) {
			diffs = append(diffs, jsonDiffOf(fmt.Sprintf("%d figures", y), before.figures[y], after.figures[y])...)
		}
	}
	for _, p := range supportPeriods() {
		k := p.String()
		if !reflect.DeepEqual(before.support[k], after.support[k]) {
			diffs = append(diffs, jsonDiffOf("support figures "+k, before.support[k], after.support[k])...)
		}
	}
	for _, name := range before.names {
		b, a := before.files[name], after.files[name]
		if a == nil {
			diffs = append(diffs, name+": not made")
			continue
		}
		if bytes.Equal(a, b) {
			continue
		}
		switch {
		case strings.HasSuffix(name, "CSV"):
			diffs = append(diffs, csvDiff(name, b, a)...)
		case strings.HasSuffix(name, "JSON"):
			var bv, av any
			if json.Unmarshal(b, &bv) != nil || json.Unmarshal(a, &av) != nil {
				diffs = append(diffs, name+": invalid JSON")
				continue
			}
			diffs = append(diffs, jsonDiff(name, "", bv, av)...)
		default:
			// The PDF's text as one paragraph: a line may wrap elsewhere when the date of the
			// generation is longer or shorter.
			if pdfFlat(a) == pdfFlat(b) {
				continue
			}
			diffs = append(diffs, lineDiff(name, b, a)...)
		}
		if n := len(diffs); n == 0 || !strings.HasPrefix(diffs[n-1], name) {
			diffs = append(diffs, name+": differs (in layout only)")
		}
	}
	return diffs
}

// jsonDiffOf compares two values by their JSON.
func jsonDiffOf(name string, before, after any) []string {
	var bv, av any
	bj, _ := json.Marshal(before)
	aj, _ := json.Marshal(after)
	_ = json.Unmarshal(bj, &bv)
	_ = json.Unmarshal(aj, &av)
	d := jsonDiff(name, "", bv, av)
	if len(d) == 0 {
		d = []string{name + ": differ (not in their JSON)"}
	}
	return d
}

// labelKeys name an entry of a list of figures: its category, organisation, ground ... .
var labelKeys = []string{"key", "organisation", "ground", "topic", "channel", "outcome", "supporter", "id", "year", "kind"}

func entryLabel(v any, i int) string {
	if m, ok := v.(map[string]any); ok {
		for _, k := range labelKeys {
			if x, ok := m[k]; ok && x != nil && x != "" {
				return fmt.Sprint(x)
			}
		}
	}
	return fmt.Sprint(i)
}

// jsonDiff lists the differences between two decoded JSON values, each named by the edition and
// the path of the figure: "2025 figures: summary.with_supporter: 40 → 39",
// "2025 figures: by_organisation[Gemeente Haarlem].granted: 12 → 11".
func jsonDiff(name, path string, b, a any) []string {
	show := func(v any) string {
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false) // "<5" as the report writes it
		_ = enc.Encode(v)
		return strings.TrimSpace(buf.String())
	}
	differ := func(format string, args ...any) string {
		return name + ": " + path + fmt.Sprintf(format, args...)
	}
	switch bv := b.(type) {
	case map[string]any:
		av, ok := a.(map[string]any)
		if !ok {
			return []string{differ(": %s → %s", show(b), show(a))}
		}
		keys := map[string]bool{}
		for k := range bv {
			keys[k] = true
		}
		for k := range av {
			keys[k] = true
		}
		sorted := make([]string, 0, len(keys))
		for k := range keys {
			sorted = append(sorted, k)
		}
		sort.Strings(sorted)
		var out []string
		for _, k := range sorted {
			sub := k
			if path != "" {
				sub = path + "." + k
			}
			out = append(out, jsonDiff(name, sub, bv[k], av[k])...)
		}
		return out
	case []any:
		av, ok := a.([]any)
		if !ok {
			return []string{differ(": %s → %s", show(b), show(a))}
		}
		var out []string
		if len(av) != len(bv) {
			out = append(out, differ(": %d entries → %d", len(bv), len(av)))
		}
		after := map[string]any{}
		for i, x := range av {
			after[entryLabel(x, i)] = x
		}
		seen := map[string]bool{}
		for i, x := range bv {
			l := entryLabel(x, i)
			seen[l] = true
			y, ok := after[l]
			if !ok {
				out = append(out, differ("[%s]: gone (was %s)", l, show(x)))
				continue
			}
			out = append(out, jsonDiff(name, fmt.Sprintf("%s[%s]", path, l), x, y)...)
		}
		for i, x := range av {
			if l := entryLabel(x, i); !seen[l] {
				out = append(out, differ("[%s]: new %s", l, show(x)))
			}
		}
		return out
	default:
		if !reflect.DeepEqual(b, a) {
			return []string{differ(": %s → %s", show(b), show(a))}
		}
		return nil
	}
}

// csvDiff lists the rows of two CSV editions whose values differ, by their section, category, key
// and measure.
func csvDiff(name string, b, a []byte) []string {
	read := func(x []byte) ([]string, map[string]string) {
		rows, err := csv.NewReader(bytes.NewReader(x)).ReadAll()
		if err != nil {
			return nil, nil
		}
		var order []string
		values := map[string]string{}
		for _, r := range rows {
			k := strings.Join(r[:len(r)-1], " ")
			order = append(order, k)
			values[k] = r[len(r)-1]
		}
		return order, values
	}
	bo, bv := read(b)
	ao, av := read(a)
	if bv == nil || av == nil {
		return []string{name + ": invalid CSV"}
	}
	var out []string
	for _, k := range bo {
		if v, ok := av[k]; !ok {
			out = append(out, fmt.Sprintf("%s: row %q gone (was %q)", name, k, bv[k]))
		} else if v != bv[k] {
			out = append(out, fmt.Sprintf("%s: %s: %q → %q", name, k, bv[k], v))
		}
	}
	for _, k := range ao {
		if _, ok := bv[k]; !ok {
			out = append(out, fmt.Sprintf("%s: new row %q = %q", name, k, av[k]))
		}
	}
	if len(out) == 0 && !slicesEqual(bo, ao) {
		out = append(out, name+": the rows changed order")
	}
	return out
}

func slicesEqual(a, b []string) bool { return strings.Join(a, "\n") == strings.Join(b, "\n") }

// lineDiff lists the lines of a PDF's text that are only in the one or the other, each line
// naming its figure as the report prints it ("Met cliëntondersteuner 40 (18,2 %)").
func lineDiff(name string, b, a []byte) []string {
	count := map[string]int{}
	for l := range strings.SplitSeq(string(b), "\n") {
		count[l]++
	}
	for l := range strings.SplitSeq(string(a), "\n") {
		count[l]--
	}
	var out []string
	for l := range strings.SplitSeq(string(b), "\n") {
		if count[l] > 0 {
			out = append(out, fmt.Sprintf("%s: before: %q", name, l))
			count[l]--
		}
	}
	for l := range strings.SplitSeq(string(a), "\n") {
		if count[l] < 0 {
			out = append(out, fmt.Sprintf("%s: after:  %q", name, l))
			count[l]++
		}
	}
	if len(out) == 0 {
		out = append(out, name+": the same lines in another order")
	}
	return out
}

// checkNoFileText fails the test for every planted personal datum or free text of a case file in
// any edition.
func checkNoFileText(t *testing.T, when string, e editionSet) {
	t.Helper()
	for _, name := range e.names {
		for _, s := range append(append([]string{}, planted...), destroyedText...) {
			if bytes.Contains(e.files[name], []byte(s)) {
				t.Errorf("%s: %s shows %q from a case file", when, name, s)
			}
		}
	}
}

// checkTheWorldShows fails the test when the figures before the destruction do not show what the
// comparison needs to see: a difference hidden as "<5" in both would prove nothing.
func checkTheWorldShows(t *testing.T, e editionSet) {
	t.Helper()
	fig := e.figures[2024]
	s := fig.Summary
	for what, ok := range map[string]bool{
		"complaints with a supporter":          s.WithSupporter > 0 && s.WithSupporter < s.Received,
		"postponed complaints":                 s.Postponed > 0,
		"rulings within and outside the term":  s.RuledWithinTerm > 0 && s.RuledWithinTerm < s.Ruled,
		"withdrawn, inadmissible and resolved": s.Withdrawn > 0 && s.Inadmissible > 0 && s.Resolved > 0,
		"founded, partly founded, unfounded":   s.Founded > 0 && s.PartlyFounded > 0 && s.Unfounded > 0,
		"advices accepted, rejected, enforced, executed": s.AdvicesAccepted > 0 && s.AdvicesRejected > 0 &&
			s.AdvicesEnforced > 0 && s.AdvicesExecuted > 0,
		"a year before":        fig.Previous.Received > 0,
		"recommendations":      len(fig.Recommendations) > 0 && len(fig.FollowUp) > 0,
		"earlier ones pending": len(fig.EarlierRecommendations) > 0,
		"client support's complaints with a supporter": fig.ClientSupport != nil &&
			fig.ClientSupport.ComplaintsWithSupporter.Shown() && fig.ClientSupport.ComplaintsWithSupporter.N > 0,
		"answers after the ruling, reports dealt with and not": fig.Feedback != nil && fig.Feedback.Answers > 0 &&
			fig.Feedback.CarriedOut[0].Count.Shown() && fig.Feedback.Satisfaction[3].Count.Shown() &&
			fig.Feedback.DealtWith > 0 && fig.Feedback.DealtWith < fig.Feedback.NotCarriedOut,
	} {
		if !ok {
			t.Errorf("2024 does not show %s: the comparison would prove nothing", what)
		}
	}
	shown := 0
	for _, o := range fig.ByOrganisation {
		if o.Complaints.Shown() && o.Granted.Shown() {
			shown++
		}
	}
	if shown < 3 {
		t.Errorf("2024 shows %d organisations' counts, want 3: %+v", shown, fig.ByOrganisation)
	}
	// Every outcome shown for some organisation (one count of a row is withheld where a hidden one,
	// the advices awaiting an answer, could be worked out from the others).
	columns := map[string]int{}
	for _, o := range fig.AdviceOutcomes {
		for name, c := range map[string]casework.Suppressed{"issued": o.Issued, "accepted": o.Accepted, "rejected": o.Rejected,
			"enforced": o.Enforced, "executed": o.Executed} {
			if c.Shown() {
				columns[name]++
			}
		}
	}
	for _, name := range []string{"issued", "accepted", "rejected", "enforced", "executed"} {
		if columns[name] == 0 {
			t.Errorf("2024 shows the advices %s of no organisation: %+v", name, fig.AdviceOutcomes)
		}
	}
	grounds := 0
	for _, g := range fig.RejectionGrounds {
		if g.Count.Shown() {
			grounds++
		}
	}
	if grounds < 2 {
		t.Errorf("2024 shows %d rejection grounds, want at least 2: %+v", grounds, fig.RejectionGrounds)
	}
	if q := e.support["2024-Q2"]; !q.ComplaintsWithSupporter.Shown() || !q.Clients.Shown() {
		t.Errorf("the second quarter of 2024 hides the complaints with a supporter or the clients: %+v", q)
	}
	if s := fig.Summary; s.AdvicesAwaiting != 0 {
		t.Errorf("2024 has %d advices awaiting an answer", s.AdvicesAwaiting)
	}
	if s := e.figures[2026].Summary; s.Open == 0 || s.AdvicesAwaiting == 0 {
		t.Errorf("2026 has no open cases or no advice awaiting an answer: %+v", s)
	}
}

// destroyDue has the admin approve every case due on the clock's day, and the destroyer destroy them
// in batches; it returns how many it destroyed.
func (w *destructionWorld) destroyDue() int {
	w.t.Helper()
	due, err := w.store.DueForDestruction(w.ctx, term.LocalDate(w.clock.Now()), 0)
	w.must(err)
	if len(due) == 0 {
		return 0
	}
	refs := make([]string, len(due))
	for i, d := range due {
		refs[i] = d.Reference
	}
	admin := casework.Actor{Role: casework.RoleAdmin, Label: "Archivaris"}
	list, err := w.store.ApproveDestruction(w.ctx, admin, refs)
	w.must(err)
	w.clock.Advance(time.Hour)
	destroyed := 0
	for {
		n, err := w.store.DestroyApproved(w.ctx, 25)
		w.must(err)
		if n == 0 {
			break
		}
		destroyed += n
	}
	if destroyed != list.Cases {
		w.t.Fatalf("destroyed %d of the %d approved cases", destroyed, list.Cases)
	}
	return destroyed
}

func (w *destructionWorld) count(q string, args ...any) int {
	w.t.Helper()
	var n int
	w.must(w.store.SQL().GetContext(w.ctx, &n, q, args...))
	return n
}

// TestEveryEditionSurvivesDestruction builds four years of cases through the store (see
// destruction_world_test.go), makes every edition of every year's annual report (PDF in Dutch and
// English, CSV, JSON) and the figures of client support of every year and quarter (JSON and CSV),
// then destroys first the cases due in July 2029 (the short category and the handled cases closed
// before July 2024), then, in 2045, every closed case, and after each destruction makes every
// edition again: the figures are deep-equal, the CSV and JSON byte for byte the same and the PDFs'
// text the same, all with the generation's time and version number normalised. No edition shows
// any personal datum or free text of a case file, before or after. Last, a deliberately careless
// destruction (forgetting who had a supporter and which enforcements were corrected) shows that
// the comparison names the figures it changes.
func TestEveryEditionSurvivesDestruction(t *testing.T) {
	f := newFixture(t, at(2023, 1, 1, 0, 0))
	w := f.buildWorld()
	closed := w.count(`SELECT count(*) FROM complaints WHERE destroy_on IS NOT NULL`)
	open := w.count(`SELECT count(*) FROM complaints WHERE status IN ('received', 'in_treatment', 'advised')`)
	t.Logf("the world: %d complaints, %d closed, %d open; %d advices (%d corrected), %d trajectories linked to complaints",
		w.count(`SELECT count(*) FROM complaints`), closed, open, w.count(`SELECT count(*) FROM advices`),
		w.count(`SELECT count(*) FROM advices WHERE corrected_at IS NOT NULL`),
		w.count(`SELECT count(*) FROM trajectories WHERE complaint_id IS NOT NULL`))
	if n := w.count(`SELECT count(*) FROM complaints WHERE summary LIKE 'KLACHTTEKST%'`); n != closed+open {
		t.Fatalf("%d complaints hold the planted text, want all %d", n, closed+open)
	}

	before := w.editions(false)
	checkTheWorldShows(t, before)
	checkNoFileText(t, "before the destruction", before)
	if t.Failed() {
		t.FailNow()
	}

	for _, step := range []struct {
		name string
		at   time.Time
		want func(n int) bool
	}{
		{"the cases due on 1 July 2029", at(2029, 7, 1, 9, 0), func(n int) bool { return n > 0 && n < closed }},
		{"every closed case, in 2045", at(2045, 1, 10, 9, 0), func(n int) bool { return true }},
	} {
		w.clock.Set(step.at)
		n := w.destroyDue()
		if !step.want(n) {
			t.Fatalf("%s: destroyed %d cases of %d closed", step.name, n, closed)
		}
		t.Logf("destroyed %s: %d cases", step.name, n)
		after := w.editions(false)
		for _, d := range compareEditions(before, after) {
			t.Errorf("after destroying %s: %s", step.name, d)
		}
		checkNoFileText(t, "after destroying "+step.name, after)
	}
	if n := w.count(`SELECT count(*) FROM complaints WHERE destroyed_at IS NULL AND status NOT IN ('received', 'in_treatment', 'advised')`); n != 0 {
		t.Errorf("%d closed cases are left whole", n)
	}
	if n := w.count(`SELECT count(*) FROM complaints WHERE destroyed_at IS NOT NULL`); n != closed {
		t.Errorf("%d cases destroyed, want all %d closed ones", n, closed)
	}
	if n := w.count(`SELECT count(*) FROM complaints WHERE summary LIKE 'KLACHTTEKST%'`); n != open {
		t.Errorf("%d complaints still hold the planted text, want the %d open ones", n, open)
	}

	// The comparison catches a careless destruction and names what it changed.
	_, err := w.store.SQL().ExecContext(w.ctx, `UPDATE complaints SET had_supporter = false WHERE destroyed_at IS NOT NULL`)
	w.must(err)
	_, err = w.store.SQL().ExecContext(w.ctx, `UPDATE advices SET corrected_at = NULL
		WHERE complaint_id IN (SELECT id FROM complaints WHERE destroyed_at IS NOT NULL)`)
	w.must(err)
	_, err = w.store.SQL().ExecContext(w.ctx, `UPDATE feedback SET dealt_with_at = NULL
		WHERE complaint_id IN (SELECT id FROM complaints WHERE destroyed_at IS NOT NULL)`)
	w.must(err)
	diffs := strings.Join(compareEditions(editionSet{figures: before.figures, support: before.support}, w.editions(true)), "\n")
	t.Logf("a careless destruction changes %d figures, such as:\n%s", strings.Count(diffs, "\n")+1,
		strings.Join(strings.SplitN(diffs, "\n", 6)[:5], "\n"))
	for _, want := range []string{"2024 figures: summary.with_supporter: ", "2024 figures: summary.advices_enforced: ",
		"2024 figures: summary.advices_accepted: ", "support figures 2024-Q2: complaints_with_supporter: ",
		"2024 figures: feedback.not_carried_out_dealt_with: "} {
		if !strings.Contains(diffs, want) {
			t.Errorf("a careless destruction changes %q unnoticed; the comparison found:\n%s", want, diffs)
		}
	}
}
