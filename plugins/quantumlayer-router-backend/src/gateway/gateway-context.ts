import type {
  AuditorService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type { IncomingMessage, ServerResponse } from 'http';
import type { LlmRouter, RoutedStream } from '../llm/llm-router';
import type { LlmStreamPart } from '@internal/backstage-plugin-quantumlayer-router-node';
import { classifyError, GatewayFailure } from './gateway-errors';
import type { GatewayCallers } from './gateway-callers';

/** What the gateway routes need. */
export interface GatewayContext {
  router: LlmRouter;
  callers: GatewayCallers;
  logger: LoggerService;
  /** Records an `llm-call` event per routed call (none without it). */
  auditor?: AuditorService;
}

/** Aborts when the client goes away before the answer is complete. */
export function abortOnDisconnect(res: ServerResponse): AbortSignal {
  const controller = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished)
      controller.abort(new Error('client disconnected'));
  });
  return controller.signal;
}

/** Classifies an error for the client; unexpected ones are logged (without request bodies). */
export function failureOf(
  ctx: GatewayContext,
  req: IncomingMessage,
  error: unknown,
): GatewayFailure {
  const failure = classifyError(error);
  if (failure.status >= 500 && failure.type === 'api_error') {
    ctx.logger.error(
      `LLM gateway ${req.method} ${req.url?.split('?')[0]} failed`,
      error as Error,
    );
  }
  return failure;
}

/**
 * Relays a routed stream: every part is written as it arrives; a cut or
 * failure becomes an error event, never a clean end; a client disconnect
 * stops reading, which aborts the upstream request.
 */
export async function relayStream(
  stream: RoutedStream,
  signal: AbortSignal,
  write: {
    part(part: LlmStreamPart): void;
    end(): void;
    error(failure: GatewayFailure): void;
  },
) {
  try {
    for await (const part of stream.parts) {
      if (signal.aborted) return;
      write.part(part);
    }
    write.end();
  } catch (error) {
    if (!signal.aborted) write.error(classifyError(error));
  }
}
