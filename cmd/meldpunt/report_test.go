package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"meldpunt/internal/letter"
	"meldpunt/internal/pgtest"
	"meldpunt/internal/report"
	"meldpunt/internal/term"
)

func TestReportAnnualCommand(t *testing.T) {
	t.Setenv("DATABASE_URL", pgtest.NewURL(t))
	dir := t.TempDir()
	for _, name := range []string{"jaarrapportage.pdf", "cijfers.csv", "cijfers.json"} {
		out, _, err := runCmd(t, "", "report", "annual", "--year", "2025", "--out", filepath.Join(dir, name))
		if err != nil || !strings.Contains(out, "annual report 2025") || !strings.Contains(out, "version 1, draft") {
			t.Fatalf("report annual --out %s: %v\n%s", name, err, out)
		}
	}
	pdf, err := os.ReadFile(filepath.Join(dir, "jaarrapportage.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("pdftotext", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	text, err := cmd.Output()
	if err != nil || !strings.Contains(string(text), "Jaarrapportage 2025") {
		t.Fatalf("the PDF written: %v", err)
	}
	// English, and the format given apart from the file name; a second run is version 2.
	out, _, err := runCmd(t, "", "report", "annual", "--year", "2025", "--lang", "en", "--format", "pdf", "--out", filepath.Join(dir, "report"))
	if err != nil || !strings.Contains(out, "(pdf, en): version 1") {
		t.Fatalf("English: %v\n%s", err, out)
	}
	out, _, err = runCmd(t, "", "report", "annual", "--year", "2025", "--out", filepath.Join(dir, "jaarrapportage.pdf"))
	if err != nil || !strings.Contains(out, "(pdf, nl): version 2") {
		t.Fatalf("second run: %v\n%s", err, out)
	}
	next := time.Now().In(term.Amsterdam()).Year() + 1
	for _, bad := range [][]string{
		{"report", "annual", "--year", "2025"},
		{"report", "annual", "--out", filepath.Join(dir, "x.pdf")},
		{"report", "annual", "--year", "20x5", "--out", filepath.Join(dir, "x.pdf")},
		{"report", "annual", "--year", strconv.Itoa(next), "--out", filepath.Join(dir, "x.pdf")},
		{"report", "annual", "--year", "2025", "--out", filepath.Join(dir, "x.docx")},
		{"report", "annual", "--year", "2025", "--lang", "de", "--out", filepath.Join(dir, "x.pdf")},
		{"report", "monthly"},
	} {
		if _, _, err := runCmd(t, "", bad...); exitCode(err) != 2 {
			t.Errorf("%v: %v, want a usage error", bad, err)
		}
		if _, err := os.Stat(filepath.Join(dir, "x.pdf")); err == nil {
			t.Errorf("%v wrote a file", bad)
		}
	}
}

// TestAnnualJobRunsOnceAfterItsTime: the scheduled job makes every edition of last year's report;
// at start-up it is due only when this year's scheduled time has passed without it.
func TestAnnualJobRunsOnceAfterItsTime(t *testing.T) {
	ctx := context.Background()
	clock := pgtest.NewClock(time.Date(2026, 1, 2, 5, 59, 0, 0, term.Amsterdam()))
	store := pgtest.NewStore(t, clock)
	gen, err := report.New(store, letter.SampleSender())
	if err != nil {
		t.Fatal(err)
	}
	env := &environment{log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	job := annualJob{store: store, gen: gen, env: env}
	const spec = "0 6 2 1 *"
	// An earlier run stored one edition and then stopped: the rest is still due.
	if _, err := gen.Generate(ctx, report.Request{Year: 2025, Format: report.PDF, Trigger: report.TriggerSchedule}); err != nil {
		t.Fatal(err)
	}
	if due, err := job.due(ctx, spec); err != nil || due {
		t.Fatalf("a minute before 2 January 06:00: due %v, %v", due, err)
	}
	clock.Set(time.Date(2026, 1, 2, 6, 0, 0, 0, term.Amsterdam()))
	if due, err := job.due(ctx, spec); err != nil || !due {
		t.Fatalf("at 2 January 06:00: due %v, %v", due, err)
	}
	if err := job.run(ctx); err != nil {
		t.Fatal(err)
	}
	versions, err := store.ReportVersions(ctx, 2025)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, v := range versions {
		got = append(got, v.Format+"/"+v.Language+"/"+v.Trigger)
	}
	slices.Sort(got)
	if want := "csv/nl/schedule json/nl/schedule pdf/en/schedule pdf/nl/schedule"; strings.Join(got, " ") != want {
		t.Errorf("the job stored %v, want each edition once: %s", got, want)
	}
	clock.Set(time.Date(2026, 3, 1, 12, 0, 0, 0, term.Amsterdam()))
	if due, err := job.due(ctx, spec); err != nil || due {
		t.Errorf("after the job ran: due %v, %v", due, err)
	}
	// While another process holds the job, a second run leaves it alone.
	clock.Set(time.Date(2027, 1, 2, 7, 0, 0, 0, term.Amsterdam()))
	ran, err := store.Exclusively(ctx, "annual report job", 2026, func() error {
		if err := job.run(ctx); err != nil {
			return err
		}
		vs, err := store.ReportVersions(ctx, 2026)
		if err != nil || len(vs) != 0 {
			t.Errorf("a second process made %d versions while the first held the job: %v", len(vs), err)
		}
		return nil
	})
	if !ran || err != nil {
		t.Fatalf("exclusive run: %v %v", ran, err)
	}
	if _, err := job.due(ctx, "not a schedule"); err == nil {
		t.Error("a broken schedule is accepted")
	}
	w := &workers{annual: job, store: store, log: env.log}
	if _, err := w.schedule(ctx, "@every 1m", "@every 1m", "@every 1m", "61 6 2 1 *"); err == nil {
		t.Error("schedule accepts a broken report schedule")
	}
}
