// Package pgcluster runs a private PostgreSQL server in a data directory of
// its own, so that meldpunt and its tests work without a prepared database.
//
// The server listens on 127.0.0.1 and on a unix socket in a private
// directory. TCP connections must authenticate with the superuser's
// password (scram-sha-256), a random one that initdb sets and that is kept
// in a file inside the data directory; connections over the unix socket are
// trusted, since only the server's user and root can reach the socket, and
// they can read the data directory anyway. It uses
// the PostgreSQL server programs installed on the machine (initdb, pg_ctl,
// postgres). When the current process is root, the server runs as the
// system user postgres, through runuser, because PostgreSQL refuses to run
// as root.
package pgcluster

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

const (
	// configFile holds the settings Start writes on every start; the
	// cluster's postgresql.conf includes it.
	configFile  = "pgcluster.conf"
	includeLine = "include_if_exists = '" + configFile + "'"

	logFileName   = "server.log"
	socketDirName = "socket"
	// maxSocketDirLen keeps the socket path (directory plus
	// "/.s.PGSQL.65535.lock") well within the 104 to 108 bytes that unix
	// socket addresses allow.
	maxSocketDirLen = 80

	startTimeout = 30 * time.Second
	stopTimeout  = 90 * time.Second
	logTailLines = 20

	defaultMaxConnections = 100
	superuser             = "postgres"
)

// ErrAlreadyRunning is returned by Start when a server is already running
// on the data directory, for example one started by another process.
var ErrAlreadyRunning = errors.New("a PostgreSQL server is already running")

// Options configures Start.
type Options struct {
	// DataDir is the cluster's data directory. A missing or empty directory
	// is initialised with initdb; one that already holds a cluster is
	// reused. When DataDir is empty, a new temporary directory is used;
	// Remove deletes it.
	DataDir string
	// Port is the TCP port on 127.0.0.1; 0 picks a free one.
	Port int
	// Logf, if not nil, receives progress messages.
	Logf func(format string, args ...any)
	// Fsync makes the server flush data to disk. Without it the server
	// runs with fsync, synchronous_commit and full_page_writes off: much
	// faster, but a crash of the machine may lose or corrupt data. Leave it
	// false only for throw-away clusters.
	Fsync bool
	// MaxConnections is the server's max_connections; 0 means 100.
	MaxConnections int
	// BinDir is the directory holding initdb, pg_ctl and postgres. When
	// empty, it is found with pg_config, in PATH or in
	// /usr/lib/postgresql/*/bin (highest version).
	BinDir string
}

// Cluster is a private PostgreSQL server in one data directory, listening
// on 127.0.0.1 on a free port, where the superuser postgres must give its
// password, and on a unix socket in a private directory, which trusts its
// clients. A data directory initialised by an older version of this
// package, which trusts TCP connections too and has no password file, is
// still used, with a warning.
//
// The exported fields describe the running server and must not be changed.
// A Cluster's server does not outlive the process that started it: should
// the process exit without calling Stop or Remove, a small watchdog process
// stops the server (and deletes a temporary data directory).
type Cluster struct {
	// DataDir is the absolute path of the data directory.
	DataDir string
	// Port is the TCP port the server listens on at 127.0.0.1.
	Port int
	// SocketDir is the directory of the server's unix socket.
	SocketDir string
	// BinDir is the directory of the PostgreSQL server programs in use.
	BinDir string
	// LogFile is the server's log file; the previous start's log is kept
	// next to it with the suffix ".1".
	LogFile string

	opts          Options
	logf          func(format string, args ...any)
	run           *runner
	tempRoot      string // directory created for an empty Options.DataDir
	tempSocketDir string // socket directory created under os.TempDir
	password      string // the superuser's password; empty for an old trust cluster

	mu       sync.Mutex
	stopped  bool
	watchdog *watchdog
}

