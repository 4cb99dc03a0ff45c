package pgcluster

import (
	"bufio"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/lib/pq"
)

// helperEnv makes the test binary act as a helper process (see TestMain).
const helperEnv = "PGCLUSTER_TEST_HELPER"

func TestMain(m *testing.M) {
	if os.Getenv(helperEnv) == "die-without-stop" {
		dieWithoutStop()
	}
	os.Exit(m.Run())
}

// dieWithoutStop starts the ForTests cluster, prints its temporary directory
// and server process ID, and exits without calling stop.
func dieWithoutStop() {
	if _, _, err := ForTests(); err != nil {
		fmt.Println("ERROR", err)
		os.Exit(1)
	}
	c := forTests.cluster
	fmt.Printf("CLUSTER %d %s\n", c.readPID(), c.tempRoot)
	os.Exit(3)
}

// tempDir returns a new directory that the postgres user can enter, unlike
// t.TempDir, whose directories are private to root when running as root.
func tempDir(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "pgcluster-test-")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}

func startCluster(t *testing.T, opts Options) *Cluster {
	t.Helper()
	opts.Logf = t.Logf
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	c, err := Start(ctx, opts)
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(func() {
		if err := c.Stop(); err != nil {
			t.Errorf("Stop: %v", err)
		}
	})
	return c
}

func openDB(t *testing.T, dsn string) *sql.DB {
	t.Helper()
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func queryString(t *testing.T, db *sql.DB, query string) string {
	t.Helper()
	var s string
	if err := db.QueryRow(query).Scan(&s); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return s
}

// alive reports whether process pid exists (and is not a zombie).
func alive(pid int) bool {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return false
	}
	_, rest, _ := strings.Cut(string(data), ") ")
	return !strings.HasPrefix(rest, "Z")
}

// children returns the process IDs of pid's child processes.
func children(t *testing.T, pid int) []int {
	t.Helper()
	stats, err := filepath.Glob("/proc/[0-9]*/stat")
	if err != nil {
		t.Fatal(err)
	}
	var kids []int
	for _, path := range stats {
		data, err := os.ReadFile(path)
		if err != nil {
			continue // the process has exited
		}
		s := string(data)
		fields := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
		if len(fields) > 1 && fields[1] == strconv.Itoa(pid) {
			child, _ := strconv.Atoi(filepath.Base(filepath.Dir(path)))
			kids = append(kids, child)
		}
	}
	return kids
}

