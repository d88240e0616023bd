package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// readyMessage is the JSON log line the bridge writes once it listens; its url
// attribute is the MCP endpoint.
const readyMessage = "serving MCP over HTTP"

// bridge is one mcp-bridge process serving MCP over HTTP on a loopback port.
type bridge struct {
	cmd    *exec.Cmd
	URL    string // the MCP endpoint: http://127.0.0.1:PORT/mcp or /sse
	log    *bridgeLog
	exited chan struct{}
	err    error // the exit status, once exited is closed
}

// startBridge runs bin serving transport ("http" or "sse") with exactly env,
// and waits until it says where it listens.
func startBridge(bin, transport string, env []string) (*bridge, error) {
	args := []string{"serve", "--transport", transport, "--addr", "127.0.0.1:0",
		"--sandbox-data", ":memory:", "--log-format", "json"}
	b := &bridge{cmd: exec.Command(bin, args...), log: newBridgeLog(), exited: make(chan struct{})}
	b.cmd.Env = env
	// A Writer rather than StderrPipe: Wait then returns only once every line,
	// the goroutine dump included, has been handed to the log.
	b.cmd.Stderr = &lineWriter{line: b.log.line}
	if err := b.cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting %s: %w", bin, err)
	}
	go func() { b.err = b.cmd.Wait(); close(b.exited) }()
	select {
	case b.URL = <-b.log.ready:
		return b, nil
	case <-b.exited:
		return nil, fmt.Errorf("mcp-bridge exited before listening (%v); its last lines:\n%s", b.err, b.log.tail())
	case <-time.After(30 * time.Second):
		b.stop()
		return nil, fmt.Errorf("mcp-bridge did not say %q within 30 s; its last lines:\n%s", readyMessage, b.log.tail())
	}
}

// PID is the process id.
func (b *bridge) PID() int { return b.cmd.Process.Pid }

// sample reads the process's memory, threads and open file descriptors.
func (b *bridge) sample() (sample, error) { return readSample(b.PID()) }

// stop asks the process to end (SIGTERM) and kills it if it has not within 30 s.
func (b *bridge) stop() {
	select {
	case <-b.exited:
		return
	default:
	}
	_ = b.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-b.exited:
	case <-time.After(30 * time.Second):
		_ = b.cmd.Process.Kill()
		<-b.exited
	}
}

// goroutines ends the process with SIGQUIT and counts the goroutines in the dump
// the Go runtime writes to stderr. The bridge has no debug endpoint, and this is
// the one way to count its goroutines from outside; the process is gone after.
func (b *bridge) goroutines() (int, error) {
	if err := b.cmd.Process.Signal(syscall.SIGQUIT); err != nil {
		return 0, err
	}
	select {
	case <-b.exited:
	case <-time.After(20 * time.Second):
		_ = b.cmd.Process.Kill()
		<-b.exited
		return 0, errors.New("mcp-bridge did not exit within 20 s of SIGQUIT")
	}
	n := b.log.goroutineCount()
	if n == 0 {
		return 0, fmt.Errorf("no goroutine dump after SIGQUIT (%v); last lines:\n%s", b.err, b.log.tail())
	}
	return n, nil
}

// sample is what /proc says about a process at one moment.
type sample struct {
	RSS     int64         // resident bytes now (VmRSS)
	PeakRSS int64         // the most resident so far (VmHWM)
	Threads int           // OS threads (Threads)
	FDs     int           // entries in /proc/PID/fd
	CPU     time.Duration // user and system time used so far (/proc/PID/stat)
}

// readSample reads /proc/PID/status and counts /proc/PID/fd.
func readSample(pid int) (sample, error) {
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return sample{}, err
	}
	s, err := parseStatus(bytes.NewReader(status))
	if err != nil {
		return sample{}, err
	}
	fds, err := os.ReadDir(fmt.Sprintf("/proc/%d/fd", pid))
	if err != nil {
		return sample{}, err
	}
	s.FDs = len(fds)
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return sample{}, err
	}
	s.CPU, err = parseCPU(string(stat))
	return s, err
}

// clockTick is the unit of the times in /proc/PID/stat (USER_HZ). It is 100 on
// every Linux architecture Go supports; Go cannot ask sysconf without cgo.
const clockTick = 10 * time.Millisecond

