import { ConfigReader } from '@backstage/config';
import { repeatWithin } from '../../__testUtils__/linear-time';
import { readCheckerPoolSettings, SyntaxCheckers } from './syntax-checkers';
import { CheckerTimeoutError } from './types';

jest.setTimeout(60_000);

/** Whether `promise` has settled, read at any moment. */
function settledFlag(promise: Promise<unknown>): () => boolean {
  let settled = false;
  promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  return () => settled;
}

describe('readCheckerPoolSettings', () => {
  const read = (parser?: object) =>
    readCheckerPoolSettings(
      new ConfigReader(parser ? { quantumlayer: { parser } } : {}),
    );

  it('defaults to two workers, 32 waiting and 20 s', () => {
    expect(read()).toEqual({ size: 2, maxQueue: 32, timeoutMs: 20_000 });
  });

  it('reads poolSize, maxQueue and timeoutMs', () => {
    expect(read({ poolSize: 4, maxQueue: 0, timeoutMs: 5000 })).toEqual({
      size: 4,
      maxQueue: 0,
      timeoutMs: 5000,
    });
  });

  it.each([
    [
      { poolSize: 0 },
      'quantumlayer.parser.poolSize must be an integer from 1 to 64, got 0',
    ],
    [
      { maxQueue: 1.5 },
      'quantumlayer.parser.maxQueue must be an integer from 0 to 10000, got 1.5',
    ],
    [
      { timeoutMs: 10 },
      'quantumlayer.parser.timeoutMs must be an integer from 100 to 600000, got 10',
    ],
  ])('rejects %p', (parser, message) => {
    expect(() => read(parser)).toThrow(message);
  });
});

describe('SyntaxCheckers on real workers', () => {
  const checkers = new SyntaxCheckers({
    size: 2,
    maxQueue: 2,
    timeoutMs: 3000,
  });
  afterAll(() => checkers.stop());
  const tiny = (language: 'python' | 'typescript', path: string) =>
    checkers.for(language).check('', [{ path, content: 'x = 1\n' }]);

  it('fails a Python check past the limit alone, while a tiny one in parallel passes', async () => {
    // CPython's code generator is super-linear on this: about 48 s.
    const slow = checkers.for('python').check('', [
      {
        path: 'slow.py',
        content: repeatWithin('def f(): pass\n', 488 * 1024),
      },
    ]);
    const slowSettled = settledFlag(slow);
    await expect(tiny('python', 'a.py')).resolves.toEqual([
      { path: 'a.py', ok: true },
    ]);
    expect(slowSettled()).toBe(false);
    await expect(slow).rejects.toThrow(CheckerTimeoutError);
    await expect(slow).rejects.toThrow(
      /^the python3 syntax check did not finish within 3000 ms; its worker was stopped and replaced/,
    );
    await expect(tiny('python', 'b.py')).resolves.toEqual([
      { path: 'b.py', ok: true },
    ]);
    expect(checkers.load().python).toMatchObject({ running: 0, waiting: 0 });
  });

  it("reports what the TypeScript parser gives up on as the file's error", async () => {
    const [deep] = await checkers.for('typescript').check('', [
      {
        path: 'deep.ts',
        content: `${'('.repeat(100_000)}${')'.repeat(100_000)}`,
      },
    ]);
    expect(deep).toMatchObject({
      path: 'deep.ts',
      ok: false,
      message: 'the TypeScript parser gave up: it is nested too deeply',
    });
  });

  it('stops a busy TypeScript worker thread past the limit; the other keeps answering', async () => {
    await Promise.all([
      tiny('typescript', 'warm1.ts'),
      tiny('typescript', 'warm2.ts'),
    ]);
    await expect(
      checkers.transpileToCommonJs('export const a: number = 1;\n', 'a.ts'),
    ).resolves.toContain('exports.a = 1;');
    // The compiler's emit (for the test run) is super-linear here: minutes,
    // on the event loop before.
    const slow = checkers.transpileToCommonJs(
      `x = ${repeatWithin('a + ', 256 * 1024)}a;\n`,
      'long.ts',
    );
    const slowSettled = settledFlag(slow);
    await expect(tiny('typescript', 'a.ts')).resolves.toEqual([
      { path: 'a.ts', ok: true },
    ]);
    expect(slowSettled()).toBe(false);
    await expect(slow).rejects.toThrow(
      /^compiling long.ts with TypeScript did not finish within 3000 ms; its worker was stopped and replaced/,
    );
    await expect(tiny('typescript', 'b.ts')).resolves.toEqual([
      { path: 'b.ts', ok: true },
    ]);
  });

  it('checks a long expression that transpileModule took minutes on', async () => {
    const [long] = await checkers.for('typescript').check('', [
      {
        path: 'long.ts',
        content: `x = ${repeatWithin('a + ', 480 * 1024)}a;\n`,
      },
    ]);
    expect(long).toEqual({ path: 'long.ts', ok: true });
  });
});
