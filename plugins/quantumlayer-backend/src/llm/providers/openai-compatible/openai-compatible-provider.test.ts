import http from 'http';
import type { AddressInfo } from 'net';
import {
  LlmCompletionRequest,
  LlmProviderError,
} from '@internal/backstage-plugin-quantumlayer-node';
import { LlmRouter } from '../../llm-router';
import { TemplateProvider } from '../template/template-provider';
import { OpenAiCompatibleProvider } from './openai-compatible-provider';
import completion from './__fixtures__/openai-chat-completion.json';
import rateLimit from './__fixtures__/openai-rate-limit.json';

interface Call {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: any;
}

/** A loopback server speaking OpenAI's chat-completions wire protocol. */
function openAiServer(reply: { status: number; body: unknown }) {
  const calls: Call[] = [];
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', c => (raw += c));
    req.on('end', () => {
      calls.push({
        path: req.url!,
        headers: req.headers,
        body: JSON.parse(raw),
      });
      res.writeHead(reply.status, {
        'Content-Type': 'application/json',
        'x-request-id': 'req_test',
      });
      res.end(JSON.stringify(reply.body));
    });
  });
  return new Promise<{ baseURL: string; calls: Call[]; close: () => void }>(
    resolve =>
      server.listen(0, '127.0.0.1', () =>
        resolve({
          baseURL: `http://127.0.0.1:${
            (server.address() as AddressInfo).port
          }/v1`,
          calls,
          close: () => server.close(),
        }),
      ),
  );
}

/** A code request the template provider can answer, for fallback checks. */
const goCodeRequest: LlmCompletionRequest = {
  messages: [{ role: 'user', content: 'hi' }],
  task: {
    kind: 'code',
    language: 'go',
    type: 'function',
    projectName: 'Demo',
    prompt: 'hi',
  },
};

describe('OpenAiCompatibleProvider', () => {
  it('sends a chat completion through the openai SDK and maps the answer', async () => {
    const srv = await openAiServer({ status: 200, body: completion });
    try {
      const provider = new OpenAiCompatibleProvider({
        id: 'openai',
        baseURL: srv.baseURL,
        apiKey: 'sk-test-key',
        model: 'gpt-4o-mini',
      });
      const result = await provider.complete({
        messages: [{ role: 'user', content: 'count words' }],
        temperature: 0.2,
        maxTokens: 256,
      });
      expect(srv.calls).toHaveLength(1);
      expect(srv.calls[0].path).toBe('/v1/chat/completions');
      expect(srv.calls[0].headers.authorization).toBe('Bearer sk-test-key');
      expect(srv.calls[0].body).toEqual({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: 'count words' }],
        temperature: 0.2,
        max_tokens: 256,
      });
      expect(result).toEqual({
        text: completion.choices[0].message.content,
        provider: 'openai',
        model: 'gpt-4o-mini-2024-07-18',
        usage: { promptTokens: 57, completionTokens: 24 },
        finishReason: 'stop',
      });
    } finally {
      srv.close();
    }
  });

  it('turns a 429 into a retryable error without the key, and the router falls back', async () => {
    const srv = await openAiServer({ status: 429, body: rateLimit });
    try {
      const provider = new OpenAiCompatibleProvider({
        id: 'openai',
        baseURL: srv.baseURL,
        apiKey: 'sk-secret-123',
        model: 'gpt-4o-mini',
      });
      const error = await provider
        .complete({ messages: [{ role: 'user', content: 'hi' }] })
        .catch(e => e);
      expect(error).toBeInstanceOf(LlmProviderError);
      expect(error).toMatchObject({
        provider: 'openai',
        status: 429,
        retryable: true,
      });
      expect(error.message).toContain('Rate limit reached');
      expect(error.message).not.toContain('sk-secret-123');
      expect(srv.calls).toHaveLength(1); // the SDK does not retry behind the router

      const router = new LlmRouter([provider, new TemplateProvider()]);
      const fallback = await router.complete(goCodeRequest);
      expect(fallback.provider).toBe('template');
      expect(fallback.text).toContain('```go file=demo.go');
    } finally {
      srv.close();
    }
  });

  it('does not fall back on a permanent (400) error', async () => {
    const srv = await openAiServer({
      status: 400,
      body: {
        error: {
          message: 'bad model',
          type: 'invalid_request_error',
          param: 'model',
          code: null,
        },
      },
    });
    try {
      const provider = new OpenAiCompatibleProvider({
        id: 'openai',
        baseURL: srv.baseURL,
        apiKey: 'k',
        model: 'nope',
      });
      const router = new LlmRouter([provider, new TemplateProvider()]);
      await expect(router.complete(goCodeRequest)).rejects.toMatchObject({
        status: 400,
        retryable: false,
        message: 'openai answered 400: bad model',
      });
    } finally {
      srv.close();
    }
  });
});
