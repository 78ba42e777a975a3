import {
  LlmCompletionRequest,
  LlmProvider,
  LlmProviderError,
  LlmStreamPart,
  LlmUsage,
} from '@internal/backstage-plugin-quantumlayer-router-node';
import { collectStream, textDeltas } from './llm-stream';
import type {
  LoopbackReply,
  LoopbackServer,
} from '@internal/quantumlayer-test-utils';

/** The provider under test: its id (which starts its messages) and how to reach it. */
interface ProviderUnderTest {
  id: string;
  providerFor(server: LoopbackServer): LlmProvider;
  request: LlmCompletionRequest;
}

/** The recorded vendor answers the error cases replay, and what each maps to. */
export interface ProviderErrorWire extends ProviderUnderTest {
  /** A credential the provider is configured with; no message may carry it. */
  secret: string;
  /** Any successful answer. */
  answer: LoopbackReply;
  /** A 429 with `retry-after: 2`. */
  rateLimited: { reply: LoopbackReply; message: string | RegExp };
  /** A retryable 5xx (overloaded, unavailable). */
  unavailable: { reply: LoopbackReply; status: number; message: string };
  /** A 400. */
  invalid: { reply: LoopbackReply; message: string };
  /** A 401 or 403 whose vendor message echoes `secret`. */
  secretEchoed: { reply: LoopbackReply; status: number; message: RegExp };
}

/**
 * The recorded vendor streams the stream cases replay. Every provider's
 * recording is the same turn: the text "I will read the tests first." in two
 * deltas, then one `read_file` tool call in three.
 */
export interface ProviderStreamWire extends ProviderUnderTest {
  /** The whole recorded stream. */
  recorded: {
    reply: LoopbackReply;
    /** The request body the provider sends for `request`. */
    body: unknown;
    /** More of the recorded call to match (path, headers). */
    call?: object;
    toolCallId: string;
    usage: LlmUsage;
    model: string;
  };
  /** The recording, its connection dropped after the second text delta. */
  cut: LoopbackReply;
  /** The recording without its stop event, which is named. */
  withoutStop: { reply: LoopbackReply; event: string };
  /** The recording's first text delta, then the vendor's error event. */
  errorEvent: { reply: LoopbackReply; error: object };
}

/**
 * One case of a table: a title and its assertions against the loopback
 * server (each test file runs them with `it.each(cases)('$title', …)`).
 */
export interface ProviderCase {
  title: string;
  check(server: LoopbackServer): Promise<void>;
}

const matching = (message: string | RegExp) =>
  typeof message === 'string' ? message : expect.stringMatching(message);

const failureOf = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    error => error as LlmProviderError,
  );

/** How every provider maps vendor errors, resets and aborts. */
export const providerErrorCases = (w: ProviderErrorWire): ProviderCase[] => [
  {
    title:
      'maps a 429 to a retryable error with Retry-After, without SDK retries',
    check: async server => {
      server.reply(w.rateLimited.reply);

      const error = await failureOf(w.providerFor(server).complete(w.request));

      expect(error).toBeInstanceOf(LlmProviderError);
      expect(error).toMatchObject({
        provider: w.id,
        status: 429,
        retryable: true,
        retryAfterMs: 2000,
        message: matching(w.rateLimited.message),
      });
      expect(server.calls).toHaveLength(1);
    },
  },
  {
    title: `maps a ${w.unavailable.status} to a retryable error, also when a stream starts`,
    check: async server => {
      server.reply(w.unavailable.reply);

      const { parts, error } = await collectStream(
        w.providerFor(server).stream!(w.request),
      );

      expect(parts).toEqual([]);
      expect(error).toMatchObject({
        status: w.unavailable.status,
        retryable: true,
        message: w.unavailable.message,
      });
      expect(server.calls).toHaveLength(1);
    },
  },
  {
    title: 'maps a 400 to a permanent error',
    check: async server => {
      server.reply(w.invalid.reply);

      const error = await failureOf(w.providerFor(server).complete(w.request));

      expect(error).toMatchObject({
        status: 400,
        retryable: false,
        message: w.invalid.message,
      });
      expect(error.retryAfterMs).toBeUndefined();
    },
  },
  {
    title: `maps a ${w.secretEchoed.status} to a permanent error that never carries the credentials, even when the vendor echoes them`,
    check: async server => {
      server.reply(w.secretEchoed.reply);

      const error = await failureOf(w.providerFor(server).complete(w.request));

      expect(error).toMatchObject({
        status: w.secretEchoed.status,
        retryable: false,
      });
      expect(error.message).toMatch(w.secretEchoed.message);
      expect(error.message).not.toContain(w.secret);
      expect(error.message).toContain('[redacted]');
    },
  },
  {
    title: 'maps a reset connection to a retryable error without status',
    check: async server => {
      server.reply({ type: 'reset' });

      const error = await failureOf(w.providerFor(server).complete(w.request));

      expect(error).toBeInstanceOf(LlmProviderError);
      expect(error.status).toBeUndefined();
      expect(error.retryable).toBe(true);
      expect(error.message).not.toContain(w.secret);
      expect(server.calls).toHaveLength(1);
    },
  },
  {
    title: 'passes the abort signal through',
    check: async server => {
      server.reply(w.answer);
      const controller = new AbortController();
      controller.abort();

      const error = await failureOf(
        w
          .providerFor(server)
          .complete({ ...w.request, abortSignal: controller.signal }),
      );

      expect(error).toMatchObject({
        retryable: false,
        message: `${w.id} request was aborted by the caller`,
      });
    },
  },
];

