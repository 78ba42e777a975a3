import { useEntity } from '@backstage/plugin-catalog-react';
import { getHealthCheckName, getWorkflowId } from './annotations';
import { QuantumlayerHealthCheckCard } from './HealthCheckCard';
import { QuantumlayerWorkflowRunCard } from './WorkflowRunCard';

/*
 * What the entity card extensions render: the cards with their prop read
 * from the entity on the page. The extensions' filters only let entities
 * with the annotation through, so it is there.
 */

/** The health card of a Resource annotated `quantumlayer.io/health-check`. */
export function EntityHealthCheckCard() {
  const { entity } = useEntity();
  return (
    <QuantumlayerHealthCheckCard checkName={getHealthCheckName(entity)!} />
  );
}

/** The run card of a Component annotated `quantumlayer.io/workflow-id`. */
export function EntityWorkflowRunCard() {
  const { entity } = useEntity();
  return <QuantumlayerWorkflowRunCard workflowId={getWorkflowId(entity)!} />;
}
