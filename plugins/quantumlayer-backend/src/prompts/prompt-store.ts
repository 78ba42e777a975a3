import { createHash } from 'crypto';
import type { Knex } from 'knex';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  AGENTS,
  AgentName,
  PromptRef,
  PromptSet,
  PromptTemplate,
  promptTemplateSchema,
  RenderedPrompt,
} from './prompt-template';
import { renderPrompt } from './render-prompt';
import { SEED_TEMPLATES } from './seeds';

const TABLE = 'ql_prompt_templates';

const checksumOf = (definition: string) =>
  createHash('sha256').update(definition).digest('hex');

/** Filters of `list`; unset ones match everything. */
export interface PromptListFilter {
  agent?: string;
  language?: string;
  type?: string;
  /** Every version instead of the newest of each id. */
  allVersions?: boolean;
}

/**
 * The meta-prompt engine's storage: versioned templates in the plugin's
 * database, seeded from the repository, chosen per agent × language × type
 * (most specific first, then newest version) and rendered with typed variables.
 */
export class PromptStore {
  private readonly cache = new Map<string, PromptTemplate>();

  constructor(
    private readonly db: Knex,
    private readonly logger?: LoggerService,
  ) {}

  /**
   * Writes seed templates that are not stored yet. A stored version whose
   * text differs from the seed is kept (rows are immutable) and reported.
   */
  async seed(templates: PromptTemplate[] = SEED_TEMPLATES): Promise<number> {
    const stored = new Map<string, string>(
      (await this.db(TABLE).select('id', 'version', 'checksum')).map(r => [
        `${r.id}@${r.version}`,
        r.checksum as string,
      ]),
    );
    const rows = [];
    for (const template of templates) {
      const definition = JSON.stringify(promptTemplateSchema.parse(template));
      const checksum = checksumOf(definition);
      const existing = stored.get(`${template.id}@${template.version}`);
      if (existing === undefined) {
        rows.push(this.row(template, definition, checksum, 'seed'));
      } else if (existing !== checksum) {
        this.logger?.warn(
          `prompt template ${template.id} v${template.version} differs from the stored one; bump its version to ship the change`,
        );
      }
    }
    for (let i = 0; i < rows.length; i += 50) {
      await this.db(TABLE)
        .insert(rows.slice(i, i + 50))
        .onConflict(['id', 'version'])
        .ignore();
    }
    return rows.length;
  }

  /** Stores a new custom version of a template; its version must be new. */
  async add(template: PromptTemplate): Promise<void> {
    const definition = JSON.stringify(promptTemplateSchema.parse(template));
    const existing = await this.db(TABLE)
      .where({ id: template.id, version: template.version })
      .first('id');
    if (existing) {
      throw new ConflictError(
        `prompt template ${template.id} version ${
          template.version
        } already exists; stored versions are immutable, add version ${
          template.version + 1
        } instead`,
      );
    }
    await this.db(TABLE).insert(
      this.row(template, definition, checksumOf(definition), 'custom'),
    );
  }

  async list(filter: PromptListFilter = {}): Promise<PromptTemplate[]> {
    const query = this.db(TABLE).select('definition', 'id', 'version');
    if (filter.agent) query.where('agent', filter.agent);
    if (filter.language) query.whereIn('language', [filter.language, '*']);
    if (filter.type) query.whereIn('type', [filter.type, '*']);
    const rows = await query.orderBy([
      { column: 'id' },
      { column: 'version', order: 'desc' },
    ]);
    const templates = rows.map(r => JSON.parse(r.definition) as PromptTemplate);
    if (filter.allVersions) return templates;
    return templates.filter((t, i) => i === 0 || templates[i - 1].id !== t.id);
  }

  /** Every stored version of one template, newest first; NotFoundError when none. */
  async versions(id: string): Promise<PromptTemplate[]> {
    const rows = await this.db(TABLE)
      .where('id', id)
      .orderBy('version', 'desc')
      .select('definition');
    if (rows.length === 0) throw new NotFoundError(`no prompt template ${id}`);
    return rows.map(r => JSON.parse(r.definition) as PromptTemplate);
  }

  /** One version of a template, or the newest when `version` is unset. */
  async get(id: string, version?: number): Promise<PromptTemplate> {
    const key = `${id}@${version}`;
    const cached = version !== undefined ? this.cache.get(key) : undefined;
    if (cached) return cached;
    const query = this.db(TABLE).where('id', id).select('definition');
    if (version !== undefined) query.where('version', version);
    const row = await query.orderBy('version', 'desc').first();
    if (!row) {
      throw new NotFoundError(
        version === undefined
          ? `no prompt template ${id}`
          : `no prompt template ${id} version ${version}`,
      );
    }
    const template = JSON.parse(row.definition) as PromptTemplate;
    if (version !== undefined) this.cache.set(key, template);
    return template;
  }

  /** The newest template for an agent: language+type, then language+*, then *+*. */
  async resolve(
    agent: AgentName,
    language: string,
    type: string,
  ): Promise<PromptRef> {
    for (const id of [
      `${agent}.${language}.${type}`,
      `${agent}.${language}.*`,
      `${agent}.*.*`,
    ]) {
      const row = await this.db(TABLE)
        .where('id', id)
        .max({ version: 'version' })
        .first();
      if (row?.version) return { id, version: Number(row.version) };
    }
    throw new NotFoundError(
      `no prompt template for agent ${agent}, ${language}/${type}`,
    );
  }

  /** The template of every agent for a request, fixed once per run. */
  async resolveSet(language: string, type: string): Promise<PromptSet> {
    const refs = await Promise.all(
      AGENTS.map(agent => this.resolve(agent, language, type)),
    );
    return Object.fromEntries(
      AGENTS.map((agent, i) => [agent, refs[i]]),
    ) as PromptSet;
  }

  async render(
    ref: { id: string; version?: number },
    values: Record<string, unknown>,
  ): Promise<RenderedPrompt> {
    return renderPrompt(await this.get(ref.id, ref.version), values);
  }

  private row(
    template: PromptTemplate,
    definition: string,
    checksum: string,
    source: 'seed' | 'custom',
  ) {
    return {
      id: template.id,
      version: template.version,
      agent: template.agent,
      language: template.language,
      type: template.type,
      definition,
      checksum,
      source,
    };
  }
}
