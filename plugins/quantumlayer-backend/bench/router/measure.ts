// Measurement primitives for `yarn bench:router`: one HTTP path (node http
// with a keep-alive Agent per target, configured identically), sequential
// latency and time-to-first-token sampling, a bounded load runner, and
// process CPU time from /proc/<pid>/stat.
import http from 'http';
import fs from 'fs';
import { execFileSync } from 'child_process';
import { performance } from 'perf_hooks';

/** Something that answers `POST ${baseUrl}/v1/chat/completions`. */
export interface Target {
  name: string;
  baseUrl: string;
  headers: Record<string, string>;
  model: string;
  /** Process whose CPU time counts for requests/s per core. */
  pid: number;
  agent: http.Agent;
}

export interface Reply {
  status: number;
  text: string;
  /** Request start to last body byte. */
  ms: number;
  /** Request start to the first SSE `data:` event with non-empty content. */
  ttftMs?: number;
}

const REQUEST_TIMEOUT_MS = 10_000;

export const newAgent = (maxSockets: number) =>
  new http.Agent({ keepAlive: true, maxSockets });

export function chatBody(model: string, stream: boolean, nonce?: number) {
  return JSON.stringify({
    model,
    messages: [
      { role: 'system', content: 'You are a senior TypeScript engineer.' },
      {
        role: 'user',
        content: 'Write a minimal Express handler that validates a POST body.',
      },
    ],
    temperature: 0,
    max_tokens: 256,
    stream,
    // A distinct `user` per request keeps exact-match caches out of the
    // uncached measurements; the cache-hit phase omits it.
    ...(nonce === undefined ? {} : { user: `bench-${nonce}` }),
  });
}

/** True when an SSE event carries a non-empty `delta.content`. */
function hasContent(event: string) {
  for (const line of event.split('\n')) {
    if (!line.startsWith('data:')) continue;
    const data = line.slice(5).trim();
    if (data === '[DONE]') continue;
    try {
      const content = JSON.parse(data).choices?.[0]?.delta?.content;
      if (typeof content === 'string' && content.length > 0) return true;
    } catch {
      // A non-JSON data line is not a content chunk.
    }
  }
  return false;
}

/** One POST to the target's chat completions endpoint. */
export function post(target: Target, body: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    let text = '';
    let ttftMs: number | undefined;
    let scanned = 0;
    const req = http.request(
      `${target.baseUrl}/v1/chat/completions`,
      {
        method: 'POST',
        agent: target.agent,
        headers: {
          ...target.headers,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        },
      },
      res => {
        res.setEncoding('utf8');
        const sse = /text\/event-stream/.test(
          res.headers['content-type'] ?? '',
        );
        res.on('data', (part: string) => {
          text += part;
          if (!sse || ttftMs !== undefined) return;
          // Scan only complete events not yet looked at.
          const normalised = text.replace(/\r\n/g, '\n');
          let end = normalised.indexOf('\n\n', scanned);
          while (end >= 0 && ttftMs === undefined) {
            if (hasContent(normalised.slice(scanned, end))) {
              ttftMs = performance.now() - t0;
            }
            scanned = end + 2;
            end = normalised.indexOf('\n\n', scanned);
          }
        });
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            text,
            ms: performance.now() - t0,
            ttftMs,
          }),
        );
        res.on('error', reject);
      },
    );
    req.setTimeout(REQUEST_TIMEOUT_MS, () =>
      req.destroy(new Error(`${target.name}: no answer in 10 s`)),
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Joins the `delta.content` of an SSE body and says whether it ended in [DONE]. */
export function sseContent(text: string) {
  let content = '';
  let done = false;
  for (const line of text.replace(/\r\n/g, '\n').split('\n')) {
    if (!line.startsWith('data:')) continue;
    const data = line.slice(5).trim();
    if (data === '[DONE]') {
      done = true;
      continue;
    }
    content += JSON.parse(data).choices?.[0]?.delta?.content ?? '';
  }
  return { content, done };
}

export const percentile = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[
    Math.max(
      0,
      Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1),
    )
  ];
};

let clockTicks: number | undefined;
/** User + system CPU seconds of a process (all threads) so far. */
export function cpuSeconds(pid: number): number {
  if (clockTicks === undefined) {
    try {
      clockTicks =
        Number(execFileSync('getconf', ['CLK_TCK']).toString()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after "(comm)": state is field 3, utime 14, stime 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / clockTicks;
}

export interface LoadResult {
  requests: number;
  errors: number;
  wallSeconds: number;
  cpuSeconds: number;
  rps: number;
  rpsPerCore: number;
}

/** Two loads of one target as one: requests, errors, time and CPU added. */
export function sumLoads(a: LoadResult, b: LoadResult): LoadResult {
  const requests = a.requests + b.requests;
  const wallSeconds = a.wallSeconds + b.wallSeconds;
  const cpu = a.cpuSeconds + b.cpuSeconds;
  return {
    requests,
    errors: a.errors + b.errors,
    wallSeconds,
    cpuSeconds: cpu,
    rps: requests / wallSeconds,
    rpsPerCore: cpu > 0 ? requests / cpu : Infinity,
  };
}

/** Exactly `requests` POSTs over `concurrency` connections. */
export async function runLoad(
  target: Target,
  requests: number,
  concurrency: number,
): Promise<LoadResult> {
  let next = 0;
  let errors = 0;
  const cpu0 = cpuSeconds(target.pid);
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < requests) {
        const i = next++;
        try {
          const reply = await post(target, chatBody(target.model, false, i));
          if (reply.status !== 200) errors++;
        } catch {
          errors++;
        }
      }
    }),
  );
  const wallSeconds = (performance.now() - t0) / 1000;
  const cpu = cpuSeconds(target.pid) - cpu0;
  return {
    requests,
    errors,
    wallSeconds,
    cpuSeconds: cpu,
    rps: requests / wallSeconds,
    rpsPerCore: cpu > 0 ? requests / cpu : Infinity,
  };
}
