// Package replicas runs the real meldpunt binary as several `meldpunt serve` processes on one
// PostgreSQL, behind HAProxy, for the tests and benchmarks of a deployment with more than one
// replica. It builds the binary, gives each replica a fixed port so that it can
// be killed and started again where the load balancer expects it, and reads the load balancer's
// view of its servers from HAProxy's statistics page.
package replicas

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// Options says what to start.
type Options struct {
	// DatabaseURL is the database every replica serves (DATABASE_URL).
	DatabaseURL string
	// Replicas is how many `meldpunt serve` processes to start.
	Replicas int
	// Env adds settings (NAME=value) for every replica, after the defaults below.
	Env []string
}

// defaultEnv is what every replica gets before Options.Env: quiet logs, a small pool, the load
// balancer, which connects from 127.0.0.1, trusted for X-Forwarded-For. Clients come from other
// loopback addresses (Resident), so that each has an address of its own, as residents do.
var defaultEnv = []string{
	"MELDPUNT_LOG_LEVEL=warn",
	"MELDPUNT_DB_MAX_CONNS=8",
	"MELDPUNT_TRUSTED_PROXIES=127.0.0.1",
	"MELDPUNT_SHUTDOWN_GRACE=5s",
}

// Set is a number of replicas of one service, and the load balancers in front of them.
type Set struct {
	Replicas []*Replica

	t   testing.TB
	bin string
	dir string
	env []string
}

// Replica is one `meldpunt serve` process on a fixed address.
type Replica struct {
	Name string // r1, r2, …: its server name at the load balancer
	Addr string // 127.0.0.1:PORT, the same after a restart

	mu   sync.Mutex
	cmd  *exec.Cmd
	out  *syncBuffer
	done chan error
}

// Binary builds cmd/meldpunt into the test's temporary directory and returns its path.
func Binary(t testing.TB) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "meldpunt")
	if out, err := exec.Command("go", "build", "-o", bin, "meldpunt/cmd/meldpunt").CombinedOutput(); err != nil {
		t.Fatalf("go build meldpunt: %v\n%s", err, out)
	}
	return bin
}

// Start starts opts.Replicas replicas and waits until each serves. They are stopped (SIGTERM, then
// SIGKILL) when the test ends.
func Start(t testing.TB, opts Options) *Set {
	t.Helper()
	if opts.Replicas < 1 {
		t.Fatal("replicas: at least one replica")
	}
	dir := t.TempDir()
	s := &Set{t: t, bin: Binary(t), dir: dir,
		env: append(append(append(os.Environ(), defaultEnv...), "DATABASE_URL="+opts.DatabaseURL), opts.Env...)}
	ports := FreePorts(t, opts.Replicas)
	for i, port := range ports {
		s.Replicas = append(s.Replicas, &Replica{Name: fmt.Sprintf("r%d", i+1), Addr: fmt.Sprintf("127.0.0.1:%d", port)})
	}
	t.Cleanup(s.stop)
	// Start them all at once: their start-up sweeps race, as they do in production.
	var wg sync.WaitGroup
	errs := make([]error, len(s.Replicas))
	for i, r := range s.Replicas {
		wg.Go(func() { errs[i] = s.start(r) })
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	return s
}

// start runs one replica and waits until it says it serves.
func (s *Set) start(r *Replica) error {
	cmd := exec.Command(s.bin, "serve")
	cmd.Env = append(slices.Clone(s.env), "MELDPUNT_ADDR="+r.Addr)
	out := &syncBuffer{}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("start %s: %w", r.Name, err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	r.mu.Lock()
	r.cmd, r.out, r.done = cmd, out, done
	r.mu.Unlock()
	deadline := time.After(90 * time.Second)
	for !strings.Contains(out.String(), "serving on http://"+r.Addr) {
		select {
		case err := <-done:
			done <- err
			return fmt.Errorf("replica %s ended at start-up: %v\n%s", r.Name, err, out)
		case <-deadline:
			return fmt.Errorf("replica %s did not start:\n%s", r.Name, out)
		case <-time.After(20 * time.Millisecond):
		}
	}
	return nil
}

// Kill ends replica i with SIGKILL, as a crash or the OOM killer would, and waits until it is gone.
func (s *Set) Kill(i int) {
	s.t.Helper()
	r := s.Replicas[i]
	r.mu.Lock()
	cmd, done := r.cmd, r.done
	r.mu.Unlock()
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		s.t.Fatalf("kill %s: %v", r.Name, err)
	}
	<-done
	done <- errors.New("killed")
}

// Restart starts replica i again on its address, after Kill, and waits until it serves. It may
// run in a goroutine of its own.
func (s *Set) Restart(i int) error { return s.start(s.Replicas[i]) }

// PID returns the process id of the replica's current process.
func (r *Replica) PID() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.cmd.Process.Pid
}

