import { z } from 'zod/v4';

/*
 * The embeddings answer this adapter reads, limited to the fields it uses.
 * `embedding` is a float list (`encoding_format: float`, which the adapter
 * asks for) or base64 of little-endian float32s, which some servers send
 * regardless.
 */
export const openAiEmbeddingResponseSchema = z.object({
  model: z.string().nullish(),
  data: z.array(
    z.object({
      index: z.number().int().nullish(),
      embedding: z.union([z.array(z.number()), z.string()]),
    }),
  ),
  usage: z.object({ prompt_tokens: z.number().nullish() }).nullish(),
});

/** @internal */
export type OpenAiEmbeddingResponse = z.infer<
  typeof openAiEmbeddingResponseSchema
>;

/** Base64 of little-endian float32s → numbers. */
export function decodeFloat32Base64(text: string): number[] {
  const bytes = Buffer.from(text, 'base64');
  const floats = new Float32Array(
    bytes.buffer,
    bytes.byteOffset,
    Math.floor(bytes.length / 4),
  );
  return Array.from(floats);
}

/** The vectors of an answer, in input order (by `index` when given). */
export function convertOpenAiEmbeddings(
  response: OpenAiEmbeddingResponse,
): number[][] {
  return [...response.data]
    .map((item, position) => ({ item, position }))
    .sort((a, b) => (a.item.index ?? a.position) - (b.item.index ?? b.position))
    .map(({ item }) =>
      typeof item.embedding === 'string'
        ? decodeFloat32Base64(item.embedding)
        : item.embedding,
    );
}
