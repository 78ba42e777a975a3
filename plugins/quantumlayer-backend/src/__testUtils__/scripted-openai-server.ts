import http from 'http';
import type { AddressInfo } from 'net';

/** A chat message as the OpenAI wire format carries it. */
export interface WireMessage {
  role: string;
  content: string;
}

/** Decides the assistant's answer from the request's messages. */
export type ChatScript = (messages: WireMessage[]) => string;

export interface ScriptedOpenAiServer {
  /** `http://127.0.0.1:<port>/v1` */
  baseUrl: string;
  /** Every request body received, in order. */
  requests: {
    model: string;
    messages: WireMessage[];
    max_tokens?: number;
    max_completion_tokens?: number;
  }[];
  close(): Promise<void>;
}

/**
 * A loopback server speaking OpenAI's `POST /v1/chat/completions` (non-streaming,
 * the exact response shape of the recorded fixtures) whose answers come from a
 * script, so a whole multi-agent run goes through the official SDK path.
 */
export async function startScriptedOpenAiServer(
  script: ChatScript,
): Promise<ScriptedOpenAiServer> {
  const requests: ScriptedOpenAiServer['requests'] = [];
  let seq = 0;
  const server = http.createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', part => parts.push(part));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: `no route ${req.url}` } }));
        return;
      }
      const body = JSON.parse(Buffer.concat(parts).toString('utf8'));
      requests.push(body);
      const content = script(body.messages);
      const promptTokens = Math.ceil(JSON.stringify(body.messages).length / 4);
      const completionTokens = Math.ceil(content.length / 4);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          id: `chatcmpl-scripted-${++seq}`,
          object: 'chat.completion',
          created: 1754563450,
          model: body.model,
          choices: [
            {
              index: 0,
              message: { role: 'assistant', content, refusal: null },
              logprobs: null,
              finish_reason: 'stop',
            },
          ],
          usage: {
            prompt_tokens: promptTokens,
            completion_tokens: completionTokens,
            total_tokens: promptTokens + completionTokens,
          },
        }),
      );
    });
  });
  await new Promise<void>(resolve =>
    server.listen(0, '127.0.0.1', () => resolve()),
  );
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    requests,
    close: () =>
      new Promise(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
