import type {
  SupportedLanguage,
  SupportedType,
} from '@internal/backstage-plugin-quantumlayer-common';
import { projectNames, summaryLine, TemplateFile } from './names';
import { pythonSources, pythonTests } from './languages/python';
import { jsSources, jsTests } from './languages/javascript';
import { goSources, goTests } from './languages/go';

/** The deterministic project the template provider writes for a request. */
export function templateFiles(options: {
  language: SupportedLanguage;
  type: SupportedType;
  projectName: string;
  prompt: string;
}): { sources: TemplateFile[]; tests: TemplateFile[] } {
  const n = projectNames(options.projectName);
  const summary = summaryLine(options.prompt);
  switch (options.language) {
    case 'python':
      return {
        sources: pythonSources(options.type, n, summary),
        tests: pythonTests(options.type, n),
      };
    case 'javascript':
    case 'typescript': {
      const ts = options.language === 'typescript';
      return {
        sources: jsSources(ts, options.type, n, summary),
        tests: jsTests(ts, options.type, n),
      };
    }
    case 'go':
      return {
        sources: goSources(options.type, n, summary),
        tests: goTests(options.type, n),
      };
    default:
      throw new Error(
        `template provider has no template for ${options.language}`,
      );
  }
}

/** Renders files as fenced blocks with a `file=` attribute, the format the parser reads. */
export function renderFencedFiles(files: TemplateFile[]): string {
  return files
    .map(f => {
      const fence = f.content.includes('```') ? '````' : '```';
      return `${fence}${f.lang} file=${f.path}\n${f.content.replace(
        /\n$/,
        '',
      )}\n${fence}`;
    })
    .join('\n\n');
}
