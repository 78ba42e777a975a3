import fs from 'fs';
import os from 'os';
import path from 'path';
import { runSandboxed } from './sandbox';
import { prepareTestCommand } from './test-commands';

// Issue 15, finding 5: one run must not be able to poison the Go build cache
// a later run (another user's) builds with. Each run gets a cache of its own,
// copied from a seed the runs can only read.
jest.setTimeout(300_000);
const hasBwrap = fs.existsSync('/usr/bin/bwrap');
const hasGo = ['/usr/local/go/bin/go', '/usr/bin/go'].some(p =>
  fs.existsSync(p),
);

const POISON = 'ql-poison-entry';
const PROJECT = {
  'go.mod': 'module poison\n\ngo 1.19\n',
  'poison.go': 'package poison\n\nfunc Add(a, b int) int { return a + b }\n',
  'poison_test.go': `package poison

import (
\t"fmt"
\t"os"
\t"path/filepath"
\t"testing"
)

func TestCache(t *testing.T) {
\tcache := os.Getenv("GOCACHE")
\t_, seed := os.Stat("/sandbox-go-seed")
\t_, before := os.Stat(filepath.Join(cache, "${POISON}"))
\twrote := os.WriteFile(filepath.Join(cache, "${POISON}"), []byte("x"), 0o644)
\tentries, _ := filepath.Glob(filepath.Join(cache, "??"))
\tseedWrote := 0
\tfor _, dir := range entries {
\t\tif os.WriteFile(filepath.Join("/sandbox-go-seed", filepath.Base(dir), "${POISON}"), []byte("x"), 0o644) == nil {
\t\t\tseedWrote++
\t\t}
\t}
\tfmt.Printf("RESULT seed=%v found=%v wrote=%v seedWrote=%d\\n", seed == nil, before == nil, wrote == nil, seedWrote)
}
`,
};

async function runOnce(): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ql-go-cache-'));
  try {
    for (const [name, text] of Object.entries(PROJECT)) {
      fs.writeFileSync(path.join(dir, name), text);
    }
    const command = await prepareTestCommand('go', dir, Object.keys(PROJECT));
    const result = await runSandboxed({
      ...command,
      workDir: dir,
      timeoutMs: 240_000,
    });
    expect(result).toMatchObject({ isolated: true, timedOut: false });
    const line = /RESULT [^\n]*/.exec(result.stdout);
    if (!line) throw new Error(`no RESULT line:\n${result.stdout}`);
    return line[0];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

(hasBwrap && hasGo ? describe : describe.skip)(
  'Go build cache (finding 5)',
  () => {
    it('gives each run a cache of its own: what one run writes, the next never sees', async () => {
      // The first run may build the seed (once per Go installation).
      const first = await runOnce();
      // The run can write its own cache, but not the seed behind it.
      expect(first).toBe('RESULT seed=true found=false wrote=true seedWrote=0');
      const second = await runOnce();
      // The first run's entry is gone: the second started from the clean seed.
      expect(second).toBe(
        'RESULT seed=true found=false wrote=true seedWrote=0',
      );
    });
  },
);