func waitGone(t *testing.T, pids ...int) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for _, pid := range pids {
		for alive(pid) {
			if time.Now().After(deadline) {
				t.Fatalf("process %d still exists", pid)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
}

func TestMissingBinaries(t *testing.T) {
	empty := t.TempDir()
	t.Setenv("PATH", empty)
	defer func(old string) { binDirGlob = old }(binDirGlob)
	binDirGlob = filepath.Join(empty, "*", "bin")

	dataDir := filepath.Join(t.TempDir(), "data")
	_, err := Start(context.Background(), Options{DataDir: dataDir})
	if !errors.Is(err, ErrBinariesNotFound) {
		t.Fatalf("Start: got error %v, want ErrBinariesNotFound", err)
	}
	want := "PostgreSQL server binaries not found (looked for initdb in PATH and /usr/lib/postgresql/*/bin); install them with: apt-get install postgresql"
	if err.Error() != want {
		t.Errorf("error message:\n got %q\nwant %q", err, want)
	}
	if _, err := os.Stat(dataDir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Start created the data directory before failing: %v", err)
	}

	_, err = Start(context.Background(), Options{DataDir: dataDir, BinDir: empty})
	if err == nil || !strings.Contains(err.Error(), "initdb not found in "+empty) {
		t.Errorf("Start with an empty BinDir: got error %v, want one naming initdb and the directory", err)
	}
}

func TestGlobBinDirsHighestVersionFirst(t *testing.T) {
	root := t.TempDir()
	for _, v := range []string{"9.6", "15", "10", "13"} {
		if err := os.MkdirAll(filepath.Join(root, v, "bin"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	var got []string
	for _, dir := range globBinDirs(filepath.Join(root, "*", "bin")) {
		got = append(got, filepath.Base(filepath.Dir(dir)))
	}
	if want := "15 13 10 9.6"; strings.Join(got, " ") != want {
		t.Errorf("got %v, want %s", got, want)
	}
}

func TestLifecycle(t *testing.T) {
	dataDir := filepath.Join(tempDir(t), "var", "pgdata")
	ctx := context.Background()

	began := time.Now()
	c := startCluster(t, Options{DataDir: dataDir})
	t.Logf("initdb and start took %s", time.Since(began).Round(time.Millisecond))
	if c.DataDir != dataDir || c.Port == 0 || c.BinDir == "" {
		t.Fatalf("unexpected cluster %+v", c)
	}

	db := openDB(t, c.URL("postgres"))
	if got := queryString(t, db, "SELECT 1"); got != "1" {
		t.Errorf("SELECT 1 = %s", got)
	}
	if got := queryString(t, db, "SHOW fsync"); got != "off" {
		t.Errorf("fsync = %s, want off", got)
	}
	if got := queryString(t, db, "SHOW listen_addresses"); got != "127.0.0.1" {
		t.Errorf("listen_addresses = %s", got)
	}

	for range 2 {
		if err := c.CreateDatabase(ctx, "app"); err != nil {
			t.Fatalf("CreateDatabase: %v", err)
		}
	}
	app := openDB(t, c.URL("app"))
	if _, err := app.Exec("CREATE TABLE kept (x int); INSERT INTO kept VALUES (42)"); err != nil {
		t.Fatal(err)
	}

	// A second server on the same data directory is refused, and the
	// attempt leaves the running one alone.
	_, err := Start(ctx, Options{DataDir: dataDir})
	if !errors.Is(err, ErrAlreadyRunning) {
		t.Fatalf("second Start: got error %v, want ErrAlreadyRunning", err)
	}
	t.Logf("second Start: %v", err)
	if got := queryString(t, app, "SELECT x FROM kept"); got != "42" {
		t.Errorf("after the refused start: x = %s", got)
	}
	app.Close()
	db.Close()

	pid := c.readPID()
	for range 2 {
		if err := c.Stop(); err != nil {
			t.Fatalf("Stop: %v", err)
		}
	}
	waitGone(t, pid)

	// Reuse: the data persists; the settings follow the new options.
	began = time.Now()
	c = startCluster(t, Options{DataDir: dataDir, Fsync: true, MaxConnections: 20})
	t.Logf("restart took %s", time.Since(began).Round(time.Millisecond))
	app = openDB(t, c.URL("app"))
	if got := queryString(t, app, "SELECT x FROM kept"); got != "42" {
		t.Errorf("after restart: x = %s", got)
	}
	if got := queryString(t, app, "SHOW fsync"); got != "on" {
		t.Errorf("fsync = %s, want on", got)
	}
	if got := queryString(t, app, "SHOW max_connections"); got != "20" {
		t.Errorf("max_connections = %s, want 20", got)
	}
	if _, err := app.Exec("INSERT INTO kept VALUES (43)"); err != nil {
		t.Fatal(err)
	}
	app.Close()

	// A crash (the server killed, its postmaster.pid left behind) does not
	// block the next start.
	pid = c.readPID()
	kids := children(t, pid)
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	waitGone(t, append(kids, pid)...)
	if _, err := os.Stat(filepath.Join(dataDir, "postmaster.pid")); err != nil {
		t.Fatalf("expected a stale postmaster.pid: %v", err)
	}
	if err := c.Stop(); err != nil {
		t.Fatalf("Stop after a crash: %v", err)
	}
	c = startCluster(t, Options{DataDir: dataDir})
	app = openDB(t, c.URL("app"))
	if got := queryString(t, app, "SELECT count(*) FROM kept"); got != "2" {
		t.Errorf("after crash recovery: %s rows, want 2", got)
	}
	app.Close()

	pid = c.readPID()
	for range 2 {
		if err := c.Remove(); err != nil {
			t.Fatalf("Remove: %v", err)
		}
	}
	waitGone(t, pid)
	if _, err := os.Stat(dataDir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("data directory still exists after Remove: %v", err)
	}
}

func TestLongDataDir(t *testing.T) {
	dataDir := filepath.Join(tempDir(t), strings.Repeat("long-directory-name/", 5), "data")
	c := startCluster(t, Options{DataDir: dataDir})
	if !strings.HasPrefix(c.SocketDir, os.TempDir()) || len(c.SocketDir) > maxSocketDirLen {
		t.Errorf("socket directory %s, want a short one under %s", c.SocketDir, os.TempDir())
	}
	dsn := fmt.Sprintf("host=%s port=%d user=postgres dbname=postgres sslmode=disable", c.SocketDir, c.Port)
	if got := queryString(t, openDB(t, dsn), "SELECT current_user"); got != "postgres" {
		t.Errorf("current_user over the unix socket = %s", got)
	}
	if err := c.Remove(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(c.SocketDir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("socket directory still exists after Remove: %v", err)
	}
}

func TestForTestsUsesTestDatabaseURL(t *testing.T) {
	const want = "postgres://someone@db.example:5432/x?sslmode=disable"
	t.Setenv("TEST_DATABASE_URL", want)
	url, stop, err := ForTests()
	if err != nil || url != want {
		t.Fatalf("ForTests() = %q, %v; want %q", url, err, want)
	}
	stop()
}

func TestForTests(t *testing.T) {
	t.Setenv("TEST_DATABASE_URL", "")
	url, stop, err := ForTests()
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	if again, _, _ := ForTests(); again != url {
		t.Errorf("second ForTests() = %s, want %s", again, url)
	}
	db := openDB(t, url)
	if got := queryString(t, db, "SELECT current_database()"); got != TestDatabase {
		t.Errorf("current_database() = %s", got)
	}
	if got := queryString(t, db, "SELECT count(*) FROM pg_class WHERE relnamespace = 'public'::regnamespace"); got != "0" {
		t.Errorf("the test database is not empty: %s relations", got)
	}
	db.Close()

	root, pid := forTests.cluster.tempRoot, forTests.cluster.readPID()
	stop()
	stop()
	waitGone(t, pid)
	if _, err := os.Stat(root); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("temporary directory still exists after stop: %v", err)
	}
}

// TestWatchdog checks that a test binary that dies without calling stop
// leaves neither a server nor its files behind.
func TestWatchdog(t *testing.T) {
	cmd := exec.Command(os.Args[0])
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "TEST_DATABASE_URL=") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, helperEnv+"=die-without-stop")
	cmd.WaitDelay = 10 * time.Second
	out, err := cmd.Output()
	if exitCode(err) != 3 {
		t.Fatalf("helper: %v\n%s", err, out)
	}
	var pid int
	var root string
	sc := bufio.NewScanner(strings.NewReader(string(out)))
	for sc.Scan() {
		if _, err := fmt.Sscanf(sc.Text(), "CLUSTER %d %s", &pid, &root); err == nil {
			break
		}
	}
	if pid == 0 || root == "" {
		t.Fatalf("unexpected helper output:\n%s", out)
	}
	waitGone(t, pid)
	deadline := time.Now().Add(30 * time.Second)
	for {
		_, err := os.Stat(root)
		if errors.Is(err, os.ErrNotExist) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s still exists: %v", root, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestPortInUse(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	taken := l.Addr().(*net.TCPAddr).Port
	dataDir := filepath.Join(tempDir(t), "data")

	// A fixed port that is taken: the error shows the server log.
	_, err = Start(context.Background(), Options{DataDir: dataDir, Port: taken, Logf: t.Logf})
	if err == nil || !strings.Contains(err.Error(), "Address already in use") {
		t.Fatalf("Start on a taken port: got error %v, want one quoting the server log", err)
	}
	t.Logf("Start on a taken port: %v", err)

	// A free port that is taken before the server binds it: another one is
	// tried.
	defer func(old func() (int, error)) { pickPort = old }(pickPort)
	var picked []int
	pickPort = func() (int, error) {
		port, err := freePort()
		if len(picked) == 0 {
			port = taken
		}
		picked = append(picked, port)
		return port, err
	}
	c := startCluster(t, Options{DataDir: dataDir})
	if len(picked) != 2 || c.Port != picked[1] {
		t.Errorf("picked ports %v, cluster on %d; want a second port after %d", picked, c.Port, taken)
	}
}

func TestUnusableDataDir(t *testing.T) {
	ctx := context.Background()

	notEmpty := tempDir(t)
	if err := os.WriteFile(filepath.Join(notEmpty, "notes.txt"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Start(ctx, Options{DataDir: notEmpty})
	if err == nil || !strings.Contains(err.Error(), "holds no PostgreSQL cluster") {
		t.Errorf("Start in a non-empty directory: got error %v", err)
	}

	// t.TempDir's parent is private to the current user, so the server user
	// cannot reach a data directory inside it when that is someone else.
	private := t.TempDir()
	c, err := Start(ctx, Options{DataDir: filepath.Join(private, "data")})
	if os.Geteuid() != 0 {
		if err != nil {
			t.Fatalf("Start: %v", err)
		}
		if err := c.Stop(); err != nil {
			t.Fatal(err)
		}
		return
	}
	blocked := filepath.Dir(private)
	if err == nil {
		c.Stop()
		t.Fatalf("Start in %s succeeded as root", private)
	}
	t.Logf("Start in %s: %v", private, err)
	if !strings.Contains(err.Error(), "chmod o+x "+blocked) {
		t.Errorf("Start in %s: got error %v, want one naming %s", private, err, blocked)
	}
}

func TestAttachBorrowsARunningServer(t *testing.T) {
	dir := filepath.Join(tempDir(t), "data")
	c := startCluster(t, Options{DataDir: dir})
	if _, err := Start(context.Background(), Options{DataDir: dir}); !errors.Is(err, ErrAlreadyRunning) {
		t.Fatalf("second Start: %v, want ErrAlreadyRunning", err)
	}
	b, err := Attach(dir)
	if err != nil {
		t.Fatal(err)
	}
	if b.Port != c.Port || b.URL("x") != c.URL("x") {
		t.Fatalf("attached to port %d, server on %d", b.Port, c.Port)
	}
	if err := b.Stop(); err != nil {
		t.Fatal(err)
	}
	db := openDB(t, c.URL("postgres"))
	if err := db.Ping(); err != nil {
		t.Fatalf("borrowed Stop stopped the server: %v", err)
	}
	c.Stop()
	if _, err := Attach(dir); err == nil {
		t.Fatal("Attach to a stopped server succeeded")
	}
}

// logRecorder keeps what a cluster logs through Options.Logf and passes it
// on to the test log.
type logRecorder struct {
	t     *testing.T
	mu    sync.Mutex
	lines []string
}

func (l *logRecorder) logf(format string, args ...any) {
	l.t.Helper()
	line := fmt.Sprintf(format, args...)
	l.mu.Lock()
	l.lines = append(l.lines, line)
	l.mu.Unlock()
	l.t.Log(line)
}

func (l *logRecorder) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Join(l.lines, "\n")
}

// startClusterLogging is startCluster with the cluster's messages recorded.
func startClusterLogging(t *testing.T, opts Options) (*Cluster, *logRecorder) {
	t.Helper()
	rec := &logRecorder{t: t}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	opts.Logf = rec.logf
	c, err := Start(ctx, opts)
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(func() {
		if err := c.Stop(); err != nil {
			t.Errorf("Stop: %v", err)
		}
	})
	return c, rec
}

// serverUID returns the uid the server runs as: that of user postgres when
// the tests run as root, the current one otherwise.
func serverUID(t *testing.T) int {
	t.Helper()
	if os.Geteuid() != 0 {
		return os.Geteuid()
	}
	u, err := user.Lookup(serverUser)
	if err != nil {
		t.Fatal(err)
	}
	uid, err := strconv.Atoi(u.Uid)
	if err != nil {
		t.Fatal(err)
	}
	return uid
}

func ownerOf(t *testing.T, path string) (uid int, perm os.FileMode) {
	t.Helper()
	fi, err := os.Lstat(path)
	if err != nil {
		t.Fatal(err)
	}
	return int(fi.Sys().(*syscall.Stat_t).Uid), fi.Mode()
}

// noClientPasswords keeps lib/pq from finding a password in the
// environment or a password file of the user running the tests.
func noClientPasswords(t *testing.T) {
	t.Setenv("PGPASSWORD", "")
	t.Setenv("PGPASSFILE", filepath.Join(t.TempDir(), "none"))
}

// checkRefused verifies that dsn cannot connect for want of the right
// password.
func checkRefused(t *testing.T, dsn string) {
	t.Helper()
	err := openDB(t, dsn).Ping()
	if err == nil {
		t.Fatal("connected to 127.0.0.1 without the superuser password")
	}
	var pqErr *pq.Error
	if !errors.As(err, &pqErr) || pqErr.Code != "28P01" {
		t.Fatalf("connecting without the password: got %v, want an invalid_password (28P01) error", err)
	}
}

// checkNoSecret fails when text contains the password.
func checkNoSecret(t *testing.T, what, text, password string) {
	t.Helper()
	if password == "" {
		t.Fatal("checkNoSecret: empty password")
	}
	if strings.Contains(text, password) {
		t.Errorf("the superuser password appears in %s", what)
	}
}

// checkLogsNoSecret greps the server log files of the data directory for
// the password.
func checkLogsNoSecret(t *testing.T, dataDir, password string) {
	t.Helper()
	logs, _ := filepath.Glob(filepath.Join(dataDir, logFileName+"*"))
	if len(logs) == 0 {
		t.Fatalf("no server log in %s", dataDir)
	}
	for _, path := range logs {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		checkNoSecret(t, path, string(data), password)
	}
}

func TestPasswordAuthentication(t *testing.T) {
	noClientPasswords(t)
	ctx := context.Background()
	dataDir := filepath.Join(tempDir(t), "data")
	// A TMPDIR of its own, to see that the password file for initdb is gone.
	tmp := tempDir(t)
	t.Setenv("TMPDIR", tmp)

	c, rec := startClusterLogging(t, Options{DataDir: dataDir})
	password := c.password
	if len(password) < 43 || !regexp.MustCompile(`^[A-Za-z0-9_-]+$`).MatchString(password) {
		t.Fatalf("password of %d characters, want at least 43 URL-safe ones", len(password))
	}
	u, err := url.Parse(c.URL("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	if got, ok := u.User.Password(); !ok || got != password || u.User.Username() != "postgres" {
		t.Fatalf("URL user %v, want postgres with the password", u.User.Username())
	}
	if entries, err := os.ReadDir(tmp); err != nil || len(entries) != 0 {
		t.Errorf("left in TMPDIR after Start: %v %v", entries, err)
	}

	// The password file: mode 0600, owned by the server user.
	pwPath := filepath.Join(dataDir, passwordFileName)
	uid, mode := ownerOf(t, pwPath)
	if !mode.IsRegular() || mode.Perm() != 0o600 || uid != serverUID(t) {
		t.Errorf("%s: mode %v, owner %d; want a regular file of mode 0600 owned by %d", pwPath, mode, uid, serverUID(t))
	}
	if data, err := os.ReadFile(pwPath); err != nil || strings.TrimSpace(string(data)) != password {
		t.Errorf("password file does not hold the password (%v)", err)
	}
	if hbaTrustsHost(dataDir) {
		t.Error("pg_hba.conf trusts TCP connections")
	}
	if hba, err := os.ReadFile(filepath.Join(dataDir, "pg_hba.conf")); err != nil || !strings.Contains(string(hba), "scram-sha-256") {
		t.Errorf("pg_hba.conf does not ask for scram-sha-256 (%v)", err)
	}

	// With the password it works; without it, or with a wrong one, the
	// server refuses the connection.
	if got := queryString(t, openDB(t, c.URL("postgres")), "SELECT current_user"); got != "postgres" {
		t.Errorf("current_user = %s", got)
	}
	noPassword := fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", c.Port)
	checkRefused(t, noPassword)
	wrong := *u
	wrong.User = url.UserPassword("postgres", "x"+password)
	checkRefused(t, wrong.String())
	if err := c.CreateDatabase(ctx, "app"); err != nil {
		t.Fatalf("CreateDatabase: %v", err)
	}
	app := openDB(t, c.URL("app"))
	if _, err := app.Exec("CREATE TABLE kept (x int); INSERT INTO kept VALUES (7)"); err != nil {
		t.Fatal(err)
	}
	app.Close()

	// Attach reads the password as well.
	b, err := Attach(dataDir)
	if err != nil {
		t.Fatal(err)
	}
	if b.URL("app") != c.URL("app") {
		t.Error("Attach gives another URL than Start")
	}
	if got := queryString(t, openDB(t, b.URL("app")), "SELECT x FROM kept"); got != "7" {
		t.Errorf("through Attach: x = %s", got)
	}
	// A wrong password does not show in createdb's error.
	b.password = "y" + password
	err = b.CreateDatabase(ctx, "other")
	if err == nil {
		t.Fatal("CreateDatabase with a wrong password succeeded")
	}
	t.Logf("CreateDatabase with a wrong password: %v", err)
	checkNoSecret(t, "the error of createdb", err.Error(), b.password)
	checkNoSecret(t, "the error of createdb", err.Error(), password)

	// Restart on the same data directory: same password, the data is there.
	pid := c.readPID()
	if err := c.Stop(); err != nil {
		t.Fatal(err)
	}
	waitGone(t, pid)
	c2, rec2 := startClusterLogging(t, Options{DataDir: dataDir})
	if c2.password != password {
		t.Fatal("the password changed with the restart")
	}
	if got := queryString(t, openDB(t, c2.URL("app")), "SELECT x FROM kept"); got != "7" {
		t.Errorf("after restart: x = %s", got)
	}
	checkRefused(t, fmt.Sprintf("postgres://postgres@127.0.0.1:%d/app?sslmode=disable", c2.Port))
	b, err = Attach(dataDir)
	if err != nil {
		t.Fatal(err)
	}
	if got := queryString(t, openDB(t, b.URL("app")), "SELECT x FROM kept"); got != "7" {
		t.Errorf("through Attach after restart: x = %s", got)
	}
	if strings.Contains(rec2.String(), "warning") {
		t.Errorf("warning on restart:\n%s", rec2)
	}

	// A failing start (port taken) does not show the password.
	port := c2.Port
	pid = c2.readPID()
	if err := c2.Stop(); err != nil {
		t.Fatal(err)
	}
	waitGone(t, pid)
	l, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	rec3 := &logRecorder{t: t}
	_, err = Start(ctx, Options{DataDir: dataDir, Port: port, Logf: rec3.logf})
	if err == nil || !strings.Contains(err.Error(), "Address already in use") {
		t.Fatalf("Start on a taken port: got error %v, want one quoting the server log", err)
	}
	checkNoSecret(t, "the error of a failed start", err.Error(), password)

	// Nor does any log.
	checkLogsNoSecret(t, dataDir, password)
	for _, r := range []*logRecorder{rec, rec2, rec3} {
		checkNoSecret(t, "the messages of Start", r.String(), password)
	}
}

// TestOldTrustCluster checks that a data directory initialised by the
// earlier version of this package, with trust authentication and no
// password file, is still used, with a warning.
func TestOldTrustCluster(t *testing.T) {
	noClientPasswords(t)
	ctx := context.Background()
	dataDir := filepath.Join(tempDir(t), "data")
	r, err := newRunner(ctx, t.Logf)
	if err != nil {
		t.Fatal(err)
	}
	binDir, err := findBinDir("")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(dataDir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := r.chown(dataDir); err != nil {
		t.Fatal(err)
	}
	if out, err := r.run(ctx, filepath.Join(binDir, "initdb"), "-D", dataDir, "-U", superuser,
		"--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync"); err != nil {
		t.Fatalf("initdb: %v\n%s", err, out)
	}

	c, rec := startClusterLogging(t, Options{DataDir: dataDir})
	var warning string
	for _, line := range rec.lines {
		if strings.HasPrefix(line, "warning:") {
			warning = line
		}
	}
	if !strings.Contains(warning, "trusts every TCP connection") || !strings.Contains(warning, "remove "+dataDir) || strings.Contains(warning, "\n") {
		t.Errorf("want a one-line warning about trust and how to re-create the cluster, got %q", warning)
	}
	if _, ok := urlPassword(t, c.URL("postgres")); ok {
		t.Error("URL of a trust cluster has a password")
	}
	if err := c.CreateDatabase(ctx, "app"); err != nil {
		t.Fatalf("CreateDatabase: %v", err)
	}
	if got := queryString(t, openDB(t, c.URL("app")), "SELECT current_database()"); got != "app" {
		t.Errorf("current_database() = %s", got)
	}
	b, err := Attach(dataDir)
	if err != nil {
		t.Fatal(err)
	}
	if b.URL("app") != c.URL("app") {
		t.Errorf("Attach: URL differs from Start's")
	}
	if _, err := os.Stat(filepath.Join(dataDir, passwordFileName)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a password file appeared in a trust cluster: %v", err)
	}
}

func urlPassword(t *testing.T, s string) (string, bool) {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u.User.Password()
}

// TestCreateDatabasePasswordInEnvironment checks, with a fake createdb,
// that the password reaches createdb through PGPASSWORD and not through
// its command line.
func TestCreateDatabasePasswordInEnvironment(t *testing.T) {
	bin := t.TempDir()
	record := filepath.Join(bin, "record")
	script := "#!/bin/sh\nprintf 'args: %s\\nenv: %s\\n' \"$*\" \"$PGPASSWORD\" > " + record + "\n"
	if err := os.WriteFile(filepath.Join(bin, "createdb"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	const password = "s3cr3t-Pass_word"
	c := &Cluster{BinDir: bin, Port: 5432, password: password, logf: t.Logf}
	if err := c.CreateDatabase(context.Background(), "app"); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(record)
	if err != nil {
		t.Fatal(err)
	}
	args, env, _ := strings.Cut(string(data), "\nenv: ")
	if strings.Contains(args, password) || !strings.Contains(args, "app") {
		t.Errorf("createdb command line: %q", args)
	}
	if strings.TrimSpace(env) != password {
		t.Errorf("createdb got PGPASSWORD %q", env)
	}
}

func TestPasswordFiles(t *testing.T) {
	a, err := newPassword()
	if err != nil {
		t.Fatal(err)
	}
	b, _ := newPassword()
	if a == b || len(a) != 43 || url.UserPassword("u", a).String() != "u:"+a {
		t.Errorf("passwords %q, %q: want different ones of 43 characters needing no escaping", a, b)
	}

	r, err := newRunner(context.Background(), t.Logf)
	if err != nil {
		t.Fatal(err)
	}
	path, remove, err := r.tempPasswordFile(a)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{path, filepath.Dir(path)} {
		uid, mode := ownerOf(t, p)
		want := os.FileMode(0o600)
		if p != path {
			want = 0o700 | os.ModeDir
		}
		if mode != want || uid != serverUID(t) {
			t.Errorf("%s: mode %v owner %d, want %v owner %d", p, mode, uid, want, serverUID(t))
		}
	}
	if data, err := os.ReadFile(path); err != nil || string(data) != a+"\n" {
		t.Errorf("initdb password file holds %q (%v)", data, err)
	}
	remove()
	if _, err := os.Stat(filepath.Dir(path)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("initdb password file not removed: %v", err)
	}

	// readPasswordFile: missing, present, a symbolic link, empty.
	dir := t.TempDir()
	if pw, err := readPasswordFile(dir); pw != "" || err != nil {
		t.Errorf("no file: %q, %v", pw, err)
	}
	if err := r.writePrivateFile(dir, passwordFileName, []byte(a+"\n")); err != nil {
		t.Fatal(err)
	}
	if pw, err := readPasswordFile(dir); pw != a || err != nil {
		t.Errorf("file: %q, %v", pw, err)
	}
	other := t.TempDir()
	if err := os.WriteFile(filepath.Join(other, "secret"), []byte("not-for-you\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	os.Remove(filepath.Join(dir, passwordFileName))
	if err := os.Symlink(filepath.Join(other, "secret"), filepath.Join(dir, passwordFileName)); err != nil {
		t.Fatal(err)
	}
	if pw, err := readPasswordFile(dir); err == nil || pw != "" {
		t.Errorf("symbolic link: %q, %v; want an error", pw, err)
	}
	// writePrivateFile replaces the link rather than writing through it.
	if err := r.writePrivateFile(dir, passwordFileName, []byte(b+"\n")); err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(filepath.Join(other, "secret")); string(data) != "not-for-you\n" {
		t.Errorf("writePrivateFile wrote through a symbolic link")
	}
	if err := os.WriteFile(filepath.Join(dir, passwordFileName), []byte("\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := readPasswordFile(dir); err == nil {
		t.Error("empty password file accepted")
	}
}

func TestHBATrustsHost(t *testing.T) {
	for hba, want := range map[string]bool{
		"local all all trust\nhost all all 127.0.0.1/32 trust\n":                        true,
		"local all all trust\nhost all all 127.0.0.1/32 scram-sha-256\n":                false,
		"local all all trust\n# host all all 127.0.0.1/32 trust\n":                      false,
		"hostnossl all all 127.0.0.1 255.255.255.255 trust # old\n":                     true,
		"host all all ::1/128 scram-sha-256\nlocal replication all trust\n":             false,
		"local all all trust\nhost replication all 127.0.0.1/32 trust\n":                true,
		"local   all             all                                     trust\n":       false,
		"host    all             all             127.0.0.1/32            md5 # trust\n": false,
	} {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "pg_hba.conf"), []byte(hba), 0o600); err != nil {
			t.Fatal(err)
		}
		if got := hbaTrustsHost(dir); got != want {
			t.Errorf("hbaTrustsHost(%q) = %v, want %v", hba, got, want)
		}
	}
}

// TestSocketDirMustBePrivate checks that the unix socket, which trusts its
// clients, only goes into a directory private to the server user.
func TestSocketDirMustBePrivate(t *testing.T) {
	r, err := newRunner(context.Background(), t.Logf)
	if err != nil {
		t.Fatal(err)
	}
	dataDir := tempDir(t)
	c := &Cluster{DataDir: dataDir, run: r, logf: t.Logf}

	// An existing directory of another mode is made private again.
	sock := filepath.Join(dataDir, socketDirName)
	if err := os.Mkdir(sock, 0o777); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(sock, 0o777); err != nil {
		t.Fatal(err)
	}
	if err := c.prepareSocketDir(); err != nil {
		t.Fatal(err)
	}
	if uid, mode := ownerOf(t, sock); mode.Perm() != 0o700 || uid != serverUID(t) {
		t.Errorf("socket directory: mode %v owner %d", mode, uid)
	}
	if fi, err := os.Lstat(sock); err != nil || r.checkPrivate(sock, fi) != nil {
		t.Errorf("socket directory not private: %v", err)
	}

	// A symbolic link is refused and its target left alone.
	target := tempDir(t)
	os.Remove(sock)
	if err := os.Symlink(target, sock); err != nil {
		t.Fatal(err)
	}
	if err := c.prepareSocketDir(); err == nil {
		t.Error("prepareSocketDir accepted a symbolic link")
	}
	if _, mode := ownerOf(t, target); mode.Perm() != 0o755 {
		t.Errorf("the link's target changed to mode %v", mode)
	}

	// checkPrivate refuses an open directory.
	open := tempDir(t)
	if fi, err := os.Lstat(open); err != nil || r.checkPrivate(open, fi) == nil {
		t.Errorf("checkPrivate accepted a directory of mode 0755 (%v)", err)
	}
}
