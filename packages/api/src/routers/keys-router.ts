import { officerProcedure, router } from '../trpc/trpc.ts';

export const keysRouter = router({
  /**
   * Our public keys and each partner's as this node holds them, so the console can verify every
   * signed step itself. A partner whose keys cannot be fetched is listed with none and the reason.
   */
  jwks: officerProcedure.query(async ({ ctx }) => {
    const { config, keys, sync } = ctx.services;
    const partners = await Promise.all(
      config.peers.map(async (peer) => {
        try {
          return { nodeId: peer.nodeId, keys: await sync.deps.peerKeys.publicKeys(peer.nodeId) };
        } catch (err) {
          return { nodeId: peer.nodeId, keys: [], unavailable: (err as Error).message };
        }
      }),
    );
    return { nodes: [{ nodeId: config.nodeId, keys: keys.jwks.keys }, ...partners] };
  }),
});
