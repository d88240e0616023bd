package bench

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os/exec"
	"slices"
	"strings"
	"time"
)

// InitCost is what one package's initialisation took before main, as the Go
// runtime reports it with GODEBUG=inittrace=1.
type InitCost struct {
	Package string
	Clock   time.Duration
	Bytes   int64
	Allocs  int64
}

// ParseInitTrace reads the "init PKG @T ms, C ms clock, B bytes, A allocs" lines
// of a Go program's stderr, ignoring every other line.
func ParseInitTrace(r io.Reader) ([]InitCost, error) {
	var out []InitCost
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		line := sc.Text()
		if !strings.HasPrefix(line, "init ") {
			continue
		}
		var c InitCost
		var at, clock float64
		if _, err := fmt.Sscanf(line, "init %s @%f ms, %f ms clock, %d bytes, %d allocs", &c.Package, &at, &clock, &c.Bytes, &c.Allocs); err != nil {
			return nil, fmt.Errorf("not an inittrace line: %q", line)
		}
		c.Clock = time.Duration(clock * float64(time.Millisecond))
		out = append(out, c)
	}
	return out, sc.Err()
}

// InitTrace runs bin with args under GODEBUG=inittrace=1 and returns the cost
// of each package's initialisation.
func InitTrace(bin string, args, env []string) ([]InitCost, error) {
	cmd := exec.Command(bin, args...)
	cmd.Env = append(slices.Clone(env), "GODEBUG=inittrace=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("running %s %v: %w", bin, args, err)
	}
	return ParseInitTrace(&stderr)
}

// InitSummary is the median initialisation cost over several runs.
type InitSummary struct {
	Total    time.Duration // median over runs of the sum of every package's clock
	Packages []InitCost    // each package's median clock, largest first
}

// SummarizeInit takes the median of each package's clock, and of the total,
// over runs.
func SummarizeInit(runs [][]InitCost) InitSummary {
	var s InitSummary
	var totals []time.Duration
	clocks := map[string][]time.Duration{}
	for _, run := range runs {
		var total time.Duration
		for _, c := range run {
			total += c.Clock
			clocks[c.Package] = append(clocks[c.Package], c.Clock)
		}
		totals = append(totals, total)
	}
	s.Total = Summarize(totals).Median
	for pkg, cs := range clocks {
		s.Packages = append(s.Packages, InitCost{Package: pkg, Clock: Summarize(cs).Median})
	}
	slices.SortFunc(s.Packages, func(a, b InitCost) int {
		if a.Clock != b.Clock {
			return int(b.Clock - a.Clock)
		}
		return strings.Compare(a.Package, b.Package)
	})
	return s
}
