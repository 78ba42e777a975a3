import type express from 'express';
import { anthropicMessages } from '../gateway/anthropic-handlers';
import type { GatewayContext } from '../gateway/gateway-context';
import {
  openAiChat,
  openAiEmbeddings,
  openAiModels,
} from '../gateway/openai-handlers';

/**
 * The gateway under the plugin's mount: OpenAI-compatible
 * `POST /v1/chat/completions`, `POST /v1/embeddings` and `GET /v1/models`,
 * Anthropic-compatible
 * `POST /v1/messages`. The same handlers serve the optional dedicated
 * listener (`quantumlayer.gateway.listen`).
 */
export function addGatewayRoutes(router: express.Router, ctx: GatewayContext) {
  router.post('/v1/chat/completions', (req, res) =>
    openAiChat(ctx, req, res, req.body),
  );
  router.post('/v1/embeddings', (req, res) =>
    openAiEmbeddings(ctx, req, res, req.body),
  );
  router.get('/v1/models', (req, res) => openAiModels(ctx, req, res));
  router.post('/v1/messages', (req, res) =>
    anthropicMessages(ctx, req, res, req.body),
  );
}
