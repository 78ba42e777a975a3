import { InfoCard } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  CODEGEN_STAGES,
  CODEGEN_STAGE_TITLES,
  StageRecord,
} from '@internal/backstage-plugin-quantumlayer-common';
import { formatDuration } from '../shared/format';
import { stageTone, StatusLabel } from '../shared/StatusLabel';

const useStyles = makeStyles(theme => ({
  list: { listStyle: 'none', margin: 0, padding: 0 },
  item: {
    display: 'grid',
    gridTemplateColumns: '2em 12em 9em 6em 1fr',
    alignItems: 'center',
    gap: theme.spacing(1),
    padding: theme.spacing(0.5, 0),
    borderBottom: `1px solid ${theme.palette.divider}`,
  },
  track: {
    position: 'relative',
    height: 10,
    background: theme.palette.action.hover,
    borderRadius: 2,
  },
  bar: {
    position: 'absolute',
    top: 0,
    height: '100%',
    minWidth: 2,
    borderRadius: 2,
    background: theme.palette.primary.main,
  },
  detail: { gridColumn: '2 / -1', color: theme.palette.text.secondary },
}));

/** All twelve stages in order; stages the run has not reached are pending. */
export function timelineStages(records: StageRecord[]): StageRecord[] {
  const byStage = new Map(records.map(r => [r.stage, r]));
  return CODEGEN_STAGES.map(
    stage => byStage.get(stage) ?? { stage, status: 'pending' },
  );
}

/**
 * The twelve stages with a status chip, duration and log-safe detail each,
 * and a bar placing each stage on the run's time axis.
 */
export function StageTimeline(props: {
  stages: StageRecord[];
  runStart: string | null;
  now: number;
}) {
  const classes = useStyles();
  const stages = timelineStages(props.stages);
  const origin = props.runStart
    ? new Date(props.runStart).getTime()
    : Math.min(
        ...stages
          .filter(s => s.startedAt)
          .map(s => new Date(s.startedAt!).getTime()),
      );
  const ends = stages
    .filter(s => s.startedAt)
    .map(
      s =>
        new Date(s.startedAt!).getTime() +
        (s.durationMs ??
          (s.status === 'running'
            ? props.now - new Date(s.startedAt!).getTime()
            : 0)),
    );
  const span = Math.max(1, ...ends.map(end => end - origin));

  return (
    <InfoCard title="Stage timeline">
      <ol className={classes.list} aria-label="Stage timeline">
        {stages.map((s, index) => {
          const start = s.startedAt
            ? new Date(s.startedAt).getTime() - origin
            : null;
          const duration =
            s.durationMs ??
            (s.status === 'running' && s.startedAt
              ? props.now - new Date(s.startedAt).getTime()
              : undefined);
          return (
            <li
              key={s.stage}
              className={classes.item}
              data-testid={`stage-${s.stage}`}
              data-status={s.status}
            >
              <Typography variant="body2" color="textSecondary">
                {index + 1}
              </Typography>
              <Typography variant="body2">
                {CODEGEN_STAGE_TITLES[s.stage] ?? s.stage}
              </Typography>
              <Chip
                size="small"
                variant="outlined"
                label={
                  <StatusLabel tone={stageTone(s.status)} label={s.status} />
                }
              />
              <Typography
                variant="body2"
                data-testid={`stage-duration-${s.stage}`}
              >
                {duration === undefined ? '—' : formatDuration(duration)}
              </Typography>
              <Box className={classes.track} aria-hidden="true">
                {start !== null && (
                  <Box
                    className={classes.bar}
                    style={{
                      left: `${(Math.max(0, start) / span) * 100}%`,
                      width: `${((duration ?? 0) / span) * 100}%`,
                    }}
                  />
                )}
              </Box>
              {s.detail && (
                <Typography variant="caption" className={classes.detail}>
                  {s.detail}
                </Typography>
              )}
            </li>
          );
        })}
      </ol>
    </InfoCard>
  );
}
