package pgcluster

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// ErrBinariesNotFound is returned by Start when no PostgreSQL server
// installation can be found.
var ErrBinariesNotFound = errors.New("PostgreSQL server binaries not found (looked for initdb in PATH and /usr/lib/postgresql/*/bin); install them with: apt-get install postgresql")

// binDirGlob matches the versioned binary directories of Debian and Ubuntu
// PostgreSQL packages. It is a variable so that tests can point it elsewhere.
var binDirGlob = "/usr/lib/postgresql/*/bin"

// serverPrograms are the programs a usable binary directory must contain.
var serverPrograms = []string{"initdb", "pg_ctl", "postgres"}

// findBinDir returns the directory holding the PostgreSQL server programs.
// An explicit directory is only checked. Otherwise it tries, in order,
// `pg_config --bindir`, the directory of initdb found in PATH (also with
// symbolic links resolved) and the highest version matching binDirGlob.
func findBinDir(explicit string) (string, error) {
	if explicit != "" {
		dir, err := filepath.Abs(explicit)
		if err != nil {
			return "", err
		}
		if err := checkBinDir(dir); err != nil {
			return "", fmt.Errorf("pgcluster: unusable BinDir: %w", err)
		}
		return dir, nil
	}
	var candidates []string
	if pgConfig, err := exec.LookPath("pg_config"); err == nil {
		// pg_config may come from a client-only package (libpq-dev), so its
		// answer is only a candidate.
		if out, err := exec.Command(pgConfig, "--bindir").Output(); err == nil {
			candidates = append(candidates, strings.TrimSpace(string(out)))
		}
	}
	if initdb, err := exec.LookPath("initdb"); err == nil {
		candidates = append(candidates, filepath.Dir(initdb))
		if resolved, err := filepath.EvalSymlinks(initdb); err == nil {
			candidates = append(candidates, filepath.Dir(resolved))
		}
	}
	candidates = append(candidates, globBinDirs(binDirGlob)...)
	for _, dir := range candidates {
		if dir == "" || !filepath.IsAbs(dir) {
			continue
		}
		if checkBinDir(dir) == nil {
			return dir, nil
		}
	}
	return "", ErrBinariesNotFound
}

// checkBinDir reports whether dir contains all serverPrograms as executable
// files.
func checkBinDir(dir string) error {
	for _, name := range serverPrograms {
		path := filepath.Join(dir, name)
		fi, err := os.Stat(path)
		if err != nil {
			return fmt.Errorf("%s not found in %s", name, dir)
		}
		if fi.IsDir() || fi.Mode().Perm()&0o111 == 0 {
			return fmt.Errorf("%s is not an executable file", path)
		}
	}
	return nil
}

// globBinDirs returns the directories matching pattern, highest PostgreSQL
// version first. The version is taken from the parent directory's name
// ("15" in /usr/lib/postgresql/15/bin).
func globBinDirs(pattern string) []string {
	matches, err := filepath.Glob(pattern)
	if err != nil {
		return nil
	}
	sort.SliceStable(matches, func(i, j int) bool {
		return versionLess(dirVersion(matches[j]), dirVersion(matches[i]))
	})
	return matches
}

// dirVersion parses the name of dir's parent as a dotted version number.
// Parts that are not numbers count as 0.
func dirVersion(dir string) []int {
	var version []int
	for _, part := range strings.Split(filepath.Base(filepath.Dir(dir)), ".") {
		n, _ := strconv.Atoi(part)
		version = append(version, n)
	}
	return version
}

// versionLess reports whether version a sorts before version b.
func versionLess(a, b []int) bool {
	for i := 0; i < len(a) && i < len(b); i++ {
		if a[i] != b[i] {
			return a[i] < b[i]
		}
	}
	return len(a) < len(b)
}
