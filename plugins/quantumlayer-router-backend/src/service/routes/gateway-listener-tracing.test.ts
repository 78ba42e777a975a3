import {
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { SpanKind } from '@opentelemetry/api';
import {
  GatewayTestBackend,
  answerText,
  startGatewayTestBackend,
} from '../../__testUtils__/gateway-test-backend';
import textAnswer from '../../llm/providers/openai/__fixtures__/openai-text.json';

jest.setTimeout(60_000);

// A tracer as instrumentation.js registers in production, spans kept in memory.
const spans = new InMemorySpanExporter();
new NodeTracerProvider({
  spanProcessors: [new SimpleSpanProcessor(spans)],
}).register();

let gateway: GatewayTestBackend;

beforeAll(async () => {
  gateway = await startGatewayTestBackend();
});

afterAll(() => gateway?.stop());

describe('dedicated gateway listener tracing', () => {
  it("traces each call itself: a server span continuing the caller's trace, then llm.complete", async () => {
    gateway.upstream.reply({ type: 'json', body: textAnswer });
    spans.reset();
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const callerSpan = '00f067aa0ba902b7';

    const res = await fetch(
      `http://127.0.0.1:${gateway.listenerPort}/v1/chat/completions`,
      {
        method: 'POST',
        headers: {
          authorization: `Bearer ${gateway.token}`,
          'content-type': 'application/json',
          traceparent: `00-${traceId}-${callerSpan}-01`,
        },
        body: JSON.stringify({
          model: 'smart',
          messages: [{ role: 'user', content: 'traced' }],
        }),
      },
    );
    expect(res.status).toBe(200);
    expect((await res.json()).choices[0].message.content).toBe(answerText);
    expect(res.headers.get('x-quantumlayer-trace-id')).toBe(traceId);

    // The server span ends when the response closes, just after the body.
    for (let i = 0; i < 50 && spans.getFinishedSpans().length < 2; i++) {
      await new Promise(r => setTimeout(r, 20));
    }
    const finished = spans
      .getFinishedSpans()
      .filter(s => s.spanContext().traceId === traceId);
    const server = finished.find(s => s.kind === SpanKind.SERVER)!;
    expect(server).toMatchObject({
      name: 'POST /v1/chat/completions',
      parentSpanId: callerSpan,
      attributes: {
        'http.request.method': 'POST',
        'url.path': '/v1/chat/completions',
        'http.response.status_code': 200,
      },
    });
    const call = finished.find(s => s.name === 'llm.complete')!;
    expect(call.parentSpanId).toBe(server.spanContext().spanId);
    expect(call.attributes).toMatchObject({
      'llm.alias': 'smart',
      'llm.cached': false,
    });
    // Nothing else: no generic HTTP spans, and never the prompt or answer.
    expect(finished.map(s => s.name).sort()).toEqual([
      'POST /v1/chat/completions',
      'llm.complete',
    ]);
    expect(JSON.stringify(finished.map(s => s.attributes))).not.toContain(
      'traced',
    );
  });
});
