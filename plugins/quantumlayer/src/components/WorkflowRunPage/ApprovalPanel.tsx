import { useState } from 'react';
import { InfoCard } from '@backstage/core-components';
import { toastApiRef, useApi } from '@backstage/frontend-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import {
  ApprovalRecord,
  quantumlayerWorkflowApprovePermission,
} from '@internal/backstage-plugin-quantumlayer-common';
import {
  QuantumlayerApiError,
  quantumlayerApiRef,
} from '../../api/QuantumlayerApi';
import { formatTime } from '../shared/format';

/**
 * The approval gate of a run waiting after review: a reason and Approve /
 * Reject, shown only to those whom `quantumlayer.workflow.approve` allows on
 * this run. The backend still decides (403 otherwise) and refuses a run that
 * is no longer waiting (409); both answers are shown as they come.
 */
export function ApprovalPanel(props: {
  workflowId: string;
  /** The gate's state; null when the run did not report it yet. */
  approval: ApprovalRecord | null | undefined;
  onDecided: () => void;
}) {
  const api = useApi(quantumlayerApiRef);
  const toastApi = useApi(toastApiRef);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string>();
  const [forbidden, setForbidden] = useState(false);
  const { allowed: mayDecide, loading: checking } = usePermission({
    permission: quantumlayerWorkflowApprovePermission,
    resourceRef: props.workflowId,
  });

  const decide = async (decision: 'approve' | 'reject') => {
    setBusy(true);
    setProblem(undefined);
    try {
      const { approval } = await api.decideApproval(props.workflowId, {
        decision,
        reason,
      });
      toastApi.post({
        title: `Run ${props.workflowId} ${approval.status}${
          approval.by ? ` by ${approval.by}` : ''
        }`,
        status: 'success',
        timeout: 5000,
      });
      props.onDecided();
    } catch (error) {
      const e = error as Error;
      if (e instanceof QuantumlayerApiError && e.status === 403) {
        setForbidden(true);
        setProblem(`You may not decide this approval: ${e.message}`);
      } else {
        setProblem(e.message);
        if (e instanceof QuantumlayerApiError && e.status === 409) {
          props.onDecided();
        }
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <InfoCard title="Approval required" subheader="The run waits after review">
      <Box data-testid="approval-panel">
        <Typography variant="body2" gutterBottom>
          The generated code is ready. Approve to package and store it, or
          reject to stop the run.
          {props.approval?.deadline && (
            <>
              {' '}
              The gate closes by itself at{' '}
              <strong>{formatTime(props.approval.deadline)}</strong>.
            </>
          )}
        </Typography>
        {!checking && !mayDecide && (
          <Typography
            variant="body2"
            color="textSecondary"
            data-testid="approval-not-allowed"
          >
            You may not approve or reject this run (
            {quantumlayerWorkflowApprovePermission.name}).
          </Typography>
        )}
        {mayDecide && (
          <>
            <TextField
              id="approval-reason"
              label="Reason"
              value={reason}
              onChange={e => setReason(e.target.value)}
              multiline
              minRows={2}
              fullWidth
              variant="outlined"
              margin="normal"
              inputProps={{ maxLength: 2000, 'data-testid': 'approval-reason' }}
              disabled={busy || forbidden}
            />
            <Box display="flex" style={{ gap: 8 }}>
              <Button
                variant="contained"
                color="primary"
                onClick={() => decide('approve')}
                disabled={busy || forbidden}
                data-testid="approve-button"
              >
                Approve
              </Button>
              <Button
                variant="outlined"
                onClick={() => decide('reject')}
                disabled={busy || forbidden}
                data-testid="reject-button"
              >
                Reject
              </Button>
            </Box>
          </>
        )}
        {problem && (
          <Typography
            role="alert"
            color="error"
            variant="body2"
            data-testid="approval-error"
            style={{ marginTop: 8 }}
          >
            {problem}
          </Typography>
        )}
      </Box>
    </InfoCard>
  );
}
