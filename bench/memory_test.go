package bench

import (
	"os"
	"strings"
	"testing"
)

func TestParseProcStatus(t *testing.T) {
	cases := []struct {
		name    string
		status  string
		want    Memory
		wantErr string
	}{
		{name: "both sizes", status: "Name:\tmcp-bridge\nVmPeak:\t 1263428 kB\nVmHWM:\t   24576 kB\nVmRSS:\t   20480 kB\nThreads:\t7\n",
			want: Memory{RSS: 20480 << 10, PeakRSS: 24576 << 10}},
		{name: "no peak", status: "VmRSS:\t 20480 kB\n", wantErr: "want VmRSS and VmHWM in the process status, found 1 of them"},
		{name: "a kernel thread has neither", status: "Name:\tkthreadd\nThreads:\t1\n", wantErr: "found 0 of them"},
		{name: "unexpected unit", status: "VmHWM:\t 2 MB\nVmRSS:\t 1 kB\n", wantErr: `VmHWM: want a size in kB, got "2 MB"`},
		{name: "not a number", status: "VmHWM:\t x kB\nVmRSS:\t 1 kB\n", wantErr: `VmHWM: want a size in kB, got "x kB"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := parseProcStatus(strings.NewReader(tc.status))
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want one containing %q", err, tc.wantErr)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("parseProcStatus = %+v, %v; want %+v", got, err, tc.want)
			}
		})
	}
}

func TestReadMemoryOfThisProcess(t *testing.T) {
	if _, err := os.Stat("/proc/self/status"); err != nil {
		t.Skip("no /proc here")
	}
	m, err := readMemory(os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	if m.RSS <= 0 || m.PeakRSS < m.RSS {
		t.Errorf("memory of this test = %+v; want a resident size no larger than the peak", m)
	}
}
