import crypto from 'crypto';
import fs from 'fs/promises';
import path from 'path';
import type { ProcessResult } from '../process/run-process';
import { ownedDir } from './owned-dir';
import { findBinary, SANDBOX_UID } from './sandbox-layout';

/** Where a run's Go build cache lives inside: the run's own tmpfs. */
export const GO_CACHE_DIR = '/tmp/go-build';
/** Where the read-only seed appears inside, to be copied to GO_CACHE_DIR. */
export const GO_SEED_DIR = '/sandbox-go-seed';

/**
 * Go's settings for a test run: offline, no toolchain download, no cgo (the
 * image has no C compiler, and Debian's Go 1.19 then fails on net's cgo
 * resolver; pure Go everywhere also keeps the seed's entries valid).
 */
export const GO_TEST_ENV: Record<string, string> = {
  GOFLAGS: '-mod=mod',
  GOPROXY: 'off',
  GOTOOLCHAIN: 'local',
  CGO_ENABLED: '0',
};

/** The seed's packages: what generated functions, CLIs and APIs import. */
const SEED_PROJECT: Record<string, string> = {
  'go.mod': 'module qlseed\n\ngo 1.19\n',
  'seed.go': `package seed

import (
${[
  'bufio',
  'bytes',
  'context',
  'encoding/json',
  'errors',
  'flag',
  'fmt',
  'io',
  'log',
  'math',
  'math/rand',
  'net/http',
  'os',
  'path/filepath',
  'regexp',
  'sort',
  'strconv',
  'strings',
  'sync',
  'time',
  'unicode',
]
  .map(p => `\t_ "${p}"\n`)
  .join('')})
`,
  'seed_test.go': `package seed

import (
\t_ "net/http/httptest"
\t"testing"
)

func TestSeed(t *testing.T) {}
`,
};

const RETRY_AFTER_FAILURE_MS = 10 * 60_000;

/**
 * The read-only Go build cache every sandboxed Go run starts from (copied
 * into the run's own /tmp: no run writes anything another run uses). The
 * backend fills it once per Go installation by testing a fixed project of
 * standard-library imports in the sandbox (the same environment as the
 * runs, so its entries match theirs), then owns it: the sandbox user never
 * writes it again. Without it a Go run compiles the standard library again.
 */
export class GoBuildSeed {
  private ready?: Promise<string | undefined>;
  private failedAt = 0;

  constructor(
    private readonly runSeed: (options: {
      workDir: string;
      cacheDir: string;
    }) => Promise<ProcessResult>,
    private readonly onError: (error: Error) => void = () => {},
  ) {}

  /** The seed's host directory; undefined when it cannot be built (runs start cold). */
  ensure(): Promise<string | undefined> {
    if (this.failedAt && Date.now() - this.failedAt > RETRY_AFTER_FAILURE_MS) {
      this.ready = undefined;
      this.failedAt = 0;
    }
    this.ready ??= this.build().catch(error => {
      this.failedAt = Date.now();
      this.onError(error as Error);
      return undefined;
    });
    return this.ready;
  }

  private async build(): Promise<string | undefined> {
    const go = await findBinary('go');
    if (!go) return undefined;
    const stat = await fs.stat(go.real);
    const key = crypto
      .createHash('sha256')
      .update(
        JSON.stringify([
          go.real,
          stat.size,
          stat.mtimeMs,
          GO_TEST_ENV,
          SEED_PROJECT,
        ]),
      )
      .digest('hex')
      .slice(0, 16);
    const root = await ownedDir('go-build-seed');
    const final = path.join(root, key);
    if (await fs.stat(final).catch(() => undefined)) return final;

    const staging = await fs.mkdtemp(path.join(root, `${key}.staging-`));
    const project = await fs.mkdtemp(path.join(root, `${key}.project-`));
    try {
      for (const [file, content] of Object.entries(SEED_PROJECT)) {
        await fs.writeFile(path.join(project, file), content);
      }
      const asRoot = process.getuid?.() === 0;
      if (asRoot) await fs.chown(staging, SANDBOX_UID, SANDBOX_UID);
      const result = await this.runSeed({
        workDir: project,
        cacheDir: staging,
      });
      if (result.exitCode !== 0) {
        throw new Error(
          `seeding the sandbox's Go build cache failed (exit ${
            result.exitCode
          }${result.timedOut ? ', timed out' : ''}): ${result.stderr
            .trim()
            .slice(-500)}`,
        );
      }
      // From here on only the backend's user may change it.
      if (asRoot) {
        const entries = await fs.readdir(staging, { recursive: true });
        for (const entry of ['', ...entries]) {
          await fs.lchown(path.join(staging, entry), 0, 0);
        }
      }
      await fs.chmod(staging, 0o755);
      await fs.rename(staging, final).catch(async error => {
        // Another backend process finished first: use its seed.
        if (!(await fs.stat(final).catch(() => undefined))) throw error;
      });
      return final;
    } finally {
      await fs.rm(staging, { recursive: true, force: true });
      await fs.rm(project, { recursive: true, force: true });
    }
  }
}
