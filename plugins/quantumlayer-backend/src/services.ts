import type {
  DatabaseService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type { HealthCheck } from '@internal/backstage-plugin-quantumlayer-node';
import {
  CallerClaims,
  type LlmRouterClient,
  readEmbeddingSettings,
  retrievalEmbedder,
} from '@internal/backstage-plugin-quantumlayer-router-node';
import {
  ArtifactStore,
  DEFAULT_ARTIFACT_LIMITS,
} from './artifacts/artifact-store';
import { VectorIndex } from './artifacts/vector-index';
import {
  createVectorStore,
  databaseCheck,
  HealthMonitor,
  llmRouterCheck,
  observeMetricSources,
  type VectorStore,
  vectorStoreCheck,
} from '@internal/backstage-plugin-quantumlayer-node';
import { sandboxCheck } from './health/checks/sandbox-check';
import { temporalCheck } from './health/checks/temporal-check';
import { createPlatformPosture } from './platform/platform-posture';
import { readCheckerPoolSettings, SyntaxCheckers } from './parser/languages';
import { PromptStore } from './prompts/prompt-store';
import { planParts, type QuantumlayerPart } from './roles/parts';
import { Sandbox } from './sandbox/sandbox';
import { readTemporalSettings } from './temporal/temporal-settings';
import { createActivities } from './workflows/activities';
import { GenerateWorkflowClient } from './workflows/client';
import { WorkerRunner } from './workflows/worker-runner';

/**
 * Wires QuantumDrop, the retrieval index over the given LLM router, the
 * workflow client and the workers of the parts this deployment runs (the
 * part modules added; see planParts). Kept apart from plugin.ts so tests
 * and the benchmark build the same graph.
 */
export async function createQuantumlayerServices(options: {
  config: Config;
  logger: LoggerService;
  database: DatabaseService;
  migrationsDirectory: string;
  extraHealthChecks?: HealthCheck[];
  /** The LLM router (`llmRouterServiceRef`): in process, or the router role's. */
  router: LlmRouterClient;
  /** The parts the part modules added; none runs the plugin whole. */
  parts?: QuantumlayerPart[];
  /** The backend's vector store (`vectorStoreServiceRef`); unset, the services open and close one of their own. */
  vectorStore?: VectorStore;
}) {
  const { config, logger } = options;
  const db = await options.database.getClient();
  if (!options.database.migrations?.skip) {
    await db.migrate.latest({ directory: options.migrationsDirectory });
  }
  const artifactsConfig = config.getOptionalConfig('quantumlayer.artifacts');
  const store = new ArtifactStore(db, {
    maxFileBytes:
      artifactsConfig?.getOptionalNumber('maxFileBytes') ??
      DEFAULT_ARTIFACT_LIMITS.maxFileBytes,
    maxArtifactBytes:
      artifactsConfig?.getOptionalNumber('maxArtifactBytes') ??
      DEFAULT_ARTIFACT_LIMITS.maxArtifactBytes,
    maxFiles:
      artifactsConfig?.getOptionalNumber('maxFiles') ??
      DEFAULT_ARTIFACT_LIMITS.maxFiles,
  });
  // The backend's shared store (vectorStoreServiceRef), or one of our own.
  const ownStore = options.vectorStore ? undefined : createVectorStore(config);
  const vectorStore = options.vectorStore ?? ownStore!;
  const settings = readTemporalSettings(config);
  const checkers = new SyntaxCheckers(readCheckerPoolSettings(config));
  const plan = planParts(options.parts ?? [], settings.role);
  // Signed billing for a router in another deployment: who started a run.
  const claims = CallerClaims.fromConfig(config);
  if (!claims && plan.servesWorkflowApi) {
    logger.warn(
      'quantumlayer.router.claimSecret is not set: a router in another deployment cannot verify who started a run, so its LLM calls are billed to plugin:quantumlayer; set the same secret wherever the router and the workflow API run',
    );
  }
  const workflows = new GenerateWorkflowClient(settings, { claims });
  const { router } = options;
  const index = new VectorIndex(db, {
    store: vectorStore,
    // The plugin cannot tell whether the router is in process; hashing here
    // gives the same vectors as the router's local embedder, without a call.
    embedder: retrievalEmbedder(() => router, readEmbeddingSettings(config), {
      routerIsRemote: true,
      ctx: { caller: 'plugin:quantumlayer/retrieval' },
    }),
    logger,
  });
  // In the background: a new or wiped store is rebuilt from ql_index, where
  // the worker reads it for retrieval.
  if (plan.runsCodegenWorker) {
    index
      .backfill()
      .catch(error =>
        logger.warn(
          `Retrieval index: rebuilding from ql_index failed: ${error}`,
        ),
      );
  }
  const prompts = new PromptStore(db, logger);
  await prompts.seed();
  const sandbox = Sandbox.fromConfig(config, { logger });
  const activities = createActivities({
    store,
    index,
    router,
    prompts,
    logger,
    testRun: {
      timeoutMs: settings.testTimeoutMs,
      maxOutputBytes: settings.maxTestOutputBytes,
    },
    sandbox,
    checkers,
  });
  const runners: WorkerRunner[] = [];
  if (plan.runsCodegenWorker) {
    runners.push(new WorkerRunner({ settings, activities, logger }));
  }
  if (plan.runsSandboxWorker) {
    runners.push(
      new WorkerRunner({ settings, activities, logger, kind: 'sandbox' }),
    );
  }
  runners.forEach(r => r.start());
  const healthChecks = [
    databaseCheck(db),
    ...(plan.servesWorkflowApi || plan.runsCodegenWorker
      ? [temporalCheck(workflows, settings)]
      : []),
    vectorStoreCheck(vectorStore),
    llmRouterCheck(router),
    // Where generated tests run: is bubblewrap isolating them?
    ...(plan.runsSandboxWorker ? [sandboxCheck(sandbox)] : []),
    ...(options.extraHealthChecks ?? []),
  ];
  const posture = createPlatformPosture({ config, logger });
  const health = new HealthMonitor(healthChecks, {
    cacheMs:
      (config.getOptionalNumber('quantumlayer.health.cacheSeconds') ?? 5) *
      1000,
  });
  // Read at each scrape: the health round (shared
  // with /health and at most `cacheMs` old, so scrapes add no check load).
  const unobserve = observeMetricSources({
    health: async () => (await health.details()).checks,
  });
  return {
    db,
    store,
    index,
    settings,
    plan,
    claims,
    workflows,
    activities,
    router,
    prompts,
    healthChecks,
    health,
    posture,
    checkers,
    async stop() {
      unobserve();
      await Promise.all(runners.map(r => r.stop()));
      checkers.stop();
      await workflows.close();
      await ownStore?.close();
    },
  };
}
