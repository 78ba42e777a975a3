import {
  destinationRuleSchema,
  gatewaySchema,
  ISTIO_NETWORKING_GROUP,
  ISTIO_SECURITY_GROUP,
  ISTIO_VERSIONS,
  peerAuthenticationSchema,
  serviceEntrySchema,
  sidecarSchema,
  virtualServiceSchema,
} from './istio-api';
import { customReader } from './read-list';
import type { ResourceReader } from './read-workloads';

type IstioResource =
  | 'peerauthentications'
  | 'destinationrules'
  | 'virtualservices'
  | 'gateways'
  | 'sidecars'
  | 'serviceentries';

const networking = (plural: string) => ({
  group: ISTIO_NETWORKING_GROUP,
  versions: ISTIO_VERSIONS,
  plural,
});

/** Istio's security and networking objects the posture rules judge. */
export const ISTIO_READERS: { [R in IstioResource]: ResourceReader<R> } = {
  peerauthentications: customReader(
    {
      group: ISTIO_SECURITY_GROUP,
      versions: ISTIO_VERSIONS,
      plural: 'peerauthentications',
    },
    peerAuthenticationSchema,
  ),
  destinationrules: customReader(
    networking('destinationrules'),
    destinationRuleSchema,
  ),
  virtualservices: customReader(
    networking('virtualservices'),
    virtualServiceSchema,
  ),
  gateways: customReader(networking('gateways'), gatewaySchema),
  sidecars: customReader(networking('sidecars'), sidecarSchema),
  serviceentries: customReader(
    networking('serviceentries'),
    serviceEntrySchema,
  ),
};
