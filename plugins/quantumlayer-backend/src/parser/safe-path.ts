/**
 * Why a generated file path is unsafe, or undefined when it is fine: relative,
 * no `..` segment, no backslashes or NUL, not empty, at most 200 characters.
 */
export function unsafePathReason(path: string): string | undefined {
  if (!path || path.length > 200) return 'must be 1 to 200 characters';
  if (path.includes('\0') || path.includes('\\'))
    return 'must not contain NUL or backslashes';
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path))
    return 'must be relative';
  const segments = path.split('/');
  if (segments.some(s => s === '..')) return 'must not contain ".."';
  if (segments.some(s => s === '' || s === '.'))
    return 'must not contain empty or "." segments';
  return undefined;
}
