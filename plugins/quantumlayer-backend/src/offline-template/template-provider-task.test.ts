import { TemplateProvider } from './template-provider';
import {
  readTemplateTask,
  templateTaskMetadata,
} from '@internal/backstage-plugin-quantumlayer-common';

const task = {
  kind: 'document' as const,
  language: 'python',
  type: 'function',
  projectName: 'fibo',
  prompt: 'Write fibonacci(n)',
};

describe('the template task as request labels', () => {
  it('travels as codegen.* labels and reads back the same', () => {
    const labels = templateTaskMetadata({ ...task, feedback: undefined });
    expect(labels).toEqual({
      'codegen.kind': 'document',
      'codegen.language': 'python',
      'codegen.type': 'function',
      'codegen.projectName': 'fibo',
      'codegen.prompt': 'Write fibonacci(n)',
    });
    expect(readTemplateTask({ ...labels, 'team.cost-centre': '42' })).toEqual(
      task,
    );
  });

  it('reads no task from missing, partial or unknown labels', () => {
    expect(readTemplateTask(undefined)).toBeUndefined();
    expect(readTemplateTask({ 'codegen.kind': 'code' })).toBeUndefined();
    expect(
      readTemplateTask({
        ...templateTaskMetadata(task),
        'codegen.kind': 'deploy',
      }),
    ).toBeUndefined();
  });

  it('is what the template provider answers from, and nothing else', async () => {
    const provider = new TemplateProvider();
    const messages = [{ role: 'user' as const, content: 'Write fibonacci(n)' }];
    const answer = await provider.complete({
      messages,
      metadata: templateTaskMetadata(task),
    });
    expect(answer.provider).toBe('template');
    expect(answer.text).toContain('fibo');
    await expect(provider.complete({ messages })).rejects.toThrow(
      /needs a code-generation task \(the codegen\.\* metadata/,
    );
  });
});
