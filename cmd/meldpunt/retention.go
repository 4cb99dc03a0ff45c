package main

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"

	"meldpunt/internal/casework"
	"meldpunt/internal/postgres"
	"meldpunt/internal/term"
)

// retention lists the files due for destruction on a day and, with --approve, approves the
// destruction of the named ones as a named admin (the archive records who). The background
// destroyer of serve does the destruction itself.
func (env *environment) retention(ctx context.Context, args []string) error {
	fs := env.flags("retention", "retention [--on YYYY-MM-DD] [--limit N] | retention --as EMAIL --approve REF...")
	on := fs.String("on", "", "list what is due on or before this day (default today, Europe/Amsterdam)")
	limit := fs.Int("limit", 1000, "list at most this many files")
	as := fs.String("as", "", "the e-mail address of the admin account that approves (required with --approve)")
	approve := fs.Bool("approve", false, "approve the destruction of the references that follow the flags (due today, not on hold)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	refs := fs.Args()
	switch {
	case *approve && len(refs) == 0:
		return usageError{"--approve needs the references of the files to destroy, after the flags"}
	case *approve && *as == "":
		return usageError{"--approve needs --as EMAIL: the admin who approves, for the archive's record"}
	case !*approve && len(refs) > 0:
		return usageError{fmt.Sprintf("unexpected arguments %v (give --approve to approve them)", refs)}
	case !*approve && *as != "":
		return usageError{"--as is only for --approve"}
	case *limit < 1:
		return usageError{"--limit must be at least 1"}
	}
	db, err := env.openDatabase(ctx, false)
	if err != nil {
		return err
	}
	defer db.Close()
	if *approve {
		u, err := db.store.ActiveAdmin(ctx, *as)
		if err != nil {
			return usageError{fmt.Sprintf("--as %s: no active admin account with this e-mail address", *as)}
		}
		list, err := db.store.ApproveDestruction(ctx, casework.ActorOf(u), refs)
		if err != nil {
			return describe(err)
		}
		w := env.stdout
		fmt.Fprintf(w, "destruction list %d approved by %s on %s: %d files (%s)\n", list.ID, list.ApprovedBy,
			list.ApprovedAt.In(term.Amsterdam()).Format("2006-01-02 15:04"), list.Cases,
			categoryCounts(list.Handled, list.Ombudsman, list.Inadmissible))
		fmt.Fprintln(w, "the background destroyer of `meldpunt serve` destroys them in batches; "+
			"GET /api/v1/retention/destructions/"+fmt.Sprint(list.ID)+" shows the progress")
		return nil
	}
	day := term.LocalDate(db.store.Now())
	if *on != "" {
		if day, err = term.ParseDate(*on); err != nil {
			return usageError{fmt.Sprintf("--on %q: not a date (YYYY-MM-DD)", *on)}
		}
	}
	due, err := db.store.DueForDestruction(ctx, day, *limit+1)
	if err != nil {
		return err
	}
	more := len(due) > *limit
	if more {
		due = due[:*limit]
	}
	printDue(env, day, due, more)
	return nil
}

// printDue prints the due files as a table.
func printDue(env *environment, day term.Date, due []postgres.DueCase, more bool) {
	if len(due) == 0 {
		fmt.Fprintf(env.stdout, "no files due for destruction on %s\n", day)
		return
	}
	fmt.Fprintf(env.stdout, "files due for destruction on %s: %d%s\n\n", day, len(due), map[bool]string{true: " (more not shown: raise --limit)"}[more])
	tw := tabwriter.NewWriter(env.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "REFERENCE\tCATEGORY\tCLOSED ON\tDESTROY ON\tON HOLD\tAPPROVED")
	for _, d := range due {
		hold := "no"
		if d.HoldReason != "" {
			hold = "yes: " + oneLine(d.HoldReason, 60)
		}
		approved := "no"
		if d.Approved {
			approved = "yes"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", d.Reference, d.Category, d.ClosedOn, d.DestroyOn, hold, approved)
	}
	tw.Flush()
}

// oneLine shortens a text to one line of at most n runes.
func oneLine(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

// categoryCounts says how many files of each category: "1 inadmissible_withdrawn, 2 handled".
func categoryCounts(handled, ombudsman, short int) string {
	var parts []string
	for _, c := range []struct {
		n    int
		name casework.RetentionCategory
	}{{short, casework.RetentionShort}, {handled, casework.RetentionHandled}, {ombudsman, casework.RetentionOmbudsman}} {
		if c.n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", c.n, c.name))
		}
	}
	return strings.Join(parts, ", ")
}
