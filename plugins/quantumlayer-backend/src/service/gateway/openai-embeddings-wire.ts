import { z } from 'zod/v4';
import type { EmbeddingRequest, RoutedEmbedding } from '../../llm/router-types';
import { routeExtension } from './openai-wire';

/**
 * The part of OpenAI's embeddings request this gateway serves: text input
 * (one string or a list), `encoding_format` (the openai SDKs ask for base64
 * by default) and `dimensions`. Token-array input is refused.
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

export type OpenAiEmbeddingRequest = z.infer<
  typeof openAiEmbeddingRequestSchema
>;

/** OpenAI wire request → the router's request. */
export function fromOpenAiEmbeddingRequest(
  body: OpenAiEmbeddingRequest,
): EmbeddingRequest {
  return {
    model: body.model,
    input: typeof body.input === 'string' ? [body.input] : body.input,
    dimensions: body.dimensions ?? undefined,
  };
}

/** Little-endian float32s in base64, as OpenAI sends them. */
function toBase64(vector: number[]): string {
  return Buffer.from(new Float32Array(vector).buffer).toString('base64');
}

/** The router's embeddings → OpenAI's `list` of `embedding` objects. */
export function toOpenAiEmbeddingResponse(
  result: RoutedEmbedding,
  encoding: 'float' | 'base64',
) {
  return {
    object: 'list',
    data: result.embeddings.map((vector, index) => ({
      object: 'embedding',
      index,
      embedding: encoding === 'base64' ? toBase64(vector) : vector,
    })),
    model: result.model,
    usage: {
      prompt_tokens: result.usage.promptTokens,
      total_tokens: result.usage.promptTokens,
    },
    x_quantumlayer: routeExtension(result.route),
  };
}
