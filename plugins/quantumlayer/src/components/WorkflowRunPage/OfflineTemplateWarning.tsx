import { WarningPanel } from '@backstage/core-components';
import {
  GenerateResult,
  isOfflineTemplateRun,
  OFFLINE_TEMPLATE_WARNING,
} from '@internal/backstage-plugin-quantumlayer-common';

/**
 * Says, above everything else, that the offline template provider answered
 * the run: its files are a canned project for the language and type, and
 * passing tests say nothing about the prompt. Renders nothing otherwise.
 */
export function OfflineTemplateWarning(props: { result: GenerateResult }) {
  if (!isOfflineTemplateRun(props.result)) return null;
  return (
    <div data-testid="offline-template-warning">
      <WarningPanel
        severity="warning"
        title={OFFLINE_TEMPLATE_WARNING}
        message="QuantumLayer's offline template provider answered this run's agents: the files are a fixed example project for the requested language and type, and the tests only test that example. Configure a provider under quantumlayer.llm.providers (see the QuantumLayer backend README), or run a local model server such as Ollama, and start the run again."
        defaultExpanded
      />
    </div>
  );
}
