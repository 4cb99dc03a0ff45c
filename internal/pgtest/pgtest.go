// Package pgtest gives tests a real PostgreSQL: a throw-away cluster (or TEST_DATABASE_URL) with a
// migrated template database, and a fresh database per test cloned from it. Tests never skip for
// want of a server.
package pgtest

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"
	_ "github.com/lib/pq" // the PostgreSQL driver

	"meldpunt/internal/pgcluster"
	"meldpunt/internal/postgres"
)

var (
	serverURL string // the database ForTests gave us, used to create and drop test databases
	template  string
	counter   atomic.Int64
)

// Main runs the tests of a package against a real PostgreSQL. Call it from TestMain.
func Main(m *testing.M) {
	url, stop, err := pgcluster.ForTests()
	if err != nil {
		fmt.Fprintln(os.Stderr, "pgtest:", err)
		os.Exit(1)
	}
	serverURL = url
	template = fmt.Sprintf("meldpunt_tpl_%d_%d", os.Getpid(), time.Now().UnixNano()%1e6)
	if err := prepareTemplate(); err != nil {
		fmt.Fprintln(os.Stderr, "pgtest:", err)
		stop()
		os.Exit(1)
	}
	code := m.Run()
	dropDatabase(template)
	stop()
	os.Exit(code)
}

func prepareTemplate() error {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	admin, err := sqlx.Open("postgres", serverURL)
	if err != nil {
		return err
	}
	defer admin.Close()
	if _, err := admin.ExecContext(ctx, `CREATE DATABASE `+template); err != nil {
		return fmt.Errorf("create template database: %w", err)
	}
	db, err := sqlx.Open("postgres", WithDatabase(serverURL, template))
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := postgres.Migrate(ctx, db.DB); err != nil {
		return err
	}
	return nil
}

// WithDatabase returns u with its database name replaced.
func WithDatabase(u, name string) string {
	p, err := url.Parse(u)
	if err != nil {
		panic(fmt.Sprintf("pgtest: bad database URL: %v", err))
	}
	p.Path = "/" + name
	return p.String()
}

func dropDatabase(name string) {
	admin, err := sqlx.Open("postgres", serverURL)
	if err != nil {
		return
	}
	defer admin.Close()
	admin.Exec(`DROP DATABASE IF EXISTS ` + name + ` WITH (FORCE)`)
}

// NewURL creates a fresh, migrated database for one test and returns its URL; it is dropped when
// the test ends.
func NewURL(t testing.TB) string {
	t.Helper()
	if serverURL == "" {
		t.Fatal("pgtest: call pgtest.Main(m) from TestMain")
	}
	name := fmt.Sprintf("%s_%d", template, counter.Add(1))
	admin, err := sqlx.Open("postgres", serverURL)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	if _, err := admin.Exec(`CREATE DATABASE ` + name + ` TEMPLATE ` + template); err != nil {
		t.Fatalf("pgtest: create database: %v", err)
	}
	t.Cleanup(func() { dropDatabase(name) })
	return WithDatabase(serverURL, name)
}

// NewDB returns a connection pool to a fresh, migrated database for one test.
func NewDB(t testing.TB) *sqlx.DB {
	t.Helper()
	db, err := postgres.Open(context.Background(), NewURL(t), 20)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// NewStore returns a store on a fresh database with the default terms and the given clock.
func NewStore(t testing.TB, clock *Clock) *postgres.DB {
	t.Helper()
	return postgres.New(NewDB(t), clock.Now, postgres.DefaultTerms)
}

// Clock is a settable clock for tests.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock returns a clock standing at t.
func NewClock(t time.Time) *Clock { return &Clock{t: t} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Set moves the clock to t.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

// Advance moves the clock forward by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// StoppableCluster starts a private cluster of the test's own, with a migrated database meldpunt
// open on a pool of four: for tests that stop the server under a running service and start it
// again. Restart it with pgcluster.Start(ctx, opts): opts keeps the data directory and the port.
func StoppableCluster(t testing.TB, ctx context.Context) (*pgcluster.Cluster, pgcluster.Options, *sqlx.DB) {
	t.Helper()
	dir, err := os.MkdirTemp("", "meldpunt-stoppable-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	opts := pgcluster.Options{DataDir: dir + "/data"}
	cl, err := pgcluster.Start(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cl.Stop() })
	if err := cl.CreateDatabase(ctx, "meldpunt"); err != nil {
		t.Fatal(err)
	}
	sqldb, err := postgres.Open(ctx, cl.URL("meldpunt"), 4)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sqldb.Close() })
	if _, err := postgres.Migrate(ctx, sqldb.DB); err != nil {
		t.Fatal(err)
	}
	opts.Port = cl.Port
	return cl, opts, sqldb
}