// Start initialises (if needed) and starts the cluster, and waits until it
// accepts connections (at most 30 seconds). When the server programs cannot
// be found, the error is ErrBinariesNotFound, which says how to install
// them. When a server is already running on the data directory, the error
// wraps ErrAlreadyRunning.
func Start(ctx context.Context, opts Options) (*Cluster, error) {
	if opts.Logf == nil {
		opts.Logf = func(string, ...any) {}
	}
	if opts.MaxConnections <= 0 {
		opts.MaxConnections = defaultMaxConnections
	}
	if opts.Port < 0 || opts.Port > 65535 {
		return nil, fmt.Errorf("pgcluster: invalid port %d", opts.Port)
	}
	binDir, err := findBinDir(opts.BinDir)
	if err != nil {
		return nil, err
	}
	r, err := newRunner(ctx, opts.Logf)
	if err != nil {
		return nil, err
	}
	c := &Cluster{BinDir: binDir, opts: opts, logf: opts.Logf, run: r}
	if err := c.start(ctx); err != nil {
		c.removeTemp()
		return nil, err
	}
	return c, nil
}

func (c *Cluster) start(ctx context.Context) error {
	if err := c.setDataDir(c.opts.DataDir); err != nil {
		return err
	}
	c.logf("using PostgreSQL programs in %s", c.BinDir)
	fresh, err := c.prepareDataDir(ctx)
	if err != nil {
		return err
	}
	if fresh {
		if err := c.initdb(ctx); err != nil {
			return err
		}
	} else {
		if err := c.checkNotRunning(ctx); err != nil {
			return err
		}
		if err := c.loadPassword(); err != nil {
			return err
		}
	}
	if err := c.ensureInclude(); err != nil {
		return err
	}
	if err := c.prepareSocketDir(); err != nil {
		return err
	}
	c.LogFile = filepath.Join(c.DataDir, logFileName)
	if err := os.Rename(c.LogFile, c.LogFile+".1"); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("pgcluster: keeping the previous server log: %w", err)
	}
	if err := c.startServer(ctx); err != nil {
		return err
	}
	w, err := c.startWatchdog()
	if err != nil {
		// The server runs fine; it just will not be stopped should this
		// process die without calling Stop.
		c.logf("warning: no watchdog for the PostgreSQL server: %v", err)
	}
	c.watchdog = w
	return nil
}

// setDataDir sets c.DataDir to the absolute form of dir, or to a new
// temporary directory when dir is empty.
func (c *Cluster) setDataDir(dir string) error {
	if dir != "" {
		abs, err := filepath.Abs(dir)
		if err != nil {
			return fmt.Errorf("pgcluster: %w", err)
		}
		c.DataDir = abs
		return nil
	}
	root, err := os.MkdirTemp("", "pgcluster-")
	if err != nil {
		return fmt.Errorf("pgcluster: %w", err)
	}
	c.tempRoot = root
	// The server user must be able to enter the directory; the data
	// directory inside it is private to the server user.
	if err := os.Chmod(root, 0o755); err != nil {
		return fmt.Errorf("pgcluster: %w", err)
	}
	c.DataDir = filepath.Join(root, "data")
	return nil
}

// prepareDataDir makes sure the data directory exists, belongs to the server
// user and is reachable for it. It reports whether the directory is fresh
// and needs initdb, as opposed to holding a cluster already.
func (c *Cluster) prepareDataDir(ctx context.Context) (fresh bool, err error) {
	dir := c.DataDir
	fi, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if err := mkdirParents(filepath.Dir(dir)); err != nil {
			return false, fmt.Errorf("pgcluster: creating the data directory: %w", err)
		}
		if err := os.Mkdir(dir, 0o700); err != nil {
			return false, fmt.Errorf("pgcluster: creating the data directory: %w", err)
		}
	case err != nil:
		return false, fmt.Errorf("pgcluster: %w", err)
	case !fi.IsDir():
		return false, fmt.Errorf("pgcluster: data directory %s is not a directory", dir)
	default:
		if _, err := os.Stat(filepath.Join(dir, "PG_VERSION")); err == nil {
			return false, c.run.checkReachable(ctx, dir)
		}
		entries, err := os.ReadDir(dir)
		if err != nil {
			return false, fmt.Errorf("pgcluster: %w", err)
		}
		if len(entries) > 0 {
			return false, fmt.Errorf("pgcluster: data directory %s is not empty but holds no PostgreSQL cluster (there is no PG_VERSION file); empty it or choose another directory", dir)
		}
	}
	if err := c.run.chown(dir); err != nil {
		return false, fmt.Errorf("pgcluster: %w", err)
	}
	return true, c.run.checkReachable(ctx, dir)
}

