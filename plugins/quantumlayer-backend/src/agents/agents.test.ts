import { templateTaskMetadata } from '@internal/backstage-plugin-quantumlayer-common';
import { createStandaloneLlmRouter } from '@internal/backstage-plugin-quantumlayer-router-backend';
import { createTemplateProvider } from '../offline-template/create-template-provider';
import {
  LlmCompletion,
  LlmCompletionRequest,
  LlmProvider,
  LlmProviderError,
} from '@internal/backstage-plugin-quantumlayer-router-node';
import { parsePlan } from './architect';
import { parseSources } from './coder';
import { parseReadme } from './documenter';
import { parseReview } from './reviewer';
import { runAgent } from './run-agent';
import { parseTests } from './tester';

const json = (value: unknown) => `\`\`\`json\n${JSON.stringify(value)}\n\`\`\``;

describe('agent answer parsers', () => {
  it.each([
    ['prose', 'Sure! Here is the plan: two files.', 'the answer was not JSON'],
    [
      'no files',
      json({ approach: 'x', files: [] }),
      'files: Array must contain at least 1',
    ],
    [
      'wrong type',
      json({ approach: 1, files: [{ path: 'a.py', purpose: '' }] }),
      'approach: Expected string',
    ],
    [
      'truncated JSON',
      '```json\n{"approach": "x", "files": [\n```',
      'the answer was not JSON',
    ],
  ])('architect: %s is refused with the reason', (_, text, problem) => {
    expect(parsePlan(text)).toEqual({
      problem: expect.stringContaining(problem),
    });
  });

  it('architect: a valid plan gets empty interfaces by default', () => {
    expect(
      parsePlan(
        json({ approach: 'a', files: [{ path: 'a.py', purpose: 'p' }] }),
      ),
    ).toEqual({
      value: {
        approach: 'a',
        files: [{ path: 'a.py', purpose: 'p' }],
        interfaces: [],
      },
    });
  });

  it.each([
    ['prose only', 'def add(a, b): return a + b', 'no fenced code blocks'],
    [
      'an escaping path',
      '```python file=../evil.py\nx = 1\n```',
      '../evil.py:',
    ],
    ['an absolute path', '```python file=/etc/passwd\nx\n```', '/etc/passwd:'],
    [
      'a repeated path',
      '```python file=a.py\nx\n```\n```python file=a.py\ny\n```',
      'a.py: appears twice',
    ],
  ])('coder: %s is refused', (_, text, problem) => {
    expect(parseSources(text)).toEqual({
      problem: expect.stringContaining(problem),
    });
  });

  it('tester: refuses to replace a source file', () => {
    expect(
      parseTests('```python file=calc.py\nx\n```', new Set(['calc.py'])),
    ).toEqual({
      problem: expect.stringContaining('calc.py: is a source file'),
    });
    expect(
      parseTests('```python file=test_calc.py\nx\n```', new Set(['calc.py'])),
    ).toEqual({ value: [{ path: 'test_calc.py', content: 'x\n' }] });
  });

  it.each([
    [
      'an unknown severity',
      json({ findings: [{ severity: 'fatal', message: 'x' }] }),
      'findings.0.severity',
    ],
    ['a missing list', json({ ok: true }), 'findings: Required'],
    [
      'an empty message',
      json({ findings: [{ severity: 'minor', message: '' }] }),
      'findings.0.message',
    ],
  ])('reviewer: %s is refused', (_, text, problem) => {
    expect(parseReview(text)).toEqual({
      problem: expect.stringContaining(problem),
    });
  });

  it('documenter: wants a README block with a title', () => {
    expect(
      parseReadme('```markdown file=README.md\n# Calc\nAdds.\n```'),
    ).toEqual({
      value: '# Calc\nAdds.\n',
    });
    expect(parseReadme('```markdown file=README.md\nNo title\n```')).toEqual({
      problem: expect.stringContaining('"# " title'),
    });
    expect(parseReadme('```python file=calc.py\nx\n```')).toEqual({
      problem: expect.stringContaining('no ```markdown file=README.md block'),
    });
  });
});

