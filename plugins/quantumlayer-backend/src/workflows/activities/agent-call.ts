import { cancellationSignal } from '@temporalio/activity';
import type { GenerateRequest } from '@internal/backstage-plugin-quantumlayer-common';
import {
  templateTaskMetadata,
  type TemplateTask,
} from '@internal/backstage-plugin-quantumlayer-common';
import type { AgentUsage } from '../../agents/agent-usage';
import type { AgentCall } from '../../agents/run-agent';
import type { LlmBilling } from '../shared';
import { beat, currentActivity, llmCallContext } from './activity-context';
import type { ActivityDeps, FileRef } from './types';

/** What the workflow passes to every agent activity. */
export interface AgentStepInput {
  request: GenerateRequest;
  billing?: LlmBilling;
  /** The most tokens this step may spend: what is left of the run's budget. */
  maxTokens?: number;
}

/** What every agent activity returns besides its value. */
export interface AgentStepUsage {
  usage: AgentUsage;
  provider: string;
  model: string;
  /**
   * True when the offline template provider answered a call of this step.
   * Optional: results recorded before the flag existed have none.
   */
  offlineTemplate?: boolean;
}

type TaskKind = TemplateTask['kind'];

/** The router call settings of an agent step, cancellable inside a worker. */
export function agentCall(
  deps: ActivityDeps,
  input: AgentStepInput,
  kind: TaskKind,
  feedback?: string,
): AgentCall & { attempts?: number } {
  const { request } = input;
  beat({ stage: kind });
  return {
    router: deps.router,
    call: llmCallContext(input.billing),
    maxTokens: input.maxTokens,
    attempts: deps.agentAttempts,
    abortSignal: currentActivity() ? cancellationSignal() : undefined,
    metadata: templateTaskMetadata({
      kind,
      language: request.language,
      type: request.type,
      projectName: request.requirements.project_name,
      prompt: request.prompt,
      feedback,
    }),
  };
}

/** Stores agent-written files in QuantumDrop and returns references. */
export async function storeFiles(
  deps: ActivityDeps,
  files: { path: string; content: string }[],
): Promise<FileRef[]> {
  const refs: FileRef[] = [];
  for (const file of files) {
    const blob = await deps.store.putBlob(file.content);
    refs.push({ path: file.path, sha256: blob.sha256, size: blob.size });
  }
  return refs;
}

/** Reads stored files back as text. */
export async function loadFiles(
  deps: ActivityDeps,
  files: FileRef[],
): Promise<{ path: string; content: string }[]> {
  return Promise.all(
    files.map(async f => ({
      path: f.path,
      content: await deps.store.getText(f.sha256),
    })),
  );
}

/** The usage part of an agent result, without its (possibly large) value. */
export const stepUsage = (result: AgentStepUsage): AgentStepUsage => ({
  usage: result.usage,
  provider: result.provider,
  model: result.model,
  offlineTemplate: result.offlineTemplate,
});
