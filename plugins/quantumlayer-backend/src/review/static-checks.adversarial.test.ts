import {
  fill,
  LINEAR_LIMIT_MS,
  runDoubling,
} from '../__testUtils__/linear-time';
import { reviewFiles } from './static-checks';

// Every rule's pattern runs on generated files (up to 1 MiB each): worst
// cases for each, at sizes doubling up to 512 KiB, must stay fast.
describe('reviewFiles on adversarial files', () => {
  it.each<[string, string, (n: number) => string]>([
    ['python', 'an API-key prefix then dashes', n => `sk-${fill('-', n)} `],
    ['python', 'API-key prefixes back to back', n => fill('sk-', n)],
    ['python', 'AWS-key prefixes back to back', n => fill('AKIA', n)],
    ['python', 'GitHub-token prefixes back to back', n => fill('ghp_', n)],
    [
      'python',
      'private-key headers cut short',
      n => fill('-----BEGIN RSA ', n),
    ],
    [
      'python',
      'eval without a parenthesis',
      n => fill(`eval${' '.repeat(64)}`, n),
    ],
    ['python', 'exec then spaces', n => `exec${fill(' ', n)}x`],
    [
      'python',
      'shell = without True',
      n => `shell${fill(' ', n)}=${fill(' ', n)}Tru`,
    ],
    ['python', 'os.system then spaces', n => `os.system${fill('\t', n)}`],
    [
      'typescript',
      'new Function then spaces',
      n => `new Function${fill(' ', n)}`,
    ],
    ['go', 'quotes and slashes', n => fill('"os/exe', n)],
    ['python', 'many lines before a finding', n => `${fill('x\n', n)}eval(1)`],
  ])('%s stays linear: %s', (language, _name, make) => {
    expect(
      runDoubling(make, content =>
        reviewFiles(language, [{ path: 'a', content }]),
      ).slowestMs,
    ).toBeLessThan(LINEAR_LIMIT_MS);
  });

  it('still finds what the rules look for', () => {
    const findings = reviewFiles('python', [
      {
        path: 'app.py',
        content: `x = 1\nkey = "sk-${'a'.repeat(
          24,
        )}"\nsubprocess.run(c, shell = True)\n`,
      },
    ]);
    expect(findings.map(f => f.message)).toEqual([
      'app.py:2 looks like an API key',
      'app.py:3 runs a shell command',
    ]);
  });
});
