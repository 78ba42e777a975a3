import { mockCredentials } from '@backstage/backend-test-utils';
import { MAX_PROMPT_BYTES } from '@internal/backstage-plugin-quantumlayer-common';
import { seedRequest } from '../__testUtils__/activities';
import { workflowIdFor } from '../service/operations/workflow-operations';
import {
  Json,
  outsider,
  useWorkflowActions,
} from '../__testUtils__/workflow-actions';

jest.setTimeout(240_000);

const harness = useWorkflowActions();
const { refusal } = harness;

describe('QuantumLayer actions over a real Temporal dev server: refusals and bad input', () => {
  it('answers an unknown run with NotFoundError', async () => {
    const unknown = await refusal('get-workflow', { workflowId: 'ql-nope' });
    // The mock policy allows, so the run lookup answers.
    expect(unknown.name).toBe('NotFoundError');
    expect(unknown.message).toBe('workflow ql-nope not found');
  });

  it('refuses each action to a caller without its permission', async () => {
    const cases: Array<[string, Json, string]> = [
      [
        'generate-code',
        { ...seedRequest, idempotencyKey: 'outsider' },
        'not allowed: quantumlayer.workflow.create',
      ],
      [
        'get-workflow',
        { workflowId: 'ql-actions-e2e' },
        'not allowed: quantumlayer.workflow.read on workflow ql-actions-e2e',
      ],
      ['list-workflows', {}, 'not allowed: quantumlayer.workflow.read'],
      [
        'cancel-workflow',
        { workflowId: 'ql-actions-e2e' },
        'not allowed: quantumlayer.workflow.cancel on workflow ql-actions-e2e',
      ],
      [
        'approve-workflow',
        { workflowId: 'ql-actions-e2e', decision: 'approve' },
        'not allowed: quantumlayer.workflow.approve on workflow ql-actions-e2e',
      ],
    ];
    for (const [name, input, message] of cases) {
      const error = await refusal(name, input, outsider);
      expect({ name, error: error.name, message: error.message }).toEqual({
        name,
        error: 'NotAllowedError',
        message,
      });
    }
    // Nothing was started for the outsider.
    await expect(
      harness.env.client.workflow
        .getHandle(workflowIdFor('outsider', 'user:default/outsider'))
        .describe(),
    ).rejects.toThrow();
    // Anonymous credentials (no identity) are refused outright.
    const anonymous = await refusal(
      'generate-code',
      { ...seedRequest },
      mockCredentials.none(),
    );
    expect(anonymous.name).toBe('NotAllowedError');
  });

  it('answers bad input with InputErrors that name the field', async () => {
    const cases: Array<[string, Json, RegExp]> = [
      [
        'generate-code',
        { ...seedRequest, shell: 'rm -rf /' },
        /^invalid input to generate-code: \(input\): Unrecognized key\(s\) in object: 'shell'$/,
      ],
      [
        'generate-code',
        { ...seedRequest, prompt: 'x'.repeat(MAX_PROMPT_BYTES + 1) },
        /^invalid input to generate-code: prompt: String must contain at most 65536 character/,
      ],
      [
        'generate-code',
        // Within the characters, over the bytes: the shared request schema says so.
        { ...seedRequest, prompt: 'é'.repeat(MAX_PROMPT_BYTES / 2 + 1) },
        /^invalid request: prompt: prompt must be at most 65536 bytes$/,
      ],
      [
        'generate-code',
        { ...seedRequest, requirements: { project_name: '1bad' } },
        /^invalid request: requirements\.project_name: project_name must start with a letter/,
      ],
      [
        'generate-code',
        { ...seedRequest, idempotencyKey: 'no spaces' },
        /^invalid input to generate-code: idempotencyKey: 1 to 200 characters/,
      ],
      [
        'get-artifact',
        { artifactId: 'a'.repeat(64), path: '../../etc/passwd' },
        /^invalid input to get-artifact: path: path must not contain "\.\."/,
      ],
      [
        'get-artifact',
        { artifactId: 'a'.repeat(64), path: '/etc/passwd' },
        /^invalid input to get-artifact: path: path must be relative/,
      ],
      [
        'get-artifact',
        { artifactId: 'a'.repeat(64), maxBytes: 10 * 1024 * 1024 },
        /^invalid input to get-artifact: maxBytes: Number must be less than or equal to 1048576$/,
      ],
      [
        'get-workflow',
        { workflowId: 'ql-actions-e2e', waitSeconds: 3600 },
        /^invalid input to get-workflow: waitSeconds: waitSeconds must be at most 60; call again to wait longer$/,
      ],
      [
        'get-workflow',
        { workflowId: '../ql' },
        /^invalid input to get-workflow: workflowId: workflowId must be a workflow id/,
      ],
      [
        'list-workflows',
        { status: 'lost' },
        /^invalid input to list-workflows: status: Invalid enum value/,
      ],
      [
        'approve-workflow',
        { workflowId: 'ql-x', decision: 'maybe' },
        /^invalid input to approve-workflow: decision: Invalid enum value/,
      ],
      [
        'platform-health',
        { verbose: true },
        /^invalid input to platform-health: \(input\): Unrecognized key/,
      ],
    ];
    for (const [name, input, message] of cases) {
      const error = await refusal(name, input);
      expect({ name, error: error.name, message: error.message }).toEqual({
        name,
        error: 'InputError',
        message: expect.stringMatching(message),
      });
    }
  });
});
