import { z } from 'zod';

/** `status.conditions` as operators write them (CloudNativePG, cert-manager, …). */
export const conditionsSchema = z
  .array(
    z.object({
      type: z.string(),
      status: z.string(),
      reason: z.string().nullish(),
      message: z.string().nullish(),
    }),
  )
  .nullish();