// Output returns what the replica's current process wrote.
func (r *Replica) Output() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.out.String()
}

// URL returns the replica's own address, bypassing the load balancer.
func (r *Replica) URL() string { return "http://" + r.Addr }

// stop ends every replica that still runs: SIGTERM, and SIGKILL after ten seconds.
func (s *Set) stop() {
	var wg sync.WaitGroup
	for _, r := range s.Replicas {
		r.mu.Lock()
		cmd, done := r.cmd, r.done
		r.mu.Unlock()
		if cmd == nil {
			continue
		}
		wg.Go(func() {
			select {
			case err := <-done:
				done <- err
				return
			default:
			}
			cmd.Process.Signal(syscall.SIGTERM)
			select {
			case <-done:
			case <-time.After(10 * time.Second):
				cmd.Process.Kill()
				<-done
			}
		})
	}
	wg.Wait()
}

// Proxy is HAProxy in front of some of the replicas.
type Proxy struct {
	URL   string // http://127.0.0.1:PORT, where clients go
	stats string // the statistics page as CSV
	cmd   *exec.Cmd
	out   *syncBuffer
}

// HAProxyBinary returns the path of haproxy: `make test` installs Debian's package.
func HAProxyBinary(t testing.TB) string {
	t.Helper()
	if p, err := exec.LookPath("haproxy"); err == nil {
		return p
	}
	if _, err := os.Stat("/usr/sbin/haproxy"); err == nil {
		return "/usr/sbin/haproxy"
	}
	t.Fatal("haproxy not found: install it with: sudo apt-get install haproxy (make test does this as root)")
	return ""
}

// Config is the HAProxy configuration for servers: round robin; the health check asks /readyz every
// 500 ms and gives it 2 s (a busy replica waits for a pool connection to answer it): two failures
// take a server out, two passes put it back. A request whose connection fails (a dead replica
// refuses it at once) is tried again up to three times, on another server (redispatch), but a
// request that reached a server is never sent twice (retry-on stays at its default, conn-failure).
// The client's X-Forwarded-For and X-Forwarded-Proto are replaced, never passed on. Each answer
// names the server that gave it in X-Served-By.
func Config(port, statsPort int, servers []*Replica) string {
	var b strings.Builder
	fmt.Fprintf(&b, `global
    maxconn 4096

defaults
    mode http
    timeout connect 1s
    timeout client 30s
    timeout server 30s
    timeout http-request 10s
    timeout check 2s
    retries 3
    option redispatch 1
    option forwardfor

frontend web
    bind 127.0.0.1:%d
    # The client's own forwarding headers are never passed on: X-Forwarded-For is removed here and
    # set to the client's address by option forwardfor (which adds a header line, and meldpunt
    # would read the client's line first); X-Forwarded-Proto says what the client really used.
    http-request del-header X-Forwarded-For
    http-request set-header X-Forwarded-Proto https if { ssl_fc }
    http-request set-header X-Forwarded-Proto http if !{ ssl_fc }
    default_backend meldpunt

backend meldpunt
    balance roundrobin
    option httpchk GET /readyz
    http-check expect status 200
    default-server check inter 500ms fastinter 200ms downinter 200ms fall 2 rise 2
    http-response set-header X-Served-By %%s
`, port)
	for _, r := range servers {
		fmt.Fprintf(&b, "    server %s %s\n", r.Name, r.Addr)
	}
	fmt.Fprintf(&b, `
listen stats
    bind 127.0.0.1:%d
    stats enable
    stats uri /stats
`, statsPort)
	return b.String()
}

// Proxy starts HAProxy in the foreground in front of the replicas with the given indexes (all
// when none are given) and waits until it reports every one of them up. It is stopped when the
// test ends.
func (s *Set) Proxy(indexes ...int) *Proxy {
	s.t.Helper()
	var servers []*Replica
	if len(indexes) == 0 {
		servers = s.Replicas
	}
	for _, i := range indexes {
		servers = append(servers, s.Replicas[i])
	}
	ports := FreePorts(s.t, 2)
	cfg := filepath.Join(s.dir, fmt.Sprintf("haproxy-%d.cfg", ports[0]))
	if err := os.WriteFile(cfg, []byte(Config(ports[0], ports[1], servers)), 0o644); err != nil {
		s.t.Fatal(err)
	}
	bin := HAProxyBinary(s.t)
	if out, err := exec.Command(bin, "-c", "-q", "-f", cfg).CombinedOutput(); err != nil {
		s.t.Fatalf("haproxy -c: %v\n%s", err, out)
	}
	p := &Proxy{URL: fmt.Sprintf("http://127.0.0.1:%d", ports[0]),
		stats: fmt.Sprintf("http://127.0.0.1:%d/stats;csv", ports[1]), out: &syncBuffer{}}
	p.cmd = exec.Command(bin, "-db", "-f", cfg)
	p.cmd.Stdout, p.cmd.Stderr = p.out, p.out
	if err := p.cmd.Start(); err != nil {
		s.t.Fatalf("start haproxy: %v", err)
	}
	done := make(chan error, 1)
	go func() { done <- p.cmd.Wait() }()
	s.t.Cleanup(func() {
		p.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			p.cmd.Process.Kill()
			<-done
		}
	})
	names := make([]string, len(servers))
	for i, r := range servers {
		names[i] = r.Name
	}
	p.WaitFor(s.t, 30*time.Second, "UP", names...)
	return p
}

