import { execFile, execFileSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { promisify } from 'util';

// A thin caller of scripts/real-kube.mjs, which quantumlayer-backend's
// __testUtils__/real-kube.ts calls too: the server lifecycle lives once, in
// the script, since packages do not import each other's test code.
const script = path.resolve(__dirname, '../../../../scripts/real-kube.mjs');

/** A private real API server holding the applied production overlay. */
export interface RealKube {
  server: string;
  /** Bearer token of user "admin" (group system:masters). */
  token: string;
  /** The serving certificate's CA, base64 PEM. */
  caData: string;
}

/** Why the real API server cannot run here (scripts/ensure-kube.sh failed), else undefined. */
export function realKubeUnavailable(): string | undefined {
  try {
    execFileSync('node', [script, 'available'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    return undefined;
  } catch (error) {
    const stderr = String((error as { stderr?: Buffer }).stderr ?? error);
    return `etcd/kube-apiserver cannot be built (scripts/ensure-kube.sh): ${stderr
      .trim()
      .slice(-400)}`;
  }
}

/** Starts the server in beforeAll and stops it in afterAll, all bounded. */
export function useRealKube(): () => RealKube {
  let dir: string | undefined;
  let kube: RealKube | undefined;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'real-kube-'));
    const { stdout } = await promisify(execFile)(
      'node',
      [script, 'start', dir],
      { encoding: 'utf8', maxBuffer: 16 << 20, timeout: 150_000 },
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
