package pgcluster

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// serverUser is the account the server programs run as when the current
// process is root; PostgreSQL refuses to run as root.
const serverUser = "postgres"

// runner runs PostgreSQL programs: directly as the current user, or, when
// the current process is root, as serverUser through runuser.
type runner struct {
	user    string // empty: run as the current user
	uid     int    // owner for files the server must own; -1 when user is empty
	gid     int
	runuser string // path of runuser; empty when user is empty
}

// newRunner returns the runner for the current process, creating the
// serverUser account when running as root and it does not exist yet.
func newRunner(ctx context.Context, logf func(string, ...any)) (*runner, error) {
	if os.Geteuid() != 0 {
		return &runner{uid: -1, gid: -1}, nil
	}
	u, err := user.Lookup(serverUser)
	if errors.As(err, new(user.UnknownUserError)) {
		logf("creating system user %s to run PostgreSQL", serverUser)
		if err := createServerUser(ctx); err != nil {
			return nil, err
		}
		u, err = user.Lookup(serverUser)
	}
	if err != nil {
		return nil, fmt.Errorf("pgcluster: looking up user %s: %w", serverUser, err)
	}
	uid, err := strconv.Atoi(u.Uid)
	if err != nil {
		return nil, fmt.Errorf("pgcluster: user %s has non-numeric uid %q", serverUser, u.Uid)
	}
	gid, err := strconv.Atoi(u.Gid)
	if err != nil {
		return nil, fmt.Errorf("pgcluster: user %s has non-numeric gid %q", serverUser, u.Gid)
	}
	runuser, err := exec.LookPath("runuser")
	if err != nil {
		return nil, fmt.Errorf("pgcluster: running as root, PostgreSQL must run as user %s, but runuser is not available (install util-linux): %w", serverUser, err)
	}
	return &runner{user: serverUser, uid: uid, gid: gid, runuser: runuser}, nil
}

// createServerUser adds serverUser as a system account without a home
// directory, joining an existing group of the same name if there is one.
func createServerUser(ctx context.Context) error {
	useradd, err := exec.LookPath("useradd")
	if err != nil {
		return fmt.Errorf("pgcluster: user %s does not exist and useradd is not available to create it; create the user and try again", serverUser)
	}
	args := []string{"--system", "--no-create-home"}
	if _, err := user.LookupGroup(serverUser); err == nil {
		args = append(args, "--gid", serverUser)
	} else {
		args = append(args, "--user-group")
	}
	args = append(args, serverUser)
	if _, err := output(exec.CommandContext(ctx, useradd, args...), "useradd"); err != nil {
		return fmt.Errorf("pgcluster: creating user %s: %w", serverUser, err)
	}
	return nil
}

// argv returns the command line that runs program name with args as the
// server user.
func (r *runner) argv(name string, args ...string) []string {
	if r.user == "" {
		return append([]string{name}, args...)
	}
	return append([]string{r.runuser, "-u", r.user, "--", name}, args...)
}

// command returns a command that runs program name with args as the server
// user, with a clean environment (see serverEnv).
func (r *runner) command(ctx context.Context, name string, args ...string) *exec.Cmd {
	argv := r.argv(name, args...)
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.Env = serverEnv()
	if r.user != "" {
		// The current directory may not be accessible to the server user.
		cmd.Dir = "/"
	}
	// pg_ctl start leaves a server running; should it ever keep our output
	// pipe open, do not wait for it forever.
	cmd.WaitDelay = 5 * time.Second
	return cmd
}

// run runs program name with args as the server user and returns its
// combined output.
func (r *runner) run(ctx context.Context, name string, args ...string) (string, error) {
	return output(r.command(ctx, name, args...), filepath.Base(name))
}

// chown makes path owned by the server user; it does nothing when the
// server runs as the current user.
func (r *runner) chown(path string) error {
	if r.user == "" {
		return nil
	}
	return os.Chown(path, r.uid, r.gid)
}

// checkReachable verifies that the server user can reach and write dir. It
// names the first directory on the way that the server user cannot search.
func (r *runner) checkReachable(ctx context.Context, dir string) error {
	if r.user == "" {
		return nil
	}
	test, err := exec.LookPath("test")
	if err != nil {
		return nil // cannot check; the server programs will complain
	}
	if _, err := r.run(ctx, test, "-w", dir, "-a", "-x", dir); err == nil {
		return nil
	}
	var blocked string
	for p := filepath.Dir(dir); ; p = filepath.Dir(p) {
		if _, err := r.run(ctx, test, "-x", p); err != nil {
			blocked = p
		}
		if p == filepath.Dir(p) {
			break
		}
	}
	if blocked != "" {
		return fmt.Errorf("pgcluster: user %s cannot reach %s because it may not enter %s; make that directory searchable (chmod o+x %s) or choose another data directory", r.user, dir, blocked, blocked)
	}
	return fmt.Errorf("pgcluster: user %s cannot write to %s", r.user, dir)
}

// serverEnv returns the current environment without the PG* variables, so
// that settings meant for other clients (PGHOST, PGDATA, PGSSLMODE, ...)
// cannot change what the cluster's programs do.
func serverEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "PG") {
			env = append(env, kv)
		}
	}
	return env
}

// output runs cmd and returns its trimmed combined output. A failure is
// reported under the program name together with the output.
func output(cmd *exec.Cmd, name string) (string, error) {
	var buf bytes.Buffer
	cmd.Stdout = &buf
	cmd.Stderr = &buf
	err := cmd.Run()
	out := strings.TrimSpace(buf.String())
	if err != nil {
		if out == "" {
			return out, fmt.Errorf("%s: %w", name, err)
		}
		return out, fmt.Errorf("%s: %w: %s", name, err, out)
	}
	return out, nil
}

// exitCode returns the exit status carried by err, or -1.
func exitCode(err error) int {
	var exitErr *exec.ExitError
	if errors.As(err, &exitErr) {
		return exitErr.ExitCode()
	}
	return -1
}