// PID returns HAProxy's process id.
func (p *Proxy) PID() int { return p.cmd.Process.Pid }

// Status returns HAProxy's view of each server of the backend: "UP", "DOWN", "UP 1/2", …
func (p *Proxy) Status() (map[string]string, error) {
	resp, err := http.Get(p.stats)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	sc := bufio.NewScanner(bytes.NewReader(body))
	col := -1
	status := map[string]string{}
	for sc.Scan() {
		fields := strings.Split(sc.Text(), ",")
		if strings.HasPrefix(sc.Text(), "# ") {
			col = slices.Index(fields, "status")
			continue
		}
		if col < 0 || len(fields) <= col || fields[0] != "meldpunt" || fields[1] == "BACKEND" {
			continue
		}
		status[fields[1]] = fields[col]
	}
	if col < 0 {
		return nil, fmt.Errorf("haproxy statistics without a status column:\n%s", body)
	}
	return status, nil
}

// WaitFor waits until HAProxy reports each named server in the state want ("UP" or "DOWN").
func (p *Proxy) WaitFor(t testing.TB, within time.Duration, want string, names ...string) {
	t.Helper()
	deadline := time.Now().Add(within)
	var last map[string]string
	var err error
	for time.Now().Before(deadline) {
		if last, err = p.Status(); err == nil {
			ok := true
			for _, n := range names {
				ok = ok && last[n] == want
			}
			if ok {
				return
			}
		}
		time.Sleep(25 * time.Millisecond)
	}
	t.Fatalf("haproxy: servers %v not %s within %v: %v %v\n%s", names, want, within, last, err, p.out)
}

// Resident returns a client whose connections come from a loopback address of its own for each n
// (127.1.0.1, 127.1.0.2, …; Linux routes all of 127.0.0.0/8 to the loopback interface), never from
// 127.0.0.1, the load balancer's address: to the service, and through the load balancer's
// X-Forwarded-For, each is a resident at another address. Redirects are not followed.
func Resident(n int) *http.Client {
	local := &net.TCPAddr{IP: net.IPv4(127, 1, byte(n/250), byte(1+n%250))}
	dialer := &net.Dialer{LocalAddr: local, Timeout: 5 * time.Second}
	return &http.Client{
		Transport: &http.Transport{DialContext: dialer.DialContext, MaxIdleConnsPerHost: 4,
			IdleConnTimeout: time.Minute, DisableCompression: true},
		Timeout:       30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// FreePorts returns n ports that were free a moment ago.
func FreePorts(t testing.TB, n int) []int {
	t.Helper()
	var ports []int
	var lns []net.Listener
	for range n {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		lns = append(lns, ln)
		ports = append(ports, ln.Addr().(*net.TCPAddr).Port)
	}
	for _, ln := range lns {
		ln.Close()
	}
	return ports
}

// CPU returns the processor time (user and system) process pid has used so far, from
// /proc/PID/stat; ok is false when the process is not on this machine or gone.
func CPU(pid int) (time.Duration, bool) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, false
	}
	// The command name (field 2) is in parentheses and may hold spaces: count from after it.
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return 0, false
	}
	fields := strings.Fields(string(b[i+1:]))
	// fields[0] is field 3 (state); utime and stime are fields 14 and 15.
	if len(fields) < 13 {
		return 0, false
	}
	var utime, stime int64
	if _, err := fmt.Sscan(fields[11], &utime); err != nil {
		return 0, false
	}
	if _, err := fmt.Sscan(fields[12], &stime); err != nil {
		return 0, false
	}
	const ticks = 100 // USER_HZ, 100 on every Linux this runs on
	return time.Duration(utime+stime) * time.Second / ticks, true
}

// RSS returns the resident memory of process pid in bytes, from /proc/PID/status; 0 when unknown.
func RSS(pid int) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for line := range strings.Lines(string(b)) {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			var kb int64
			fmt.Sscan(rest, &kb)
			return kb << 10
		}
	}
	return 0
}

// syncBuffer is a bytes.Buffer safe for a writing process and a reading test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
