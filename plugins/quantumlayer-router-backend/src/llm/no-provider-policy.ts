import type { Config } from '@backstage/config';

/** The loopback ports probed by default, with the server usually found there. */
export const DEFAULT_LOCAL_SERVERS: ReadonlyArray<{
  port: number;
  name: string;
}> = [
  { port: 11434, name: 'Ollama' },
  { port: 1234, name: 'LM Studio' },
  { port: 8080, name: 'llama.cpp server' },
  { port: 8000, name: 'vLLM' },
];

/** Default wait for each port's `GET /v1/models`. */
export const DEFAULT_DISCOVERY_TIMEOUT_MS = 300;

/** How the local model server discovery runs, from `quantumlayer.llm.localDiscovery`. */
export interface LocalDiscoverySettings {
  enabled: boolean;
  ports: number[];
  timeoutMs: number;
}

/** What may answer when no LLM provider is configured. */
export interface NoProviderPolicy {
  /** `NODE_ENV=production`, as Backstage itself reads it. */
  production: boolean;
  /** `quantumlayer.llm.templateFallback` as set; undefined when unset. */
  templateFallback?: boolean;
  discovery: LocalDiscoverySettings;
}

/**
 * Reads the policy. Production is `NODE_ENV=production` (the backend image
 * sets it; Backstage's own services read the same variable). Discovery is on
 * by default only in development: off in production (a production backend
 * never picks a model by itself) and under `NODE_ENV=test` (a test machine may
 * run anything on 8080 or 8000), unless `localDiscovery.enabled` says so.
 */
export function readNoProviderPolicy(
  config: Config,
  env: NodeJS.ProcessEnv = process.env,
): NoProviderPolicy {
  const production = env.NODE_ENV === 'production';
  const discovery = config.getOptionalConfig('quantumlayer.llm.localDiscovery');
  const ports: unknown[] =
    discovery?.getOptional<unknown[]>('ports') ??
    DEFAULT_LOCAL_SERVERS.map(s => s.port);
  if (!Array.isArray(ports)) {
    throw new Error(
      'quantumlayer.llm.localDiscovery.ports must be a list of TCP ports, e.g. [11434, 1234]',
    );
  }
  for (const port of ports) {
    if (
      typeof port !== 'number' ||
      !Number.isInteger(port) ||
      port < 1 ||
      port > 65535
    ) {
      throw new Error(
        `quantumlayer.llm.localDiscovery.ports: ${port} is not a TCP port; use numbers from 1 to 65535`,
      );
    }
  }
  return {
    production,
    templateFallback: config.getOptionalBoolean(
      'quantumlayer.llm.templateFallback',
    ),
    discovery: {
      enabled:
        discovery?.getOptionalBoolean('enabled') ??
        (!production && env.NODE_ENV !== 'test'),
      ports: ports as number[],
      timeoutMs:
        discovery?.getOptionalNumber('timeoutMs') ??
        DEFAULT_DISCOVERY_TIMEOUT_MS,
    },
  };
}

/** Why the backend refuses to start with no provider, and what to set. */
export function noProviderMessage(policy: NoProviderPolicy): string {
  const why = policy.production
    ? 'NODE_ENV is production'
    : 'quantumlayer.llm.templateFallback is false';
  const searched = policy.discovery.enabled
    ? ` and no local model server answered on 127.0.0.1 ports ${policy.discovery.ports.join(
        ', ',
      )}`
    : '';
  return (
    `No LLM provider is configured (quantumlayer.llm.providers is empty)${searched}, and ${why}: ` +
    'QuantumLayer will not generate code or serve the LLM gateway with the offline template provider, ' +
    'which does not implement prompts. Configure a provider under quantumlayer.llm.providers, ' +
    'or set quantumlayer.llm.templateFallback: true to serve offline template answers on purpose.'
  );
}
