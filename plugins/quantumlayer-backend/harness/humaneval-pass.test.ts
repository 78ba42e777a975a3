import path from 'path';
import { ConfigReader } from '@backstage/config';
import { LlmRouter } from '../../quantumlayer-router-backend/src/llm/llm-router';
import { createOpenAiProviderFromConfig } from '../../quantumlayer-router-backend/src/llm/providers/openai/openai-provider';
import { PromptStore } from '../src/prompts/prompt-store';
import { createTestDatabases, migrated } from '../src/__testUtils__/database';
import {
  ScriptedOpenAiServer,
  startScriptedOpenAiServer,
} from '../src/__testUtils__/scripted-openai-server';
import { humanEvalPath, HumanEvalProblem, loadHumanEval } from './humaneval';
import { humanEvalPassAtOne } from './humaneval-pass';

jest.setTimeout(120_000);
const databases = createTestDatabases();
const dataset = humanEvalPath(path.resolve(__dirname, '../../..'));

(dataset ? describe : describe.skip)('humanEvalPassAtOne', () => {
  let server: ScriptedOpenAiServer | undefined;
  afterEach(() => server?.close());

  async function setup(
    answer: (p: HumanEvalProblem, attempt: number) => string,
  ) {
    const problems = loadHumanEval(dataset!).slice(0, 6);
    const attempts = new Map<string, number>();
    server = await startScriptedOpenAiServer(messages => {
      const user = messages.find(m => m.role === 'user')!.content;
      const problem = problems.find(p => user.includes(p.prompt.trim()))!;
      const n = (attempts.get(problem.task_id) ?? 0) + 1;
      attempts.set(problem.task_id, n);
      return answer(problem, n);
    });
    const router = new LlmRouter({
      providers: [
        createOpenAiProviderFromConfig(
          new ConfigReader({
            type: 'openai',
            apiKey: 'sk-test-humaneval-0123456789abcdefghij',
            baseUrl: server.baseUrl,
            models: ['gpt-4o-mini'],
          }),
        ),
      ],
    });
    const prompts = new PromptStore(
      await migrated(await databases.init('SQLITE_3')),
    );
    await prompts.seed();
    return { problems, router, prompts };
  }

  it('passes every problem whose model answers with the canonical solution', async () => {
    const { problems, router, prompts } = await setup(
      p =>
        `\`\`\`python file=solution.py\n${p.prompt}${p.canonical_solution}\`\`\``,
    );
    const results = await humanEvalPassAtOne({
      problems,
      router,
      prompts,
      model: 'openai/gpt-4o-mini',
      concurrency: 2,
      timeoutMs: 20_000,
    });
    expect(results.map(r => r.passed)).toEqual(problems.map(() => true));
    expect(results.every(r => r.tokens > 0)).toBe(true);
    // The request went through the coder's template with the problem delimited.
    expect(server!.requests[0].messages[1].content).toContain(
      '<data name="prompt">',
    );
  });

  it('fails wrong, unparsable and malformed answers with the reason', async () => {
    const { problems, router, prompts } = await setup((p, attempt) => {
      if (p === problems[0])
        return `\`\`\`python file=solution.py\n${p.prompt}    return None\n\`\`\``;
      if (p === problems[1])
        return '```python file=solution.py\ndef broken(:\n```';
      if (p === problems[2])
        return attempt === 1 ? 'I cannot do that.' : 'Still no code.';
      return `\`\`\`python file=solution.py\n${p.prompt}${p.canonical_solution}\`\`\``;
    });
    const results = await humanEvalPassAtOne({
      problems: problems.slice(0, 3),
      router,
      prompts,
      concurrency: 3,
      timeoutMs: 20_000,
    });
    expect(results.map(r => r.passed)).toEqual([false, false, false]);
    expect(results[0].reason).toMatch(/AssertionError|Error/);
    expect(results[1].reason).toContain('solution.py: line 1');
    expect(results[2].reason).toContain(
      'coder agent gave no valid answer in 2 attempt(s)',
    );
  });
});