// mkdirParents creates dir and its missing parents with mode 0755,
// regardless of the umask, so that the server user can enter them.
func mkdirParents(dir string) error {
	var missing []string
	for p := dir; ; p = filepath.Dir(p) {
		if _, err := os.Stat(p); err == nil || p == filepath.Dir(p) {
			break
		}
		missing = append(missing, p)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, p := range missing {
		if err := os.Chmod(p, 0o755); err != nil {
			return err
		}
	}
	return nil
}

// initdb creates the cluster in the (empty) data directory, with locale
// C.UTF-8, or C where C.UTF-8 is not available. The superuser gets a new
// random password, which TCP connections must give and which is kept in
// passwordFileName in the data directory. The unix socket trusts its
// clients: prepareSocketDir makes sure that only the server's user (and
// root) can reach it.
func (c *Cluster) initdb(ctx context.Context) error {
	c.logf("initialising PostgreSQL cluster in %s", c.DataDir)
	began := time.Now()
	password, err := newPassword()
	if err != nil {
		return err
	}
	pwfile, removePwfile, err := c.run.tempPasswordFile(password)
	if err != nil {
		return err
	}
	defer removePwfile()
	initdb := filepath.Join(c.BinDir, "initdb")
	args := func(locale string) []string {
		a := []string{"-D", c.DataDir, "-U", superuser, "--pwfile=" + pwfile,
			"--auth-host=scram-sha-256", "--auth-local=trust", "--encoding=UTF8", "--locale=" + locale}
		if !c.opts.Fsync {
			a = append(a, "--no-sync")
		}
		return a
	}
	if _, err := c.run.run(ctx, initdb, args("C.UTF-8")...); err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("pgcluster: %w", err)
		}
		// initdb empties the data directory when it fails.
		c.logf("initdb with locale C.UTF-8 failed, retrying with locale C")
		if _, err2 := c.run.run(ctx, initdb, args("C")...); err2 != nil {
			return fmt.Errorf("pgcluster: initdb failed with locale C.UTF-8 (%v) and with locale C: %w", err, err2)
		}
	}
	removePwfile()
	if err := c.run.writePrivateFile(c.DataDir, passwordFileName, []byte(password+"\n")); err != nil {
		// Without the file nobody knows the password: empty the data
		// directory so that the next start initialises it again.
		c.emptyDataDir()
		return fmt.Errorf("pgcluster: keeping the superuser password: %w", err)
	}
	c.password = password
	c.logf("initialised cluster in %s", time.Since(began).Round(time.Millisecond))
	return nil
}

// emptyDataDir deletes everything in the data directory, after a failed
// initialisation.
func (c *Cluster) emptyDataDir() {
	entries, _ := os.ReadDir(c.DataDir)
	for _, e := range entries {
		os.RemoveAll(filepath.Join(c.DataDir, e.Name()))
	}
}

// ensureInclude makes postgresql.conf include configFile, as its last
// setting so that it wins.
func (c *Cluster) ensureInclude() error {
	path := filepath.Join(c.DataDir, "postgresql.conf")
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("pgcluster: %w", err)
	}
	for line := range strings.Lines(string(data)) {
		if strings.TrimSpace(line) == includeLine {
			return nil
		}
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		return fmt.Errorf("pgcluster: %w", err)
	}
	text := "\n# Settings written by meldpunt's pgcluster package at every start.\n" + includeLine + "\n"
	if len(data) > 0 && data[len(data)-1] != '\n' {
		text = "\n" + text
	}
	_, err = f.WriteString(text)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("pgcluster: %w", err)
	}
	return nil
}