/** A provider answering from a list, recording what it was sent. */
class ListProvider implements LlmProvider {
  readonly id = 'list';
  readonly requests: LlmCompletionRequest[] = [];
  constructor(private readonly answers: string[]) {}
  async complete(request: LlmCompletionRequest): Promise<LlmCompletion> {
    this.requests.push(request);
    const text =
      this.answers[Math.min(this.requests.length - 1, this.answers.length - 1)];
    return {
      text,
      provider: this.id,
      model: 'list-1',
      usage: { promptTokens: 10, completionTokens: text.length },
      finishReason: 'stop',
    };
  }
}

describe('runAgent', () => {
  const prompt = { id: 'reviewer.*.*', version: 1, system: 'S', user: 'U' };
  const metadata = undefined;

  it('re-asks once with the problem shown, then returns the value and the summed usage', async () => {
    const provider = new ListProvider(['nope', json({ findings: [] })]);
    const result = await runAgent({
      router: createStandaloneLlmRouter({ providers: [provider] }),
      metadata,
      agent: 'reviewer',
      prompt,
      parse: parseReview,
    });
    expect(result.value).toEqual([]);
    expect(result.attempts).toBe(2);
    expect(result.usage).toMatchObject({ calls: 2, promptTokens: 20 });
    expect(provider.requests[1].messages.map(m => m.role)).toEqual([
      'system',
      'user',
      'assistant',
      'user',
    ]);
    expect(provider.requests[1].messages[3].content).toContain(
      'That answer was invalid: the answer was not JSON',
    );
  });

  it('fails non-retryably with AgentOutputInvalid after the last attempt', async () => {
    const provider = new ListProvider(['nope']);
    await expect(
      runAgent({
        router: createStandaloneLlmRouter({ providers: [provider] }),
        metadata,
        agent: 'reviewer',
        prompt,
        parse: parseReview,
        attempts: 3,
      }),
    ).rejects.toMatchObject({
      type: 'AgentOutputInvalid',
      nonRetryable: true,
      message: expect.stringContaining(
        'reviewer agent gave no valid answer in 3 attempt(s)',
      ),
    });
    expect(provider.requests).toHaveLength(3);
  });

  it('says offlineTemplate when the template provider answered, also as the fallback of a failing provider', async () => {
    const reviewTask = {
      kind: 'review' as const,
      language: 'python',
      type: 'function',
      projectName: 'fibo',
      prompt: 'Write fibonacci(n)',
    };
    const model = await runAgent({
      router: createStandaloneLlmRouter({
        providers: [new ListProvider([json({ findings: [] })])],
      }),
      metadata: templateTaskMetadata(reviewTask),
      agent: 'reviewer',
      prompt,
      parse: parseReview,
    });
    expect(model).toMatchObject({ provider: 'list', offlineTemplate: false });

    const down: LlmProvider = {
      id: 'down',
      complete: async () => {
        throw new LlmProviderError({
          provider: 'down',
          message: 'upstream 503',
          status: 503,
          retryable: true,
        });
      },
    };
    const fallback = await runAgent({
      router: createStandaloneLlmRouter({
        providers: [down, createTemplateProvider()],
        maxRetries: 0,
      }),
      metadata: templateTaskMetadata(reviewTask),
      agent: 'reviewer',
      prompt,
      parse: parseReview,
    });
    expect(fallback).toMatchObject({
      provider: 'template',
      offlineTemplate: true,
    });
  });

  it('turns a parser crash into a re-ask, never a crash', async () => {
    const provider = new ListProvider(['x', 'y']);
    let calls = 0;
    const result = await runAgent({
      router: createStandaloneLlmRouter({ providers: [provider] }),
      metadata,
      agent: 'custom',
      prompt,
      parse: text => {
        calls++;
        if (calls === 1) throw new Error('boom');
        return { value: text };
      },
    });
    expect(result.value).toBe('y');
  });
});
