import type express from 'express';
import { anthropicMessages } from '../../gateway/anthropic-handlers';
import type { GatewayContext } from '../../gateway/gateway-context';
import { readJsonBody } from '../../gateway/http-io';
import {
  openAiChat,
  openAiEmbeddings,
  openAiModels,
} from '../../gateway/openai-handlers';

/** The largest gateway request body, as `express.json({ limit: '1mb' })` allows elsewhere. */
export const GATEWAY_MAX_BODY_BYTES = 1024 * 1024;

/**
 * The gateway under the plugin's mount: OpenAI-compatible
 * `POST /v1/chat/completions`, `POST /v1/embeddings` and `GET /v1/models`,
 * Anthropic-compatible
 * `POST /v1/messages`. The same handlers serve the optional dedicated
 * listener (`quantumlayer.gateway.listen`).
 *
 * These paths are open to Backstage's auth policy (vendor SDKs send the key
 * their own way), so they must be added before `express.json`: each handler
 * authenticates the caller first and only then reads and parses the body,
 * so an anonymous client cannot make the plugin parse a megabyte of JSON.
 */
export function addGatewayRoutes(router: express.Router, ctx: GatewayContext) {
  const body = (req: express.Request) => () =>
    readJsonBody(req, GATEWAY_MAX_BODY_BYTES);
  router.post('/v1/chat/completions', (req, res) =>
    openAiChat(ctx, req, res, body(req)),
  );
  router.post('/v1/embeddings', (req, res) =>
    openAiEmbeddings(ctx, req, res, body(req)),
  );
  router.get('/v1/models', (req, res) => openAiModels(ctx, req, res));
  router.post('/v1/messages', (req, res) =>
    anthropicMessages(ctx, req, res, body(req)),
  );
}