// prepareSocketDir picks and creates the private directory for the unix
// socket: inside the data directory, or under the temporary directory when
// that path would be too long for a socket address. Since the socket trusts
// its clients, the directory must have mode 0700 and belong to the server's
// user.
func (c *Cluster) prepareSocketDir() error {
	dir := filepath.Join(c.DataDir, socketDirName)
	if len(dir) > maxSocketDirLen {
		base := os.TempDir()
		if len(base) > maxSocketDirLen-len("/pgsock-1234567890") {
			base = "/tmp"
		}
		tmp, err := os.MkdirTemp(base, "pgsock-")
		if err != nil {
			return fmt.Errorf("pgcluster: creating the socket directory: %w", err)
		}
		c.tempSocketDir = tmp
		dir = tmp
	} else if err := os.Mkdir(dir, 0o700); err != nil && !errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("pgcluster: creating the socket directory: %w", err)
	}
	if err := c.run.makePrivate(dir); err != nil {
		return err
	}
	c.SocketDir = dir
	return nil
}

// checkNotRunning fails with ErrAlreadyRunning when a server is running on
// the data directory. A postmaster.pid left behind by a crashed server is
// harmless: the server replaces it when its process is gone. When the
// process ID has been reused by a process that is not PostgreSQL, the stale
// file is removed here.
func (c *Cluster) checkNotRunning(ctx context.Context) error {
	running, err := c.status(ctx)
	if err != nil {
		return err
	}
	if !running {
		return nil
	}
	pid := c.readPID()
	if pid > 0 && !looksLikePostgres(pid) {
		c.logf("removing stale postmaster.pid: process %d is not PostgreSQL", pid)
		if err := os.Remove(filepath.Join(c.DataDir, "postmaster.pid")); err != nil {
			return fmt.Errorf("pgcluster: %w", err)
		}
		return nil
	}
	stop := c.run.argv(c.pgctl(), "stop", "-D", c.DataDir, "-m", "fast")
	return fmt.Errorf("pgcluster: %w on data directory %s (PID %d), perhaps started by another meldpunt; if it is left over from an earlier run, stop it with: %s",
		ErrAlreadyRunning, c.DataDir, pid, strings.Join(stop, " "))
}

// looksLikePostgres reports whether process pid may be a PostgreSQL server
// process. Without /proc it cannot tell and says yes.
func looksLikePostgres(pid int) bool {
	comm, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/comm")
	if err != nil {
		return true
	}
	name := strings.TrimSpace(string(comm))
	return name == "postgres" || name == "postmaster"
}

// status reports whether a server is running on the data directory,
// according to pg_ctl status.
func (c *Cluster) status(ctx context.Context) (bool, error) {
	_, err := c.run.run(ctx, c.pgctl(), "status", "-D", c.DataDir)
	switch {
	case err == nil:
		return true, nil
	case exitCode(err) == 3: // no server running
		return false, nil
	default:
		return false, fmt.Errorf("pgcluster: %w", err)
	}
}

// readPID returns the server's process ID from postmaster.pid, or 0.
func (c *Cluster) readPID() int {
	data, err := os.ReadFile(filepath.Join(c.DataDir, "postmaster.pid"))
	if err != nil {
		return 0
	}
	first, _, _ := strings.Cut(string(data), "\n")
	pid, err := strconv.Atoi(strings.TrimSpace(first))
	if err != nil {
		return 0
	}
	return pid
}

// startServer starts the server on Options.Port, or on a free port; since a
// free port may be taken by someone else before the server binds it, it
// then tries up to three ports.
func (c *Cluster) startServer(ctx context.Context) error {
	attempts := 1
	if c.opts.Port == 0 {
		attempts = 3
	}
	for attempt := 1; ; attempt++ {
		port := c.opts.Port
		if port == 0 {
			p, err := pickPort()
			if err != nil {
				return err
			}
			port = p
		}
		portInUse, err := c.startOnce(ctx, port)
		if err == nil || !portInUse || attempt >= attempts {
			return err
		}
		c.logf("port %d was taken before PostgreSQL could use it; trying another port", port)
	}
}

