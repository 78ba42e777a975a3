#!/usr/bin/env node
// A private, real Kubernetes API server holding the production overlay, for a
// test file (plugins' __testUtils__/real-kube.ts call this through child_process,
// so both packages share it without importing each other's test code).
//   node scripts/real-kube.mjs available      exit 0 when the binaries exist or can
//                                             be built (scripts/ensure-kube.sh);
//                                             else exit 3 with the reason
//   node scripts/real-kube.mjs start <dir>    etcd + kube-apiserver in <dir>
//                                             (scripts/kube-dev.sh, KUBE_DEV_DIR=<dir>),
//                                             the production overlay rendered with
//                                             kustomize and applied with its CRDs
//                                             (scripts/apply-deploy.mjs); prints JSON
//                                             { server, token, caData, kubeconfig, kubectl }
//   node scripts/real-kube.mjs stop <dir>     stops both, removes their data
// Every step is bounded: kube-dev.sh waits at most KUBE_DEV_READY_TIMEOUT (90 s)
// for /readyz, kubectl calls have --request-timeout and CRDs --timeout.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

function run(cmd, args, { env, what, timeout = 600_000 } = {}) {
  const r = spawnSync(cmd, args, {
    cwd: root,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    maxBuffer: 64 << 20,
    timeout,
  });
  if (r.status !== 0) {
    const e = new Error(`${what ?? `${cmd} ${args.join(' ')}`} failed (${r.error?.message ?? `exit ${r.status ?? r.signal}`}):\n${r.stderr ?? ''}${r.stdout ?? ''}`);
    e.stderr = r.stderr;
    throw e;
  }
  return r.stdout;
}

const lines = text => text.trim().split('\n');

function available() {
  try {
    run('bash', ['scripts/ensure-kube.sh'], { what: 'scripts/ensure-kube.sh' });
    run('bash', ['scripts/ensure-deploy-tools.sh'], { what: 'scripts/ensure-deploy-tools.sh' });
  } catch (error) {
    console.error(error.message);
    process.exit(3);
  }
}

function start(dir) {
  const [, , kubectl] = lines(run('bash', ['scripts/ensure-kube.sh']));
  const [kustomize] = lines(run('bash', ['scripts/ensure-deploy-tools.sh']));
  const env = { KUBE_DEV_DIR: dir };
  run('bash', ['scripts/kube-dev.sh', 'start'], { env, what: 'scripts/kube-dev.sh start' });
  try {
    const rendered = path.join(dir, 'production.yaml');
    fs.writeFileSync(rendered, run(kustomize, ['build', 'deploy/overlays/production'], { what: 'kustomize build' }));
    const kubeconfig = path.join(dir, 'kubeconfig');
    run('node', ['scripts/apply-deploy.mjs', rendered], {
      env: { KUBECTL: kubectl, KUBECONFIG: kubeconfig },
      what: 'scripts/apply-deploy.mjs',
    });
    console.log(JSON.stringify({
      server: fs.readFileSync(path.join(dir, 'endpoint'), 'utf8').trim(),
      token: fs.readFileSync(path.join(dir, 'run/admin-token'), 'utf8').trim(),
      caData: fs.readFileSync(path.join(dir, 'run/pki/ca.crt')).toString('base64'),
      kubeconfig,
      kubectl,
    }));
  } catch (error) {
    run('bash', ['scripts/kube-dev.sh', 'stop'], { env });
    throw error;
  }
}

const [command, dir] = process.argv.slice(2);
try {
  if (command === 'available') available();
  else if (command === 'start' && dir) start(path.resolve(dir));
  else if (command === 'stop' && dir) run('bash', ['scripts/kube-dev.sh', 'stop'], { env: { KUBE_DEV_DIR: path.resolve(dir) } });
  else throw new Error('usage: node scripts/real-kube.mjs available | start <dir> | stop <dir>');
} catch (error) {
  console.error(`real-kube: ${error.message}`);
  process.exitCode = 1;
}
