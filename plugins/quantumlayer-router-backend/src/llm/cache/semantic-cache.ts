import { createHash } from 'crypto';
import { z } from 'zod/v4';
import type {
  LlmCompletion,
  LlmCompletionRequest,
  TextEmbedder,
} from '@internal/backstage-plugin-quantumlayer-router-node';
import type { VectorStore } from '@internal/backstage-plugin-quantumlayer-node';
import { canonical } from '@internal/backstage-plugin-quantumlayer-common';
import { answerSettings } from './cache-key';
import type { SemanticCache } from './response-cache';

/** What `quantumlayer.router.semanticCache` sets. */
export interface SemanticCacheSettings {
  /** Cosine similarity a stored prompt needs to answer. Default 0.95. */
  minScore: number;
  /** How long an answer may be served. Default 3600. */
  ttlSeconds: number;
}

/** The stored completion, read back with a schema (it crosses a store). */
const storedCompletionSchema = z.object({
  text: z.string(),
  toolCalls: z
    .array(
      z.object({ id: z.string(), name: z.string(), arguments: z.string() }),
    )
    .optional(),
  provider: z.string(),
  model: z.string(),
  usage: z.object({ promptTokens: z.number(), completionTokens: z.number() }),
  finishReason: z.enum([
    'stop',
    'length',
    'tool-calls',
    'content-filter',
    'error',
    'other',
  ]),
});

/** The last user message, whose nearness decides; undefined when there is none. */
function splitPrompt(request: LlmCompletionRequest) {
  let last = -1;
  request.messages.forEach((m, i) => {
    if (m.role === 'user') last = i;
  });
  if (last < 0 || !request.messages[last].content.trim()) return undefined;
  return {
    prompt: request.messages[last].content,
    context: request.messages.filter((_, i) => i !== last),
  };
}

/**
 * Everything but the last user message that shapes an answer: the other
 * messages (system prompt, history), sampling, tools, format and the
 * request's labels. Only requests with the same shape may share answers.
 */
function shapeOf(request: LlmCompletionRequest, context: unknown) {
  return createHash('sha256')
    .update(canonical({ context, ...answerSettings(request) }))
    .digest('hex');
}

/**
 * The router's semantic cache on the vector store's `prompts` collection:
 * the last user message is embedded, and the nearest stored prompt of the
 * same caller scope, alias and request shape answers when its cosine similarity reaches
 * `minScore` and its answer is younger than `ttlSeconds`. Expired entries
 * found on the way are deleted. The router treats any failure here as a miss.
 */
export class VectorSemanticCache implements SemanticCache {
  /** The prompt vector of a request, so a miss is not embedded twice. */
  private readonly vectors = new WeakMap<LlmCompletionRequest, number[]>();
  private ready?: Promise<void>;

  constructor(
    private readonly deps: {
      store: VectorStore;
      embedder: TextEmbedder;
      settings: SemanticCacheSettings;
      collection?: string;
      now?: () => number;
    },
  ) {}

  private get collection() {
    return this.deps.collection ?? 'prompts';
  }

  async lookup(
    alias: string,
    request: LlmCompletionRequest,
    scope: string,
  ): Promise<LlmCompletion | undefined> {
    const split = splitPrompt(request);
    if (!split) return undefined;
    const vector = await this.vectorOf(request, split.prompt);
    const matches = await this.deps.store.search(this.collection, vector, {
      limit: 3,
      minScore: this.deps.settings.minScore,
      filter: { scope, alias, shape: shapeOf(request, split.context) },
    });
    const now = this.now();
    const expired = matches.filter(m => Number(m.payload.expiresAt) <= now);
    if (expired.length) {
      await this.deps.store.delete(
        this.collection,
        expired.map(m => m.id),
      );
    }
    const hit = matches.find(m => Number(m.payload.expiresAt) > now);
    if (!hit) return undefined;
    const stored = storedCompletionSchema.safeParse(
      JSON.parse(String(hit.payload.completion)),
    );
    return stored.success ? stored.data : undefined;
  }

  async remember(
    alias: string,
    request: LlmCompletionRequest,
    completion: LlmCompletion,
    scope: string,
  ): Promise<void> {
    const split = splitPrompt(request);
    if (!split) return;
    const vector = await this.vectorOf(request, split.prompt);
    const shape = shapeOf(request, split.context);
    const id = createHash('sha256')
      .update(canonical({ scope, alias, shape, prompt: split.prompt }))
      .digest('hex');
    await this.deps.store.upsert(this.collection, [
      {
        id,
        vector,
        payload: {
          scope,
          alias,
          shape,
          expiresAt: this.now() + this.deps.settings.ttlSeconds * 1000,
          completion: JSON.stringify(completion),
        },
      },
    ]);
  }

  private now() {
    return (this.deps.now ?? Date.now)();
  }

  private async vectorOf(request: LlmCompletionRequest, prompt: string) {
    let vector = this.vectors.get(request);
    if (!vector) {
      [vector] = await this.deps.embedder.embed([prompt]);
      this.vectors.set(request, vector);
    }
    if (!this.ready) {
      this.ready = this.deps.store.ensureCollection(
        this.collection,
        vector.length,
        { keywordFields: ['scope', 'alias', 'shape'] },
      );
      this.ready.catch(() => {
        this.ready = undefined;
      });
    }
    await this.ready;
    return vector;
  }
}
