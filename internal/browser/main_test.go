package browser_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
	"testing"

	"github.com/chromedp/chromedp"

	"meldpunt/internal/pgtest"
)

// chromiumPath is Debian's Chromium, installed by `make chromium`.
const chromiumPath = "/usr/bin/chromium"

// browserCtx is the one headless Chromium of this test binary; every test opens its own tabs in it.
var browserCtx context.Context

// TestMain starts one Chromium and loads axe-core, then runs the tests against a real PostgreSQL.
// Nothing here skips: a missing Chromium or npm ends the run with the command that fixes it.
func TestMain(m *testing.M) {
	var err error
	if axeSource, err = loadAxe(); err != nil {
		fmt.Fprintln(os.Stderr, "browser tests: axe-core:", err)
		os.Exit(1)
	}
	if err := startBrowser(); err != nil {
		fmt.Fprintln(os.Stderr, "browser tests:", err)
		os.Exit(1)
	}
	// pgtest.Main exits the process without returning; Chromium is started with PDEATHSIG (chromedp
	// does so on Linux), so it dies with the test binary, and its profile folder is swept by the
	// next run (see profileDir).
	pgtest.Main(m)
}

// startBrowser starts headless Chromium with the flags this machine needs: --no-sandbox as root,
// and no background networking, component updates or sync on a machine without internet.
func startBrowser() error {
	if _, err := os.Stat(chromiumPath); err != nil {
		return fmt.Errorf("Chromium not found at %s: run `make chromium` (or, as root, `apt-get install -y chromium`)", chromiumPath)
	}
	dir, err := profileDir()
	if err != nil {
		return err
	}
	out := &lockedBuffer{}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath),
		chromedp.UserDataDir(dir),
		chromedp.Headless,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.WindowSize(1280, 900),
		chromedp.CombinedOutput(out),
	)
	if os.Geteuid() == 0 {
		opts = append(opts, chromedp.NoSandbox) // Chromium refuses to run as root with its sandbox
	}
	allocCtx, _ := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, _ := chromedp.NewContext(allocCtx)
	// The first Run starts the browser; the contexts live as long as the test binary.
	if err := chromedp.Run(ctx); err != nil {
		return fmt.Errorf("start %s: %w\n%s", chromiumPath, err, out.String())
	}
	browserCtx = ctx
	return nil
}

// profileDir returns a fresh, empty Chromium profile folder for this process, under
// $TMPDIR/meldpunt-chromium/<pid>. Folders left by earlier runs whose process is gone are removed
// first: pgtest.Main ends the process with os.Exit, so no deferred clean-up runs.
func profileDir() (string, error) {
	parent := filepath.Join(os.TempDir(), "meldpunt-chromium")
	if err := os.MkdirAll(parent, 0o700); err != nil {
		return "", err
	}
	entries, _ := os.ReadDir(parent)
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || pid == os.Getpid() {
			continue
		}
		if err := syscall.Kill(pid, 0); errors.Is(err, syscall.ESRCH) {
			os.RemoveAll(filepath.Join(parent, e.Name()))
		}
	}
	dir := filepath.Join(parent, strconv.Itoa(os.Getpid()))
	if err := os.RemoveAll(dir); err != nil {
		return "", err
	}
	return dir, os.Mkdir(dir, 0o700)
}

// lockedBuffer collects Chromium's output, written from the allocator's goroutine.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// npmCommand runs npm with args and returns its combined output.
func npmCommand(args ...string) ([]byte, error) {
	if _, err := exec.LookPath("npm"); err != nil {
		return nil, fmt.Errorf("npm not found: install Node.js and npm (`apt-get install -y npm`)")
	}
	return exec.Command("npm", args...).CombinedOutput()
}
