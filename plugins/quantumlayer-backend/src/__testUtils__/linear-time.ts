/** Sizes of the adversarial inputs: doubling from 1 KiB to the 512 KiB the parse route accepts. */
export const ADVERSARIAL_SIZES = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512].map(
  kib => kib * 1024,
);

/** Longest a linear scanner may take at any adversarial size (it takes milliseconds). */
export const LINEAR_LIMIT_MS = 1500;

/**
 * Runs `run` on `make(size)` for each of `ADVERSARIAL_SIZES`, smallest first,
 * and throws as soon as one run takes longer than `limitMs`: a super-linear
 * cost fails on a small size, before a larger one could hold the test for
 * minutes (a synchronous regex cannot be interrupted by Jest's timeout).
 * Returns the slowest run's time and the last result.
 */
export function runDoubling<T>(
  make: (size: number) => string,
  run: (input: string) => T,
  limitMs = LINEAR_LIMIT_MS,
): { slowestMs: number; last: T } {
  let last: T | undefined;
  let slowestMs = 0;
  for (const size of ADVERSARIAL_SIZES) {
    const input = make(size);
    const started = performance.now();
    last = run(input);
    const ms = performance.now() - started;
    slowestMs = Math.max(slowestMs, ms);
    if (ms > limitMs) {
      throw new Error(
        `${input.length} characters took ${ms.toFixed(
          0,
        )} ms (limit ${limitMs} ms): the cost grows faster than the input`,
      );
    }
  }
  return { slowestMs, last: last as T };
}

/** `unit` repeated until the string is at least `size` characters, cut to `size`. */
export const fill = (unit: string, size: number) =>
  unit.repeat(Math.ceil(size / unit.length)).slice(0, size);

/** As many whole `unit`s as fit in `size` characters (whole lines stay valid code). */
export const repeatWithin = (unit: string, size: number) =>
  unit.repeat(Math.floor(size / unit.length));
