import fs from 'fs';
import path from 'path';
import type {
  LlmProviderError,
  LlmStreamPart,
} from '@internal/backstage-plugin-quantumlayer-router-node';

/** What a provider stream yielded, and the error it ended with, if any. */
export interface CollectedStream {
  parts: LlmStreamPart[];
  error?: LlmProviderError;
}

/**
 * Reads a provider stream to its end. A stream that throws still returns the
 * parts sent before the error, so tests can assert both.
 */
export async function collectStream(
  stream: AsyncIterable<LlmStreamPart>,
): Promise<CollectedStream> {
  const parts: LlmStreamPart[] = [];
  try {
    for await (const part of stream) parts.push(part);
    return { parts, error: undefined };
  } catch (error) {
    return { parts, error: error as LlmProviderError };
  }
}

/** The `text-delta` parts that spell out `texts`, one part each. */
export function textDeltas(...texts: string[]): LlmStreamPart[] {
  return texts.map(text => ({ type: 'text-delta', text }));
}

/**
 * A recorded stream body (`__fixtures__/<name>`, e.g. `openai-text.chunks.txt`)
 * beside the test in `dir`, as text.
 */
export function recordedStream(dir: string, name: string): string {
  return fs.readFileSync(path.join(dir, '__fixtures__', name), 'utf8');
}
