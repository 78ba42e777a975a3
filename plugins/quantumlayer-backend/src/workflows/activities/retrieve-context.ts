import type { GenerateRequest } from '@internal/backstage-plugin-quantumlayer-common';
import type { ContextMatch } from '../../artifacts/vector-index';
import type { ActivityDeps } from './types';

/** Stage 3: find similar earlier artifacts; an empty list is a fine answer. */
export const createRetrieveContext = (deps: ActivityDeps) =>
  async function retrieveContext(input: {
    request: GenerateRequest;
  }): Promise<ContextMatch[]> {
    return deps.index.search({
      language: input.request.language,
      text: `${input.request.type} ${input.request.prompt}`,
      limit: 3,
    });
  };
