import { ApplicationFailure } from '@temporalio/activity';
import {
  describeIssues,
  GenerateRequest,
  GenerateRequestInput,
  generateRequestSchema,
} from '@internal/backstage-plugin-quantumlayer-common';

/** Stage 1: validate the request again inside the workflow (the API may be bypassed). */
export const createValidateRequest = () =>
  async function validateRequest(
    request: GenerateRequestInput,
  ): Promise<GenerateRequest> {
    const parsed = generateRequestSchema.safeParse(request);
    if (!parsed.success) {
      throw ApplicationFailure.nonRetryable(
        `invalid request: ${describeIssues(parsed.error)}`,
        'InvalidRequest',
      );
    }
    return parsed.data;
  };
