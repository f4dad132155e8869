import { BlockList, isIP } from 'node:net';

/**
 * The client's address: the socket's peer, unless the peer is a trusted proxy (the balancer), in which case the
 * nearest address in X-Forwarded-For that is not itself a trusted proxy. A peer nobody trusts cannot choose its address.
 */
export function createClientAddress(trusted: readonly string[]) {
  const list = new BlockList();
  for (const entry of trusted) {
    const [address, bits] = entry.split('/') as [string, string | undefined];
    const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (bits === undefined) list.addAddress(address, family);
    else list.addSubnet(address, Number(bits), family);
  }
  const plain = (a: string) => (a.startsWith('::ffff:') && isIP(a.slice(7)) === 4 ? a.slice(7) : a);
  const isTrusted = (a: string) => {
    const p = plain(a);
    const family = isIP(p);
    return family !== 0 && list.check(p, family === 6 ? 'ipv6' : 'ipv4');
  };
  return (peer: string | undefined, forwardedFor: string | undefined): string => {
    const from = plain(peer ?? 'unknown');
    if (trusted.length === 0 || !isTrusted(from) || !forwardedFor) return from;
    const hops = forwardedFor.split(',').map((h) => plain(h.trim())).filter((h) => h !== '');
    // From the right: the balancer appended the address it saw; anything further left was said by the client.
    for (let i = hops.length - 1; i >= 0; i -= 1) {
      const hop = hops[i] as string;
      if (isIP(hop) === 0) return from;
      if (!isTrusted(hop)) return hop;
    }
    return from;
  };
}
