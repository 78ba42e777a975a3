import type { IncomingMessage, ServerResponse } from 'http';
import { anthropicMessagesRequestSchema } from '@internal/backstage-plugin-quantumlayer-common';
import { AnthropicEventWriter } from './anthropic-stream';
import { fromAnthropicRequest, toAnthropicResponse } from './anthropic-wire';
import type { GatewayContext } from './gateway-context';
import { BodyReader, serveGatewayCall, GatewayWire } from './gateway-call';
import { anthropicErrorBody } from './gateway-errors';
import { anthropicRateLimitHeaders } from './rate-limit-headers';

const anthropicWire: GatewayWire<typeof anthropicMessagesRequestSchema> = {
  label: 'messages',
  schema: anthropicMessagesRequestSchema,
  idPrefix: 'msg_',
  toRequest: fromAnthropicRequest,
  toResponse: toAnthropicResponse,
  events(id, route) {
    const writer = new AnthropicEventWriter(id, route);
    return {
      start: () => writer.start(),
      part: part => writer.events(part),
      end: () => [],
    };
  },
  errorBody: anthropicErrorBody,
  rateLimitHeaders: (status, retryAfterMs) =>
    anthropicRateLimitHeaders(status, retryAfterMs),
};

/**
 * `POST /v1/messages`, Anthropic's Messages protocol (JSON or SSE), so the
 * official Anthropic client works against the router unchanged.
 */
export function anthropicMessages(
  ctx: GatewayContext,
  req: IncomingMessage,
  res: ServerResponse,
  readBody: BodyReader,
) {
  return serveGatewayCall(ctx, anthropicWire, req, res, readBody);
}
