import type { LoggerService } from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import type {
  LlmCompletion,
  LlmCompletionRequest,
  LlmProvider,
} from '@internal/backstage-plugin-quantumlayer-router-node';
import type { Knex } from 'knex';
import { MIGRATIONS_DIR } from '../../src/__testUtils__/database';
import { TemplateProvider } from '../../src/llm/providers/template/template-provider';
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
  return createQuantumlayerServices({
    config: new ConfigReader({
      quantumlayer: {
        temporal: {
          address: options.temporalAddress,
          taskQueue: options.taskQueue,
        },
        workflow: { maxRepairAttempts: 0 },
        vectorStore: { type: 'embedded', directory: ':memory:' },
        ...options.config,
      },
    }),
    logger: options.logger,
    database: { getClient: async () => options.knex },
    migrationsDirectory: MIGRATIONS_DIR,
    extraProviders: options.providers,
  });
}
