import type { LoggerService } from '@backstage/backend-plugin-api';

const joined = (key: string[]) => key.join('\u0000');

/** Who set a rule through the API, and when. */
interface Stamp {
  updatedBy?: string;
  updatedAt?: string;
}

/** A rule in force, and where it comes from (`updatedBy`/`updatedAt` set for `api` rules). */
export type Sourced<Rule> = Rule & Stamp & { source: 'config' | 'api' };

/** A change of one rule: the rule in force before and after. */
export interface RuleChange<Rule> {
  before?: Sourced<Rule>;
  after?: Sourced<Rule>;
}

/**
 * The table of rules set through the API; a rule is addressed by its key
 * fields (owner, or owner and period), in the order `keyOf` gives them.
 */
export interface RuleStore<Rule, Key extends string[]> {
  list(): Promise<Array<Rule & Stamp>>;
  get(...key: Key): Promise<(Rule & Stamp) | undefined>;
  put(rule: Rule, by: string): Promise<Rule & Stamp>;
  /** True when there was a rule to remove. */
  remove(...key: Key): Promise<boolean>;
}

/** How often other replicas' changes are read (ms), and where failures go. */
export interface RuleReloadOptions {
  reloadMs?: number;
  logger?: LoggerService;
}

export const DEFAULT_RULES_RELOAD_MS = 2_000;

export interface RuntimeRulesOptions<Rule, Key extends string[]>
  extends RuleReloadOptions {
  /** The fields that identify a rule, which an API rule replaces. */
  keyOf(rule: Rule): Key;
  /** For the warning when the table cannot be read, e.g. `Budget rules` and `ql_llm_budgets`. */
  name: string;
  table: string;
}

/**
 * Configured rules merged with those set through the API, which win for the
 * same key. A change made here applies on this replica at once; other
 * replicas re-read the table every `reloadMs`. While the table cannot be
 * read, the rules last read stay in force (or the configured ones before any
 * read), and the failure is logged. `current()` returns the same array until
 * the rules are read again, so users may rebuild lookups only then.
 */
export class RuntimeRules<Rule, Key extends string[]> {
  private cached?: { rules: Array<Sourced<Rule>>; at: number };
  private loading?: Promise<Array<Sourced<Rule>>>;
  /** Bumped by every local change, so a read begun before it is not cached. */
  private generation = 0;

  constructor(
    private readonly configured: Rule[],
    private readonly store: RuleStore<Rule, Key>,
    private readonly options: RuntimeRulesOptions<Rule, Key>,
  ) {}

  /** The rules in force, at most `reloadMs` old. */
  async current(): Promise<Array<Sourced<Rule>>> {
    const reloadMs = this.options.reloadMs ?? DEFAULT_RULES_RELOAD_MS;
    if (this.cached && Date.now() - this.cached.at < reloadMs) {
      return this.cached.rules;
    }
    this.loading ??= this.load().finally(() => {
      this.loading = undefined;
    });
    try {
      return await this.loading;
    } catch (error) {
      this.options.logger?.warn(
        `${this.options.name}: reading ${
          this.options.table
        } failed, keeping the rules last read: ${(error as Error).message}`,
      );
      return this.cached?.rules ?? this.merge([]);
    }
  }

  /** Sets the API rule with the key of `rule`. */
  async set(rule: Rule, by: string): Promise<RuleChange<Rule>> {
    const before = await this.inForce(this.options.keyOf(rule));
    const stored = await this.store.put(rule, by);
    this.invalidate();
    return { before, after: { ...stored, source: 'api' } };
  }

  /**
   * Removes the API rule of `key`; the configured rule, if any, is in force
   * again. Undefined when there was no API rule.
   */
  async remove(...key: Key): Promise<RuleChange<Rule> | undefined> {
    const before = await this.inForce(key);
    if (!(await this.store.remove(...key))) return undefined;
    this.invalidate();
    return { before, after: this.configuredRule(key) };
  }

  private async inForce(key: Key): Promise<Sourced<Rule> | undefined> {
    const stored = await this.store.get(...key);
    return stored ? { ...stored, source: 'api' } : this.configuredRule(key);
  }

  private configuredRule(key: Key): Sourced<Rule> | undefined {
    const wanted = joined(key);
    const rule = this.configured.find(r => this.idOf(r) === wanted);
    return rule && { ...rule, source: 'config' };
  }

  private idOf(rule: Rule) {
    return joined(this.options.keyOf(rule));
  }

  private invalidate() {
    this.generation++;
    this.cached = undefined;
  }

  private async load(): Promise<Array<Sourced<Rule>>> {
    const generation = this.generation;
    const rules = this.merge(await this.store.list());
    if (generation === this.generation) {
      this.cached = { rules, at: Date.now() };
    }
    return rules;
  }

  private merge(api: Array<Rule & Stamp>): Array<Sourced<Rule>> {
    const merged = new Map<string, Sourced<Rule>>();
    for (const rule of this.configured) {
      merged.set(this.idOf(rule), { ...rule, source: 'config' });
    }
    for (const rule of api) {
      merged.set(this.idOf(rule), { ...rule, source: 'api' });
    }
    return [...merged.values()];
  }
}
