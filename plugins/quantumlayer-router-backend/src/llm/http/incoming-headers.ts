import type http from 'http';

/** A node response's headers as a fetch `Headers` (repeated headers kept). */
export function incomingHeaders(res: http.IncomingMessage): Headers {
  const headers = new Headers();
  const raw = res.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) headers.append(raw[i], raw[i + 1]);
  return headers;
}
