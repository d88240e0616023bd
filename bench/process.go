package bench

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"syscall"
	"time"
)

// Process is a server started as a child process and reached over its stdin and
// stdout, the way an MCP host starts a stdio server. Its stderr is discarded.
type Process struct {
	*Conn
	cmd   *exec.Cmd
	stdin io.WriteCloser
}

// Start spawns bin with args and exactly env (nothing is inherited).
func Start(bin string, args, env []string) (*Process, error) {
	cmd := exec.Command(bin, args...)
	cmd.Env = env
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting %s: %w", bin, err)
	}
	return &Process{Conn: NewConn(stdin, stdout), cmd: cmd, stdin: stdin}, nil
}

// PID is the child's process id.
func (p *Process) PID() int { return p.cmd.Process.Pid }

// Memory reads the child's current and peak resident memory.
func (p *Process) Memory() (Memory, error) { return readMemory(p.PID()) }

// Stop closes the child's stdin, which tells a stdio server to finish, and waits
// up to grace for it to exit before killing it.
//
// It does not report getrusage's ru_maxrss: on Linux a child's maxrss also
// counts the parent's memory it shared between fork and exec, so a 3 MiB
// program shows the size of the process that started it.
func (p *Process) Stop(grace time.Duration) (err error) {
	p.stdin.Close()
	done := make(chan error, 1)
	go func() { done <- p.cmd.Wait() }()
	select {
	case err = <-done:
	case <-time.After(grace):
		p.cmd.Process.Kill()
		<-done
		err = fmt.Errorf("%s did not exit within %s of its stdin closing; killed", p.cmd.Path, grace)
	}
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		err = fmt.Errorf("%s exited with %v", p.cmd.Path, exit)
	}
	return err
}

// Terminate sends the child SIGTERM, the way a service manager stops an HTTP
// server, and waits up to grace for it to exit before killing it. How it exits
// is not reported: a program without a SIGTERM handler dies of the signal.
func (p *Process) Terminate(grace time.Duration) {
	p.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		p.cmd.Wait()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(grace):
		p.cmd.Process.Kill()
		<-done
	}
	p.stdin.Close()
}

// stopGrace is how long a server may take to exit once its stdin is closed: the
// bridge lets running flows finish for a few seconds.
const stopGrace = 10 * time.Second

// TimeToToolsList spawns bin and does the client's handshake. It returns the
// time from just before the spawn until the tools/list answer was read, and that
// answer. The child is stopped afterwards, outside the timed window.
func TimeToToolsList(bin string, args, env []string) (time.Duration, json.RawMessage, error) {
	s, err := SpawnToToolsList(bin, args, env)
	return s.Elapsed, s.List, err
}

// Spawned is what one spawn up to tools/list measured.
type Spawned struct {
	Elapsed time.Duration   // from just before the spawn until the tools/list answer was read
	List    json.RawMessage // the tools/list result
	Memory  Memory          // the child's, read just after the answer (outside the timed window)
}

// SpawnToToolsList is TimeToToolsList that also reads the child's memory once
// the answer is in: its peak so far (VmHWM) is what starting and listing cost.
func SpawnToToolsList(bin string, args, env []string) (Spawned, error) {
	start := time.Now()
	p, err := Start(bin, args, env)
	if err != nil {
		return Spawned{}, err
	}
	var s Spawned
	s.List, err = p.Handshake()
	s.Elapsed = time.Since(start)
	if err == nil {
		s.Memory, err = p.Memory()
	}
	stopErr := p.Stop(stopGrace)
	if err != nil {
		return Spawned{}, err
	}
	if stopErr != nil {
		return Spawned{}, stopErr
	}
	return s, nil
}

// TimeToExit runs bin with args to completion and returns how long it took.
func TimeToExit(bin string, args, env []string) (time.Duration, error) {
	cmd := exec.Command(bin, args...)
	cmd.Env = env
	start := time.Now()
	err := cmd.Run()
	elapsed := time.Since(start)
	if err != nil {
		return 0, fmt.Errorf("running %s %v: %w", bin, args, err)
	}
	return elapsed, nil
}
