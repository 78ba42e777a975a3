import { spawn } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import {
  ScriptedOpenAiServer,
  startScriptedOpenAiServer,
} from '../src/__testUtils__/scripted-openai-server';
import { humanEvalPath, loadHumanEval } from './humaneval';

jest.setTimeout(120_000);
const PLUGIN_DIR = path.resolve(__dirname, '..');
const dataset = humanEvalPath(path.resolve(PLUGIN_DIR, '../..'));

/** Runs `yarn bench:humaneval`'s script as the README names it; resolves with its exit code and output. */
function runBench(args: string[]) {
  return new Promise<{ code: number | null; out: string }>(resolve => {
    const child = spawn(
      process.execPath,
      [
        '--require',
        require.resolve('@backstage/cli/config/nodeTransform.cjs'),
        path.join(PLUGIN_DIR, 'bench/humaneval.ts'),
        ...args,
      ],
      { cwd: PLUGIN_DIR, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    child.stdout.on('data', d => (out += d));
    child.stderr.on('data', d => (out += d));
    // A bench that never ends is what this test is about: bound it.
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.on('exit', code => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

(dataset ? describe : describe.skip)('yarn bench:humaneval', () => {
  let server: ScriptedOpenAiServer | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await server?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('prints its figures and exits by itself', async () => {
    const problems = loadHumanEval(dataset!).slice(0, 2);
    server = await startScriptedOpenAiServer(messages => {
      const user = messages.find(m => m.role === 'user')!.content;
      const p = problems.find(q => user.includes(q.prompt.trim()))!;
      return `\`\`\`python file=solution.py\n${p.prompt}${p.canonical_solution}\`\`\``;
    });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ql-bench-he-'));
    const config = path.join(dir, 'app-config.bench.yaml');
    fs.writeFileSync(
      config,
      [
        'quantumlayer:',
        '  llm:',
        '    providers:',
        '      - id: scripted',
        '        type: openai-compatible',
        `        baseUrl: ${server.baseUrl}`,
        '        models: [coder]',
      ].join('\n'),
    );

    const { code, out } = await runBench([
      '--provider',
      'scripted/coder',
      '--limit',
      '2',
      '--config',
      config,
    ]);

    expect(out).toContain('baseline (canonical solutions): 2/2 = 1.000');
    expect(out).toContain('scripted/coder: pass@1 2/2 = 1.000');
    // Killed by the bound above would be null: it ended on its own, cleanly.
    expect(code).toBe(0);
    expect(server.requests).toHaveLength(2);
  });
});
