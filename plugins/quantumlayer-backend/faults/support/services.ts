import type { LoggerService } from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import type {
  LlmCompletion,
  LlmCompletionRequest,
  LlmProvider,
} from '@internal/backstage-plugin-quantumlayer-router-node';
import type { Knex } from 'knex';
import { MIGRATIONS_DIR } from '../../src/__testUtils__/database';
import { createLlmRouter } from '../../../quantumlayer-router-backend/src/llm/create-llm-router';
import { ROUTER_MIGRATIONS } from '../../../quantumlayer-router-backend/src/router-migrations';
import { TemplateProvider } from '../../src/offline-template/template-provider';
import { createQuantumlayerServices } from '../../src/services';

/** A logger that keeps warnings and errors, so a case can show what the services reported. */
export function collectingLogger() {
  const lines: string[] = [];
  const logger: LoggerService = {
    info() {},
    debug() {},
    warn: m => {
      lines.push(`warn ${m}`);
    },
    error: m => {
      lines.push(`error ${m}`);
    },
    child: () => logger,
  };
  return { logger, lines };
}

/**
 * The offline template model behind a gate: calls whose agent `hold` picks
 * wait until `release()`, so a case can freeze runs mid-stage.
 */
export class GatedTemplateProvider implements LlmProvider {
  readonly id = 'gated';
  readonly models = ['template'];
  readonly waiting: string[] = [];
  calls = 0;
  private readonly template = new TemplateProvider();
  private opened = false;
  private readonly waiters: Array<() => void> = [];

  constructor(private readonly hold: (system: string) => boolean) {}

  async complete(request: LlmCompletionRequest): Promise<LlmCompletion> {
    this.calls++;
    const system =
      request.messages.find(m => m.role === 'system')?.content ?? '';
    if (!this.opened && this.hold(system)) {
      this.waiting.push(system.slice(0, 40));
      await new Promise<void>(resolve => this.waiters.push(resolve));
    }
    return this.template.complete(request);
  }

  release() {
    this.opened = true;
    this.waiters.splice(0).forEach(w => w());
  }
}

/**
 * The plugin's own service graph (createQuantumlayerServices: QuantumDrop on
 * `knex`, the LLM router, the Temporal client and in-process workers) as the
 * backend builds it, pointed at `temporalAddress`.
 */
export async function startServices(options: {
  knex: Knex;
  temporalAddress: string;
  taskQueue: string;
  logger: LoggerService;
  providers?: LlmProvider[];
  config?: object;
}) {
  const config = new ConfigReader({
    quantumlayer: {
      temporal: {
        address: options.temporalAddress,
        taskQueue: options.taskQueue,
      },
      workflow: { maxRepairAttempts: 0 },
      vectorStore: { type: 'embedded', directory: ':memory:' },
      ...options.config,
    },
  });
  // The router plugin's part, on the same database (its own history table).
  await options.knex.migrate.latest(ROUTER_MIGRATIONS);
  const llm = await createLlmRouter({
    config,
    logger: options.logger,
    db: options.knex,
    extraProviders: options.providers,
    // As the backend runs it: the code-generation package's stand-in.
    standIns: [new TemplateProvider()],
  });
  const services = await createQuantumlayerServices({
    config,
    logger: options.logger,
    database: { getClient: async () => options.knex },
    migrationsDirectory: MIGRATIONS_DIR,
    router: llm.router,
  });
  return {
    ...services,
    async stop() {
      await services.stop();
      await llm.stop();
    },
  };
}
