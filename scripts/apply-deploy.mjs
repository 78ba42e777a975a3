#!/usr/bin/env node
// Applies rendered deploy/ overlays to a real API server (scripts/apply-deploy.sh
// starts one and calls this): node scripts/apply-deploy.mjs <overlay>.yaml...
// Env: KUBECTL (binary), KUBECONFIG. Steps:
//  1. the kinds the overlays use that the server does not serve get their CRDs
//     (scripts/deploy-crds.mjs), applied server-side and waited for Established;
//  2. per overlay, Namespaces first, then everything else: `kubectl apply
//     --server-side --validate=strict`, first with --dry-run=server, then for real;
//     any error and any warning (kubectl's stderr) fails;
//  3. every field the overlay sets must be in the stored object (a field of a
//     disabled feature gate is dropped silently, with no warning);
//  4. a self-check: a misspelt core field, a misspelt CRD field and a warning
//     each fail the dry run;
//  5. RBAC is enforced: the `reader` user (no bindings) may not list ConfigMaps.
// Namespaces the objects use but no object creates (istio-system, ...) are made
// first as stand-ins for the prerequisites'. Before the next overlay, the previous
// one's objects (not Namespaces) are deleted, so each starts from an empty server.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { findCrds } from './deploy-crds.mjs';

const require = createRequire(import.meta.url);
const YAML = require('yaml');
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const kubectlBin = process.env.KUBECTL ?? 'kubectl';
const FIELD_MANAGER = 'quantumlayer-deploy';
const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'apply-deploy-kubectl-'));

class CheckError extends Error {}

/**
 * Runs kubectl; an exit code but 0 fails, and so does any stderr output (warnings)
 * unless `warnings` collects it.
 */
function kubectl(args, { input, warnings } = {}) {
  const r = spawnSync(kubectlBin, ['--cache-dir', cacheDir, '--request-timeout=60s', ...args], {
    input, encoding: 'utf8', maxBuffer: 64 << 20,
  });
  const stderr = (r.stderr ?? '').trim();
  if (r.status !== 0 || (stderr && !warnings)) {
    throw new CheckError(`kubectl ${args.join(' ')} ${r.status === 0 ? 'warned' : `failed (exit ${r.status ?? r.signal})`}:\n` +
      `${stderr || r.error?.message || ''}`);
  }
  if (stderr) warnings.push(...stderr.split('\n'));
  return r.stdout;
}

// kubectl reads JSON: YAML written by a YAML 1.2 library may hold a string such as
// `yes` unquoted, which kubectl's YAML 1.1 parser would turn into a boolean.
const asInput = objects => JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects });
const gvkOf = o => {
  const [group, version] = o.apiVersion.includes('/') ? o.apiVersion.split('/') : ['', o.apiVersion];
  return { group, version, kind: o.kind };
};
const seconds = t0 => ((Date.now() - t0) / 1000).toFixed(1);

/** Kinds of `objects` that the server's discovery does not list. */
function unservedKinds(objects) {
  const served = new Map();
  const result = new Map();
  for (const o of objects) {
    const gvk = gvkOf(o);
    if (!served.has(o.apiVersion)) {
      const url = gvk.group ? `/apis/${o.apiVersion}` : `/api/${gvk.version}`;
      const r = spawnSync(kubectlBin, ['--cache-dir', cacheDir, 'get', '--raw', url], { encoding: 'utf8' });
      served.set(o.apiVersion, r.status === 0 ? new Set(JSON.parse(r.stdout).resources.map(x => x.kind)) : new Set());
    }
    if (!served.get(o.apiVersion).has(o.kind)) result.set(`${o.apiVersion} ${o.kind}`, gvk);
  }
  return [...result.values()];
}

/** Paths of non-empty values in `want` that `got` lacks. */
function droppedFields(want, got, at = '', out = []) {
  if (want === null || want === undefined) return out;
  if (typeof want !== 'object') {
    if (got === undefined || got === null) out.push(at);
    return out;
  }
  if (got === undefined || got === null) {
    if (Object.keys(want).length) out.push(at);
    return out;
  }
  for (const [key, value] of Object.entries(want)) {
    droppedFields(value, got[key], Array.isArray(want) ? `${at}[${key}]` : `${at}.${key}`, out);
  }
  return out;
}

