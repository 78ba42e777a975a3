import type { GenerateRequest } from '@internal/backstage-plugin-quantumlayer-common';
import type { ProjectPlan } from '../../agents/architect';
import { generateWithRouter } from './generate-code';
import { parseStoredOutput, ParsedFiles } from './parse-and-validate';
import type { LlmBilling } from '../shared';
import type { ActivityDeps, FileRef } from './types';

const MAX_SOURCE_CHARS = 60_000;

/** Stage 7: the tester agent writes tests for the generated sources. */
export const createGenerateTests = (deps: ActivityDeps) =>
  async function generateTests(input: {
    request: GenerateRequest;
    promptKey: string;
    plan: ProjectPlan;
    sources: FileRef[];
    billing?: LlmBilling;
  }): Promise<ParsedFiles & { provider: string }> {
    let listing = '';
    for (const file of input.sources) {
      if (listing.length > MAX_SOURCE_CHARS) break;
      listing += `\n--- ${file.path}\n${await deps.store.getText(file.sha256)}`;
    }
    const generated = await generateWithRouter(deps, {
      request: input.request,
      promptKey: input.promptKey,
      plan: input.plan,
      billing: input.billing,
      kind: 'tests',
      instruction: `Write unit tests only (no sources) for these files:${listing.slice(
        0,
        MAX_SOURCE_CHARS,
      )}`,
    });
    const parsed = await parseStoredOutput(
      deps,
      input.request,
      generated.outputKey,
    );
    const sourcePaths = new Set(input.sources.map(f => f.path));
    return {
      ...parsed,
      // A tester must not overwrite sources; keep only new paths.
      files: parsed.files.filter(f => !sourcePaths.has(f.path)),
      provider: generated.provider,
    };
  };
