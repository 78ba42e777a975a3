/** `--name value` or `--name=value` from the command line. */
export const flag = (name: string): string | undefined => {
  const i = process.argv.findIndex(
    a => a === `--${name}` || a.startsWith(`--${name}=`),
  );
  if (i < 0) return undefined;
  const a = process.argv[i];
  return a.includes('=') ? a.slice(a.indexOf('=') + 1) : process.argv[i + 1];
};

/** An integer flag within [min, max], else a clear error. */
export const num = (
  name: string,
  fallback: number,
  min: number,
  max: number,
): number => {
  const value = Number(flag(name) ?? fallback);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`--${name} must be an integer from ${min} to ${max}`);
  }
  return value;
};
