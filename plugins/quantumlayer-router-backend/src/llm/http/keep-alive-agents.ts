import http from 'http';
import https from 'https';
import { markSelfTraced } from '@internal/backstage-plugin-quantumlayer-node';

// Provider calls are traced by the router (llm.complete, with provider,
// model, attempts and cost), so the HTTP instrumentation skips these agents.
const agents: Record<string, http.Agent> = {
  'http:': markSelfTraced(
    new http.Agent({
      keepAlive: true,
      maxSockets: 256,
      scheduling: 'lifo',
    }),
  ),
  'https:': markSelfTraced(
    new https.Agent({
      keepAlive: true,
      maxSockets: 256,
      scheduling: 'lifo',
    }),
  ),
};

/** The process-wide keep-alive agent for `http:` or `https:`; undefined for others. */
export function agentFor(protocol: string): http.Agent | undefined {
  return agents[protocol];
}

/** Sends a request through the keep-alive agent of its protocol. */
export function requestFor(url: URL, options: http.RequestOptions) {
  const send = url.protocol === 'https:' ? https.request : http.request;
  return send(url, { ...options, agent: agentFor(url.protocol) });
}
