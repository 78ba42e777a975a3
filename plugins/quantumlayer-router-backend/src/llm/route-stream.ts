import type {
  LlmCompletionRequest,
  LlmProvider,
  LlmStreamPart,
  CallContext,
  RouteInfo,
} from '@internal/backstage-plugin-quantumlayer-router-node';
import {
  CallHold,
  NO_USAGE,
  routeInfo,
  withRateLimits,
} from './call-accounting';
import { streamCutError } from './providers/shared/provider-errors';
import { RouteCallDeps, runRoute } from './run-targets';
import { streamOf } from './stream-of';

/** A routed stream: where it goes, and its parts (ending in one `finish`). */
export interface RoutedStream {
  /** Known when the stream starts; cost and latency filled in at its end. */
  route: RouteInfo;
  parts: AsyncGenerator<LlmStreamPart>;
}

/** A provider stream whose first part has arrived. */
interface OpenedStream {
  iterator: AsyncIterator<LlmStreamPart>;
  first: LlmStreamPart;
}

/**
 * Streams `request`. Targets are tried (with fallback) until one yields its
 * first part; after that the stream belongs to that target, and a cut
 * surfaces as an error from `parts`, never as a clean end.
 */
export async function routeStream(
  deps: RouteCallDeps,
  request: LlmCompletionRequest,
  ctx: CallContext,
): Promise<RoutedStream> {
  const started = performance.now();
  const route = deps.resolve(request, ctx);
  const reservation = await deps.accounting.reserveCompletion(
    route,
    request,
    ctx,
  );
  const opened = await deps.accounting.withFailureRecorded(
    { ctx, route, reservation, started, stream: true },
    () => runRoute(deps, route, request, openStream),
  );
  const { value, target, attempts } = opened;
  const info = withRateLimits(
    routeInfo(route.alias, target, attempts, 0, 0),
    reservation,
  );
  return {
    route: info,
    parts: relay(deps, value, info, reservation, ctx, started),
  };
}

/** Opens the provider's stream and waits for its first part. */
async function openStream(
  provider: LlmProvider,
  request: LlmCompletionRequest,
): Promise<OpenedStream> {
  const iterator = streamOf(provider, request)[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done)
    throw streamCutError(provider.id, 'the stream ended before its first part');
  return { iterator, first: first.value };
}

/**
 * Passes the opened stream's parts on, filling in `info`'s cost and latency
 * at the finish, and settles and records the call however the stream ends.
 */
async function* relay(
  deps: Pick<RouteCallDeps, 'prices' | 'accounting'>,
  opened: OpenedStream,
  info: RouteInfo,
  reservation: CallHold | undefined,
  ctx: CallContext,
  started: number,
): AsyncGenerator<LlmStreamPart> {
  let finish: Extract<LlmStreamPart, { type: 'finish' }> | undefined;
  let part: LlmStreamPart = opened.first;
  try {
    for (;;) {
      if (part.type === 'finish') {
        finish = part;
        // Known before the last part goes out, so writers can report it.
        info.costUsd = deps.prices.cost(info, part.usage ?? NO_USAGE);
        if (part.model) info.model = part.model;
        info.latencyMs = performance.now() - started;
      }
      yield part;
      if (finish) break;
      const next = await opened.iterator.next();
      if (next.done)
        throw streamCutError(
          info.provider,
          'the stream ended without a finish reason',
        );
      part = next.value;
    }
  } finally {
    // Unfinished here means cut upstream or the consumer stopped reading.
    if (!finish) void opened.iterator.return?.();
    const usage = finish?.usage ?? NO_USAGE;
    if (!finish) info.latencyMs = performance.now() - started;
    deps.accounting.settle(reservation, {
      tokens: usage.promptTokens + usage.completionTokens,
      usd: info.costUsd,
    });
    deps.accounting.record(ctx, info, usage, finish ? 'ok' : 'error', true);
  }
}
