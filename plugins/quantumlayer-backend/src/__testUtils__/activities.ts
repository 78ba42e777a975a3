import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';
import { EXAMPLE_GENERATE_REQUEST } from '@internal/backstage-plugin-quantumlayer-common';
import { ArtifactStore } from '../artifacts/artifact-store';
import { VectorIndex } from '../artifacts/vector-index';
import { createStandaloneLlmRouter } from '@internal/backstage-plugin-quantumlayer-router-backend';
import { createTemplateProvider } from '../offline-template/create-template-provider';
import type { LlmRouterClient } from '@internal/backstage-plugin-quantumlayer-router-node';
import { PromptStore } from '../prompts/prompt-store';
import type { Sandbox } from '../sandbox/sandbox';
import { createActivities } from '../workflows/activities';

/** A logger that drops everything (tests assert on results, not logs). */
export const quietLogger: LoggerService = {
  info() {},
  warn() {},
  error() {},
  debug() {},
  child: () => quietLogger,
};

/**
 * The real activities on a migrated database (prompt seeds written), with
 * the template provider unless another router is given, and the default
 * sandbox unless another is given.
 */
export async function realActivities(
  knex: Knex,
  logger: LoggerService = quietLogger,
  router: LlmRouterClient = createStandaloneLlmRouter({
    providers: [createTemplateProvider()],
  }),
  sandbox?: Sandbox,
) {
  const store = new ArtifactStore(knex);
  const prompts = new PromptStore(knex, logger);
  await prompts.seed();
  return {
    store,
    prompts,
    activities: createActivities({
      store,
      index: new VectorIndex(knex),
      router,
      prompts,
      logger,
      testRun: { timeoutMs: 60_000, maxOutputBytes: 64 * 1024 },
      sandbox,
    }),
  };
}

export const seedRequest = EXAMPLE_GENERATE_REQUEST;
