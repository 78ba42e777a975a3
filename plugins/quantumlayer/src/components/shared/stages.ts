import {
  CODEGEN_STAGE_TITLES,
  CodegenStage,
} from '@internal/backstage-plugin-quantumlayer-common';

/** A run's current stage for people: the stage title, or the state between stages. */
export function stageTitle(stage: string | null | undefined): string {
  if (!stage) return '—';
  if (stage === 'done') return 'Done';
  if (stage === 'awaiting_approval') return 'Awaiting approval';
  return CODEGEN_STAGE_TITLES[stage as CodegenStage] ?? stage;
}
