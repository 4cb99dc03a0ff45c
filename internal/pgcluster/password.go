package pgcluster

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
)

// passwordFileName is the file in the data directory that holds the
// superuser's password, so that a later Start or Attach can connect.
const passwordFileName = "meldpunt-superuser.password"

// passwordBytes is the number of random bytes in a password: 256 bits,
// 43 characters once encoded.
const passwordBytes = 32

// newPassword returns a random password made of URL-safe characters
// (A-Z, a-z, 0-9, '-' and '_'), so that it needs no escaping in a URL, a
// password file or an environment variable.
func newPassword() (string, error) {
	b := make([]byte, passwordBytes)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("pgcluster: generating a password: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// writePrivateFile atomically replaces dir/name with a file of mode 0600,
// owned by the server user, holding data. It never follows a symbolic link
// that someone may have put in dir: the data goes to a new file, which is
// then renamed over name.
func (r *runner) writePrivateFile(dir, name string, data []byte) (err error) {
	f, err := os.CreateTemp(dir, "."+name+".tmp-*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if err := f.Chmod(0o600); err != nil {
		return err
	}
	if r.user != "" {
		if err := f.Chown(r.uid, r.gid); err != nil {
			return err
		}
	}
	if _, err := f.Write(data); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), filepath.Join(dir, name))
}

// tempPasswordFile writes password to a new file for initdb --pwfile: mode
// 0600 in a directory of mode 0700, both owned by the server user. The
// caller must call remove as soon as initdb is done.
func (r *runner) tempPasswordFile(password string) (path string, remove func(), err error) {
	dir, err := os.MkdirTemp("", "pgcluster-pw-")
	if err != nil {
		return "", nil, fmt.Errorf("pgcluster: creating the password file for initdb: %w", err)
	}
	remove = func() { os.RemoveAll(dir) }
	err = r.writePrivateFile(dir, "pwfile", []byte(password+"\n"))
	if err == nil {
		err = r.chown(dir)
	}
	if err != nil {
		remove()
		return "", nil, fmt.Errorf("pgcluster: creating the password file for initdb: %w", err)
	}
	return filepath.Join(dir, "pwfile"), remove, nil
}

// readPasswordFile returns the superuser's password kept in dataDir, or ""
// when there is no password file (a cluster initialised by an older
// meldpunt, with trust authentication).
func readPasswordFile(dataDir string) (string, error) {
	path := filepath.Join(dataDir, passwordFileName)
	// O_NOFOLLOW: the data directory belongs to the server user, who must
	// not be able to make a root process read another file.
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NOFOLLOW, 0)
	if errors.Is(err, fs.ErrNotExist) {
		return "", nil
	}
	if errors.Is(err, syscall.ELOOP) {
		return "", fmt.Errorf("pgcluster: %s is a symbolic link; it must be a regular file", path)
	}
	if err != nil {
		return "", fmt.Errorf("pgcluster: reading the superuser password: %w", err)
	}
	defer f.Close()
	if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() {
		return "", fmt.Errorf("pgcluster: %s is not a regular file", path)
	}
	data, err := io.ReadAll(io.LimitReader(f, 4096))
	if err != nil {
		return "", fmt.Errorf("pgcluster: reading the superuser password: %w", err)
	}
	password := strings.TrimSpace(string(data))
	if password == "" || strings.ContainsAny(password, "\r\n") {
		return "", fmt.Errorf("pgcluster: %s must hold the superuser password on one line", path)
	}
	return password, nil
}

// hbaTrustsHost reports whether the pg_hba.conf in dataDir trusts some TCP
// connections (a "host..." line with method trust), as the clusters created
// by older versions of this package do.
func hbaTrustsHost(dataDir string) bool {
	data, err := os.ReadFile(filepath.Join(dataDir, "pg_hba.conf"))
	if err != nil {
		return false
	}
	for line := range strings.Lines(string(data)) {
		line, _, _ = strings.Cut(line, "#")
		fields := strings.Fields(line)
		if len(fields) < 2 || !strings.HasPrefix(fields[0], "host") {
			continue
		}
		for _, f := range fields[1:] {
			if f == "trust" {
				return true
			}
		}
	}
	return false
}

// loadPassword reads the superuser password of a reused cluster. A cluster
// without a password file keeps working without a password, with a
// warning.
func (c *Cluster) loadPassword() error {
	password, err := readPasswordFile(c.DataDir)
	if err != nil {
		return err
	}
	c.password = password
	if password != "" {
		return nil
	}
	if hbaTrustsHost(c.DataDir) {
		c.logf("warning: the PostgreSQL cluster in %s has no superuser password and trusts every TCP connection to 127.0.0.1, so any user of this machine can connect to it as superuser %s; to re-create it with a password, stop meldpunt, save what you need (pg_dumpall), remove %s and start again",
			c.DataDir, superuser, c.DataDir)
	} else {
		c.logf("warning: the PostgreSQL cluster in %s has no password file %s, so connections are made without a password and may be refused; put the superuser's password in that file (mode 0600) or remove %s to re-create the cluster",
			c.DataDir, passwordFileName, c.DataDir)
	}
	return nil
}

// makePrivate gives the socket directory dir mode 0700 and the server user
// as owner, and checks the result (see checkPrivate). It works on the
// opened directory, so that a symbolic link put in its place (the data
// directory belongs to the server user) is refused, not followed.
func (r *runner) makePrivate(dir string) error {
	f, err := os.OpenFile(dir, os.O_RDONLY|syscall.O_DIRECTORY|syscall.O_NOFOLLOW, 0)
	if errors.Is(err, syscall.ELOOP) || errors.Is(err, syscall.ENOTDIR) {
		return fmt.Errorf("pgcluster: socket directory %s is not a directory; remove it", dir)
	}
	if err != nil {
		return fmt.Errorf("pgcluster: %w", err)
	}
	defer f.Close()
	if err := f.Chmod(0o700); err != nil {
		return fmt.Errorf("pgcluster: %w", err)
	}
	if r.user != "" {
		if err := f.Chown(r.uid, r.gid); err != nil {
			return fmt.Errorf("pgcluster: %w", err)
		}
	}
	fi, err := f.Stat()
	if err != nil {
		return fmt.Errorf("pgcluster: %w", err)
	}
	return r.checkPrivate(dir, fi)
}

// checkPrivate verifies that dir, described by fi, is a directory of mode
// 0700 owned by the server user, so that nobody else can reach the unix
// socket in it, which trusts its clients.
func (r *runner) checkPrivate(dir string, fi fs.FileInfo) error {
	if !fi.IsDir() {
		return fmt.Errorf("pgcluster: socket directory %s is not a directory", dir)
	}
	owner := os.Geteuid()
	if r.user != "" {
		owner = r.uid
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if fi.Mode().Perm() != 0o700 || !ok || int(st.Uid) != owner {
		return fmt.Errorf("pgcluster: socket directory %s must have mode 0700 and belong to the server's user (uid %d)", dir, owner)
	}
	return nil
}
