import type { LlmToolCall } from '@internal/backstage-plugin-quantumlayer-router-node';
import { z } from 'zod/v4';
import { InvalidLlmRequestError } from './invalid-request';

const toolArgumentsSchema = z.record(z.string(), z.unknown());

/**
 * Tool call arguments are JSON text; APIs that take the object (Anthropic's
 * Messages, Bedrock's Converse) get it parsed. Empty text is `{}`. The error
 * names the call but never echoes its arguments.
 */
export function parseToolArguments(call: LlmToolCall): Record<string, unknown> {
  let value: unknown;
  try {
    value = call.arguments.trim() === '' ? {} : JSON.parse(call.arguments);
  } catch {
    throw new InvalidLlmRequestError(
      `tool call ${call.id} (${call.name}) has arguments that are not valid JSON`,
    );
  }
  const parsed = toolArgumentsSchema.safeParse(value);
  if (!parsed.success) {
    throw new InvalidLlmRequestError(
      `tool call ${call.id} (${call.name}) has arguments that are not a JSON object`,
    );
  }
  return parsed.data;
}
