import http from 'http';
import type { AddressInfo, Socket } from 'net';

/** What one request gets back from the fault server. */
export type Behaviour =
  | { kind: 'ok'; content?: string; delayMs?: number }
  | { kind: 'status'; status: number; retryAfterSeconds?: number }
  /** Never answers (until the server closes). */
  | { kind: 'hang' }
  /** Streams `chunks` content deltas, then destroys the socket. */
  | { kind: 'cut'; chunks: number };

export interface FaultRequest {
  seq: number;
  model: string;
  stream: boolean;
  at: number;
  messages: Array<{ role: string; content: string }>;
}

/** Chooses the answer; may wait (a gate) before it decides. */
export type Decide = (req: FaultRequest) => Behaviour | Promise<Behaviour>;

export interface FaultOpenAiServer {
  /** `http://127.0.0.1:<port>/v1` */
  baseUrl: string;
  requests: FaultRequest[];
  /** Answers given, by kind. */
  served: Record<Behaviour['kind'], number>;
  /** Tokens reported as used in successful answers (what a vendor would bill). */
  billedTokens: number;
  /** Replaces how requests are answered from now on. */
  behave(fn: Decide): void;
  close(): Promise<void>;
}

/** Prompt tokens as a vendor would count them: about 4 characters each. */
const promptTokensOf = (messages: Array<{ content: string }>) =>
  Math.ceil(messages.reduce((n, m) => n + m.content.length, 0) / 4);

const chunk = (id: string, model: string, delta: object, finish?: string) =>
  `data: ${JSON.stringify({
    id,
    object: 'chat.completion.chunk',
    created: 1754563201,
    model,
    choices: [
      { index: 0, delta, logprobs: null, finish_reason: finish ?? null },
    ],
    usage: null,
  })}\n\n`;

const usageChunk = (
  id: string,
  model: string,
  prompt: number,
  completion: number,
) =>
  `data: ${JSON.stringify({
    id,
    object: 'chat.completion.chunk',
    created: 1754563201,
    model,
    choices: [],
    usage: {
      prompt_tokens: prompt,
      completion_tokens: completion,
      total_tokens: prompt + completion,
    },
  })}\n\n`;

/**
 * A loopback server speaking OpenAI's `POST /v1/chat/completions`, plain and
 * streamed (the recorded fixtures' shapes), whose answer to each request a
 * test chooses: a normal answer, an error status (with Retry-After), no
 * answer at all, or a stream cut mid-way. Every usage it reports is counted,
 * so tests can compare what a vendor would bill against a budget.
 */
export async function startFaultOpenAiServer(
  initial: Decide = () => ({ kind: 'ok' }),
): Promise<FaultOpenAiServer> {
  let decide = initial;
  let seq = 0;
  const sockets = new Set<Socket>();
  const server = http.createServer();
  const state: FaultOpenAiServer = {
    baseUrl: '',
    requests: [],
    served: { ok: 0, status: 0, hang: 0, cut: 0 },
    billedTokens: 0,
    behave(fn) {
      decide = fn;
    },
    close: () =>
      new Promise(resolve => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };

  const respond = (
    res: http.ServerResponse,
    request: FaultRequest,
    behaviour: Behaviour,
  ) => {
    state.served[behaviour.kind]++;
    const id = `chatcmpl-fault-${request.seq}`;
    if (behaviour.kind === 'hang') return;
    if (behaviour.kind === 'status') {
      const type =
        behaviour.status === 429 ? 'rate_limit_exceeded' : 'server_error';
      res.writeHead(behaviour.status, {
        'content-type': 'application/json',
        ...(behaviour.retryAfterSeconds !== undefined
          ? { 'retry-after': String(behaviour.retryAfterSeconds) }
          : {}),
      });
      res.end(
        JSON.stringify({
          error: {
            message: `injected ${behaviour.status}`,
            type,
            param: null,
            code: type,
          },
        }),
      );
      return;
    }
    const content =
      behaviour.kind === 'ok'
        ? behaviour.content ?? `answer ${request.seq}`
        : 'a b c d e f g h';
    const prompt = promptTokensOf(request.messages);
    const completion = Math.ceil(content.length / 4);
    const answer = () => {
      if (!request.stream) {
        state.billedTokens += prompt + completion;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            id,
            object: 'chat.completion',
            created: 1754563450,
            model: request.model,
            choices: [
              {
                index: 0,
                message: { role: 'assistant', content, refusal: null },
                logprobs: null,
                finish_reason: 'stop',
              },
            ],
            usage: {
              prompt_tokens: prompt,
              completion_tokens: completion,
              total_tokens: prompt + completion,
            },
          }),
        );
        return;
      }
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(
        chunk(id, request.model, {
          role: 'assistant',
          content: '',
          refusal: null,
        }),
      );
      const words = content.split(' ');
      if (behaviour.kind === 'cut') {
        for (const w of words.slice(0, behaviour.chunks))
          res.write(chunk(id, request.model, { content: `${w} ` }));
        // Let the parts reach the client, then drop the connection.
        setTimeout(() => res.socket?.destroy(), 20);
        return;
      }
      for (const w of words)
        res.write(chunk(id, request.model, { content: `${w} ` }));
      res.write(chunk(id, request.model, {}, 'stop'));
      state.billedTokens += prompt + completion;
      res.write(usageChunk(id, request.model, prompt, completion));
      res.end('data: [DONE]\n\n');
    };
    if (behaviour.kind === 'ok' && behaviour.delayMs)
      setTimeout(answer, behaviour.delayMs);
    else answer();
  };

  server.on(
    'request',
    (req: http.IncomingMessage, res: http.ServerResponse) => {
      const parts: Buffer[] = [];
      req.on('data', part => parts.push(part));
      req.on('end', () => {
        if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
          res.writeHead(404, { 'content-type': 'application/json' });
          res.end(
            JSON.stringify({ error: { message: `no route ${req.url}` } }),
          );
          return;
        }
        const body = JSON.parse(Buffer.concat(parts).toString('utf8'));
        const request: FaultRequest = {
          seq: ++seq,
          model: body.model,
          stream: !!body.stream,
          at: Date.now(),
          messages: body.messages,
        };
        state.requests.push(request);
        Promise.resolve(decide(request)).then(
          behaviour => respond(res, request, behaviour),
          error => {
            res.writeHead(500, { 'content-type': 'application/json' });
            res.end(JSON.stringify({ error: { message: String(error) } }));
          },
        );
      });
    },
  );
  server.on('connection', s => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>(resolve =>
    server.listen(0, '127.0.0.1', () => resolve()),
  );
  state.baseUrl = `http://127.0.0.1:${
    (server.address() as AddressInfo).port
  }/v1`;
  return state;
}
