/** Default and largest `maxBytes` of get-artifact, in bytes. */
export const DEFAULT_MAX_FILE_BYTES = 256 * 1024;
export const MAX_FILE_BYTES = 1024 * 1024;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** `bytes` as UTF-8 text, or undefined when they are not (or hold NUL). */
function asText(bytes: Buffer): string | undefined {
  if (bytes.includes(0)) return undefined;
  try {
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * A file's content for a model to read: UTF-8 text as is, anything else
 * base64, at most `maxBytes` bytes. A longer text is cut at a character
 * boundary (never inside a multi-byte character) and says `truncated`.
 */
export function fileContent(
  bytes: Buffer,
  maxBytes: number,
): {
  encoding: 'utf-8' | 'base64';
  content: string;
  truncated: boolean;
  returnedBytes: number;
} {
  const truncated = bytes.length > maxBytes;
  const head = truncated ? bytes.subarray(0, maxBytes) : bytes;
  // A cut inside a character: back up over its continuation bytes (10xxxxxx).
  let end = head.length;
  while (
    truncated &&
    end > 0 &&
    maxBytes - end < 3 &&
    (bytes[end] & 0xc0) === 0x80
  ) {
    end--;
  }
  const text = asText(head.subarray(0, end));
  if (text !== undefined) {
    return { encoding: 'utf-8', content: text, truncated, returnedBytes: end };
  }
  return {
    encoding: 'base64',
    content: head.toString('base64'),
    truncated,
    returnedBytes: head.length,
  };
}
