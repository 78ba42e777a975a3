import { createDiffFiles } from './diff-files';
import { createDocumentProject } from './document-project';
import { createEnhancePrompt } from './enhance-prompt';
import { createGenerateCode } from './generate-code';
import { createGenerateTests } from './generate-tests';
import { createPackageAndStore } from './package-and-store';
import { createParseAndValidate } from './parse-and-validate';
import { createPlanProject } from './plan-project';
import { createPrepareRepair } from './prepare-repair';
import { createRetrieveContext } from './retrieve-context';
import { createReviewCode } from './review-code';
import { createRunTests } from './run-tests';
import type { ActivityDeps } from './types';
import { createValidateRequest } from './validate-request';

/** Every activity of the generate-extended workflow, bound to its dependencies. */
export function createActivities(deps: ActivityDeps) {
  return {
    validateRequest: createValidateRequest(),
    enhancePrompt: createEnhancePrompt(deps),
    retrieveContext: createRetrieveContext(deps),
    planProject: createPlanProject(deps),
    generateCode: createGenerateCode(deps),
    parseAndValidate: createParseAndValidate(deps),
    generateTests: createGenerateTests(deps),
    runTests: createRunTests(deps),
    prepareRepair: createPrepareRepair(deps),
    diffFiles: createDiffFiles(deps),
    reviewCode: createReviewCode(deps),
    documentProject: createDocumentProject(deps),
    packageAndStore: createPackageAndStore(deps),
  };
}

/** The activities' type, for `proxyActivities` and mocks. */
export type Activities = ReturnType<typeof createActivities>;

/** The activity the sandbox task queue serves: a worker there registers only it. */
export const SANDBOX_ACTIVITIES = ['runTests'] as const;

export type { ActivityDeps, FileRef } from './types';
