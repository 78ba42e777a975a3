import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';
import { EXAMPLE_GENERATE_REQUEST } from '@internal/backstage-plugin-quantumlayer-common';
import { ArtifactStore } from '../artifacts/artifact-store';
import { VectorIndex } from '../artifacts/vector-index';
import { LlmRouter } from '../llm/llm-router';
import { TemplateProvider } from '../llm/providers/template/template-provider';
import { PromptRegistry } from '../prompts/prompt-registry';
import { createActivities } from '../workflows/activities';

/** A logger that drops everything (tests assert on results, not logs). */
export const quietLogger: LoggerService = {
  info() {},
  warn() {},
  error() {},
  debug() {},
  child: () => quietLogger,
};

/** The real activities on a migrated database, with the template provider. */
export function realActivities(
  knex: Knex,
  logger: LoggerService = quietLogger,
) {
  const store = new ArtifactStore(knex);
  return {
    store,
    activities: createActivities({
      store,
      index: new VectorIndex(knex),
      router: new LlmRouter({ providers: [new TemplateProvider()] }),
      prompts: new PromptRegistry(),
      logger,
      testRun: { timeoutMs: 60_000, maxOutputBytes: 64 * 1024 },
    }),
  };
}

export const seedRequest = EXAMPLE_GENERATE_REQUEST;
