import { z } from 'zod/v4';

/*
 * The request bodies the LLM gateway accepts: the parts of OpenAI's and
 * Anthropic's wires it serves. The backend validates with these, and the
 * catalog module documents them (as OpenAPI) from the same schemas.
 */

const textParts = z.array(
  z.object({ type: z.literal('text'), text: z.string() }).passthrough(),
);
/** Text as a string or as text parts; other parts (images, audio) are refused. */
const content = z.union([z.string(), textParts]).nullish();

const toolCall = z.object({
  id: z.string(),
  type: z.literal('function').optional(),
  function: z.object({ name: z.string(), arguments: z.string() }),
});

const message = z.discriminatedUnion('role', [
  z.object({ role: z.literal('system'), content }),
  z.object({ role: z.literal('developer'), content }),
  z.object({ role: z.literal('user'), content }),
  z.object({
    role: z.literal('assistant'),
    content,
    tool_calls: z.array(toolCall).nullish(),
  }),
  z.object({ role: z.literal('tool'), content, tool_call_id: z.string() }),
]);

/**
 * The part of OpenAI's chat-completions request the gateway serves
 * (`POST /v1/chat/completions`).
 *
 * @public
 */
export const openAiChatRequestSchema = z.object({
  model: z
    .string()
    .min(1)
    .describe('A router alias (e.g. default) or <provider>/<model>'),
  messages: z.array(message).min(1),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  max_tokens: z.number().int().positive().nullish(),
  max_completion_tokens: z.number().int().positive().nullish(),
  stop: z.union([z.string(), z.array(z.string()).max(4)]).nullish(),
  n: z.literal(1).nullish(),
  tools: z
    .array(
      z.object({
        type: z.literal('function'),
        function: z.object({
          name: z.string(),
          description: z.string().optional(),
          parameters: z.record(z.string(), z.unknown()).optional(),
        }),
      }),
    )
    .nullish(),
  tool_choice: z
    .union([
      z.enum(['auto', 'none', 'required']),
      z.object({
        type: z.literal('function'),
        function: z.object({ name: z.string() }),
      }),
    ])
    .nullish(),
  response_format: z
    .object({ type: z.enum(['text', 'json_object']) })
    .nullish(),
  stream: z
    .boolean()
    .nullish()
    .describe('Answer as server-sent events (text/event-stream)'),
  stream_options: z.object({ include_usage: z.boolean().optional() }).nullish(),
  user: z.string().nullish(),
});

/** @public */
export type OpenAiChatRequest = z.infer<typeof openAiChatRequestSchema>;

/**
 * The part of OpenAI's embeddings request the gateway serves
 * (`POST /v1/embeddings`): text input (one string or a list),
 * `encoding_format` (the openai SDKs ask for base64 by default) and
 * `dimensions`. Token-array input is refused.
 *
 * @public
 */
export const openAiEmbeddingRequestSchema = z.object({
  model: z.string().min(1),
  input: z.union(
    [z.string().min(1), z.array(z.string().min(1)).min(1).max(2048)],
    {
      error:
        'must be a non-empty text or a list of 1 to 2048 non-empty texts (token arrays are not supported)',
    },
  ),
  encoding_format: z.enum(['float', 'base64']).nullish(),
  dimensions: z.number().int().positive().nullish(),
  user: z.string().nullish(),
});

/** @public */
export type OpenAiEmbeddingRequest = z.infer<
  typeof openAiEmbeddingRequestSchema
>;

const textBlock = z
  .object({ type: z.literal('text'), text: z.string() })
  .passthrough();
const toolUseBlock = z.object({
  type: z.literal('tool_use'),
  id: z.string(),
  name: z.string(),
  input: z.unknown(),
});
const toolResultBlock = z.object({
  type: z.literal('tool_result'),
  tool_use_id: z.string(),
  content: z.union([z.string(), z.array(textBlock)]).optional(),
  is_error: z.boolean().optional(),
});
const block = z.discriminatedUnion('type', [
  textBlock,
  toolUseBlock,
  toolResultBlock,
]);

/**
 * The part of Anthropic's Messages request the gateway serves
 * (`POST /v1/messages`).
 *
 * @public
 */
export const anthropicMessagesRequestSchema = z.object({
  model: z.string().min(1),
  max_tokens: z.number().int().positive(),
  system: z.union([z.string(), z.array(textBlock)]).optional(),
  messages: z
    .array(
      z.object({
        role: z.enum(['user', 'assistant']),
        content: z.union([z.string(), z.array(block)]),
      }),
    )
    .min(1),
  temperature: z.number().min(0).max(1).optional(),
  top_p: z.number().min(0).max(1).optional(),
  stop_sequences: z.array(z.string()).optional(),
  tools: z
    .array(
      z.object({
        name: z.string(),
        description: z.string().optional(),
        input_schema: z.record(z.string(), z.unknown()),
      }),
    )
    .optional(),
  tool_choice: z
    .discriminatedUnion('type', [
      z.object({ type: z.literal('auto') }).passthrough(),
      z.object({ type: z.literal('any') }).passthrough(),
      z.object({ type: z.literal('none') }).passthrough(),
      z.object({ type: z.literal('tool'), name: z.string() }).passthrough(),
    ])
    .optional(),
  stream: z.boolean().optional(),
  metadata: z.object({ user_id: z.string().nullish() }).optional(),
});

/** @public */
export type AnthropicMessagesRequest = z.infer<
  typeof anthropicMessagesRequestSchema
>;
