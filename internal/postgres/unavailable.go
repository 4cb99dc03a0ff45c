package postgres

import (
	"database/sql/driver"
	"errors"
	"io"
	"net"
	"syscall"

	"github.com/lib/pq"
)

// Unavailable reports whether err says that the database server could not be reached or went
// away, rather than that a query was wrong: a network error (connection refused, reset, a timeout
// dialling), a connection the driver or database/sql found broken, the server closing the
// connection mid-answer, or one of PostgreSQL's own connection and shutdown conditions (SQLSTATE
// class 08, 57P01–57P03, 53300). It judges by type and code, never by message text.
func Unavailable(err error) bool {
	if err == nil {
		return false
	}
	var opErr *net.OpError
	var dnsErr *net.DNSError
	var pqErr *pq.Error
	switch {
	case errors.As(err, &opErr), errors.As(err, &dnsErr):
		return true
	case errors.Is(err, driver.ErrBadConn), errors.Is(err, io.ErrUnexpectedEOF),
		errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE):
		return true
	case errors.As(err, &pqErr):
		switch pqErr.Code {
		case "57P01", "57P02", "57P03", "53300": // admin_shutdown, crash_shutdown, cannot_connect_now, too_many_connections
			return true
		}
		return pqErr.Code.Class() == "08" // connection_exception
	case errors.Is(err, io.EOF):
		// lib/pq answers io.EOF when the server closed the connection under a query.
		return true
	}
	return false
}
