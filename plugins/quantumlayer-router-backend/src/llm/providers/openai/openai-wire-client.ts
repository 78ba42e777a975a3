import type { Readable } from 'stream';
import type { Dispatcher } from 'undici';
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
} from 'openai';
import {
  fetchHeaders,
  upstreamDispatcher,
} from '../../http/upstream-dispatcher';
import { sseEvents } from '../../http/sse-events';

/** What OpenAiChatProvider needs of a client: the official SDK or the wire client. */
export interface OpenAiChatClient {
  readonly apiKey: string;
  readonly chat: {
    readonly completions: {
      create(
        body: object,
        options?: { signal?: AbortSignal },
      ): Promise<unknown>;
    };
  };
  readonly embeddings: {
    create(body: object, options?: { signal?: AbortSignal }): Promise<unknown>;
  };
}

/** A failed request or body read as the SDK reports it: abort, timeout or connection. */
function transportError(error: unknown, signal: AbortSignal | undefined) {
  if (error instanceof APIError) return error;
  if (signal?.aborted) return new APIUserAbortError();
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_CONNECT_TIMEOUT')
    return new APIConnectionTimeoutError();
  return new APIConnectionError({ cause: error as Error });
}

/** A non-2xx answer as the SDK reports it: the same classes, status, body and headers. */
function statusError(
  status: number,
  headers: Dispatcher.ResponseData['headers'],
  text: string,
): APIError {
  let body: object | undefined;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return APIError.generate(
    status,
    body,
    body ? undefined : text,
    fetchHeaders(headers),
  );
}

/**
 * The chunks of an answered stream, parsed as they arrive. `[DONE]` ends it;
 * an `error` event throws like the SDK does; a connection that drops throws
 * (a cut), while a body that simply ends is left to the caller to judge by
 * its finish reason.
 */
async function* streamChunks(
  body: Readable,
  signal: AbortSignal | undefined,
): AsyncGenerator<unknown> {
  let done = false;
  try {
    for await (const event of sseEvents(body)) {
      if (event.data.startsWith('[DONE]')) {
        done = true;
        return;
      }
      const data = JSON.parse(event.data);
      if (event.event === 'error' || data?.error) {
        throw new APIError(
          undefined,
          data?.error ?? data,
          undefined,
          undefined,
        );
      }
      yield data;
    }
  } catch (error) {
    if (signal?.aborted) throw new APIUserAbortError();
    throw error;
  } finally {
    if (done) drainForReuse(body);
    else discard(body);
  }
}

/** Closes a body no one reads further; its "aborted" error has no reader. */
function discard(body: Readable) {
  body.on('error', () => {});
  body.destroy();
}

/** How long the rest of a finished stream (its last chunk) may take to arrive. */
const DRAIN_MS = 5_000;

/**
 * Reads what follows `[DONE]` (the chunked body's end) so the socket goes
 * back to the keep-alive pool; destroying it instead cost a new connection
 * per streamed call. A body that does not end soon is cut.
 */
function drainForReuse(body: Readable) {
  if (body.readableEnded) return;
  const cut = setTimeout(() => discard(body), DRAIN_MS).unref();
  body.once('end', () => clearTimeout(cut));
  body.once('error', () => clearTimeout(cut));
  body.resume();
}

/**
 * OpenAI's chat-completions (and embeddings) wire spoken directly over a keep-alive undici pool,
 * for self-hosted OpenAI-compatible servers (vLLM, Ollama, LM Studio): the
 * official SDK's own request and response handling was most of the router's
 * added time on loopback. It throws the SDK's error classes, so errors map
 * exactly as on the SDK path; `timeoutMs` bounds the wait for the answer's
 * headers once the request is sent (undici's `headersTimeout`), as the SDK's
 * timeout does; connecting has undici's own 10 s bound. A streamed body
 * that stays silent for 300 s (undici's `bodyTimeout`) is cut.
 */
export class OpenAiWireClient implements OpenAiChatClient {
  readonly chat = {
    completions: {
      create: (body: object, options?: { signal?: AbortSignal }) =>
        this.create(
          this.url,
          body as { stream?: boolean | null },
          options?.signal,
        ),
    },
  };
  readonly embeddings = {
    create: (body: object, options?: { signal?: AbortSignal }) =>
      this.create(this.embeddingsUrl, body, options?.signal),
  };
  private readonly url: URL;
  private readonly embeddingsUrl: URL;
  private readonly headers: Record<string, string>;

  constructor(
    private readonly settings: {
      baseURL: string;
      apiKey?: string;
      timeoutMs: number;
    },
  ) {
    const base = settings.baseURL.replace(/\/+$/, '');
    this.url = new URL(`${base}/chat/completions`);
    this.embeddingsUrl = new URL(`${base}/embeddings`);
    this.headers = {
      'content-type': 'application/json',
      accept: 'application/json',
      ...(settings.apiKey
        ? { authorization: `Bearer ${settings.apiKey}` }
        : {}),
    };
  }

  get apiKey(): string {
    return this.settings.apiKey ?? '';
  }

  private async create(
    url: URL,
    body: { stream?: boolean | null },
    signal: AbortSignal | undefined,
  ): Promise<unknown> {
    if (signal?.aborted) throw new APIUserAbortError();
    let text: string;
    try {
      const res = await upstreamDispatcher.request({
        origin: url.origin,
        path: url.pathname + url.search,
        method: 'POST',
        headers: this.headers,
        body: JSON.stringify(body),
        signal,
        headersTimeout: this.settings.timeoutMs,
      });
      const ok = res.statusCode >= 200 && res.statusCode < 300;
      // The caller's signal keeps aborting the body while it streams.
      if (ok && body.stream) return streamChunks(res.body, signal);
      text = await res.body.text();
      if (!ok) throw statusError(res.statusCode, res.headers, text);
    } catch (error) {
      throw transportError(error, signal);
    }
    return JSON.parse(text);
  }
}
