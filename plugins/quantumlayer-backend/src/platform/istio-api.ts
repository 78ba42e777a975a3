import { z } from 'zod';

/** Istio's API groups; v1 since Istio 1.22, v1beta1 before. */
export const ISTIO_SECURITY_GROUP = 'security.istio.io';
export const ISTIO_NETWORKING_GROUP = 'networking.istio.io';
export const ISTIO_VERSIONS = ['v1', 'v1beta1'];

const metadata = z.object({
  name: z.string(),
  namespace: z.string().nullish(),
});

const selector = z
  .object({ matchLabels: z.record(z.string()).nullish() })
  .nullish();

/** A `PeerAuthentication`, limited to the fields the posture reads. */
export const peerAuthenticationSchema = z.object({
  metadata,
  spec: z
    .object({
      /** Absent or empty: the policy covers the whole namespace. */
      selector,
      mtls: z.object({ mode: z.string().nullish() }).nullish(),
    })
    .nullish(),
});

const trafficSettings = z.object({
  connectionPool: z.record(z.unknown()).nullish(),
  /** Istio's circuit breaking: eject hosts after consecutive errors. */
  outlierDetection: z.record(z.unknown()).nullish(),
});

/** A `DestinationRule`, limited to the fields the posture reads. */
export const destinationRuleSchema = z.object({
  metadata,
  spec: z.object({
    host: z.string(),
    trafficPolicy: trafficSettings
      .extend({ portLevelSettings: z.array(trafficSettings).nullish() })
      .nullish(),
  }),
});

/** A `VirtualService`, limited to the fields the posture reads. */
export const virtualServiceSchema = z.object({
  metadata,
  spec: z.object({
    hosts: z.array(z.string()).nullish(),
    /** Gateways it binds to (`namespace/name` or `name`); absent or `mesh`: sidecars only. */
    gateways: z.array(z.string()).nullish(),
    http: z
      .array(
        z.object({
          retries: z.object({ attempts: z.number().nullish() }).nullish(),
        }),
      )
      .nullish(),
  }),
});

/** A `Gateway` (an ingress or egress gateway's listeners), limited to what the posture reads. */
export const gatewaySchema = z.object({
  metadata,
  spec: z.object({
    servers: z
      .array(
        z.object({
          port: z.object({
            number: z.number().nullish(),
            protocol: z.string().nullish(),
          }),
          /** `host` or `namespace/host` (`.`: the Gateway's own, `*`: any); hosts may start with `*.`. */
          hosts: z.array(z.string()).nullish(),
          tls: z
            .object({
              mode: z.string().nullish(),
              credentialName: z.string().nullish(),
              httpsRedirect: z.boolean().nullish(),
            })
            .nullish(),
        }),
      )
      .nullish(),
  }),
});

/** A `Sidecar`: the outbound policy of the pods it selects (all in its namespace without selector). */
export const sidecarSchema = z.object({
  metadata,
  spec: z
    .object({
      workloadSelector: z
        .object({ labels: z.record(z.string()).nullish() })
        .nullish(),
      outboundTrafficPolicy: z.object({ mode: z.string().nullish() }).nullish(),
    })
    .nullish(),
});

/** A `ServiceEntry`: a host outside the mesh that its pods may reach. */
export const serviceEntrySchema = z.object({
  metadata,
  spec: z.object({
    hosts: z.array(z.string()).nullish(),
    location: z.string().nullish(),
  }),
});

export type PeerAuthentication = z.infer<typeof peerAuthenticationSchema>;
export type IstioGateway = z.infer<typeof gatewaySchema>;
export type IstioSidecar = z.infer<typeof sidecarSchema>;
export type ServiceEntry = z.infer<typeof serviceEntrySchema>;
export type DestinationRule = z.infer<typeof destinationRuleSchema>;
export type VirtualService = z.infer<typeof virtualServiceSchema>;
