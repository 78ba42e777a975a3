import {
  OFFLINE_TEMPLATE_FINDING,
  SUPPORTED_LANGUAGES,
  SUPPORTED_TYPES,
} from '@internal/backstage-plugin-quantumlayer-common';
import { createTemplateProvider } from '../offline-template/create-template-provider';
import { realActivities } from '../__testUtils__/activities';
import { createTestDatabases, migrated } from '../__testUtils__/database';

jest.setTimeout(180_000);
const databases = createTestDatabases();

const combos = SUPPORTED_LANGUAGES.flatMap(language =>
  SUPPORTED_TYPES.map(type => [language, type] as const),
);

describe('the offline template provider through the activities', () => {
  it('refuses free-form chat with a clear, permanent error', async () => {
    await expect(
      createTemplateProvider().complete({
        messages: [{ role: 'user', content: 'hi' }],
      }),
    ).rejects.toMatchObject({
      retryable: false,
      message: expect.stringContaining('configure an LLM provider'),
    });
  });

  it.each(combos)(
    'writes a %s %s whose own tests pass after parsing and syntax checks',
    async (language, type) => {
      const knex = await migrated(await databases.init('SQLITE_3'));
      const { activities } = await realActivities(knex);
      const request = {
        prompt: 'Demo project',
        language,
        type,
        generate_tests: true,
        requirements: { project_name: 'class' },
      };
      const { prompts } = await activities.enhancePrompt({ request });
      const { plan } = await activities.planProject({
        request,
        prompt: prompts.architect,
        context: [],
      });
      const code = await activities.generateCode({
        request,
        prompt: prompts.coder,
        plan,
      });
      expect(code).toMatchObject({
        provider: 'template',
        offlineTemplate: true,
      });
      const parsed = await activities.parseAndValidate({
        request,
        files: code.files,
      });
      expect(parsed.problems).toEqual([]);
      expect(parsed.verdicts.filter(v => v.verdict === 'valid')).not.toEqual(
        [],
      );
      const tests = await activities.generateTests({
        request,
        prompt: prompts.tester,
        plan,
        sourcePaths: code.files.map(f => f.path),
      });
      expect(tests.files.length).toBeGreaterThan(0);
      expect(tests.ok).toBe(true);
      const run = await activities.runTests({
        request,
        files: [...parsed.files, ...tests.files],
      });
      expect(run).toMatchObject({ passed: true, timedOut: false, exitCode: 0 });
      // Every case ran, in the sandbox, and passed.
      expect(run.cases.length).toBeGreaterThan(0);
      expect(run.cases.filter(c => c.status !== 'passed')).toEqual([]);
      const review = await activities.reviewCode({
        request,
        prompt: prompts.reviewer,
        files: [...parsed.files, ...tests.files],
        testSummary: run.summary,
      });
      // The warning that the prompt was not implemented, then the template
      // provider's own note that it reviews nothing.
      expect(review.offlineTemplate).toBe(true);
      expect(review.findings).toEqual([
        OFFLINE_TEMPLATE_FINDING,
        expect.objectContaining({ severity: 'info', source: 'agent' }),
      ]);
    },
  );
});
