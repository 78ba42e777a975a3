/* eslint-disable no-console */
// What `yarn bench:router` keeps of a run: the evidence that production mode
// ran what production runs, and a copy of everything it printed.
import fs from 'fs';
import os from 'os';
import path from 'path';
import Redis from 'ioredis';
import type { OtlpReceiver } from './otlp-receiver';
import type { QuantumlayerGateway } from './quantumlayer';

/**
 * What shows that production mode ran what production runs: the spans the
 * OTLP receiver took, the budget counter in Redis, the gateway's metrics.
 */
export async function evidence(
  gateway: QuantumlayerGateway,
  otlp: OtlpReceiver | undefined,
) {
  if (gateway.mode !== 'production') {
    return 'mode lean: no tracing, metrics, audit, budgets or PostgreSQL ledger';
  }
  const traces = otlp?.received()['/v1/traces'];
  let budget = 'no Redis';
  if (gateway.redisPrefix) {
    const redis = new Redis('redis://127.0.0.1:6379', {
      lazyConnect: true,
      maxRetriesPerRequest: 1,
    });
    try {
      await redis.connect();
      const keys = await redis.keys(`${gateway.redisPrefix}budget:*:tokens`);
      const used = keys.length ? await redis.get(keys[0]) : null;
      budget = keys.length
        ? `${keys[0].slice(gateway.redisPrefix.length)} = ${used} tokens`
        : 'no budget counter found';
    } finally {
      redis.disconnect();
    }
  }
  let metrics = 'not scraped';
  if (gateway.metricsUrl) {
    const text = await fetch(gateway.metricsUrl).then(r => r.text());
    const series = text
      .split('\n')
      .filter(
        line => line.startsWith('quantumlayer_') || line.startsWith('ql_'),
      );
    metrics = `${series.length} QuantumLayer series at ${gateway.metricsUrl}`;
  }
  return `mode production: OTLP traces ${traces?.requests ?? 0} exports (${(
    (traces?.bytes ?? 0) / 1024
  ).toFixed(
    0,
  )} KiB); budget ${budget}; ${metrics}; audit at LOG_LEVEL info; ledger in PostgreSQL`;
}

/** Copies everything printed to .data/bench/router-<time>.txt and router-latest.txt. */
export function teeOutput() {
  const lines: string[] = [];
  const log = console.log.bind(console);
  console.log = (...args: unknown[]) => {
    lines.push(args.map(String).join(' '));
    log(...args);
  };
  return () => {
    const dir = path.resolve(__dirname, '../../../../.data/bench');
    fs.mkdirSync(dir, { recursive: true });
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const text = `${[
      `yarn bench:router ${process.argv.slice(2).join(' ')}`.trim(),
      `${new Date().toISOString()}, ${os.hostname()}, ${os.cpus().length} x ${
        os.cpus()[0]?.model ?? 'cpu'
      }, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB`,
      ...lines,
    ].join('\n')}\n`;
    fs.writeFileSync(path.join(dir, `router-${stamp}.txt`), text);
    fs.writeFileSync(path.join(dir, 'router-latest.txt'), text);
    log(`results: ${path.join(dir, `router-${stamp}.txt`)}`);
  };
}
