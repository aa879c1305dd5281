import ipaddr from 'ipaddr.js';

/** Why an address may not be fetched, or null when it is a public unicast address. */
export function refusedAddressReason(address: string): string | null {
  let ip: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    ip = ipaddr.parse(address.replace(/^\[|\]$/g, '').replace(/%.*$/, ''));
  } catch {
    return `not an IP address: ${address}`;
  }
  if (ip.kind() === 'ipv6') {
    const v6 = ip as ipaddr.IPv6;
    if (v6.isIPv4MappedAddress()) return refusedAddressReason(v6.toIPv4Address().toString());
    const range = v6.range();
    // 64:ff9b::/96 (NAT64) and 2002::/16 (6to4) embed an IPv4 address: judge that one.
    if (range === 'rfc6052' || range === 'rfc6145') {
      const b = v6.toByteArray().slice(12);
      return refusedAddressReason(b.join('.'));
    }
    if (range === '6to4') {
      const b = v6.toByteArray().slice(2, 6);
      return refusedAddressReason(b.join('.'));
    }
    // fd00:ec2::254 is the AWS IMDS IPv6 endpoint; it lies inside uniqueLocal and is refused below.
    return range === 'unicast' ? null : `${range} address ${address}`;
  }
  const range = ip.range();
  if (range !== 'unicast') return `${range} address ${address}`;
  // Not classified by ipaddr.js but never a public web server.
  const [a, b] = (ip as ipaddr.IPv4).octets;
  if (a === 192 && b === 0 && (ip as ipaddr.IPv4).octets[2] === 0) return `IETF protocol address ${address}`;
  if (a === 198 && (b === 18 || b === 19)) return `benchmarking address ${address}`;
  return null;
}
