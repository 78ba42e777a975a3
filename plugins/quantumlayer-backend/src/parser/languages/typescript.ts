import ts from 'typescript';
import type { SyntaxChecker } from './types';

/**
 * Syntax-checks TypeScript and JavaScript in process with the TypeScript
 * parser: only syntactic diagnostics, so missing types never fail a file.
 */
export const checkTypeScriptSyntax: SyntaxChecker = async (_dir, files) =>
  files.map(file => {
    const out = ts.transpileModule(file.content, {
      fileName: file.path,
      reportDiagnostics: true,
      compilerOptions: { allowJs: true, module: ts.ModuleKind.CommonJS },
    });
    const errors = (out.diagnostics ?? []).filter(
      d => d.category === ts.DiagnosticCategory.Error,
    );
    if (errors.length === 0) return { path: file.path, ok: true };
    const first = errors[0];
    const where =
      first.file && first.start !== undefined
        ? first.file.getLineAndCharacterOfPosition(first.start).line + 1
        : 0;
    return {
      path: file.path,
      ok: false,
      message: `line ${where}: ${ts.flattenDiagnosticMessageText(
        first.messageText,
        '\n',
      )}`,
    };
  });

/** Compiles TypeScript sources to CommonJS next to them, for the test run. */
export function transpileToCommonJs(content: string, fileName: string): string {
  return ts.transpileModule(content, {
    fileName,
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      esModuleInterop: true,
    },
  }).outputText;
}
