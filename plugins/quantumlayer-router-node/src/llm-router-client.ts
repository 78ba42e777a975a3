import type { LlmCompletionRequest } from './provider';
import type { CircuitState, LlmRouterStatus } from './router-status';
import type {
  CallContext,
  EmbeddingRequest,
  RoutedCompletion,
  RoutedEmbedding,
} from './router-types';

/**
 * What other plugins need of the LLM router, in process or in the router
 * role's deployment: routed completions and embeddings, and its status.
 *
 * @public
 */
export interface LlmRouterClient {
  complete(
    request: LlmCompletionRequest,
    ctx?: CallContext,
  ): Promise<RoutedCompletion>;
  embed(request: EmbeddingRequest, ctx?: CallContext): Promise<RoutedEmbedding>;
  status(): Promise<LlmRouterStatus>;
  circuits(): Promise<
    Array<{ provider: string; model: string; state: CircuitState }>
  >;
}
