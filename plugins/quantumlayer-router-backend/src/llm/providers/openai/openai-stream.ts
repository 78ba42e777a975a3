import type {
  LlmFinishReason,
  LlmStreamPart,
  LlmUsage,
} from '@internal/backstage-plugin-quantumlayer-router-node';
import { abortedError, streamCutError } from '../shared/provider-errors';
import { convertOpenAiUsage } from './convert-openai-usage';
import { OpenAiChatChunk, openAiChatChunkSchema } from './openai-chat-api';
import {
  invalidResponseError,
  OpenAiErrorContext,
  toOpenAiProviderError,
} from './openai-error';
import { mapOpenAiFinishReason } from './map-openai-finish-reason';

/** What one chunk contributes: its deltas, and the stream's closing facts. */
export interface ConvertedOpenAiChunk {
  /** Text and tool-call deltas, in wire order. */
  parts: LlmStreamPart[];
  finishReason?: LlmFinishReason;
  usage?: LlmUsage;
  model?: string;
}

/**
 * Converts one chunk. Only the first choice counts (requests never set `n`);
 * empty text deltas (the opening `role` chunk) are dropped. Pure.
 */
export function convertOpenAiChatChunk(
  chunk: OpenAiChatChunk,
): ConvertedOpenAiChunk {
  const choice = chunk.choices?.find(c => (c.index ?? 0) === 0);
  const parts: LlmStreamPart[] = [];
  if (choice?.delta?.content) {
    parts.push({ type: 'text-delta', text: choice.delta.content });
  }
  choice?.delta?.tool_calls?.forEach((call, position) => {
    parts.push({
      type: 'tool-call-delta',
      index: call.index ?? position,
      ...(call.id ? { id: call.id } : {}),
      ...(call.function?.name ? { name: call.function.name } : {}),
      argumentsDelta: call.function?.arguments ?? '',
    });
  });
  const usage = chunk.usage ?? chunk.x_groq?.usage;
  return {
    parts,
    ...(choice?.finish_reason
      ? { finishReason: mapOpenAiFinishReason(choice.finish_reason) }
      : {}),
    ...(usage ? { usage: convertOpenAiUsage(usage) } : {}),
    ...(chunk.model ? { model: chunk.model } : {}),
  };
}

/**
 * Turns the SDK's chunk stream into parts as they arrive, then exactly one
 * `finish` carrying the finish reason and the usage of the final usage
 * chunk. A stream that drops, or ends without any finish reason, throws a
 * retryable LlmProviderError after the parts already yielded.
 */
export async function* toLlmStreamParts(
  chunks: AsyncIterable<unknown>,
  context: Omit<OpenAiErrorContext, 'phase'>,
): AsyncGenerator<LlmStreamPart, void, undefined> {
  const { provider, abortSignal } = context;
  let finishReason: LlmFinishReason | undefined;
  let usage: LlmUsage | undefined;
  let model: string | undefined;
  try {
    for await (const raw of chunks) {
      if (abortSignal?.aborted)
        throw abortedError(provider, abortSignal.reason);
      const parsed = openAiChatChunkSchema.safeParse(raw);
      if (!parsed.success) throw invalidResponseError(provider, parsed.error);
      const converted = convertOpenAiChatChunk(parsed.data);
      finishReason = converted.finishReason ?? finishReason;
      usage = converted.usage ?? usage;
      model = converted.model ?? model;
      for (const part of converted.parts) yield part;
    }
  } catch (error) {
    throw toOpenAiProviderError(error, { ...context, phase: 'stream' });
  }
  // The SDK ends its iterator quietly when the request is aborted.
  if (abortSignal?.aborted) throw abortedError(provider, abortSignal.reason);
  if (!finishReason) {
    throw streamCutError(provider, 'it ended without a finish reason');
  }
  yield {
    type: 'finish',
    finishReason,
    ...(usage ? { usage } : {}),
    ...(model ? { model } : {}),
  };
}
