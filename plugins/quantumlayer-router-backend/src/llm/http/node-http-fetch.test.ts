import http from 'http';
import type { AddressInfo } from 'net';
import { openAiClientDefaults } from '../providers/openai/openai-client-options';
import { nodeHttpFetch } from './node-http-fetch';

/** The transport the official SDK providers get when config names none. */
const sdkFetch = openAiClientDefaults({}).fetch!;

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

describe('nodeHttpFetch, the SDK providers fetch, against a real loopback server', () => {
  it('is what the SDK providers get by default', () => {
    expect(sdkFetch).toBe(nodeHttpFetch);
  });

  let handler: Handler = (_req, res) => res.end();
  let connections = 0;
  let base = '';
  const server = http.createServer((req, res) => handler(req, res));
  server.on('connection', () => connections++);

  beforeAll(async () => {
    await new Promise<void>(resolve =>
      server.listen(0, '127.0.0.1', () => resolve()),
    );
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise(resolve => server.close(resolve));
  });

  it('sends the method, headers and body, and answers status, headers and JSON once', async () => {
    let received: { method?: string; auth?: string; body: string } = {
      body: '',
    };
    handler = (req, res) => {
      let body = '';
      req.on('data', chunk => (body += chunk));
      req.on('end', () => {
        received = {
          method: req.method,
          auth: req.headers.authorization,
          body,
        };
        res.writeHead(201, {
          'content-type': 'application/json',
          'set-cookie': ['a=1', 'b=2'],
          'x-request-id': 'req-1',
        });
        res.end(JSON.stringify({ ok: true, text: 'héllo' }));
      });
    };
    const response = await sdkFetch(`${base}/v1/chat/completions`, {
      method: 'POST',
      headers: {
        Authorization: 'Bearer k',
        'content-type': 'application/json',
      },
      body: JSON.stringify({ model: 'm' }),
    });
    expect(received).toEqual({
      method: 'POST',
      auth: 'Bearer k',
      body: '{"model":"m"}',
    });
    expect(response.status).toBe(201);
    expect(response.ok).toBe(true);
    expect(response.headers.get('x-request-id')).toBe('req-1');
    expect(response.headers.get('set-cookie')).toContain('a=1');
    expect(await response.json()).toEqual({ ok: true, text: 'héllo' });
    expect(response.bodyUsed).toBe(true);
    await expect(response.text()).rejects.toThrow(TypeError);
  });

  it('gives the bytes of an answer as text, as an ArrayBuffer or as a stream', async () => {
    handler = (_req, res) => res.end('plain bytes');
    const asText = await sdkFetch(`${base}/t`);
    expect(await asText.text()).toBe('plain bytes');
    const asBuffer = await sdkFetch(`${base}/t`);
    expect(Buffer.from(await asBuffer.arrayBuffer()).toString()).toBe(
      'plain bytes',
    );
    const asStream = await sdkFetch(`${base}/t`);
    const chunks: Buffer[] = [];
    for await (const chunk of asStream.body as any)
      chunks.push(Buffer.from(chunk));
    expect(Buffer.concat(chunks).toString()).toBe('plain bytes');
  });

  it('passes an error status and its body through, and a 204 without a body', async () => {
    handler = (req, res) => {
      if (req.url === '/empty') {
        res.writeHead(204).end();
        return;
      }
      res.writeHead(429, { 'retry-after': '3' });
      res.end('{"error":{"message":"slow down"}}');
    };
    const limited = await sdkFetch(`${base}/limited`);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3');
    expect(await limited.json()).toEqual({ error: { message: 'slow down' } });
    const empty = await sdkFetch(`${base}/empty`);
    expect(empty.status).toBe(204);
    expect(empty.body).toBeNull();
  });

  it('hands an event stream over event by event, before the server ends it', async () => {
    let sendSecond: () => void = () => {};
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: {"n":1}\n\n');
      sendSecond = () => res.end('data: {"n":2}\n\ndata: [DONE]\n\n');
    };
    const response = await sdkFetch(`${base}/stream`);
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    const first = await reader.read();
    expect(decoder.decode(first.value)).toBe('data: {"n":1}\n\n');
    sendSecond();
    let rest = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      rest += decoder.decode(value, { stream: true });
    }
    expect(rest).toBe('data: {"n":2}\n\ndata: [DONE]\n\n');
  });

  it('errors a stream the server cuts, never ending it cleanly', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: {"n":1}\n\n');
      setTimeout(() => res.socket?.destroy(), 20);
    };
    const response = await sdkFetch(`${base}/cut`);
    const reader = response.body!.getReader();
    await reader.read();
    await expect(reader.read()).rejects.toThrow();
  });

  it('aborts before the answer and in the middle of a stream with an AbortError', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: {"n":1}\n\n');
    };
    const early = new AbortController();
    early.abort();
    await expect(
      sdkFetch(`${base}/abort`, { signal: early.signal }),
    ).rejects.toMatchObject({ name: 'AbortError' });

    const late = new AbortController();
    const response = await sdkFetch(`${base}/abort`, { signal: late.signal });
    const reader = response.body!.getReader();
    await reader.read();
    late.abort();
    await expect(reader.read()).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('rejects when nothing listens', async () => {
    const closed = http.createServer();
    await new Promise<void>(resolve =>
      closed.listen(0, '127.0.0.1', () => resolve()),
    );
    const port = (closed.address() as AddressInfo).port;
    await new Promise(resolve => closed.close(resolve));
    await expect(sdkFetch(`http://127.0.0.1:${port}/`)).rejects.toThrow();
  });

  it('keeps the connection alive between calls in turn', async () => {
    handler = (_req, res) => res.end('{}');
    await (await sdkFetch(`${base}/a`)).json();
    // The pool takes the socket back a turn after the body ends.
    await new Promise(resolve => setImmediate(resolve));
    const before = connections;
    for (let i = 0; i < 5; i++) {
      await (await sdkFetch(`${base}/a`)).json();
      await new Promise(resolve => setImmediate(resolve));
    }
    expect(connections).toBe(before);
  });
});
