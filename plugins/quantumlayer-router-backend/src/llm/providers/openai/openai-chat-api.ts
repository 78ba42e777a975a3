import { z } from 'zod/v4';

/*
 * Wire schemas for the chat-completions answers this adapter reads, limited on
 * purpose to the fields it uses. Vendors speaking the protocol (Azure, Groq,
 * vLLM, Ollama, LM Studio) differ in what they leave out, hence `.nullish()`.
 */

export const openAiUsageSchema = z.object({
  prompt_tokens: z.number().nullish(),
  completion_tokens: z.number().nullish(),
});

/** @internal */
export type OpenAiUsage = z.infer<typeof openAiUsageSchema>;

export const openAiChatResponseSchema = z.object({
  model: z.string().nullish(),
  choices: z.array(
    z.object({
      message: z.object({
        content: z.string().nullish(),
        tool_calls: z
          .array(
            z.object({
              id: z.string().nullish(),
              type: z.string().nullish(),
              function: z.object({
                name: z.string(),
                arguments: z.string().nullish(),
              }),
            }),
          )
          .nullish(),
      }),
      finish_reason: z.string().nullish(),
    }),
  ),
  usage: openAiUsageSchema.nullish(),
});

/** @internal */
export type OpenAiChatResponse = z.infer<typeof openAiChatResponseSchema>;

export const openAiChatChunkSchema = z.object({
  model: z.string().nullish(),
  choices: z
    .array(
      z.object({
        index: z.number().nullish(),
        delta: z
          .object({
            content: z.string().nullish(),
            tool_calls: z
              .array(
                z.object({
                  index: z.number().nullish(),
                  id: z.string().nullish(),
                  function: z
                    .object({
                      name: z.string().nullish(),
                      arguments: z.string().nullish(),
                    })
                    .nullish(),
                }),
              )
              .nullish(),
          })
          .nullish(),
        finish_reason: z.string().nullish(),
      }),
    )
    .nullish(),
  /** OpenAI, Azure, vLLM, Ollama: a last chunk with `choices: []` (stream_options.include_usage). */
  usage: openAiUsageSchema.nullish(),
  /** Groq also reports usage on the finishing chunk under `x_groq`. */
  x_groq: z.object({ usage: openAiUsageSchema.nullish() }).nullish(),
});

/** @internal */
export type OpenAiChatChunk = z.infer<typeof openAiChatChunkSchema>;

/** The `error` object of an error body (`{ "error": { … } }`). */
export const openAiErrorDataSchema = z.object({
  message: z.string(),
  type: z.string().nullish(),
  code: z.union([z.string(), z.number()]).nullish(),
});
