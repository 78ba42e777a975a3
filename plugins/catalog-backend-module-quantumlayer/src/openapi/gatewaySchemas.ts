import { z } from 'zod';

/*
 * The answers of the LLM gateway, for its OpenAPI document: the parts of the
 * OpenAI and Anthropic wires it sends. The request bodies are the schemas the
 * gateway validates with, from quantumlayer-common.
 */

const usage = z.object({
  prompt_tokens: z.number().int(),
  completion_tokens: z.number().int().optional(),
  total_tokens: z.number().int(),
});

/** Response schemas, by component name. */
export const gatewayResponseSchemas = {
  ChatCompletion: z.object({
    id: z.string(),
    object: z.literal('chat.completion'),
    created: z.number().int(),
    model: z.string(),
    choices: z.array(
      z.object({
        index: z.number().int(),
        message: z.object({
          role: z.literal('assistant'),
          content: z.string().nullable(),
          tool_calls: z.array(z.record(z.unknown())).optional(),
        }),
        finish_reason: z.string(),
      }),
    ),
    usage,
  }),
  EmbeddingList: z.object({
    object: z.literal('list'),
    data: z.array(
      z.object({
        object: z.literal('embedding'),
        index: z.number().int(),
        embedding: z.union([z.array(z.number()), z.string()]),
      }),
    ),
    model: z.string(),
    usage,
  }),
  ModelList: z.object({
    object: z.literal('list'),
    data: z.array(
      z.object({
        id: z.string(),
        object: z.literal('model'),
        created: z.number().int(),
        owned_by: z.string(),
      }),
    ),
  }),
  Message: z.object({
    id: z.string(),
    type: z.literal('message'),
    role: z.literal('assistant'),
    model: z.string(),
    content: z.array(z.record(z.unknown())),
    stop_reason: z.string().nullable(),
    usage: z.object({
      input_tokens: z.number().int(),
      output_tokens: z.number().int(),
    }),
  }),
  OpenAiError: z.object({
    error: z.object({
      message: z.string(),
      type: z.string(),
      param: z.string().nullable(),
      code: z.string().nullable(),
    }),
  }),
  AnthropicError: z.object({
    type: z.literal('error'),
    error: z.object({ type: z.string(), message: z.string() }),
  }),
};
