package pgcluster

import (
	"context"
	"fmt"
	"os"
	"sync"
	"time"
)

// TestDatabase is the database ForTests creates in its throw-away cluster.
const TestDatabase = "meldpunt_test"

// forTests holds the throw-away cluster ForTests starts once per process.
var forTests struct {
	once    sync.Once
	cluster *Cluster
	url     string
	stop    func()
	err     error
}

// ForTests returns a connection URL for the tests of the calling test
// binary, and a function that the caller's TestMain must call after m.Run.
//
// When TEST_DATABASE_URL is set, ForTests returns it unchanged with a stop
// function that does nothing. Otherwise it starts one throw-away cluster
// per process (later calls return the same URL), without fsync, creates
// the empty database TestDatabase in it and returns that database's URL;
// stop stops the cluster and deletes its data directory. Should the test
// binary die before calling stop (a panic, a test timeout, ^C), a watchdog
// process still stops the cluster and deletes it.
//
// A typical TestMain:
//
//	func TestMain(m *testing.M) {
//		url, stop, err := pgcluster.ForTests()
//		if err != nil {
//			fmt.Fprintln(os.Stderr, err)
//			os.Exit(1)
//		}
//		testDatabaseURL = url
//		code := m.Run()
//		stop()
//		os.Exit(code)
//	}
func ForTests() (url string, stop func(), err error) {
	if u := os.Getenv("TEST_DATABASE_URL"); u != "" {
		return u, func() {}, nil
	}
	forTests.once.Do(func() {
		forTests.url, forTests.stop, forTests.err = startForTests()
	})
	return forTests.url, forTests.stop, forTests.err
}

func startForTests() (string, func(), error) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	c, err := Start(ctx, Options{})
	if err != nil {
		return "", func() {}, fmt.Errorf("starting a throw-away PostgreSQL for the tests: %w", err)
	}
	if err := c.CreateDatabase(ctx, TestDatabase); err != nil {
		_ = c.Remove()
		return "", func() {}, err
	}
	forTests.cluster = c
	var once sync.Once
	stop := func() {
		once.Do(func() {
			if err := c.Remove(); err != nil {
				fmt.Fprintf(os.Stderr, "pgcluster: removing the test cluster: %v\n", err)
			}
		})
	}
	return c.URL(TestDatabase), stop, nil
}
