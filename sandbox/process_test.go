package sandbox

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"

	"github.com/workflows-mcp/mcp-bridge/client"
	"github.com/workflows-mcp/mcp-bridge/sandbox/store"
	"github.com/workflows-mcp/mcp-bridge/workflows"
)

// writerEnv names the store a writer process works on; see TestWriterProcess.
const writerEnv = "SANDBOX_TEST_WRITER_DB"

// writes is how many folders and flows each writer creates.
const writes = 20

// TestWriterProcess is not a test of its own: TestTwoProcessesShareOneFile runs
// the test binary again with writerEnv set, and this writes into that store.
func TestWriterProcess(t *testing.T) {
	path := os.Getenv(writerEnv)
	if path == "" {
		t.Skip("runs only as the helper process of TestTwoProcessesShareOneFile")
	}
	writeThroughClient(t, path, "child")
}

// writeThroughClient opens the store and creates folders (a read-modify-write
// upsert, half of them shared by name with the other writer) and flows.
func writeThroughClient(t *testing.T, path, who string) {
	e, err := Open(path)
	if err != nil {
		t.Fatalf("%s: Open: %v", who, err)
	}
	defer e.Close()
	c, err := client.New(client.Config{GatewayURL: InProcessBaseURL, HTTPClient: e.HTTPClient(), MaxRetries: -1})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for i := range writes {
		name := fmt.Sprintf("%s folder %d", who, i)
		if i%2 == 0 {
			name = fmt.Sprintf("shared folder %d", i)
		}
		if _, err := c.CreateFolder(ctx, client.CreateFolderRequest{DisplayName: name}); err != nil {
			t.Errorf("%s: CreateFolder: %v", who, err)
		}
		if _, err := c.CreateFlow(ctx, client.CreateFlowRequest{DisplayName: fmt.Sprintf("%s flow %d", who, i)}); err != nil {
			t.Errorf("%s: CreateFlow: %v", who, err)
		}
	}
}

func TestTwoProcessesShareOneFile(t *testing.T) {
	if os.Getenv(writerEnv) != "" {
		t.Skip("inside the helper process")
	}
	path := filepath.Join(t.TempDir(), "two-processes.db")
	child := exec.Command(os.Args[0], "-test.run=^TestWriterProcess$", "-test.count=1")
	child.Env = append(os.Environ(), writerEnv+"="+path)
	var out []byte
	var childErr error
	var wg sync.WaitGroup
	wg.Go(func() { out, childErr = child.CombinedOutput() })
	writeThroughClient(t, path, "parent")
	wg.Wait()
	if childErr != nil {
		t.Fatalf("the writer process failed: %v\n%s", childErr, out)
	}

	e, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	var check string
	if err := e.store.DB.QueryRow(`PRAGMA integrity_check`).Scan(&check); err != nil || check != "ok" {
		t.Fatalf("integrity check: %q, %v", check, err)
	}
	ctx := context.Background()
	projects, _ := store.ListDocs[store.Project](ctx, e.store.DB, store.KindProject, store.Scope{})
	folders, _ := store.ListDocs[workflows.Folder](ctx, e.store.DB, store.KindFolder, store.Scope{})
	flows, _ := store.ListDocs[workflows.Flow](ctx, e.store.DB, store.KindFlow, store.Scope{})
	// Each writer made writes/2 folders of its own; the shared names exist once.
	wantFolders := len(store.SystemFolders) + writes/2 + writes/2 + writes/2
	if len(projects) != 1 || len(folders) != wantFolders || len(flows) != 1+2*writes {
		t.Fatalf("%d projects, %d folders, %d flows; want 1, %d, %d", len(projects), len(folders), len(flows), wantFolders, 1+2*writes)
	}
}
