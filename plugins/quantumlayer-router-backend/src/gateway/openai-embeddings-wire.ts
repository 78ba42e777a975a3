import type { OpenAiEmbeddingRequest } from '@internal/backstage-plugin-quantumlayer-common';
import type {
  EmbeddingRequest,
  RoutedEmbedding,
} from '@internal/backstage-plugin-quantumlayer-router-node';
import { routeExtension } from './openai-wire';

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
