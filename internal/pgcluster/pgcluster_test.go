package pgcluster

import (
	"bufio"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	_ "github.com/lib/pq"
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
