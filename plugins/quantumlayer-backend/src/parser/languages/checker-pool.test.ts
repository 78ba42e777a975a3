import { CheckerPool, PoolWorker } from './checker-pool';
import { CheckerBusyError, CheckerTimeoutError } from './types';

/** Workers whose checks the test settles by hand; records what ran where. */
function fakeWorkers() {
  const spawned: { id: number; killed?: string }[] = [];
  const jobs: {
    worker: number;
    request: string;
    resolve(value: string): void;
    reject(error: Error): void;
  }[] = [];
  const spawn = (): PoolWorker<string, string> => {
    const me = { id: spawned.length + 1 } as (typeof spawned)[number];
    spawned.push(me);
    return {
      run: request =>
        new Promise((resolve, reject) =>
          jobs.push({ worker: me.id, request, resolve, reject }),
        ),
      kill: reason => {
        me.killed ??= reason.message;
      },
    };
  };
  return { spawned, jobs, spawn };
}

/** Lets settled promises run their callbacks. */
const flush = () => new Promise(r => setImmediate(r));

describe('CheckerPool', () => {
  beforeEach(() => jest.useFakeTimers({ doNotFake: ['setImmediate'] }));
  afterEach(() => jest.useRealTimers());

  const settings = { size: 2, maxQueue: 1, timeoutMs: 1000 };

  it('runs at most `size` checks at once and reuses healthy workers', async () => {
    const { spawned, jobs, spawn } = fakeWorkers();
    const pool = new CheckerPool('the fake check', settings, spawn);
    const a = pool.run('a');
    const b = pool.run('b');
    const c = pool.run('c');
    await flush();
    expect(jobs.map(j => [j.worker, j.request])).toEqual([
      [1, 'a'],
      [2, 'b'],
    ]);
    expect(pool.load).toEqual({ running: 2, waiting: 1, idle: 0 });
    jobs[0].resolve('A');
    await expect(a).resolves.toBe('A');
    await flush();
    expect(jobs[2]).toMatchObject({ worker: 1, request: 'c' });
    jobs[1].resolve('B');
    jobs[2].resolve('C');
    await expect(Promise.all([b, c])).resolves.toEqual(['B', 'C']);
    expect(spawned).toEqual([{ id: 1 }, { id: 2 }]);
    expect(pool.load).toEqual({ running: 0, waiting: 0, idle: 2 });
  });

  it('fails a check past its limit alone, and replaces only its worker', async () => {
    const { spawned, jobs, spawn } = fakeWorkers();
    const pool = new CheckerPool('the fake check', settings, spawn);
    const slow = pool.run('slow');
    const quick = pool.run('quick');
    await flush();
    jest.advanceTimersByTime(500);
    jobs[1].resolve('QUICK');
    await expect(quick).resolves.toBe('QUICK');
    jest.advanceTimersByTime(500);
    await expect(slow).rejects.toThrow(CheckerTimeoutError);
    await expect(slow).rejects.toThrow(
      'the fake check did not finish within 1000 ms; its worker was stopped and replaced, and no other check was affected. Send smaller or fewer files, or raise quantumlayer.parser.timeoutMs',
    );
    expect(spawned[0].killed).toMatch(/did not finish within 1000 ms/);
    expect(spawned[1].killed).toBeUndefined();

    const next = pool.run('next');
    const after = pool.run('after');
    await flush();
    expect(jobs.slice(2).map(j => j.worker)).toEqual([2, 3]);
    jobs[2].resolve('N');
    jobs[3].resolve('M');
    await expect(Promise.all([next, after])).resolves.toEqual(['N', 'M']);
  });

  it('discards a worker whose check failed', async () => {
    const { spawned, jobs, spawn } = fakeWorkers();
    const pool = new CheckerPool('the fake check', settings, spawn);
    const broken = pool.run('x');
    await flush();
    jobs[0].reject(new Error('crashed'));
    await expect(broken).rejects.toThrow('crashed');
    expect(spawned[0].killed).toBe('the fake check worker was retired');
    expect(pool.load).toEqual({ running: 0, waiting: 0, idle: 0 });
  });

  it('refuses a check when the queue is full, and one that waits too long', async () => {
    const { jobs, spawn } = fakeWorkers();
    const pool = new CheckerPool('the fake check', settings, spawn);
    const running = [pool.run('a'), pool.run('b')];
    const waiting = pool.run('c');
    await expect(pool.run('d')).rejects.toThrow(
      new CheckerBusyError(
        'the fake check is busy: 2 checks are running and 1 waiting; try again shortly',
      ),
    );
    jest.advanceTimersByTime(1000);
    await expect(waiting).rejects.toThrow(
      'the fake check is busy: no worker became free within 1000 ms; try again shortly',
    );
    // The running checks hit their own limit at the same moment.
    await expect(Promise.all(running)).rejects.toThrow(CheckerTimeoutError);
    expect(jobs.map(j => j.request)).toEqual(['a', 'b']);
  });

  it('stop kills the workers and fails waiting checks', async () => {
    const { spawned, spawn } = fakeWorkers();
    const pool = new CheckerPool('the fake check', settings, spawn);
    const running = [pool.run('a'), pool.run('b')];
    const waiting = pool.run('c');
    await flush();
    pool.stop();
    await expect(waiting).rejects.toThrow('the fake check has shut down');
    expect(spawned.map(s => s.killed)).toEqual([
      'the fake check has shut down',
      'the fake check has shut down',
    ]);
    await expect(pool.run('d')).rejects.toThrow('has shut down');
    jest.advanceTimersByTime(1000);
    await expect(Promise.all(running)).rejects.toThrow(CheckerTimeoutError);
  });
});
