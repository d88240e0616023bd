package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// peer is another MCP server measured next to the bridge, as bench/peers/setup.sh
// left it: installed (path set) or not (failure says why).
type peer struct {
	name, version string
	path          string // the binary or the Node.js entry point
	note          string // e.g. which SQLite n8n-mcp runs on
	failure       string // why it is not measured; "" when it is
}

// peerNames are the peers setup.sh installs, in the order the report lists them.
var peerNames = []string{"github-mcp-server", "server-everything", "n8n-mcp"}

// readPeers reads setup.sh's peers.tsv from dir. A peer the file does not name
// is listed as not set up, so the report always says what became of each.
func readPeers(dir string) []peer {
	f, err := os.Open(filepath.Join(dir, "peers.tsv"))
	if err != nil {
		return missingPeers(nil, fmt.Sprintf("not set up: run bench/peers/setup.sh %s (%v)", dir, err))
	}
	defer f.Close()
	peers, err := parsePeers(f)
	if err != nil {
		return missingPeers(nil, fmt.Sprintf("%s/peers.tsv: %v", dir, err))
	}
	return missingPeers(peers, "not in peers.tsv: run bench/peers/setup.sh "+dir)
}

// parsePeers reads lines of name, version, ok|failed, path or reason, note (tab-separated).
func parsePeers(r io.Reader) ([]peer, error) {
	var out []peer
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		f := strings.Split(sc.Text(), "\t")
		if len(f) < 4 {
			return nil, fmt.Errorf("line %d: want at least 4 tab-separated fields, got %d", n, len(f))
		}
		p := peer{name: f[0], version: f[1]}
		if len(f) > 4 {
			p.note = f[4]
		}
		switch f[2] {
		case "ok":
			p.path = f[3]
		case "failed":
			p.failure = f[3]
		default:
			return nil, fmt.Errorf("line %d: status %q, want ok or failed", n, f[2])
		}
		out = append(out, p)
	}
	return out, sc.Err()
}

// missingPeers returns peers in peerNames' order, adding each peer not among
// them as failed with why, and dropping names setup.sh does not make.
func missingPeers(peers []peer, why string) []peer {
	out := make([]peer, 0, len(peerNames))
	for _, name := range peerNames {
		p := peer{name: name, failure: why}
		for _, q := range peers {
			if q.name == name {
				p = q
			}
		}
		out = append(out, p)
	}
	return out
}

// launch says how to start an installed peer over stdio: the program, its
// arguments and the environment it needs beyond HOME. n8nURL is the stub n8n
// API n8n-mcp is pointed at, so that its workflow tools are listed and work.
func (p peer) launch(node, n8nURL string) (bin string, args, env []string, err error) {
	if p.failure != "" {
		return "", nil, nil, fmt.Errorf("%s", p.failure)
	}
	switch p.name {
	case "github-mcp-server":
		// A token is required to start; listing tools needs no network.
		return p.path, []string{"stdio"}, []string{"GITHUB_PERSONAL_ACCESS_TOKEN=dummy-token-for-bench"}, nil
	case "server-everything", "n8n-mcp":
		if node == "" {
			return "", nil, nil, fmt.Errorf("node is not on PATH")
		}
		if p.name == "server-everything" {
			return node, []string{p.path, "stdio"}, nil, nil
		}
		return node, []string{p.path}, []string{"N8N_API_URL=" + n8nURL, "N8N_API_KEY=dummy-key-for-bench", "N8N_MCP_TELEMETRY_DISABLED=true",
			// Its default, strict, refuses an n8n on localhost; moderate is its setting for a local n8n.
			"WEBHOOK_SECURITY_MODE=moderate"}, nil
	}
	return "", nil, nil, fmt.Errorf("unknown peer %q", p.name)
}

// nodePath is the Node.js the npm peers run on, "" when there is none.
func nodePath() string {
	node, err := exec.LookPath("node")
	if err != nil {
		return ""
	}
	return node
}

// nodeVersion is node --version, or "" when there is no Node.js.
func nodeVersion(node string) string {
	if node == "" {
		return ""
	}
	out, err := exec.Command(node, "--version").Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
}
