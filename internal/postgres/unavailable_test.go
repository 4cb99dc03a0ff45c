package postgres_test

import (
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"syscall"
	"testing"

	"github.com/lib/pq"

	"meldpunt/internal/casework"
	"meldpunt/internal/postgres"
)

// TestUnavailableByType: a database that cannot be reached is told from a wrong query by the
// error's type and SQLSTATE, wrapped or not.
func TestUnavailableByType(t *testing.T) {
	dial := &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}
	for _, c := range []struct {
		err  error
		want bool
	}{
		{dial, true},
		{fmt.Errorf("list complaints: %w", dial), true},
		{fmt.Errorf("begin: %w", driver.ErrBadConn), true},
		{io.ErrUnexpectedEOF, true},
		{fmt.Errorf("query: %w", syscall.ECONNRESET), true},
		{&pq.Error{Code: "57P01"}, true}, // admin_shutdown
		{&pq.Error{Code: "57P03"}, true}, // cannot_connect_now
		{&pq.Error{Code: "08006"}, true}, // connection_failure
		{&pq.Error{Code: "53300"}, true}, // too_many_connections
		{&pq.Error{Code: "23505"}, false},
		{&pq.Error{Code: "22P02"}, false},
		{sql.ErrNoRows, false},
		{casework.Errorf(casework.CodeConflict, "x"), false},
		{errors.New("dial tcp: connection refused"), false}, // words are not a type
		{nil, false},
	} {
		if got := postgres.Unavailable(c.err); got != c.want {
			t.Errorf("Unavailable(%v) = %v, want %v", c.err, got, c.want)
		}
	}
}
