import {
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { EXAMPLE_GENERATE_REQUEST } from '@internal/backstage-plugin-quantumlayer-common';
import { startScriptedServer } from '../__testUtils__/fake-quantumlayer-server';
import { createGenerateAction } from './generate';

describe('quantumlayer:generate tracing', () => {
  const spans = new InMemorySpanExporter();
  const provider = new NodeTracerProvider({
    spanProcessors: [new SimpleSpanProcessor(spans)],
  });
  beforeAll(() => provider.register());
  afterAll(() => provider.shutdown());

  it('starts the run in a span naming the task, and sends its trace context with the start', async () => {
    const server = await startScriptedServer({
      files: { 'README.md': '# TestProject\n' },
      runningPolls: 1,
    });
    try {
      const action = createGenerateAction({
        api: server.api,
        limits: { maxFileBytes: 1024, maxTotalBytes: 4096 },
        pollIntervalMs: 5,
        timeoutMs: 10_000,
      });
      await action.handler({
        ...createMockActionContext({
          input: EXAMPLE_GENERATE_REQUEST,
          task: { id: 'task-9' },
        }),
        step: { id: 'gen' },
      });
      const [span] = spans
        .getFinishedSpans()
        .filter(s => s.name === 'quantumlayer:generate');
      expect(span.attributes).toEqual({
        'backstage.scaffolder.task_id': 'task-9',
        'quantumlayer.workflow_id': 'ql-task-9-gen',
      });
      const start = server.calls.find(
        c => c.path === '/v1/workflows/generate-extended',
      )!;
      const { traceId, spanId } = span.spanContext();
      expect(start.headers.traceparent).toBe(`00-${traceId}-${spanId}-01`);
    } finally {
      server.close();
    }
  });
});
