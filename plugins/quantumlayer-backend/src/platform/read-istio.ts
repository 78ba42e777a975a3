import {
  ISTIO_NETWORKING_GROUP,
  ISTIO_SECURITY_GROUP,
  ISTIO_VERSIONS,
  destinationRuleSchema,
  peerAuthenticationSchema,
  virtualServiceSchema,
} from './istio-api';
import { readCustomList, ReadContext } from './read-list';

const target = (group: string, plural: string) => ({
  group,
  versions: ISTIO_VERSIONS,
  plural,
});

/** Istio PeerAuthentications in one namespace (also used for the mesh root). */
export function readPeerAuthentications(ctx: ReadContext, namespace: string) {
  return readCustomList(
    ctx,
    target(ISTIO_SECURITY_GROUP, 'peerauthentications'),
    namespace,
    peerAuthenticationSchema,
  );
}

/** Istio PeerAuthentications, DestinationRules and VirtualServices in one namespace. */
export async function readIstio(ctx: ReadContext, namespace: string) {
  const [peerauthentications, destinationrules, virtualservices] =
    await Promise.all([
      readPeerAuthentications(ctx, namespace),
      readCustomList(
        ctx,
        target(ISTIO_NETWORKING_GROUP, 'destinationrules'),
        namespace,
        destinationRuleSchema,
      ),
      readCustomList(
        ctx,
        target(ISTIO_NETWORKING_GROUP, 'virtualservices'),
        namespace,
        virtualServiceSchema,
      ),
    ]);
  return { peerauthentications, destinationrules, virtualservices };
}
