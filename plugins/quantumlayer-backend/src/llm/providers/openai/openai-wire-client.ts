import type http from 'http';
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
} from 'openai';
import { incomingHeaders } from '../../http/incoming-headers';
import { requestFor } from '../../http/keep-alive-agents';
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

/** The whole body, read with plain events (an async iterator costs extra turns). */
function readText(res: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    res.on('data', (part: Buffer) => parts.push(part));
    res.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    res.on('error', reject);
  });
}

/** A non-2xx answer as the SDK reports it: the same classes, status, body and headers. */
function statusError(res: http.IncomingMessage, text: string): APIError {
  let body: object | undefined;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return APIError.generate(
    res.statusCode,
    body,
    body ? undefined : text,
    incomingHeaders(res),
  );
}

/**
 * The chunks of an answered stream, parsed as they arrive. `[DONE]` ends it;
 * an `error` event throws like the SDK does; a connection that drops throws
 * (a cut), while a body that simply ends is left to the caller to judge by
 * its finish reason.
 */
async function* streamChunks(
  res: http.IncomingMessage,
  signal: AbortSignal | undefined,
): AsyncGenerator<unknown> {
  let done = false;
  try {
    for await (const event of sseEvents(res)) {
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
    if (done) drainForReuse(res);
    else res.destroy();
  }
}

/** How long the rest of a finished stream (its last chunk) may take to arrive. */
const DRAIN_MS = 5_000;

/**
 * Reads what follows `[DONE]` (the chunked body's end) so the socket goes
 * back to the keep-alive pool; destroying it instead cost a new connection
 * per streamed call. A body that does not end soon is cut.
 */
function drainForReuse(res: http.IncomingMessage) {
  if (res.complete) return;
  const cut = setTimeout(() => res.destroy(), DRAIN_MS).unref();
  res.once('end', () => clearTimeout(cut));
  res.once('error', () => clearTimeout(cut));
  res.resume();
}

/**
 * OpenAI's chat-completions (and embeddings) wire spoken directly over keep-alive node:http,
 * for self-hosted OpenAI-compatible servers (vLLM, Ollama, LM Studio): the
 * official SDK's own request and response handling was most of the router's
 * added time on loopback. It throws the SDK's error classes, so errors map
 * exactly as on the SDK path; `timeoutMs` bounds the wait for the answer's
 * headers, as the SDK's timeout does.
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

  private create(
    url: URL,
    body: { stream?: boolean | null },
    signal: AbortSignal | undefined,
  ): Promise<unknown> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) {
        reject(new APIUserAbortError());
        return;
      }
      const payload = JSON.stringify(body);
      const request = requestFor(url, {
        method: 'POST',
        headers: {
          ...this.headers,
          'content-length': String(Buffer.byteLength(payload)),
        },
      });
      let answered = false;
      const onAbort = () => request.destroy(new APIUserAbortError());
      const timer = setTimeout(
        () => request.destroy(new APIConnectionTimeoutError()),
        this.settings.timeoutMs,
      );
      signal?.addEventListener('abort', onAbort, { once: true });
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      };
      request.on('error', error => {
        done();
        if (answered) return;
        if (signal?.aborted || error instanceof APIUserAbortError)
          reject(new APIUserAbortError());
        else if (error instanceof APIConnectionTimeoutError) reject(error);
        else reject(new APIConnectionError({ cause: error }));
      });
      request.on('response', res => {
        answered = true;
        clearTimeout(timer);
        const status = res.statusCode ?? 500;
        if (status < 200 || status >= 300) {
          readText(res).then(text => {
            done();
            reject(statusError(res, text));
          }, reject);
          return;
        }
        if (body.stream) {
          // The caller's signal keeps aborting the body while it streams.
          res.once('close', done);
          resolve(streamChunks(res, signal));
          return;
        }
        readText(res).then(text => {
          done();
          try {
            resolve(JSON.parse(text));
          } catch (error) {
            reject(error);
          }
        }, reject);
      });
      request.end(payload);
    });
  }
}
