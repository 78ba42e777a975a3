import fs from 'fs';
import http from 'http';
import path from 'path';
import type { AddressInfo } from 'net';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import quantumlayerRouterFeatures from '../index';
import textAnswer from '../llm/providers/openai/__fixtures__/openai-text.json';
import {
  freePort,
  LoopbackServer,
  startLoopbackServer,
  catalogWithMockUser,
} from '@internal/quantumlayer-test-utils';

const fixtures = path.join(__dirname, '../llm/providers/openai/__fixtures__');

/** The recorded OpenAI text stream the `local` upstream can be told to send. @public */
export const textStream = fs.readFileSync(
  path.join(fixtures, 'openai-text.chunks.txt'),
  'utf8',
);
/** The text of the upstream's default (JSON) answer. @public */
export const answerText = textAnswer.choices[0].message.content;
/** The text `textStream` spells out, all deltas joined. @public */
export const streamedText = [
  ...textStream.matchAll(/"content":"((?:[^"\\]|\\.)*)"/g),
]
  .map(m => JSON.parse(`"${m[1]}"`))
  .join('');

/** Answers one chunk and then holds the stream open, noting when it is closed. @public */
export interface HangingUpstream {
  url: string;
  closed: boolean;
  server: http.Server;
}

/** What the gateway tests use of a started backend. @public */
export interface GatewayTestBackend {
  backend: Awaited<ReturnType<typeof startTestBackend>>;
  /** Provider `local` (chat `m1`, embeddings `e1`): the alias `smart` routes here; answers `textAnswer` until told otherwise. */
  upstream: LoopbackServer;
  /** Provider `stuck`. */
  hanging: HangingUpstream;
  /** `http://127.0.0.1:<port>/api/quantumlayer-router` */
  baseUrl: string;
  /** Port of the dedicated gateway listener (quantumlayer.gateway.listen). */
  listenerPort: number;
  /** A Backstage user token (`mockCredentials.user`), the clients' API key. */
  token: string;
  /** The official openai client on the plugin's `/v1`, as the mock user. */
  openai: () => OpenAI;
  /** The official Anthropic client on the plugin, as the mock user. */
  anthropic: () => Anthropic;
  /** Stops the backend and closes both upstreams. */
  stop: () => Promise<void>;
}

async function startHangingUpstream(): Promise<HangingUpstream> {
  const hanging: HangingUpstream = {
    url: '',
    closed: false,
    server: http.createServer(),
  };
  hanging.server.on('request', (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write(
      'data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"m1","choices":[{"index":0,"delta":{"role":"assistant","content":"Hel"},"finish_reason":null}]}\n\n',
    );
    res.on('close', () => {
      hanging.closed = true;
    });
  });
  await new Promise<void>(r =>
    hanging.server.listen(0, '127.0.0.1', () => r()),
  );
  hanging.url = `http://127.0.0.1:${
    (hanging.server.address() as AddressInfo).port
  }`;
  return hanging;
}

function closeHangingUpstream(hanging: HangingUpstream | undefined) {
  hanging?.server.closeAllConnections();
  hanging?.server.close();
}

/**
 * Starts the quantumlayer plugin in a Backstage test backend with the LLM
 * gateway on, routing to two loopback upstreams (`local`, which also serves
 * the embedding model `e1`, and `stuck`), an in-memory vector store, a
 * dedicated gateway listener, a price for `m1`, a fast ledger flush and a
 * 10-token daily budget for `user:default/capped`. The mock user is a member
 * of `group:default/team-a` in the catalog. `features` adds or replaces
 * services (e.g. a capturing auditor or mocked permissions); `extra` adds
 * `quantumlayer.router` keys and top-level config (e.g. `backend.auth`).
 *
 * @public
 */
export async function startGatewayTestBackend(
  features: Parameters<typeof startTestBackend>[0]['features'] = [],
  extra: { router?: object; config?: object } = {},
): Promise<GatewayTestBackend> {
  let upstream: LoopbackServer | undefined;
  let hanging: HangingUpstream | undefined;
  try {
    upstream = await startLoopbackServer({ type: 'json', body: textAnswer });
    hanging = await startHangingUpstream();

    const listenerPort = await freePort();
    const backend = await startTestBackend({
      features: [
        quantumlayerRouterFeatures,
        catalogWithMockUser('team-a'),
        ...features,
        mockServices.rootConfig.factory({
          data: {
            ...extra.config,
            quantumlayer: {
              temporal: { role: 'client', address: '127.0.0.1:1' },
              gateway: { listen: { port: listenerPort, host: '127.0.0.1' } },
              vectorStore: { type: 'embedded', directory: ':memory:' },
              llm: {
                providers: [
                  {
                    type: 'openai-compatible',
                    id: 'local',
                    baseUrl: `${upstream.url}/v1`,
                    models: ['m1'],
                    embeddingModels: ['e1'],
                  },
                  {
                    type: 'openai-compatible',
                    id: 'stuck',
                    baseUrl: `${hanging.url}/v1`,
                    models: ['m1'],
                  },
                ],
              },
              router: {
                models: [
                  {
                    alias: 'smart',
                    targets: [{ provider: 'local', model: 'm1' }],
                  },
                ],
                prices: [{ model: 'm1', input: 2, output: 8 }],
                ledger: { flushIntervalMs: 50 },
                budgets: [
                  {
                    owner: 'user:default/capped',
                    period: 'daily',
                    tokens: 10,
                  },
                ],
                ...extra.router,
              },
            },
          },
        }),
      ],
    });
    const baseUrl = `http://127.0.0.1:${
      (backend.server.address() as AddressInfo).port
    }/api/quantumlayer-router`;
    const token = mockCredentials.user.token();
    const started = { upstream, hanging };

    return {
      backend,
      upstream,
      hanging,
      baseUrl,
      listenerPort,
      token,
      openai: () =>
        new OpenAI({ apiKey: token, baseURL: `${baseUrl}/v1`, maxRetries: 0 }),
      anthropic: () =>
        new Anthropic({ apiKey: token, baseURL: baseUrl, maxRetries: 0 }),
      stop: async () => {
        await backend.stop();
        await started.upstream.close();
        closeHangingUpstream(started.hanging);
      },
    };
  } catch (error) {
    await upstream?.close();
    closeHangingUpstream(hanging);
    throw error;
  }
}
