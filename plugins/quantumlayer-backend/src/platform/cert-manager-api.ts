import { z } from 'zod';
import { conditionsSchema } from './kube-conditions';

/** cert-manager's API group and version. */
export const CERT_MANAGER_GROUP = 'cert-manager.io';
export const CERT_MANAGER_VERSION = 'v1';

/** A `Certificate`, limited to the fields the posture reads. */
export const certificateSchema = z.object({
  metadata: z.object({
    name: z.string(),
    namespace: z.string().nullish(),
  }),
  spec: z.object({
    /** The Secret cert-manager writes the key pair to (a Gateway's `credentialName`). */
    secretName: z.string(),
    dnsNames: z.array(z.string()).nullish(),
  }),
  status: z
    .object({
      /** `Ready` is True while the Secret holds a valid certificate. */
      conditions: conditionsSchema,
      notAfter: z.string().nullish(),
    })
    .nullish(),
});

export type Certificate = z.infer<typeof certificateSchema>;