// parseCPU reads utime and stime from a /proc/PID/stat line. They are the 14th
// and 15th fields; the fields are counted after the command name, which is in
// parentheses and may itself hold spaces and parentheses.
func parseCPU(stat string) (time.Duration, error) {
	i := strings.LastIndexByte(stat, ')')
	if i < 0 {
		return 0, fmt.Errorf("no command name in %.80q", stat)
	}
	f := strings.Fields(stat[i+1:]) // f[0] is field 3, the state
	if len(f) < 13 {
		return 0, fmt.Errorf("too few fields in %.80q", stat)
	}
	utime, err1 := strconv.ParseInt(f[11], 10, 64)
	stime, err2 := strconv.ParseInt(f[12], 10, 64)
	if err := errors.Join(err1, err2); err != nil {
		return 0, fmt.Errorf("utime and stime: %w", err)
	}
	return time.Duration(utime+stime) * clockTick, nil
}

// parseStatus reads VmRSS, VmHWM (kB) and Threads from a /proc/PID/status file.
func parseStatus(r io.Reader) (sample, error) {
	var s sample
	found := 0
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		key, value, ok := strings.Cut(sc.Text(), ":")
		if !ok {
			continue
		}
		fields := strings.Fields(value)
		var err error
		switch key {
		case "VmRSS":
			s.RSS, err = kilobytes(fields)
		case "VmHWM":
			s.PeakRSS, err = kilobytes(fields)
		case "Threads":
			if len(fields) != 1 {
				err = errors.New("want one number")
			} else {
				s.Threads, err = strconv.Atoi(fields[0])
			}
		default:
			continue
		}
		if err != nil {
			return sample{}, fmt.Errorf("%s: %q: %v", key, strings.TrimSpace(value), err)
		}
		found++
	}
	if err := sc.Err(); err != nil {
		return sample{}, err
	}
	if found != 3 {
		return sample{}, fmt.Errorf("want VmRSS, VmHWM and Threads in the process status, found %d of them", found)
	}
	return s, nil
}

// kilobytes reads "1234 kB" as bytes.
func kilobytes(fields []string) (int64, error) {
	if len(fields) != 2 || fields[1] != "kB" {
		return 0, errors.New("want a size in kB")
	}
	kb, err := strconv.ParseInt(fields[0], 10, 64)
	return kb << 10, err
}

// lineWriter hands each complete line written to it to line, without the newline.
type lineWriter struct {
	line    func(string)
	partial []byte
}

func (w *lineWriter) Write(p []byte) (int, error) {
	n := len(p)
	for {
		i := bytes.IndexByte(p, '\n')
		if i < 0 {
			w.partial = append(w.partial, p...)
			return n, nil
		}
		w.line(string(append(w.partial, p[:i]...)))
		w.partial = w.partial[:0]
		p = p[i+1:]
	}
}

// goroutineHeader matches the first line of each goroutine in a Go traceback,
// e.g. "goroutine 7 [select]:" or "goroutine 7 gp=0xc000 m=nil [chan receive]:".
var goroutineHeader = regexp.MustCompile(`^goroutine \d+ .*\[.*\]:$`)

// bridgeLog keeps what the bridge writes on stderr that the report needs, not the
// whole of it: the ready URL, the warnings and errors logged while serving, the
// goroutine count of a dump, and the last lines for error messages.
type bridgeLog struct {
	ready chan string

	mu         sync.Mutex
	serving    bool
	warnings   int
	firstWarns []string
	goroutines int
	last       []string
}

func newBridgeLog() *bridgeLog { return &bridgeLog{ready: make(chan string, 1)} }

// maxKept bounds the warnings and last lines kept, so a chatty bridge cannot
// grow the load client's memory.
const maxKept = 20

// line takes one line of the bridge's stderr.
func (l *bridgeLog) line(s string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.last = append(l.last, s)
	if len(l.last) > maxKept {
		l.last = l.last[1:]
	}
	if goroutineHeader.MatchString(s) {
		l.goroutines++
		return
	}
	var rec struct{ Level, Msg, URL string }
	if json.Unmarshal([]byte(s), &rec) != nil {
		return
	}
	switch {
	case rec.Msg == readyMessage && !l.serving:
		l.serving = true
		l.ready <- rec.URL
	// Only what is logged once serving counts: the start-up warning that the
	// backend is the sandbox is expected.
	case l.serving && (rec.Level == "WARN" || rec.Level == "ERROR"):
		l.warnings++
		if len(l.firstWarns) < 5 {
			l.firstWarns = append(l.firstWarns, s)
		}
	}
}

// warningsLogged returns how many WARN and ERROR lines were logged while serving,
// and the first few of them.
func (l *bridgeLog) warningsLogged() (int, []string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.warnings, append([]string(nil), l.firstWarns...)
}

func (l *bridgeLog) goroutineCount() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.goroutines
}

func (l *bridgeLog) tail() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Join(l.last, "\n")
}
