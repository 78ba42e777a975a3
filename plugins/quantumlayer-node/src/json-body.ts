import { InputError } from '@backstage/errors';
import express from 'express';

/**
 * Parses JSON bodies up to `limit`; a malformed body becomes an InputError,
 * so the client gets 400 with the parser's reason.
 *
 * @public
 */
export function jsonBody(
  limit = '1mb',
): Array<express.RequestHandler | express.ErrorRequestHandler> {
  return [
    express.json({ limit }),
    (
      error: Error & { type?: string },
      _req: express.Request,
      _res: express.Response,
      next: express.NextFunction,
    ) => {
      if (error.type === 'entity.parse.failed') {
        next(
          new InputError(`request body is not valid JSON: ${error.message}`),
        );
      } else {
        next(error);
      }
    },
  ];
}