// startOnce writes the settings and starts the server on port. On failure it
// reports whether the port was in use, and the error includes the end of
// the server log.
func (c *Cluster) startOnce(ctx context.Context, port int) (portInUse bool, err error) {
	if err := c.writeConfig(port); err != nil {
		return false, err
	}
	var offset int64
	if fi, err := os.Stat(c.LogFile); err == nil {
		offset = fi.Size()
	}
	oldPID := c.readPID()
	c.logf("starting PostgreSQL on 127.0.0.1:%d", port)
	began := time.Now()
	_, err = c.run.run(ctx, c.pgctl(), "start", "-D", c.DataDir, "-w",
		"-t", strconv.Itoa(int(startTimeout/time.Second)), "-l", c.LogFile)
	if err == nil {
		err = checkTCP(ctx, port)
	}
	if err != nil {
		tail := logTail(c.LogFile, offset, logTailLines)
		c.abortStart(oldPID)
		err = fmt.Errorf("pgcluster: starting PostgreSQL in %s failed: %w", c.DataDir, err)
		if tail != "" {
			err = fmt.Errorf("%w\nlast lines of %s:\n%s", err, c.LogFile, tail)
		}
		return strings.Contains(tail, "Address already in use"), err
	}
	c.Port = port
	c.logf("PostgreSQL ready on 127.0.0.1:%d after %s", port, time.Since(began).Round(time.Millisecond))
	return false, nil
}

// abortStart stops a server that a failed start left running, such as one
// that did not get ready in time. oldPID is the process ID that
// postmaster.pid held before the start (stale, since no server was running).
func (c *Cluster) abortStart(oldPID int) {
	if pid := c.readPID(); pid == 0 || pid == oldPID {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), stopTimeout)
	defer cancel()
	_, _ = c.run.run(ctx, c.pgctl(), "stop", "-D", c.DataDir, "-m", "immediate", "-w")
}

// writeConfig writes configFile for a server on port.
func (c *Cluster) writeConfig(port int) error {
	durable := "off"
	if c.opts.Fsync {
		durable = "on"
	}
	var b strings.Builder
	b.WriteString("# Written by meldpunt's pgcluster package whenever it starts the server;\n")
	b.WriteString("# changes are overwritten.\n")
	b.WriteString("listen_addresses = '127.0.0.1'\n")
	fmt.Fprintf(&b, "port = %d\n", port)
	fmt.Fprintf(&b, "unix_socket_directories = %s\n", quoteSetting(c.SocketDir))
	fmt.Fprintf(&b, "max_connections = %d\n", c.opts.MaxConnections)
	fmt.Fprintf(&b, "fsync = %s\n", durable)
	fmt.Fprintf(&b, "synchronous_commit = %s\n", durable)
	fmt.Fprintf(&b, "full_page_writes = %s\n", durable)
	path := filepath.Join(c.DataDir, configFile)
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		return fmt.Errorf("pgcluster: %w", err)
	}
	if err := c.run.chown(path); err != nil {
		return fmt.Errorf("pgcluster: %w", err)
	}
	return nil
}