function installCrds(objects) {
  const t0 = Date.now();
  const kinds = unservedKinds(objects);
  const { crds, missing } = findCrds(kinds, path.join(root, 'deploy/schemas'));
  if (missing.length) {
    throw new CheckError(`no CRD for ${missing.length} kind(s) deploy/ uses:\n  ${missing.join('\n  ')}`);
  }
  if (!crds.length) {
    console.log('CRDs: every kind is served already');
    return;
  }
  // Warnings here are about the projects' own CRDs (Istio's VirtualService schema
  // uses `format: binary`, which the server does not know): shown, not failed on.
  const warnings = [];
  kubectl(['apply', '--server-side', `--field-manager=${FIELD_MANAGER}`, '-f', '-'],
    { input: asInput(crds.map(c => c.crd)), warnings });
  kubectl(['wait', '--for=condition=Established', '--timeout=60s',
    ...crds.map(c => `customresourcedefinition/${c.crd.metadata.name}`)]);
  // A fresh discovery cache, so the next calls see the new kinds.
  fs.rmSync(cacheDir, { recursive: true, force: true });
  const sources = [...new Set(crds.map(c => c.source.split(' ')[0]))];
  console.log(`CRDs: ${crds.length} established in ${seconds(t0)} s ` +
    `(${crds.map(c => c.crd.spec.names.kind).join(', ')}) from ${sources.join(', ')}`);
  for (const w of new Set(warnings)) console.log(`  upstream CRD ${w.replace(/^Warning: /, 'warning: ')}`);
}

/**
 * Namespaces the objects use that no object creates: the prerequisites' own
 * (istio-system, cnpg-system, ...), created here as empty stand-ins.
 */
function createPrerequisiteNamespaces(objects) {
  const own = new Set(objects.filter(o => o.kind === 'Namespace').map(o => o.metadata.name));
  const used = new Set(objects.map(o => o.metadata.namespace).filter(n => n && !own.has(n)));
  if (!used.size) return;
  kubectl(['apply', '--server-side', `--field-manager=${FIELD_MANAGER}`, '-f', '-'], {
    input: asInput([...used].map(name => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }))),
  });
  console.log(`prerequisite namespaces (stand-ins for what the cluster's operators install): ${[...used].join(', ')}`);
}

function applyOverlay(name, objects) {
  const t0 = Date.now();
  createPrerequisiteNamespaces(objects);
  const namespaces = objects.filter(o => o.kind === 'Namespace');
  const rest = objects.filter(o => o.kind !== 'Namespace');
  const apply = ['apply', '--server-side', '--validate=strict', `--field-manager=${FIELD_MANAGER}`, '-f', '-'];
  let dryRun = 0;
  for (const batch of [namespaces, rest]) {
    if (!batch.length) continue;
    dryRun += kubectl([...apply, '--dry-run=server'], { input: asInput(batch) }).trim().split('\n').length;
    kubectl(apply, { input: asInput(batch) });
  }
  const live = JSON.parse(kubectl(['get', '-o', 'json', '-f', '-'], { input: asInput(objects) })).items;
  const key = o => `${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`;
  const liveByKey = new Map(live.map(o => [key(o), o]));
  const dropped = objects.flatMap(o => droppedFields(o, liveByKey.get(key(o))).map(p => `${key(o)}: ${p || '(object)'}`));
  if (dropped.length) {
    throw new CheckError(`${name}: the server dropped ${dropped.length} field(s) the overlay sets ` +
      `(feature gate off, or a field this version ignores):\n  ${dropped.join('\n  ')}`);
  }
  console.log(`${name}: ${objects.length} objects (${namespaces.length} Namespaces first), ` +
    `dry-run ${dryRun} ok, applied ${live.length}, no warnings, no dropped fields, ${seconds(t0)} s`);
  return rest;
}

