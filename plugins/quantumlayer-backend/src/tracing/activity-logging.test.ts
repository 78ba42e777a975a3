import { context, trace } from '@opentelemetry/api';
import {
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Context as ActivityContext } from '@temporalio/activity';
import type { ActivityExecuteInput } from '@temporalio/worker';
import { ActivityLoggingInterceptor } from './activity-logging';

/** A logger that keeps each line with the fields of its child chain. */
function capturingLogger(
  lines: Array<{ level: string; message: string; fields: object }>,
  fields: object = {},
): LoggerService {
  const at = (level: string) => (message: string, meta?: object) =>
    lines.push({ level, message, fields: { ...fields, ...meta } });
  return {
    error: at('error'),
    warn: at('warn'),
    info: at('info'),
    debug: at('debug'),
    child: meta => capturingLogger(lines, { ...fields, ...meta }),
  };
}

const activity = {
  info: {
    activityType: 'planProject',
    attempt: 2,
    workflowExecution: { workflowId: 'ql-task-7-generate', runId: 'run-1' },
  },
} as unknown as ActivityContext;

const input = {
  args: [{ prompt: 'secret prompt text' }],
} as unknown as ActivityExecuteInput;

describe('ActivityLoggingInterceptor', () => {
  const provider = new NodeTracerProvider({
    spanProcessors: [new SimpleSpanProcessor(new InMemorySpanExporter())],
  });
  beforeAll(() => provider.register());
  afterAll(() => provider.shutdown());

  it('logs a completed activity with its correlation ids, inside its span, and never its input', async () => {
    const lines: Array<{ level: string; message: string; fields: object }> = [];
    const interceptor = new ActivityLoggingInterceptor(
      activity,
      capturingLogger(lines),
    );
    const span = trace.getTracer('test').startSpan('RunActivity:planProject');
    const result = await context.with(
      trace.setSpan(context.active(), span),
      () => interceptor.execute(input, async () => ({ planned: true })),
    );
    span.end();
    expect(result).toEqual({ planned: true });
    expect(lines).toEqual([
      {
        level: 'info',
        message: expect.stringMatching(
          /^activity planProject completed in \d+ ms$/,
        ),
        fields: {
          workflowId: 'ql-task-7-generate',
          runId: 'run-1',
          activity: 'planProject',
          attempt: 2,
          traceId: span.spanContext().traceId,
        },
      },
    ]);
    expect(JSON.stringify(lines)).not.toContain('secret prompt text');
  });

  it('logs a failure as a warning with the reason, and rethrows it', async () => {
    const lines: Array<{ level: string; message: string; fields: object }> = [];
    const interceptor = new ActivityLoggingInterceptor(
      activity,
      capturingLogger(lines),
    );
    await expect(
      interceptor.execute(input, async () => {
        throw new Error('router unreachable');
      }),
    ).rejects.toThrow('router unreachable');
    expect(lines).toEqual([
      {
        level: 'warn',
        message: 'activity planProject failed (attempt 2): router unreachable',
        fields: expect.objectContaining({ workflowId: 'ql-task-7-generate' }),
      },
    ]);
  });
});
