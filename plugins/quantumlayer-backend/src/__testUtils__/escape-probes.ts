/**
 * Programs that try to get out of the sandbox, for the escape suite
 * (src/sandbox/escape.test.ts). Each reads `attempts.json` from its working
 * directory and prints one `ESCAPE {json}` line per attempt:
 * `{ kind, target, ok, bytes?, canary?, detail? }`.
 */

/** One thing to try: connect, read, list or write. */
export interface EscapeAttempt {
  kind: 'unix' | 'tcp' | 'read' | 'list' | 'write';
  /** A path (`@name` for an abstract socket) or, for tcp, `host:port`. */
  target: string;
}

/** What one attempt did. */
export interface EscapeOutcome extends EscapeAttempt {
  ok: boolean;
  /** Bytes read, for `read`. */
  bytes?: number;
  /** Whether what was read holds the suite's canary. */
  canary?: boolean;
  detail?: string;
}

/** The file the probes read their attempts from. */
export const ATTEMPTS_FILE = 'attempts.json';

/**
 * Python; with `facts: true` in the attempts, also prints `FACTS {json}`:
 * uid, variable names, open descriptors, /etc/passwd and every socket file
 * anywhere in its file system (a walk of it all).
 */
export const PYTHON_PROBE = String.raw`
import json, os, socket, stat

def open_fds():
    fds = []
    for n in range(1024):
        try:
            os.fstat(n)
            fds.append(n)
        except OSError:
            pass
    return fds

fds = open_fds()
spec = json.load(open("attempts.json"))
canary = spec["canary"].encode()

def attempt(a):
    kind, target = a["kind"], a["target"]
    if kind == "unix":
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.settimeout(2)
        s.connect("\0" + target[1:] if target.startswith("@") else target)
        s.close()
        return {}
    if kind == "tcp":
        host, port = target.rsplit(":", 1)
        socket.create_connection((host, int(port)), timeout=2).close()
        return {}
    if kind == "read":
        with open(target, "rb") as f:
            data = f.read(1 << 20)
        return {"bytes": len(data), "canary": canary in data}
    if kind == "list":
        return {"detail": "%d entries" % len(os.listdir(target))}
    if kind == "write":
        with open(target, "w") as f:
            f.write(spec["canary"])
        return {}

for a in spec["attempts"]:
    try:
        out = dict(a, ok=True, **attempt(a))
    except OSError as e:
        out = dict(a, ok=False, detail="%s: %s" % (type(e).__name__, e.strerror or e))
    print("ESCAPE " + json.dumps(out), flush=True)

if not spec.get("facts"):
    raise SystemExit(0)
sockets = []
for root, dirs, files in os.walk("/"):
    if root in ("/proc", "/sys"):
        dirs[:] = []
        continue
    for name in dirs + files:
        p = os.path.join(root, name)
        try:
            if stat.S_ISSOCK(os.lstat(p).st_mode):
                sockets.append(p)
        except OSError:
            pass
try:
    passwd = open("/etc/passwd").read()
except OSError as e:
    passwd = "unreadable: %s" % e.strerror
print("FACTS " + json.dumps({"uid": os.getuid(), "env": sorted(os.environ),
                             "fds": fds, "passwd": passwd, "sockets": sockets}))
`;

/** Node, CommonJS. */
export const NODE_PROBE = String.raw`
const fs = require('fs');
const net = require('net');
const spec = JSON.parse(fs.readFileSync('attempts.json', 'utf8'));

function connect(options) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(options, () => { socket.destroy(); resolve({}); });
    socket.setTimeout(2000, () => { socket.destroy(); reject(new Error('timeout')); });
    socket.on('error', reject);
  });
}

async function attempt({ kind, target }) {
  if (kind === 'unix') {
    return connect({ path: target.startsWith('@') ? '\0' + target.slice(1) : target });
  }
  if (kind === 'tcp') {
    const i = target.lastIndexOf(':');
    return connect({ host: target.slice(0, i), port: Number(target.slice(i + 1)) });
  }
  if (kind === 'read') {
    const data = fs.readFileSync(target);
    return { bytes: data.length, canary: data.includes(spec.canary) };
  }
  if (kind === 'list') return { detail: fs.readdirSync(target).length + ' entries' };
  if (kind === 'write') { fs.writeFileSync(target, spec.canary); return {}; }
  throw new Error('unknown kind ' + kind);
}

(async () => {
  for (const a of spec.attempts) {
    let out;
    try {
      out = { ...a, ok: true, ...(await attempt(a)) };
    } catch (error) {
      out = { ...a, ok: false, detail: String(error.code || error.message) };
    }
    console.log('ESCAPE ' + JSON.stringify(out));
  }
})();
`;

/** Go, as a test: `go test -v` prints the lines. */
export const GO_PROBE = {
  'go.mod': 'module escape\n\ngo 1.19\n',
  'escape_test.go': `package escape

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"strings"
	"testing"
	"time"
)

type attempt struct {
	Kind   string \`json:"kind"\`
	Target string \`json:"target"\`
}

func try(a attempt, canary []byte) map[string]interface{} {
	out := map[string]interface{}{"kind": a.Kind, "target": a.Target, "ok": false}
	var err error
	switch a.Kind {
	case "unix", "tcp":
		var c net.Conn
		c, err = net.DialTimeout(a.Kind, a.Target, 2*time.Second)
		if err == nil {
			c.Close()
		}
	case "read":
		var data []byte
		data, err = os.ReadFile(a.Target)
		if err == nil {
			out["bytes"] = len(data)
			out["canary"] = bytes.Contains(data, canary)
		}
	case "list":
		var entries []os.DirEntry
		entries, err = os.ReadDir(a.Target)
		if err == nil {
			out["detail"] = fmt.Sprintf("%d entries", len(entries))
		}
	case "write":
		err = os.WriteFile(a.Target, canary, 0o644)
	}
	if err != nil {
		out["detail"] = err.Error()
	} else {
		out["ok"] = true
	}
	return out
}

func TestEscape(t *testing.T) {
	raw, err := os.ReadFile("attempts.json")
	if err != nil {
		t.Fatal(err)
	}
	var spec struct {
		Canary   string    \`json:"canary"\`
		Attempts []attempt \`json:"attempts"\`
	}
	if err := json.Unmarshal(raw, &spec); err != nil {
		t.Fatal(err)
	}
	for _, a := range spec.Attempts {
		line, _ := json.Marshal(try(a, []byte(spec.Canary)))
		fmt.Println("ESCAPE " + strings.TrimSpace(string(line)))
	}
}
`,
};

/** The `ESCAPE` and `FACTS` lines of a probe's output. */
export function readProbeOutput(stdout: string): {
  outcomes: EscapeOutcome[];
  facts?: {
    uid: number;
    env: string[];
    fds: number[];
    passwd: string;
    sockets: string[];
  };
} {
  const lines = stdout.split('\n');
  const outcomes = lines
    .filter(l => l.startsWith('ESCAPE '))
    .map(l => JSON.parse(l.slice('ESCAPE '.length)) as EscapeOutcome);
  const facts = lines.find(l => l.startsWith('FACTS '));
  return {
    outcomes,
    facts: facts ? JSON.parse(facts.slice('FACTS '.length)) : undefined,
  };
}
