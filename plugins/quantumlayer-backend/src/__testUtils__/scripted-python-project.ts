import type { WireMessage } from './scripted-openai-server';

const fence = (path: string, lang: string, body: string) =>
  `\`\`\`${lang} file=${path}\n${body.trim()}\n\`\`\``;

const PLAN = {
  approach: 'One pure function add(a, b) with unittest tests.',
  files: [
    { path: 'calc.py', purpose: 'the add function' },
    { path: 'test_calc.py', purpose: 'unit tests' },
  ],
  interfaces: [
    {
      name: 'add',
      signature: 'def add(a: int, b: int) -> int',
      description: 'Sum of two integers',
    },
  ],
};

const BUGGY = `def add(a: int, b: int) -> int:
    """Sum of two integers."""
    return a - b
`;

const FIXED = `def add(a: int, b: int) -> int:
    """Sum of two integers."""
    return a + b
`;

const TESTS = `import unittest

from calc import add


class AddTest(unittest.TestCase):
    def test_adds_positive_numbers(self):
        self.assertEqual(add(2, 3), 5)

    def test_adds_negative_numbers(self):
        self.assertEqual(add(-1, 1), 0)


if __name__ == "__main__":
    unittest.main()
`;

/** What the scripted model was asked, by agent, read from the system prompt. */
export function agentOf(messages: WireMessage[]): string {
  const system = messages.find(m => m.role === 'system')?.content ?? '';
  if (system.startsWith('You are a software architect')) return 'architect';
  if (system.startsWith('You are a senior')) return 'coder';
  if (system.startsWith('You are a test engineer')) return 'tester';
  if (system.startsWith('You are a meticulous code reviewer'))
    return 'reviewer';
  if (system.startsWith('You are a technical writer')) return 'documenter';
  return 'unknown';
}

/**
 * A model that plans and writes a Python `add`, with a bug the first time
 * (a - b) and the fix once it is shown the failing test output.
 */
export function scriptedPythonProject(
  options: { reviewerGarbageFirst?: boolean } = {},
) {
  let reviewerCalls = 0;
  return (messages: WireMessage[]): string => {
    const user = messages
      .filter(m => m.role === 'user')
      .map(m => m.content)
      .join('\n');
    switch (agentOf(messages)) {
      case 'architect':
        return `\`\`\`json\n${JSON.stringify(PLAN, null, 2)}\n\`\`\``;
      case 'coder':
        return fence(
          'calc.py',
          'python',
          user.includes('<data name="feedback">') ? FIXED : BUGGY,
        );
      case 'tester':
        return fence('test_calc.py', 'python', TESTS);
      case 'reviewer':
        reviewerCalls++;
        if (options.reviewerGarbageFirst && reviewerCalls === 1) {
          return 'Looks fine to me!';
        }
        return `\`\`\`json\n${JSON.stringify({
          findings: [
            {
              severity: 'minor',
              file: 'calc.py',
              line: 1,
              message: 'add accepts bools too; consider rejecting them',
            },
          ],
        })}\n\`\`\``;
      case 'documenter':
        return fence(
          'README.md',
          'markdown',
          '# TestProject\n\nAdds two integers with `add(a, b)`.',
        );
      default:
        return 'I do not know this agent.';
    }
  };
}