// The check must be able to fail: each of these breaks one object of the last
// overlay, and the dry run must refuse it (the last only warns).
const BREAKAGES = [
  ['a misspelt core field (HorizontalPodAutoscaler spec.minReplica)',
    o => o.kind === 'HorizontalPodAutoscaler' && 'minReplicas' in o.spec,
    o => { o.spec.minReplica = o.spec.minReplicas; delete o.spec.minReplicas; }],
  ['a misspelt CRD field (DestinationRule outlierDetection.consecutive5xxError)',
    o => o.kind === 'DestinationRule' && o.spec.trafficPolicy?.outlierDetection?.consecutive5xxErrors,
    o => { const d = o.spec.trafficPolicy.outlierDetection; d.consecutive5xxError = d.consecutive5xxErrors; delete d.consecutive5xxErrors; }],
  ['a deprecated node label, which only warns (Deployment nodeSelector beta.kubernetes.io/arch)',
    o => o.kind === 'Deployment',
    o => { o.spec.template.spec.nodeSelector = { 'beta.kubernetes.io/arch': 'amd64' }; }],
];

function selfCheck(objects) {
  for (const [what, matches, breakIt] of BREAKAGES) {
    const original = objects.find(matches);
    if (!original) throw new CheckError(`self-check: the overlay has no object to break with ${what}`);
    const broken = structuredClone(original);
    breakIt(broken);
    try {
      kubectl(['apply', '--server-side', '--validate=strict', `--field-manager=${FIELD_MANAGER}`,
        '--dry-run=server', '-f', '-'], { input: asInput([broken]) });
    } catch (error) {
      if (error instanceof CheckError) continue;
      throw error;
    }
    throw new CheckError(`self-check: the server and kubectl accepted ${what} without error or warning`);
  }
  console.log(`strictness self-check: ${BREAKAGES.length} broken objects refused (misspelt core and CRD fields, a warning)`);
}

/** Deletes the objects and polls until they are gone (`kubectl delete --wait` takes ~18 s for 100). */
function deleteAll(objects) {
  kubectl(['delete', '--wait=false', '-f', '-'], { input: asInput(objects) });
  const deadline = Date.now() + 60_000;
  let left;
  while ((left = kubectl(['get', '--ignore-not-found', '-o', 'name', '-f', '-'], { input: asInput(objects) }).trim())) {
    if (Date.now() > deadline) throw new CheckError(`still there 60 s after kubectl delete:\n${left}`);
    spawnSync('sleep', ['0.2']);
  }
}

function main(files) {
  if (!files.length) throw new CheckError('usage: node scripts/apply-deploy.mjs <rendered-overlay>.yaml...');
  const t0 = Date.now();
  const overlays = files.map(file => ({
    name: path.basename(file, '.yaml'),
    objects: YAML.parseAllDocuments(fs.readFileSync(file, 'utf8')).map(d => d.toJS()).filter(Boolean),
  }));
  const version = JSON.parse(kubectl(['version', '-o', 'json'])).serverVersion.gitVersion;
  console.log(`server: kube-apiserver ${version}`);
  installCrds(overlays.flatMap(o => o.objects));
  let previous = [];
  for (const { name, objects } of overlays) {
    if (previous.length) deleteAll(previous);
    previous = applyOverlay(name, objects);
  }
  selfCheck(overlays.at(-1).objects);
  const denied = spawnSync(kubectlBin, ['--cache-dir', cacheDir, '--context', 'quantumlayer-dev-reader',
    'auth', 'can-i', 'list', 'configmaps', '-n', 'quantumlayer'], { encoding: 'utf8' });
  if (denied.stdout.trim() !== 'no') {
    throw new CheckError(`RBAC: user "reader" (no bindings) may list ConfigMaps: ${denied.stdout}${denied.stderr}`);
  }
  console.log(`RBAC: user "reader" (no bindings) is denied; ${overlays.length} overlays in ${seconds(t0)} s`);
}

try {
  main(process.argv.slice(2));
} catch (error) {
  console.error(`apply-deploy: ${error instanceof CheckError ? error.message : error.stack}`);
  process.exitCode = 1;
} finally {
  fs.rmSync(cacheDir, { recursive: true, force: true });
}
