import type {
  EmbeddingRequest,
  LlmCompletionRequest,
  LlmRouterClient,
  CallContext,
} from '@internal/backstage-plugin-quantumlayer-router-node';

/**
 * Hands the router plugin's in-process router to the other plugins of the
 * same backend (through `llmRouterServiceRef`). Plugins start in parallel,
 * so the client it gives waits for the router on each call; if the router
 * plugin fails to start, calls fail with its error.
 */
export class LocalRouterSlot {
  private settle!: {
    resolve(router: LlmRouterClient): void;
    reject(error: Error): void;
  };
  private readonly router = new Promise<LlmRouterClient>((resolve, reject) => {
    this.settle = { resolve, reject };
  });

  constructor() {
    // Nobody may ever call: no unhandled rejection for a failed start.
    this.router.catch(() => {});
  }

  set(router: LlmRouterClient) {
    this.settle.resolve(router);
  }

  fail(error: Error) {
    this.settle.reject(error);
  }

  /** The in-process router, once the router plugin has built it. */
  client(): LlmRouterClient {
    const ready = this.router;
    return {
      complete: async (request: LlmCompletionRequest, ctx?: CallContext) =>
        (await ready).complete(request, ctx),
      embed: async (request: EmbeddingRequest, ctx?: CallContext) =>
        (await ready).embed(request, ctx),
      status: async () => (await ready).status(),
      circuits: async () => (await ready).circuits(),
    };
  }
}
