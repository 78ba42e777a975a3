import {
  LlmCompletion,
  LlmCompletionRequest,
  LlmProvider,
  LlmProviderError,
} from '@internal/backstage-plugin-quantumlayer-router-node';
import {
  SUPPORTED_LANGUAGES,
  SUPPORTED_TYPES,
  SupportedLanguage,
  SupportedType,
  readTemplateTask,
} from '@internal/backstage-plugin-quantumlayer-common';
import { readmeAnswer, reviewAnswer } from './template-answers';
import { renderFencedFiles, templateFiles } from './template-files';

const PROVIDER_ID = 'template';
const MODEL = 'quantumlayer-template-v1';

const estimateTokens = (text: string) => Math.ceil(text.length / 4);

/**
 * The embedded default provider: deterministic, offline, and labelled
 * `provider: template` in every result. It reads the code-generation task
 * of a request from its `codegen.*` metadata (it cannot read free text) and answers in the same fenced-block
 * format a real model is asked for, so the parser and tests run unchanged.
 */
export class TemplateProvider implements LlmProvider {
  readonly id = PROVIDER_ID;

  async complete(request: LlmCompletionRequest): Promise<LlmCompletion> {
    const task = readTemplateTask(request.metadata);
    if (!task) {
      throw new LlmProviderError({
        provider: PROVIDER_ID,
        message:
          'the template provider needs a code-generation task (the codegen.* metadata of a workflow step); configure an LLM provider for free-form chat',
        status: 400,
        retryable: false,
      });
    }
    if (
      !SUPPORTED_LANGUAGES.includes(task.language as SupportedLanguage) ||
      !SUPPORTED_TYPES.includes(task.type as SupportedType)
    ) {
      throw new LlmProviderError({
        provider: PROVIDER_ID,
        message: `the template provider has no template for ${task.language}/${task.type}`,
        retryable: false,
      });
    }
    const files = templateFiles({
      language: task.language as SupportedLanguage,
      type: task.type as SupportedType,
      projectName: task.projectName,
      prompt: task.prompt,
    });
    let text: string;
    switch (task.kind) {
      case 'plan':
        text = this.plan(
          task.type,
          [...files.sources, ...files.tests].map(f => f.path),
        );
        break;
      case 'tests':
        text = renderFencedFiles(files.tests);
        break;
      case 'review':
        text = reviewAnswer();
        break;
      case 'document':
        text = readmeAnswer(task.projectName, task.language, task.type);
        break;
      default:
        text = renderFencedFiles(files.sources);
    }
    const promptText = request.messages.map(m => m.content).join('\n');
    return {
      text,
      provider: PROVIDER_ID,
      model: MODEL,
      usage: {
        promptTokens: estimateTokens(promptText),
        completionTokens: estimateTokens(text),
      },
      finishReason: 'stop',
    };
  }

  private plan(type: string, paths: string[]) {
    const plan = {
      approach: `A small, dependency-free ${type} with unit tests, from QuantumLayer's offline template.`,
      files: paths.map(path => ({
        path,
        purpose: /test/i.test(path) ? 'unit tests' : 'implementation',
      })),
    };
    return `\`\`\`json\n${JSON.stringify(plan, null, 2)}\n\`\`\``;
  }
}
