package pieces

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// Schedules keep their timezones on a machine with no time zone database of
// its own (Windows without Go, a minimal container): the binary carries one.
// The test runs TestScheduleNextInTimezone again in a mount namespace where the
// system's database and Go's copy are hidden; that takes root and unshare(1),
// so elsewhere it is skipped.
func TestSchedulesWithoutASystemTimezoneDatabase(t *testing.T) {
	unshare, err := exec.LookPath("unshare")
	if runtime.GOOS != "linux" || os.Geteuid() != 0 || err != nil {
		t.Skip("needs Linux, root and unshare to hide the system's time zone database")
	}
	// Go's own copy is the last place the time package looks before the embedded one.
	goroot, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		t.Skipf("go env GOROOT: %v", err)
	}
	var hide string
	for _, dir := range []string{"/usr/share/zoneinfo", "/usr/share/lib/zoneinfo", "/etc/zoneinfo",
		filepath.Join(strings.TrimSpace(string(goroot)), "lib", "time")} {
		if _, err := os.Stat(dir); err == nil {
			hide += "mount -t tmpfs none " + dir + " && "
		}
	}
	cmd := exec.Command(unshare, "--mount", "sh", "-c",
		hide+`exec "$0" -test.run='^(TestScheduleNextInTimezone|TestTimezoneOptions)$' -test.v`, os.Args[0])
	cmd.Env = append(os.Environ(), "ZONEINFO=")
	out, err := cmd.CombinedOutput()
	if err != nil {
		if _, ok := err.(*exec.ExitError); !ok || len(out) == 0 {
			t.Skipf("cannot hide the time zone database here: %v %s", err, out)
		}
		t.Fatalf("with no time zone database on the machine:\n%s", out)
	}
	for _, name := range []string{"TestScheduleNextInTimezone", "TestTimezoneOptions"} {
		if !strings.Contains(string(out), "--- PASS: "+name) {
			t.Errorf("%s did not run with the database hidden:\n%s", name, out)
		}
	}
}
