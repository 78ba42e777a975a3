import { execFile, execFileSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { promisify } from 'util';

const script = path.resolve(__dirname, '../../../../scripts/real-kube.mjs');

/** A private real API server holding the applied production overlay. */
export interface RealKube {
  /** https://127.0.0.1:<port> */
  server: string;
  /** Bearer token of user "admin" (group system:masters). */
  token: string;
  /** The serving certificate's CA, base64 PEM (kubeconfig's caData). */
  caData: string;
}

/**
 * Why real-kube tests cannot run here, or undefined when they can: the
 * binaries are built (or buildable) by scripts/ensure-kube.sh. Synchronous,
 * so a test file can choose `describe` or `describe.skip` when it loads.
 */
export function realKubeUnavailable(): string | undefined {
  try {
    execFileSync('node', [script, 'available'], {
      encoding: 'utf8',
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    return undefined;
  } catch (error) {
    const stderr = String((error as { stderr?: string }).stderr ?? error);
    return `etcd/kube-apiserver cannot be built (scripts/ensure-kube.sh): ${stderr
      .trim()
      .slice(-400)}`;
  }
}

/**
 * Starts etcd + kube-apiserver for the enclosing test file in beforeAll
 * (scripts/real-kube.mjs: kube-dev.sh with its own KUBE_DEV_DIR, CRDs, the
 * production overlay applied server-side) and stops them in afterAll. The
 * getter throws outside the file's tests.
 */
export function useRealKube(): () => RealKube {
  let dir: string | undefined;
  let kube: RealKube | undefined;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'real-kube-'));
    const { stdout } = await promisify(execFile)(
      'node',
      [script, 'start', dir],
      {
        encoding: 'utf8',
        maxBuffer: 16 << 20,
        timeout: 150_000,
      },
    );
    kube = JSON.parse(stdout.trim().split('\n').at(-1)!);
  }, 180_000);
  afterAll(async () => {
    if (!dir) return;
    await promisify(execFile)('node', [script, 'stop', dir], {
      timeout: 30_000,
    });
    fs.rmSync(dir, { recursive: true, force: true });
  }, 40_000);
  return () => {
    if (!kube) throw new Error('the real API server runs only inside a test');
    return kube;
  };
}
