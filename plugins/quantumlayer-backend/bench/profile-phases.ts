/* eslint-disable no-console */
// yarn bench:profile <file.cpuprofile> [--top 15] [--from 12] [--last 12]
// Sums a V8 CPU profile (node --cpu-prof, e.g. the gateway child of
// `QL_BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=DIR" yarn bench:router`) by
// request phase: each sample goes to the phase of the frame nearest its leaf
// that belongs to one (the plugin's own folders first, then the libraries
// that serve a phase), else to "other JS" or V8's own (GC, idle, program).
// Prints milliseconds and shares of busy time, and the top functions by self
// time, so a change on the gateway's hot path can be compared before/after.
// --from skips the first seconds of the profile (the backend's start-up);
// --last keeps only its last seconds (bench:router's load on QuantumLayer
// comes last, so `--last 12` is that load alone, without the warm-up's
// streamed calls and the sequential samples).
import fs from 'fs';
import { num } from './cli-flags';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Phases by the source a frame comes from, most specific first. */
const PHASES: Array<[phase: string, pattern: RegExp]> = [
  ['auth', /gateway-callers|@backstage\/backend-defaults\/.*auth|\/jose\//],
  [
    'audit',
    /gateway-audit|auditor|winston|logform|triple-beam|safe-stable-stringify/,
  ],
  [
    'tracing',
    /@opentelemetry\/(sdk-trace|exporter-trace|otlp|instrumentation|context|core|api\/)|\/tracing\//,
  ],
  ['metrics', /@opentelemetry\/(sdk-metrics|exporter-prometheus)|\/metrics\//],
  ['budget', /\/budgets\//],
  ['rate limits', /\/rate-limits\//],
  ['ledger', /usage-ledger|\/knex\/|\/pg\/|pg-protocol/],
  ['breaker', /\/breaker\//],
  ['cache', /\/llm\/cache\//],
  ['provider call', /\/llm\/(providers|http)\//],
  ['routing', /\/src\/llm\//],
  ['gateway wire', /\/service\/(gateway|operations)\//],
  ['validation (zod)', /\/zod\//],
  ['redis client', /ioredis|redis-parser|denque/],
  [
    'http (node)',
    /^node:(_http|http|net|stream|internal\/streams|internal\/http)|^node:internal\/(timers|async_hooks)/,
  ],
];

function main() {
  const file = process.argv[2];
  if (!file || !fs.existsSync(file)) {
    throw new Error('usage: yarn bench:profile <file.cpuprofile> [--top N]');
  }
  const top = num('top', 15, 0, 200);
  const profile: Profile = JSON.parse(fs.readFileSync(file, 'utf8'));
  const spanUs = profile.timeDeltas.reduce((a, b) => a + b, 0);
  const lastUs = num('last', 0, 0, 86_400) * 1e6;
  const fromUs = lastUs ? spanUs - lastUs : num('from', 0, 0, 86_400) * 1e6;
  const byId = new Map(profile.nodes.map(n => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) {
    for (const c of n.children ?? []) parent.set(c, n.id);
  }
  const phaseOfNode = new Map<number, string>();
  const phaseOf = (id: number): string => {
    const known = phaseOfNode.get(id);
    if (known) return known;
    const chain: number[] = [];
    let found: string | undefined;
    for (
      let at: number | undefined = id;
      at !== undefined;
      at = parent.get(at)
    ) {
      const cached = phaseOfNode.get(at);
      if (cached) {
        found = cached;
        break;
      }
      chain.push(at);
      const { url, functionName } = byId.get(at)!.callFrame;
      const hit = PHASES.find(([, re]) => re.test(url));
      if (hit) {
        found = hit[0];
        break;
      }
      if (
        ['(garbage collector)', '(idle)', '(program)'].includes(functionName)
      ) {
        found = functionName;
        break;
      }
    }
    const phase = found ?? 'other JS';
    for (const c of chain) phaseOfNode.set(c, phase);
    return phase;
  };
  const phaseMs = new Map<string, number>();
  const selfMs = new Map<string, number>();
  let elapsedUs = 0;
  profile.samples.forEach((id, i) => {
    elapsedUs += profile.timeDeltas[i] ?? 0;
    if (elapsedUs < fromUs) return;
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    const phase = phaseOf(id);
    phaseMs.set(phase, (phaseMs.get(phase) ?? 0) + ms);
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const key = `${functionName || '(anonymous)'} ${url
      .replace(/^.*node_modules\//, '')
      .replace(/^.*\/src\//, 'src/')}:${lineNumber + 1}`;
    selfMs.set(key, (selfMs.get(key) ?? 0) + ms);
  });
  const total = [...phaseMs.values()].reduce((a, b) => a + b, 0);
  const idle = phaseMs.get('(idle)') ?? 0;
  const busy = total - idle;
  console.log(
    `${file}: ${(total / 1000).toFixed(1)} s sampled, ${(busy / 1000).toFixed(
      1,
    )} s busy`,
  );
  console.log(
    `${'phase'.padEnd(22)}${'ms'.padStart(9)}${'% busy'.padStart(9)}`,
  );
  for (const [phase, ms] of [...phaseMs].sort((a, b) => b[1] - a[1])) {
    if (phase === '(idle)') continue;
    console.log(
      `${phase.padEnd(22)}${ms.toFixed(0).padStart(9)}${((100 * ms) / busy)
        .toFixed(1)
        .padStart(9)}`,
    );
  }
  if (top > 0) {
    console.log(`\ntop ${top} functions by self time`);
    for (const [key, ms] of [...selfMs]
      .filter(([k]) => !k.startsWith('(idle)'))
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)) {
      console.log(`${ms.toFixed(0).padStart(7)} ms  ${key}`);
    }
  }
}

main();
