package main

import (
	"fmt"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"
)

// fakeBridgeEnv makes this test binary play the bridge: say it serves, then wait
// for a signal. startBridge and goroutines are tested on it without building
// mcp-bridge.
const fakeBridgeEnv = "LOAD_TEST_FAKE_BRIDGE"

func TestMain(m *testing.M) {
	if os.Getenv(fakeBridgeEnv) == "1" {
		fmt.Fprintln(os.Stderr, `{"level":"WARN","msg":"BACKEND: SANDBOX."}`)
		// One write: the test signals as soon as it reads the ready line, and the
		// warning after it must be there by then.
		fmt.Fprintf(os.Stderr, `{"level":"INFO","msg":%q,"url":"http://127.0.0.1:1/mcp"}`+"\n"+
			`{"level":"ERROR","msg":"something broke"}`+"\n", readyMessage)
		time.Sleep(time.Minute) // until the test signals; select{} would be a deadlock
		os.Exit(3)
	}
	os.Exit(m.Run())
}

func TestStartSampleAndCountGoroutines(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("reads /proc")
	}
	b, err := startBridge(os.Args[0], "http", []string{fakeBridgeEnv + "=1", "GOTRACEBACK=all"})
	if err != nil {
		t.Fatal(err)
	}
	defer b.stop()
	if b.URL != "http://127.0.0.1:1/mcp" {
		t.Errorf("URL = %q", b.URL)
	}
	s, err := b.sample()
	if err != nil {
		t.Fatal(err)
	}
	if s.RSS <= 0 || s.PeakRSS < s.RSS || s.Threads < 1 || s.FDs < 3 {
		t.Errorf("sample = %+v", s)
	}
	n, err := b.goroutines()
	if err != nil {
		t.Fatal(err)
	}
	// main, blocked in select, and the runtime's own under GOTRACEBACK=all.
	if n < 2 {
		t.Errorf("goroutines = %d, want the main one and the runtime's", n)
	}
	if warnings, first := b.log.warningsLogged(); warnings != 1 || !strings.Contains(first[0], "something broke") {
		t.Errorf("warnings = %d %q, want only the one logged after serving", warnings, first)
	}
}

func TestStartReportsAnEarlyExit(t *testing.T) {
	_, err := startBridge("/bin/sh", "http", []string{"PATH=/bin:/usr/bin"})
	if err == nil {
		t.Fatal("a process that exits without serving was taken as started")
	}
}

func TestParseStatus(t *testing.T) {
	const status = "Name:\tmcp-bridge\nVmHWM:\t   21504 kB\nVmRSS:\t   20480 kB\nThreads:\t8\nSigQ:\t0/1\n"
	s, err := parseStatus(strings.NewReader(status))
	if err != nil {
		t.Fatal(err)
	}
	if want := (sample{RSS: 20480 << 10, PeakRSS: 21504 << 10, Threads: 8}); s != want {
		t.Errorf("got %+v, want %+v", s, want)
	}
	for _, bad := range []string{
		"VmRSS:\t1 kB\nThreads:\t8\n",                 // no VmHWM
		"VmRSS:\t1 MB\nVmHWM:\t1 kB\nThreads:\t8\n",   // unit
		"VmRSS:\t1 kB\nVmHWM:\t1 kB\nThreads:\tx\n",   // not a number
		"VmRSS:\t1 kB\nVmHWM:\t1 kB\nThreads:\t1 2\n", // two numbers
	} {
		if _, err := parseStatus(strings.NewReader(bad)); err == nil {
			t.Errorf("parseStatus(%q) succeeded", bad)
		}
	}
}

func TestLineWriterSplitsAcrossWrites(t *testing.T) {
	var lines []string
	w := &lineWriter{line: func(s string) { lines = append(lines, s) }}
	for _, p := range []string{"one\ntw", "o", "\n\nthree\nfour"} {
		if n, err := w.Write([]byte(p)); n != len(p) || err != nil {
			t.Fatalf("Write(%q) = %d, %v", p, n, err)
		}
	}
	if got := strings.Join(lines, "|"); got != "one|two||three" {
		t.Errorf("lines = %q, want one|two||three (four is not finished)", got)
	}
}

func TestBridgeLogCountsGoroutineHeaders(t *testing.T) {
	l := newBridgeLog()
	for _, line := range []string{
		"SIGQUIT: quit",
		"goroutine 1 gp=0xc000002380 m=nil [select (no cases)]:",
		"main.main()",
		"goroutine 7 [IO wait, 2 minutes]:",
		"goroutine 8 [running]:",
		"created by main.main in goroutine 1",
	} {
		l.line(line)
	}
	if n := l.goroutineCount(); n != 3 {
		t.Errorf("goroutines = %d, want 3", n)
	}
}

func TestBridgeLogKeepsAFewLines(t *testing.T) {
	l := newBridgeLog()
	l.line(fmt.Sprintf(`{"level":"INFO","msg":%q,"url":"u"}`, readyMessage))
	for i := range 100 {
		l.line(fmt.Sprintf(`{"level":"WARN","msg":"w%d"}`, i))
	}
	if n, first := l.warningsLogged(); n != 100 || len(first) != 5 {
		t.Errorf("warnings = %d with %d kept, want 100 with 5 kept", n, len(first))
	}
	if lines := strings.Count(l.tail(), "\n") + 1; lines != maxKept {
		t.Errorf("tail holds %d lines, want %d", lines, maxKept)
	}
	if url := <-l.ready; url != "u" {
		t.Errorf("ready URL = %q", url)
	}
}

func TestParseCPU(t *testing.T) {
	// A command name with a space and a parenthesis, utime 150 and stime 25 ticks.
	const stat = "3924 (my (cmd) R 3863 3863 8318 0 -1 4194304 102 0 0 0 150 25 0 0 20 0 1 0 195788 3133440 389"
	if got, err := parseCPU(stat); err != nil || got != 1750*time.Millisecond {
		t.Errorf("parseCPU = %v, %v, want 1.75s", got, err)
	}
	for _, bad := range []string{"3924 cat R", "3924 (cat) R 1 2 3", "3924 (cat) R 1 2 3 4 5 6 7 8 9 10 x 0"} {
		if _, err := parseCPU(bad); err == nil {
			t.Errorf("parseCPU(%q) succeeded", bad)
		}
	}
}