/** The parts every provider's recorded stream maps to. */
export function recordedParts(
  recorded: ProviderStreamWire['recorded'],
): LlmStreamPart[] {
  return [
    ...textDeltas('I will read', ' the tests first.'),
    {
      type: 'tool-call-delta',
      index: 0,
      id: recorded.toolCallId,
      name: 'read_file',
      argumentsDelta: '',
    },
    { type: 'tool-call-delta', index: 0, argumentsDelta: '{"path": "tests/' },
    {
      type: 'tool-call-delta',
      index: 0,
      argumentsDelta: 'test_word_count.py"}',
    },
    {
      type: 'finish',
      finishReason: 'tool-calls',
      usage: recorded.usage,
      model: recorded.model,
    },
  ];
}

/** How every provider streams, and how its streams break. */
export const providerStreamCases = (w: ProviderStreamWire): ProviderCase[] => [
  {
    title: 'streams parts as the events arrive and ends with one finish part',
    check: async server => {
      server.reply(w.recorded.reply);

      const { parts, error } = await collectStream(
        w.providerFor(server).stream!(w.request),
      );

      expect(error).toBeUndefined();
      expect(server.calls[0]).toMatchObject(w.recorded.call ?? {});
      expect(server.calls[0].body).toEqual(w.recorded.body);
      expect(parts).toEqual(recordedParts(w.recorded));
    },
  },
  {
    title:
      'throws a retryable error after the parts already sent when the connection drops',
    check: async server => {
      server.reply(w.cut);

      const { parts, error } = await collectStream(
        w.providerFor(server).stream!(w.request),
      );

      expect(parts).toEqual(textDeltas('I will read', ' the tests first.'));
      expect(error).toBeInstanceOf(LlmProviderError);
      expect(error).toMatchObject({ provider: w.id, retryable: true });
      expect(error!.status).toBeUndefined();
      expect(error!.message).toMatch(
        new RegExp(`^${w.id} stream was cut before it finished \\(\\w`),
      );
    },
  },
  {
    title: `throws when the response ends cleanly but without ${w.withoutStop.event}`,
    check: async server => {
      server.reply(w.withoutStop.reply);

      const { parts, error } = await collectStream(
        w.providerFor(server).stream!(w.request),
      );

      expect(parts.map(p => p.type)).toEqual([
        'text-delta',
        'text-delta',
        'tool-call-delta',
        'tool-call-delta',
        'tool-call-delta',
      ]);
      expect(error).toBeInstanceOf(LlmProviderError);
      expect(error).toMatchObject({
        retryable: true,
        message: `${w.id} stream was cut before it finished (the response ended without ${w.withoutStop.event})`,
      });
    },
  },
  {
    title: 'maps an error event inside a stream by its type',
    check: async server => {
      server.reply(w.errorEvent.reply);

      const { parts, error } = await collectStream(
        w.providerFor(server).stream!(w.request),
      );

      expect(parts).toEqual(textDeltas('I will read'));
      expect(error).toMatchObject(w.errorEvent.error);
    },
  },
];
