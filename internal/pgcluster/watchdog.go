package pgcluster

import (
	"os"
	"os/exec"
	"sync"
)

// watchdogScript waits until its standard input, the read end of a pipe
// whose write end only this process holds, reaches end of file: that
// happens when this process exits, however it exits. It then runs the stop
// command given as its arguments after two directories to delete (empty
// for none). It ignores the signals a terminal or service manager sends to
// the whole process group, so that it outlives this process.
const watchdogScript = `trap '' HUP INT TERM
read -r line
remove1=$1
remove2=$2
shift 2
"$@" >/dev/null 2>&1
if [ -n "$remove1" ]; then rm -rf -- "$remove1"; fi
if [ -n "$remove2" ]; then rm -rf -- "$remove2"; fi
`

// watchdog is a process that stops a cluster's server when this process
// exits without stopping it.
type watchdog struct {
	cmd  *exec.Cmd
	pipe *os.File // write end of the watchdog's standard input
}

// watchdogs keeps the armed watchdogs reachable: if the garbage collector
// closed a pipe, its watchdog would stop the server while it is in use.
var watchdogs sync.Map // *watchdog -> struct{}

// startWatchdog starts the watchdog for c's running server.
func (c *Cluster) startWatchdog() (*watchdog, error) {
	sh, err := exec.LookPath("sh")
	if err != nil {
		return nil, err
	}
	mode := "fast"
	if c.tempRoot != "" {
		mode = "immediate" // the data is deleted right after
	}
	stop := c.run.argv(c.pgctl(), "stop", "-D", c.DataDir, "-m", mode, "-w")
	args := append([]string{"-c", watchdogScript, "pgcluster-watchdog", c.tempRoot, c.tempSocketDir}, stop...)
	r, w, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(sh, args...)
	cmd.Stdin = r // the write end is close-on-exec, so no child inherits it
	cmd.Env = serverEnv()
	cmd.Dir = "/"
	err = cmd.Start()
	r.Close()
	if err != nil {
		w.Close()
		return nil, err
	}
	wd := &watchdog{cmd: cmd, pipe: w}
	watchdogs.Store(wd, struct{}{})
	return wd, nil
}

// disarm ends the watchdog without letting it act. It does nothing on a nil
// watchdog.
func (wd *watchdog) disarm() {
	if wd == nil {
		return
	}
	_ = wd.cmd.Process.Kill()
	_ = wd.cmd.Wait()
	wd.pipe.Close()
	watchdogs.Delete(wd)
}
