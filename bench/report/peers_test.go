package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParsePeers(t *testing.T) {
	in := "github-mcp-server\tv1.0.0\tok\t/c/gh\t\n" +
		"\n" +
		"n8n-mcp\t\tfailed\tnpm ci: E404\t\n" +
		"server-everything\t2026.8.31\tok\t/c/se.js\tnote here\n"
	peers, err := parsePeers(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(peers) != 3 || peers[0].path != "/c/gh" || peers[1].failure != "npm ci: E404" || peers[2].note != "note here" {
		t.Fatalf("parsePeers = %+v", peers)
	}
	for _, bad := range []string{"a\tb\tok\n", "a\tb\tmaybe\tc\n"} {
		if _, err := parsePeers(strings.NewReader(bad)); err == nil {
			t.Errorf("%q parsed", bad)
		}
	}
}

// Every peer appears once, in order, whatever the file holds.
func TestReadPeers(t *testing.T) {
	dir := t.TempDir()
	peers := readPeers(dir)
	if len(peers) != 3 || !strings.Contains(peers[0].failure, "not set up") {
		t.Fatalf("without peers.tsv: %+v", peers)
	}
	os.WriteFile(filepath.Join(dir, "peers.tsv"), []byte("n8n-mcp\t2.87.0\tok\t/x.js\t\nother\t1\tok\t/y\t\n"), 0o600)
	peers = readPeers(dir)
	if len(peers) != 3 || peers[2].name != "n8n-mcp" || peers[2].failure != "" || peers[0].failure == "" {
		t.Fatalf("with n8n-mcp only: %+v", peers)
	}
}

func TestPeerLaunch(t *testing.T) {
	bin, args, env, err := peer{name: "n8n-mcp", path: "/n/wrapper.js"}.launch("/usr/bin/node", "http://127.0.0.1:1")
	if err != nil || bin != "/usr/bin/node" || args[0] != "/n/wrapper.js" || !strings.Contains(strings.Join(env, " "), "N8N_API_URL=http://127.0.0.1:1") {
		t.Errorf("n8n-mcp: %s %v %v %v", bin, args, env, err)
	}
	if _, _, _, err := (peer{name: "server-everything", path: "/s.js"}).launch("", ""); err == nil {
		t.Error("an npm peer without node launched")
	}
	if _, _, _, err := (peer{name: "github-mcp-server", failure: "go build: boom"}).launch("", ""); err == nil || err.Error() != "go build: boom" {
		t.Errorf("a failed peer: %v", err)
	}
}
