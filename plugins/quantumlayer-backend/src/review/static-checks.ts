/** One static-review finding. Blocking findings stop the workflow. */
export interface ReviewFinding {
  path: string;
  rule: string;
  blocking: boolean;
  message: string;
}

interface Rule {
  id: string;
  pattern: RegExp;
  blocking: boolean;
  message: string;
  languages?: string[];
}

const RULES: Rule[] = [
  {
    id: 'secret.aws-key',
    pattern: /\bAKIA[0-9A-Z]{16}\b/,
    blocking: true,
    message: 'looks like an AWS access key',
  },
  {
    id: 'secret.private-key',
    pattern: /-----BEGIN (RSA |EC |OPENSSH |DSA )?PRIVATE KEY-----/,
    blocking: true,
    message: 'contains a private key',
  },
  {
    id: 'secret.openai-key',
    pattern: /\bsk-[A-Za-z0-9_-]{20,}\b/,
    blocking: true,
    message: 'looks like an API key',
  },
  {
    id: 'secret.github-token',
    pattern: /\bgh[pousr]_[A-Za-z0-9]{36}\b/,
    blocking: true,
    message: 'looks like a GitHub token',
  },
  {
    id: 'call.eval',
    pattern: /(^|[^\w.])eval\s*\(/,
    blocking: true,
    message: 'calls eval()',
  },
  {
    id: 'call.exec',
    pattern: /(^|[^\w.])exec\s*\(/,
    blocking: true,
    message: 'calls exec()',
    languages: ['python'],
  },
  {
    id: 'call.os-system',
    pattern: /\bos\.system\s*\(|shell\s*=\s*True/,
    blocking: true,
    message: 'runs a shell command',
    languages: ['python'],
  },
  {
    id: 'call.child-process',
    pattern: /child_process|new Function\s*\(/,
    blocking: true,
    message: 'spawns processes or compiles code at run time',
    languages: ['javascript', 'typescript'],
  },
  {
    id: 'call.os-exec',
    pattern: /"os\/exec"|syscall\.Exec/,
    blocking: true,
    message: 'spawns processes',
    languages: ['go'],
  },
];

/** Scans files for secrets and forbidden calls. Pure: the caller loads the files. */
export function reviewFiles(
  language: string,
  files: { path: string; content: string }[],
): ReviewFinding[] {
  const findings: ReviewFinding[] = [];
  for (const file of files) {
    for (const rule of RULES) {
      if (rule.languages && !rule.languages.includes(language)) continue;
      const match = rule.pattern.exec(file.content);
      if (match) {
        const line = file.content.slice(0, match.index).split('\n').length;
        findings.push({
          path: file.path,
          rule: rule.id,
          blocking: rule.blocking,
          message: `${file.path}:${line} ${rule.message}`,
        });
      }
    }
  }
  return findings;
}
