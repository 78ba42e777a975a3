import type { LlmProvider } from '@internal/backstage-plugin-quantumlayer-router-node';
import { TemplateProvider } from './template-provider';

/**
 * The offline template provider (`provider: template`) on its own: answers
 * the steps of a code-generation run from their `codegen.*` labels,
 * deterministically and without a network; for tools and tests that build a
 * router without a backend.
 *
 * @public
 */
export function createTemplateProvider(): LlmProvider {
  return new TemplateProvider();
}
