import type { LlmRouter } from '../llm-router';

/** Fails at start, not at the first request, when `model` cannot embed. */
export function checkEmbeddingAlias(
  router: Pick<LlmRouter, 'embeddingAliases'>,
  model: string,
  setting: string,
) {
  const aliases = router.embeddingAliases();
  if (!aliases.includes(model)) {
    throw new Error(
      `${setting} "${model}" is not an alias with an embedding target; use one of ${aliases.join(
        ', ',
      )}, or list the model under a provider's embeddingModels`,
    );
  }
}
