import http from 'http';
import type { AddressInfo } from 'net';
import type { Config } from '@backstage/config';
import { NotFoundError } from '@backstage/errors';
import { anthropicMessages } from './anthropic-handlers';
import { failureOf, GatewayContext } from './gateway-context';
import { openAiErrorBody } from './gateway-errors';
import { readJsonBody, sendJson } from './http-io';
import { openAiChat, openAiEmbeddings, openAiModels } from './openai-handlers';
import {
  inServerSpan,
  selfTracedServer,
} from '@internal/backstage-plugin-quantumlayer-node';

/** Where the dedicated gateway listener binds, from `quantumlayer.gateway.listen`. */
export interface GatewayListenSettings {
  port: number;
  host?: string;
  /** Largest request body. Default 1 MiB, the plugin's limit. */
  maxBodyBytes: number;
}

export function readGatewayListen(
  config: Config,
): GatewayListenSettings | undefined {
  const c = config.getOptionalConfig('quantumlayer.gateway.listen');
  if (!c) return undefined;
  return {
    port: c.getNumber('port'),
    host: c.getOptionalString('host'),
    maxBodyBytes: c.getOptionalNumber('maxBodyBytes') ?? 1024 * 1024,
  };
}

/**
 * The gateway on a port of its own, for services that call models at high
 * rates: the same handlers, authentication and permission as under
 * `/api/quantumlayer-router/v1/...`, without the portal's browser middleware
 * (helmet, CORS, compression, request logging), which SDK clients do not use.
 * Paths are the vendors' own: `/v1/chat/completions`, `/v1/embeddings`,
 * `/v1/models`, `/v1/messages`.
 */
export async function startGatewayServer(
  ctx: GatewayContext,
  settings: GatewayListenSettings,
): Promise<{ port: number; close(): Promise<void> }> {
  const handle = async (
    req: http.IncomingMessage,
    res: http.ServerResponse,
    path: string,
  ) => {
    // Read by the handler only after it has authenticated the caller.
    const readBody = () => readJsonBody(req, settings.maxBodyBytes);
    try {
      if (req.method === 'GET' && path === '/v1/models') {
        await openAiModels(ctx, req, res);
      } else if (req.method === 'POST' && path === '/v1/chat/completions') {
        await openAiChat(ctx, req, res, readBody);
      } else if (req.method === 'POST' && path === '/v1/embeddings') {
        await openAiEmbeddings(ctx, req, res, readBody);
      } else if (req.method === 'POST' && path === '/v1/messages') {
        await anthropicMessages(ctx, req, res, readBody);
      } else {
        throw new NotFoundError(
          `no gateway endpoint ${req.method} ${path}; use POST /v1/chat/completions, POST /v1/embeddings, GET /v1/models or POST /v1/messages`,
        );
      }
    } catch (error) {
      // Only body and routing failures land here; handlers answer their own.
      const failure = failureOf(ctx, req, error);
      if (!res.headersSent)
        sendJson(res, failure.status, openAiErrorBody(failure));
    }
  };
  // Traced here, one lean span per request, not by the HTTP instrumentation.
  const server = selfTracedServer(
    http.createServer((req, res) => {
      const path = req.url?.split('?')[0] ?? '/';
      void inServerSpan(req, res, path, () => handle(req, res, path));
    }),
  );
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(settings.port, settings.host, () => resolve());
  });
  ctx.logger.info(
    `LLM gateway listening on ${settings.host ?? '*'}:${
      (server.address() as AddressInfo).port
    }`,
  );
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise(resolve => {
        server.closeIdleConnections();
        server.close(() => resolve());
      }),
  };
}
