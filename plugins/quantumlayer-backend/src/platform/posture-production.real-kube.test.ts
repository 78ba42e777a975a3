import {
  APPLIED,
  describeOnRealKube,
  usePostureOnRealKube,
  verdictOf,
  verdicts,
} from '../__testUtils__/real-kube-posture';

// The production pieces the posture judges live, on a real API server holding
// deploy/overlays/production: the TLS edge and its certificate, egress limited
// to the registry, PostgreSQL backups. Nothing runs there (no cert-manager or
// CloudNativePG controller), so each test writes the status a controller
// would, or changes a spec, and watches the rule flip.

describeOnRealKube(
  'posture of the production pieces on a real API server',
  () => {
    const { report, setStatus, withSpecChange } = usePostureOnRealKube();

    const CERTIFICATE = {
      group: 'cert-manager.io',
      version: 'v1',
      plural: 'certificates',
      namespace: 'istio-system',
      name: 'quantumlayer-portal',
    };
    const DB_CLUSTER = {
      group: 'postgresql.cnpg.io',
      version: 'v1',
      plural: 'clusters',
      namespace: 'quantumlayer',
      name: 'quantumlayer-db',
    };
    const GATEWAY_OBJECT = 'Gateway istio-system/quantumlayer';
    const DB_OBJECT = 'Cluster quantumlayer/quantumlayer-db';

    it('passes edge-ingress-tls once the Certificate is Ready, and fails it when port 80 stops redirecting', async () => {
      const notAfter = new Date(Date.now() + 60 * 86_400_000).toISOString();
      const previous = await setStatus(CERTIFICATE, {
        conditions: [
          { type: 'Ready', status: 'True', reason: 'Ready', message: 'issued' },
        ],
        notAfter,
      });
      try {
        const ready = await report();
        expect(verdictOf(ready, 'edge-ingress-tls', GATEWAY_OBJECT)).toEqual(
          expect.objectContaining({
            status: 'pass',
            message: expect.stringContaining(
              `Certificate istio-system/quantumlayer-portal is ready, valid until ${notAfter}`,
            ),
          }),
        );

        await withSpecChange(
          {
            group: 'networking.istio.io',
            version: 'v1',
            plural: 'gateways',
            namespace: 'istio-system',
            name: 'quantumlayer',
          },
          spec => {
            spec.servers[1].tls.httpsRedirect = false;
          },
          async () => {
            const r = await report();
            expect(verdictOf(r, 'edge-ingress-tls', GATEWAY_OBJECT)).toEqual(
              expect.objectContaining({
                status: 'fail',
                message:
                  'port 80 serves quantumlayer.example.com in plain HTTP; set tls.httpsRedirect: true',
              }),
            );
          },
        );
      } finally {
        await setStatus(CERTIFICATE, previous);
      }
      expect(
        verdictOf(await report(), 'edge-ingress-tls', GATEWAY_OBJECT)?.status,
      ).toBe('fail');
    });

    it('judges cnpg-last-backup from the Cluster status: recent, too old, failed', async () => {
      const hoursAgo = (h: number) =>
        new Date(Date.now() - h * 3_600_000).toISOString();
      const previous = await setStatus(DB_CLUSTER, {
        lastSuccessfulBackup: hoursAgo(3),
        firstRecoverabilityPoint: hoursAgo(50),
      });
      try {
        const recent = await report();
        expect(verdictOf(recent, 'cnpg-last-backup', DB_OBJECT)).toEqual(
          expect.objectContaining({
            status: 'pass',
            message: expect.stringMatching(
              /^last successful backup \S+, 3\.0 h ago; recoverable to any point since /,
            ),
          }),
        );

        await setStatus(DB_CLUSTER, { lastSuccessfulBackup: hoursAgo(30) });
        const old = await report();
        expect(verdictOf(old, 'cnpg-last-backup', DB_OBJECT)).toEqual(
          expect.objectContaining({
            status: 'fail',
            message: expect.stringContaining('older than 26 hours'),
          }),
        );
        expect(
          verdictOf(
            await report({ maxBackupAgeHours: 48 }),
            'cnpg-last-backup',
            DB_OBJECT,
          )?.status,
        ).toBe('pass');

        await setStatus(DB_CLUSTER, {
          lastSuccessfulBackup: hoursAgo(3),
          lastFailedBackup: hoursAgo(1),
          conditions: [
            {
              type: 'LastBackupSucceeded',
              status: 'False',
              reason: 'LastBackupFailed',
              message: 'barman-cloud-backup: access denied',
              lastTransitionTime: hoursAgo(1),
            },
          ],
        });
        const failed = await report();
        expect(verdictOf(failed, 'cnpg-last-backup', DB_OBJECT)).toEqual(
          expect.objectContaining({
            status: 'fail',
            message: expect.stringContaining('the last backup failed at '),
          }),
        );
        expect(
          verdictOf(failed, 'cnpg-last-backup', DB_OBJECT)?.message,
        ).toContain('LastBackupFailed: barman-cloud-backup: access denied');
      } finally {
        await setStatus(DB_CLUSTER, previous);
      }
    });

    it('fails cnpg-backup-schedule when the ScheduledBackup is suspended', async () => {
      await withSpecChange(
        {
          group: 'postgresql.cnpg.io',
          version: 'v1',
          plural: 'scheduledbackups',
          namespace: 'quantumlayer',
          name: 'quantumlayer-db-daily',
        },
        spec => {
          spec.suspend = true;
        },
        async () => {
          const r = await report();
          expect(verdicts(r).filter(v => !APPLIED.includes(v))).toEqual([
            `cnpg-backup-schedule fail ${DB_OBJECT}`,
          ]);
          expect(verdictOf(r, 'cnpg-backup-schedule', DB_OBJECT)?.message).toBe(
            'every ScheduledBackup is suspended (quantumlayer-db-daily); set spec.suspend: false',
          );
        },
      );
    });

    it('fails egress-registry-only when a namespace Sidecar allows any host', async () => {
      await withSpecChange(
        {
          group: 'networking.istio.io',
          version: 'v1',
          plural: 'sidecars',
          namespace: 'temporal',
          name: 'default',
        },
        spec => {
          spec.outboundTrafficPolicy.mode = 'ALLOW_ANY';
        },
        async () => {
          const r = await report();
          expect(verdicts(r).filter(v => !APPLIED.includes(v))).toEqual([
            'egress-registry-only fail Namespace temporal',
          ]);
        },
      );
      const r = await report();
      expect(
        verdictOf(r, 'egress-registry-only', 'Namespace quantumlayer')?.message,
      ).toBe(
        'Sidecar quantumlayer/default sets REGISTRY_ONLY; declared external hosts: api.openai.com',
      );
    });
  },
);
