import { reviewFiles } from './static-checks';

describe('reviewFiles', () => {
  it('flags secrets and forbidden calls with file and line', () => {
    const findings = reviewFiles('python', [
      { path: 'a.py', content: 'x = 1\nkey = "AKIAABCDEFGHIJKLMNOP"\n' },
      { path: 'b.py', content: 'import os\nos.system("rm -rf /")\n' },
      { path: 'c.py', content: 'print(evaluate(1))\n' },
    ]);
    expect(findings.map(f => f.message)).toEqual([
      'a.py:2 looks like an AWS access key',
      'b.py:2 runs a shell command',
    ]);
    expect(findings.every(f => f.blocking)).toBe(true);
  });

  it('applies language-specific rules only to their language', () => {
    const content = 'const cp = require("child_process");\n';
    expect(reviewFiles('python', [{ path: 'x.js', content }])).toEqual([]);
    expect(reviewFiles('javascript', [{ path: 'x.js', content }])[0].rule).toBe(
      'call.child-process',
    );
  });
});
