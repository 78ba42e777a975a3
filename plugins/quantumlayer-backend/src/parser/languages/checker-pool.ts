import { CheckerBusyError, CheckerTimeoutError } from './types';

/** How many checks of one language run at once, wait, and for how long. */
export interface CheckerPoolSettings {
  /** Workers (processes, threads or concurrent runs) per language. */
  size: number;
  /** Checks that may wait for a worker; one more fails at once as busy. */
  maxQueue: number;
  /** Limit of one check once it runs, and of its wait for a worker. */
  timeoutMs: number;
}

/** `quantumlayer.parser` defaults: two workers, 32 waiting, 20 s. */
export const DEFAULT_CHECKER_POOL: CheckerPoolSettings = {
  size: 2,
  maxQueue: 32,
  timeoutMs: 20_000,
};

/** One worker of a pool: it serves one check at a time. */
export interface PoolWorker<Req, Res> {
  run(request: Req): Promise<Res>;
  /** Stops the worker at once (and whatever it runs); it is not used again. */
  kill(reason: Error): void;
}

interface Waiting {
  resolve(): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

/**
 * Runs checks on at most `size` workers, started on demand and kept while
 * they stay healthy. A check past `timeoutMs` fails alone: its worker is
 * killed and a fresh one serves the next check. At most `maxQueue` checks
 * wait (each at most `timeoutMs`); more fail at once with CheckerBusyError,
 * so a burst of large inputs cannot pile up unbounded work.
 */
export class CheckerPool<Req, Res> {
  private readonly idle: PoolWorker<Req, Res>[] = [];
  private readonly busy = new Set<PoolWorker<Req, Res>>();
  private readonly waiting: Waiting[] = [];
  private running = 0;
  private stopped = false;

  constructor(
    /** What the pool checks with, for messages: `python3 compile()`. */
    private readonly name: string,
    private readonly settings: CheckerPoolSettings,
    private readonly spawn: () => PoolWorker<Req, Res>,
  ) {}

  /** Checks running and waiting, and workers kept idle. */
  get load(): { running: number; waiting: number; idle: number } {
    return {
      running: this.running,
      waiting: this.waiting.length,
      idle: this.idle.length,
    };
  }

  /**
   * Runs `request` on a free worker, waiting for one within the limits.
   * `what` names the work in a timeout's message (default: the pool's name).
   */
  async run(request: Req, what: string = this.name): Promise<Res> {
    await this.acquire();
    let worker: PoolWorker<Req, Res> | undefined;
    let timer: NodeJS.Timeout | undefined;
    let healthy = false;
    try {
      if (this.stopped) throw new Error(`${this.name} has shut down`);
      worker = this.idle.pop() ?? this.spawn();
      this.busy.add(worker);
      const serving = worker;
      const result = await Promise.race([
        serving.run(request),
        new Promise<never>((_resolve, reject) => {
          timer = setTimeout(() => {
            const error = new CheckerTimeoutError(
              `${what} did not finish within ${this.settings.timeoutMs} ms; ` +
                'its worker was stopped and replaced, and no other check was affected. ' +
                'Send smaller or fewer files, or raise quantumlayer.parser.timeoutMs',
            );
            serving.kill(error);
            reject(error);
          }, this.settings.timeoutMs);
        }),
      ]);
      healthy = true;
      return result;
    } finally {
      clearTimeout(timer);
      if (worker) {
        this.busy.delete(worker);
        if (healthy && !this.stopped) this.idle.push(worker);
        else worker.kill(new Error(`${this.name} worker was retired`));
      }
      this.running--;
      this.startNext();
    }
  }

  /** Kills every worker and fails the checks still waiting. */
  stop(): void {
    this.stopped = true;
    const error = new Error(`${this.name} has shut down`);
    for (const w of [...this.idle, ...this.busy]) w.kill(error);
    this.idle.length = 0;
    for (const w of this.waiting.splice(0)) {
      clearTimeout(w.timer);
      w.reject(error);
    }
  }

  private acquire(): Promise<void> {
    const { size, maxQueue, timeoutMs } = this.settings;
    if (this.stopped) {
      return Promise.reject(new Error(`${this.name} has shut down`));
    }
    if (this.running < size) {
      this.running++;
      return Promise.resolve();
    }
    if (this.waiting.length >= maxQueue) {
      return Promise.reject(
        new CheckerBusyError(
          `${this.name} is busy: ${size} checks are running and ${maxQueue} waiting; try again shortly`,
        ),
      );
    }
    return new Promise((resolve, reject) => {
      const entry: Waiting = {
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waiting.splice(this.waiting.indexOf(entry), 1);
          reject(
            new CheckerBusyError(
              `${this.name} is busy: no worker became free within ${timeoutMs} ms; try again shortly`,
            ),
          );
        }, timeoutMs),
      };
      this.waiting.push(entry);
    });
  }

  private startNext() {
    const next = this.waiting.shift();
    if (!next) return;
    clearTimeout(next.timer);
    this.running++;
    next.resolve();
  }
}
