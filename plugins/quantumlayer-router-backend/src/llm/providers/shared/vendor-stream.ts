import type {
  LlmProviderError,
  LlmStreamPart,
} from '@internal/backstage-plugin-quantumlayer-router-node';
import { abortedError } from './provider-errors';

/** Turns one vendor stream event into parts; `finished` after the last. */
export interface VendorStreamMapper<Event> {
  map(event: Event): LlmStreamPart[];
  readonly finished: boolean;
}

/**
 * Yields the parts of a vendor SDK's event stream until the mapper has
 * finished, and returns whether it did. Once the caller has aborted, every
 * failure is the abort, and so is a stream the SDK ended quietly; other
 * failures while reading go through `toStreamError`.
 */
export async function* mapVendorStream<Event>(
  events: AsyncIterable<Event> | Iterable<Event>,
  mapper: VendorStreamMapper<Event>,
  options: {
    provider: string;
    abortSignal?: AbortSignal;
    toStreamError: (error: unknown) => LlmProviderError;
  },
): AsyncGenerator<LlmStreamPart, boolean, undefined> {
  const { provider, abortSignal } = options;
  try {
    for await (const event of events) {
      yield* mapper.map(event);
      if (mapper.finished) return true;
    }
  } catch (error) {
    if (abortSignal?.aborted) throw abortedError(provider, error);
    throw options.toStreamError(error);
  }
  if (abortSignal?.aborted) throw abortedError(provider);
  return false;
}
