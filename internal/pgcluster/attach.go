package pgcluster

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// Attach returns the server another process is running on dataDir, so that a second command (say
// `meldpunt user add` while `meldpunt serve` runs) can use it. The returned Cluster is borrowed:
// Stop and Remove leave the server running. It fails when no live server owns the directory. The
// superuser password comes from the data directory, as for Start.
func Attach(dataDir string) (*Cluster, error) {
	dir, err := filepath.Abs(dataDir)
	if err != nil {
		return nil, err
	}
	data, err := os.ReadFile(filepath.Join(dir, "postmaster.pid"))
	if err != nil {
		return nil, fmt.Errorf("pgcluster: no server is running on %s", dir)
	}
	// postmaster.pid: pid, data directory, start time, port, socket directory, listen address, …
	lines := strings.Split(string(data), "\n")
	if len(lines) < 4 {
		return nil, fmt.Errorf("pgcluster: %s/postmaster.pid is incomplete", dir)
	}
	pid, err1 := strconv.Atoi(strings.TrimSpace(lines[0]))
	port, err2 := strconv.Atoi(strings.TrimSpace(lines[3]))
	if err1 != nil || err2 != nil || pid <= 0 || port <= 0 {
		return nil, fmt.Errorf("pgcluster: %s/postmaster.pid is not readable", dir)
	}
	if syscall.Kill(pid, 0) == syscall.ESRCH || !looksLikePostgres(pid) {
		return nil, fmt.Errorf("pgcluster: the server of %s is not running (stale postmaster.pid)", dir)
	}
	binDir, err := findBinDir("")
	if err != nil {
		return nil, err
	}
	password, err := readPasswordFile(dir)
	if err != nil {
		return nil, err
	}
	c := &Cluster{DataDir: dir, Port: port, BinDir: binDir, logf: func(string, ...any) {}, stopped: true, password: password}
	if len(lines) > 4 {
		c.SocketDir = strings.TrimSpace(lines[4])
	}
	return c, nil
}