// quoteSetting quotes s as a string value in a PostgreSQL configuration
// file.
func quoteSetting(s string) string {
	s = strings.ReplaceAll(s, `\`, `\\`)
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

// pickPort picks the port for a server when Options.Port is 0. It is a
// variable so that tests can replace it.
var pickPort = freePort

// freePort returns a TCP port on 127.0.0.1 that was free a moment ago.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("pgcluster: finding a free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// checkTCP verifies that the server accepts TCP connections on port.
func checkTCP(ctx context.Context, port int) error {
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
	d := net.Dialer{Timeout: 5 * time.Second}
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return fmt.Errorf("server started but does not accept connections on %s: %w", addr, err)
	}
	return conn.Close()
}

// logTail returns the last n lines of the file at path, reading from
// offset on.
func logTail(path string, offset int64, n int) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	if _, err := f.Seek(offset, io.SeekStart); err != nil {
		return ""
	}
	var lines []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		lines = append(lines, sc.Text())
		if len(lines) > n {
			lines = lines[1:]
		}
	}
	return strings.Join(lines, "\n")
}

func (c *Cluster) pgctl() string {
	return filepath.Join(c.BinDir, "pg_ctl")
}

// URL returns a lib/pq connection URL for database db as user postgres,
// with the superuser's password, for example
// postgres://postgres:PASSWORD@127.0.0.1:5432/db?sslmode=disable. It holds
// no password for a cluster initialised by an older version of this package
// that trusts local TCP connections. Do not log the URL.
func (c *Cluster) URL(db string) string {
	user := url.User(superuser)
	if c.password != "" {
		user = url.UserPassword(superuser, c.password)
	}
	u := url.URL{
		Scheme:   "postgres",
		User:     user,
		Host:     net.JoinHostPort("127.0.0.1", strconv.Itoa(c.Port)),
		Path:     "/" + db,
		RawQuery: "sslmode=disable",
	}
	return u.String()
}

// CreateDatabase creates database db unless it exists already. It uses the
// createdb program of the PostgreSQL installation.
func (c *Cluster) CreateDatabase(ctx context.Context, db string) error {
	if db == "" || strings.HasPrefix(db, "-") {
		return fmt.Errorf("pgcluster: invalid database name %q", db)
	}
	createdb := filepath.Join(c.BinDir, "createdb")
	if _, err := os.Stat(createdb); err != nil {
		p, err := exec.LookPath("createdb")
		if err != nil {
			return fmt.Errorf("pgcluster: createdb not found in %s or PATH; install the PostgreSQL client programs with: apt-get install postgresql-client", c.BinDir)
		}
		createdb = p
	}
	cmd := exec.CommandContext(ctx, createdb, "-h", "127.0.0.1", "-p", strconv.Itoa(c.Port), "-U", superuser, "--no-password", db)
	// Untranslated messages, so that "already exists" can be recognised.
	cmd.Env = append(serverEnv(), "LC_ALL=C", "PGOPTIONS=-c lc_messages=C", "PGCONNECT_TIMEOUT=10")
	if c.password != "" {
		// In the environment, which only this user and root can read,
		// rather than on the command line, which everyone can.
		cmd.Env = append(cmd.Env, "PGPASSWORD="+c.password)
	}
	out, err := output(cmd, "createdb")
	if err != nil {
		if strings.Contains(out, "already exists") {
			return nil
		}
		return fmt.Errorf("pgcluster: creating database %s: %w", db, err)
	}
	c.logf("created database %s", db)
	return nil
}

// Stop stops the server (fast shutdown: open transactions are rolled back)
// and waits until it is down. Calling it again, or when the server is not
// running any more, does nothing.
func (c *Cluster) Stop() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.stopped {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), stopTimeout)
	defer cancel()
	c.logf("stopping PostgreSQL in %s", c.DataDir)
	if _, err := c.run.run(ctx, c.pgctl(), "stop", "-D", c.DataDir, "-m", "fast", "-w"); err != nil {
		// pg_ctl also fails when the server is gone already (it crashed or
		// someone else stopped it); that is fine.
		if running, serr := c.status(ctx); serr != nil || running {
			return fmt.Errorf("pgcluster: stopping PostgreSQL in %s: %w", c.DataDir, err)
		}
	}
	c.stopped = true
	c.watchdog.disarm()
	c.watchdog = nil
	if c.tempSocketDir != "" {
		if err := os.RemoveAll(c.tempSocketDir); err != nil {
			return fmt.Errorf("pgcluster: %w", err)
		}
	}
	return nil
}

// Remove stops the server and deletes its data directory, for throw-away
// clusters. Calling it again does nothing.
func (c *Cluster) Remove() error {
	if err := c.Stop(); err != nil {
		return err
	}
	if err := os.RemoveAll(c.DataDir); err != nil {
		return fmt.Errorf("pgcluster: removing the data directory: %w", err)
	}
	return c.removeTemp()
}

// removeTemp deletes the temporary directories Start created.
func (c *Cluster) removeTemp() error {
	var errs []error
	for _, dir := range []string{c.tempRoot, c.tempSocketDir} {
		if dir != "" {
			errs = append(errs, os.RemoveAll(dir))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("pgcluster: %w", err)
	}
	return nil
}
