import { named, platform } from '../../__testUtils__/platform-snapshot';
import { cnpgBackupSchedule, cnpgLastBackup } from './backup-rules';

const CLUSTER = 'Cluster quantumlayer/quantumlayer-pg';
const hoursAgo = (h: number) =>
  new Date(Date.now() - h * 3_600_000).toISOString();

describe('cnpg-backup-schedule', () => {
  const judge = (change: Parameters<typeof platform>[0]) =>
    cnpgBackupSchedule(platform(change).snapshot);

  it('passes a Cluster that archives WAL and has a running ScheduledBackup', () => {
    expect(judge(() => {})).toEqual([
      {
        id: 'cnpg-backup-schedule',
        title:
          'PostgreSQL clusters archive WAL and take scheduled base backups (point-in-time recovery)',
        status: 'pass',
        object: CLUSTER,
        message:
          'WAL archived to s3://quantumlayer-pg-backups/; ScheduledBackup quantumlayer/quantumlayer-pg-daily "0 0 2 * * *" (next 2025-09-03T02:00:00Z)',
      },
    ]);
  });

  it('accepts a CNPG-I plugin that archives WAL instead of the in-tree object store', () => {
    const [result] = judge(objects => {
      const cluster = named(objects, 'Cluster', 'quantumlayer-pg');
      delete cluster.spec.backup;
      cluster.spec.plugins = [
        { name: 'barman-cloud.cloudnative-pg.io', isWALArchiver: true },
      ];
    });
    expect(result.status).toBe('pass');
    expect(result.message).toMatch(
      /^WAL archived to plugin barman-cloud\.cloudnative-pg\.io;/,
    );
  });

  it('fails without WAL archiving and without a schedule, naming both', () => {
    const [result] = judge(objects => {
      delete named(objects, 'Cluster', 'quantumlayer-pg').spec.backup;
      objects.splice(
        objects.indexOf(
          named(objects, 'ScheduledBackup', 'quantumlayer-pg-daily'),
        ),
        1,
      );
    });
    expect(result).toMatchObject({
      status: 'fail',
      message:
        'no WAL archiving (spec.backup.barmanObjectStore or a WAL-archiver plugin), so no point-in-time recovery; no ScheduledBackup takes base backups of it; add one (e.g. daily, schedule "0 0 2 * * *")',
    });
  });

  it('fails when archiving fails or every schedule is suspended', () => {
    const [result] = judge(objects => {
      const conditions = named(objects, 'Cluster', 'quantumlayer-pg').status
        .conditions;
      Object.assign(
        conditions.find((c: any) => c.type === 'ContinuousArchiving'),
        {
          status: 'False',
          reason: 'ContinuousArchivingFailing',
          message: 'unexpected failure invoking barman-cloud-wal-archive',
        },
      );
      named(objects, 'ScheduledBackup', 'quantumlayer-pg-daily').spec.suspend =
        true;
    });
    expect(result).toMatchObject({
      status: 'fail',
      message:
        'WAL archiving is failing (ContinuousArchivingFailing: unexpected failure invoking barman-cloud-wal-archive); every ScheduledBackup is suspended (quantumlayer-pg-daily); set spec.suspend: false',
    });
  });

  it('is unknown where ScheduledBackups cannot be read', () => {
    const { snapshot } = platform();
    snapshot.lists.scheduledbackups.quantumlayer = {
      state: 'not-installed',
      items: [],
      message: 'scheduledbackups.postgresql.cnpg.io is not served',
    };
    expect(
      cnpgBackupSchedule(snapshot).map(r => [r.status, r.object, r.message]),
    ).toEqual([
      [
        'unknown',
        'Namespace quantumlayer',
        'scheduledbackups.postgresql.cnpg.io is not served',
      ],
    ]);
  });
});

describe('cnpg-last-backup', () => {
  const judge = (status: Record<string, unknown>, maxHours = 26) => {
    const { snapshot } = platform(objects => {
      const cluster = named(objects, 'Cluster', 'quantumlayer-pg');
      cluster.status = { ...cluster.status, ...status };
    });
    snapshot.maxBackupAgeMs = maxHours * 3_600_000;
    return cnpgLastBackup(snapshot)[0];
  };

  it('passes a backup within the age, with the recovery window', () => {
    const result = judge({ lastSuccessfulBackup: hoursAgo(5) });
    expect(result.status).toBe('pass');
    expect(result.message).toMatch(
      /^last successful backup \S+, 5\.0 h ago; recoverable to any point since 2025-09-01T08:05:10Z$/,
    );
  });

  it('fails a backup older than maxBackupAgeHours', () => {
    const result = judge({ lastSuccessfulBackup: hoursAgo(27) });
    expect(result.status).toBe('fail');
    expect(result.message).toMatch(
      /27\.0 h ago: older than 26 hours \(quantumlayer\.kubernetes\.maxBackupAgeHours\)$/,
    );
    expect(judge({ lastSuccessfulBackup: hoursAgo(27) }, 48).status).toBe(
      'pass',
    );
  });

  it('fails a Cluster that was never backed up', () => {
    expect(
      judge({ lastSuccessfulBackup: undefined, conditions: [] }),
    ).toMatchObject({
      status: 'fail',
      message:
        'no successful backup yet (status.lastSuccessfulBackup is empty)',
    });
  });

  it('fails when the last backup failed, by condition or by a later failure time', () => {
    const failedAt = hoursAgo(1);
    expect(
      judge({
        lastSuccessfulBackup: hoursAgo(3),
        lastFailedBackup: failedAt,
        conditions: [
          {
            type: 'LastBackupSucceeded',
            status: 'False',
            reason: 'LastBackupFailed',
            message: 'no space left on device',
          },
        ],
      }).message,
    ).toMatch(
      new RegExp(
        `^the last backup failed at ${failedAt} \\(LastBackupFailed: no space left on device\\); last success `,
      ),
    );
    expect(
      judge({
        lastSuccessfulBackup: hoursAgo(3),
        lastFailedBackup: failedAt,
        conditions: [],
      }),
    ).toMatchObject({
      status: 'fail',
      message: expect.stringContaining('(see its Backup object)'),
    });
  });

  it('does not guess from a time it cannot read', () => {
    expect(judge({ lastSuccessfulBackup: 'yesterday' })).toMatchObject({
      status: 'unknown',
      message: 'status.lastSuccessfulBackup "yesterday" is not a time',
    });
  });
});
