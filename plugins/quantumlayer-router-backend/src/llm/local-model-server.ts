import { ConfigReader } from '@backstage/config';
import type { LlmProvider } from '@internal/backstage-plugin-quantumlayer-router-node';
import { z } from 'zod';
import {
  DEFAULT_LOCAL_SERVERS,
  LocalDiscoverySettings,
} from './no-provider-policy';
import { createOpenAiCompatibleProviderFromConfig } from './providers/openai-compatible/index';

/** Provider id of a discovered local model server in routes, results and logs. */
export const LOCAL_MODEL_SERVER_ID = 'local';

/** `GET /v1/models` of an OpenAI-compatible server, limited to what is read. */
const modelListSchema = z.object({
  data: z.array(z.object({ id: z.string().min(1) })),
});

/** A model server that answered on loopback. */
export interface LocalModelServer {
  /** e.g. `http://127.0.0.1:11434/v1` */
  baseUrl: string;
  port: number;
  /** The server usually found on that port (`Ollama`), when it is a known one. */
  name?: string;
  /** Served models, chat models first; the first is the default. */
  models: string[];
}

/**
 * Asks each port's `GET /v1/models` on 127.0.0.1 at once, each within
 * `timeoutMs`, and returns the first port in list order whose server listed
 * at least one model. Embedding models (`…embed…`) go after chat models, so
 * the default is a chat model where the server has one.
 */
export async function discoverLocalModelServer(
  settings: Pick<LocalDiscoverySettings, 'ports' | 'timeoutMs'>,
  fetchImpl: typeof fetch = fetch,
): Promise<LocalModelServer | undefined> {
  const answers = await Promise.all(
    settings.ports.map(port => listModels(port, settings.timeoutMs, fetchImpl)),
  );
  const index = answers.findIndex(models => models.length > 0);
  if (index < 0) return undefined;
  const port = settings.ports[index];
  const embedding = (id: string) => /embed/i.test(id);
  const models = answers[index];
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    port,
    name: DEFAULT_LOCAL_SERVERS.find(s => s.port === port)?.name,
    models: [
      ...models.filter(id => !embedding(id)),
      ...models.filter(embedding),
    ],
  };
}

/** The models a port's server lists; none when nothing (valid) answers in time. */
async function listModels(
  port: number,
  timeoutMs: number,
  fetchImpl: typeof fetch,
): Promise<string[]> {
  try {
    const response = await fetchImpl(`http://127.0.0.1:${port}/v1/models`, {
      signal: AbortSignal.timeout(timeoutMs),
      headers: { accept: 'application/json' },
    });
    if (!response.ok) return [];
    const parsed = modelListSchema.safeParse(await response.json());
    return parsed.success ? parsed.data.data.map(m => m.id) : [];
  } catch {
    // Refused, timed out or not JSON: no model server on this port.
    return [];
  }
}

/** The discovered server as an `openai-compatible` provider (no key). */
export function localModelServerProvider(
  server: LocalModelServer,
): LlmProvider {
  return createOpenAiCompatibleProviderFromConfig(
    new ConfigReader({
      type: 'openai-compatible',
      id: LOCAL_MODEL_SERVER_ID,
      baseUrl: server.baseUrl,
      models: server.models,
    }),
  );
}

/** `http://127.0.0.1:11434/v1 (Ollama), model qwen2.5-coder:7b` */
export function describeLocalModelServer(server: LocalModelServer): string {
  return `${server.baseUrl}${server.name ? ` (${server.name})` : ''}, model ${
    server.models[0]
  }`;
}
