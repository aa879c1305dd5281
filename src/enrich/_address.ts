import ipaddr from 'ipaddr.js';

/**
 * IPv4 blocks never fetched: every entry of the IANA IPv4 Special-Purpose Address Registry (the
 * globally reachable anycast ones too: no news site is served there), multicast, and the cloud
 * metadata endpoints outside them (Azure's WireServer; 169.254.169.254 and Alibaba's 100.100.100.200
 * lie in link-local and shared space).
 */
const REFUSED_V4: readonly (readonly [string, string])[] = [
  ['0.0.0.0/8', '"this network" address'],
  ['10.0.0.0/8', 'private address'],
  ['100.64.0.0/10', 'shared (CGNAT) address'],
  ['127.0.0.0/8', 'loopback address'],
  ['169.254.0.0/16', 'link-local address'],
  ['172.16.0.0/12', 'private address'],
  ['192.0.0.0/24', 'IETF protocol address'],
  ['192.0.2.0/24', 'documentation address'],
  ['192.31.196.0/24', 'AS112 address'],
  ['192.52.193.0/24', 'AMT address'],
  ['192.88.99.0/24', '6to4 relay anycast address'],
  ['192.168.0.0/16', 'private address'],
  ['192.175.48.0/24', 'AS112 address'],
  ['198.18.0.0/15', 'benchmarking address'],
  ['198.51.100.0/24', 'documentation address'],
  ['203.0.113.0/24', 'documentation address'],
  ['224.0.0.0/4', 'multicast address'],
  ['240.0.0.0/4', 'reserved address'],
  ['168.63.129.16/32', 'cloud metadata address'],
];

/**
 * IPv6 blocks never fetched: the IANA IPv6 Special-Purpose Address Registry, multicast, deprecated
 * site-local, and IPv4-compatible addresses. Anything outside global unicast (2000::/3) is refused too.
 * IPv4-mapped, NAT64 (64:ff9b::/96) and 6to4 addresses are judged by the IPv4 address they carry.
 */
const REFUSED_V6: readonly (readonly [string, string])[] = [
  ['::/128', 'unspecified address'],
  ['::1/128', 'loopback address'],
  ['::/96', 'IPv4-compatible address'],
  ['64:ff9b:1::/48', 'local-use NAT64 address'],
  ['100::/64', 'discard-only address'],
  ['100:0:0:1::/64', 'dummy address'],
  ['2001::/32', 'Teredo address'],
  ['2001::/23', 'IETF protocol address'],
  ['2001:db8::/32', 'documentation address'],
  ['2620:4f:8000::/48', 'AS112 address'],
  ['3fff::/20', 'documentation address'],
  ['5f00::/16', 'segment routing address'],
  ['fc00::/7', 'unique-local address'],
  ['fe80::/10', 'link-local address'],
  ['fec0::/10', 'site-local address'],
  ['ff00::/8', 'multicast address'],
];

type V4Block = [ipaddr.IPv4, number];
type V6Block = [ipaddr.IPv6, number];

const V4: readonly (readonly [V4Block, string])[] = REFUSED_V4.map(([cidr, name]) => [
  ipaddr.IPv4.parseCIDR(cidr),
  name,
]);
const V6: readonly (readonly [V6Block, string])[] = REFUSED_V6.map(([cidr, name]) => [
  ipaddr.IPv6.parseCIDR(cidr),
  name,
]);
const MAPPED = ipaddr.IPv6.parseCIDR('::ffff:0:0/96');
const TRANSLATED = ipaddr.IPv6.parseCIDR('::ffff:0:0:0/96');
const NAT64 = ipaddr.IPv6.parseCIDR('64:ff9b::/96');
const SIX_TO_FOUR = ipaddr.IPv6.parseCIDR('2002::/16');
const GLOBAL_UNICAST = ipaddr.IPv6.parseCIDR('2000::/3');

/** Why an address may not be fetched, or null when it is a public unicast address. */
export function refusedAddressReason(address: string): string | null {
  let ip: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    ip = ipaddr.parse(hexTail(address.replace(/^\[|\]$/g, '').replace(/%.*$/, '')));
  } catch {
    return `not an IP address: ${address}`;
  }
  if (ip.kind() === 'ipv4') {
    const v4 = ip as ipaddr.IPv4;
    for (const [block, name] of V4) if (v4.match(block)) return `${name} ${address}`;
    return null;
  }
  const v6 = ip as ipaddr.IPv6;
  const bytes = v6.toByteArray();
  // Forms that carry an IPv4 address are judged by it: the connection ends there.
  if (v6.match(MAPPED) || v6.match(TRANSLATED) || v6.match(NAT64)) {
    return embedded(bytes.slice(12, 16), address);
  }
  if (v6.match(SIX_TO_FOUR)) return embedded(bytes.slice(2, 6), address);
  for (const [block, name] of V6) if (v6.match(block)) return `${name} ${address}`;
  if (!v6.match(GLOBAL_UNICAST)) return `reserved address ${address}`;
  return null;
}

/**
 * An IPv6 text's trailing dotted quad as two hex groups: ipaddr.js reads `::127.0.0.1` (IPv4-compatible)
 * as `::ffff:127.0.0.1` (IPv4-mapped), which would hide the form.
 */
function hexTail(text: string): string {
  const m = /^(.*:)(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (!m) return text;
  const [a, b, c, d] = [m[2], m[3], m[4], m[5]].map(Number) as [number, number, number, number];
  if (a > 255 || b > 255 || c > 255 || d > 255) return text;
  return `${m[1]}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
}

function embedded(octets: number[], address: string): string | null {
  const why = refusedAddressReason(octets.join('.'));
  return why === null ? null : `${address} carrying ${why}`;
}

/**
 * The form a host is compared in: lower case, without IPv6 brackets, IP literals in their canonical
 * text (`[0:0::1]`, `::1` and `[::1]` are one host), so `--allow-host ::1` matches `http://[::1]/`.
 */
export function hostKey(host: string): string {
  const bare = host
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '');
  if (ipaddr.IPv6.isValid(hexTail(bare))) return ipaddr.IPv6.parse(hexTail(bare)).toString();
  if (ipaddr.IPv4.isValidFourPartDecimal(bare)) return ipaddr.IPv4.parse(bare).toString();
  return bare;
}
