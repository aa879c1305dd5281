import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import ipaddr from 'ipaddr.js';
import { hostKey, refusedAddressReason } from './_address.ts';

/** The IANA IPv4 Special-Purpose Address Registry: address block, name, RFC. */
const IANA_V4: readonly (readonly [string, string, string])[] = [
  ['0.0.0.0/8', '"This network"', 'RFC 791'],
  ['0.0.0.0/32', '"This host on this network"', 'RFC 1122'],
  ['10.0.0.0/8', 'Private-Use', 'RFC 1918'],
  ['100.64.0.0/10', 'Shared Address Space', 'RFC 6598'],
  ['127.0.0.0/8', 'Loopback', 'RFC 1122'],
  ['169.254.0.0/16', 'Link Local', 'RFC 3927'],
  ['172.16.0.0/12', 'Private-Use', 'RFC 1918'],
  ['192.0.0.0/24', 'IETF Protocol Assignments', 'RFC 6890'],
  ['192.0.0.0/29', 'IPv4 Service Continuity Prefix', 'RFC 7335'],
  ['192.0.0.8/32', 'IPv4 dummy address', 'RFC 7600'],
  ['192.0.0.9/32', 'Port Control Protocol Anycast', 'RFC 7723'],
  ['192.0.0.10/32', 'Traversal Using Relays around NAT Anycast', 'RFC 8155'],
  ['192.0.0.170/32', 'NAT64/DNS64 Discovery', 'RFC 8880'],
  ['192.0.0.171/32', 'NAT64/DNS64 Discovery', 'RFC 8880'],
  ['192.0.2.0/24', 'Documentation (TEST-NET-1)', 'RFC 5737'],
  ['192.31.196.0/24', 'AS112-v4', 'RFC 7535'],
  ['192.52.193.0/24', 'AMT', 'RFC 7450'],
  ['192.88.99.0/24', 'Deprecated (6to4 Relay Anycast)', 'RFC 7526'],
  ['192.168.0.0/16', 'Private-Use', 'RFC 1918'],
  ['192.175.48.0/24', 'Direct Delegation AS112 Service', 'RFC 7534'],
  ['198.18.0.0/15', 'Benchmarking', 'RFC 2544'],
  ['198.51.100.0/24', 'Documentation (TEST-NET-2)', 'RFC 5737'],
  ['203.0.113.0/24', 'Documentation (TEST-NET-3)', 'RFC 5737'],
  ['240.0.0.0/4', 'Reserved', 'RFC 1112'],
  ['255.255.255.255/32', 'Limited Broadcast', 'RFC 919'],
  // Not in the registry, refused as well: multicast and a cloud metadata endpoint outside it.
  ['224.0.0.0/4', 'Multicast', 'RFC 5771'],
  ['168.63.129.16/32', 'Azure WireServer (metadata)', '-'],
];

/** The IANA IPv6 Special-Purpose Address Registry: address block, name, RFC. */
const IANA_V6: readonly (readonly [string, string, string])[] = [
  ['::1/128', 'Loopback Address', 'RFC 4291'],
  ['::/128', 'Unspecified Address', 'RFC 4291'],
  ['::ffff:0:0/96', 'IPv4-mapped Address', 'RFC 4291'],
  ['64:ff9b::/96', 'IPv4-IPv6 Translat.', 'RFC 6052'],
  ['64:ff9b:1::/48', 'IPv4-IPv6 Translat.', 'RFC 8215'],
  ['100::/64', 'Discard-Only Address Block', 'RFC 6666'],
  ['100:0:0:1::/64', 'Dummy IPv6 Prefix', 'RFC 9780'],
  ['2001::/23', 'IETF Protocol Assignments', 'RFC 2928'],
  ['2001::/32', 'TEREDO', 'RFC 4380'],
  ['2001:1::1/128', 'Port Control Protocol Anycast', 'RFC 7723'],
  ['2001:1::2/128', 'Traversal Using Relays around NAT Anycast', 'RFC 8155'],
  ['2001:1::3/128', 'DNS-SD Service Registration Protocol Anycast', 'RFC 9665'],
  ['2001:2::/48', 'Benchmarking', 'RFC 5180'],
  ['2001:3::/32', 'AMT', 'RFC 7450'],
  ['2001:4:112::/48', 'AS112-v6', 'RFC 7535'],
  ['2001:10::/28', 'Deprecated (previously ORCHID)', 'RFC 4843'],
  ['2001:20::/28', 'ORCHIDv2', 'RFC 7343'],
  ['2001:30::/28', 'Drone Remote ID Protocol Entity Tags (DETs) Prefix', 'RFC 9374'],
  ['2001:db8::/32', 'Documentation', 'RFC 3849'],
  ['2002::/16', '6to4', 'RFC 3056'],
  ['2620:4f:8000::/48', 'Direct Delegation AS112 Service', 'RFC 7534'],
  ['3fff::/20', 'Documentation', 'RFC 9637'],
  ['5f00::/16', 'Segment Routing (SRv6) SIDs', 'RFC 9602'],
  ['fc00::/7', 'Unique-Local', 'RFC 4193'],
  ['fe80::/10', 'Link-Local Unicast', 'RFC 4291'],
  // Not in the registry, refused as well.
  ['::/96', 'IPv4-compatible (deprecated)', 'RFC 4291'],
  ['fec0::/10', 'Site-local (deprecated)', 'RFC 3879'],
  ['ff00::/8', 'Multicast', 'RFC 4291'],
];

/** First, last and a middle address of a block. */
function samples(cidr: string): string[] {
  if (cidr.includes(':')) {
    const first = ipaddr.IPv6.networkAddressFromCIDR(cidr);
    const last = ipaddr.IPv6.broadcastAddressFromCIDR(cidr);
    const mid = first.toByteArray().map((b, i) => (b + (last.toByteArray()[i] ?? 0)) >> 1);
    return [first.toString(), ipaddr.fromByteArray(mid).toString(), last.toString()];
  }
  const first = ipaddr.IPv4.networkAddressFromCIDR(cidr);
  const last = ipaddr.IPv4.broadcastAddressFromCIDR(cidr);
  const mid = first.octets.map((b, i) => (b + (last.octets[i] ?? 0)) >> 1);
  return [first.toString(), mid.join('.'), last.toString()];
}

test('refuses the first, middle and last address of every IANA special-purpose IPv4 block, multicast and the metadata endpoint', () => {
  const allowed = IANA_V4.flatMap(([cidr, name, rfc]) =>
    samples(cidr)
      .filter((a) => refusedAddressReason(a) === null)
      .map((a) => `${a} (${cidr} ${name}, ${rfc})`),
  );
  assert.deepEqual(allowed, []);
});

test('refuses every IANA special-purpose IPv6 block, judging mapped, NAT64 and 6to4 forms by the IPv4 address they carry', () => {
  // Embedded forms carrying a public address are judged by it (see the next test); the rest are refused.
  const judged = new Set(['::ffff:0:0/96', '64:ff9b::/96', '2002::/16']);
  const allowed = IANA_V6.flatMap(([cidr, name, rfc]) =>
    samples(cidr)
      .filter((a) => refusedAddressReason(a) === null)
      .filter((a) => !judged.has(cidr) || refusedAddressReason(embeddedV4(cidr, a)) !== null)
      .map((a) => `${a} (${cidr} ${name}, ${rfc})`),
  );
  assert.deepEqual(allowed, []);
});

function embeddedV4(cidr: string, address: string): string {
  const b = ipaddr.IPv6.parse(address).toByteArray();
  return (cidr === '2002::/16' ? b.slice(2, 6) : b.slice(12, 16)).join('.');
}

test('regression: SSRF gaps — an IPv4-compatible IPv6 address and a cloud metadata endpoint are refused', () => {
  assert.equal(refusedAddressReason('[::127.0.0.1]'), 'IPv4-compatible address [::127.0.0.1]');
  assert.equal(refusedAddressReason('::7f00:1'), 'IPv4-compatible address ::7f00:1');
  assert.equal(refusedAddressReason('168.63.129.16'), 'cloud metadata address 168.63.129.16');
  assert.equal(refusedAddressReason('169.254.169.254'), 'link-local address 169.254.169.254');
  assert.equal(refusedAddressReason('100.100.100.200'), 'shared (CGNAT) address 100.100.100.200');
  assert.equal(refusedAddressReason('fd00:ec2::254'), 'unique-local address fd00:ec2::254');
  assert.equal(refusedAddressReason('2001:0:4136:e378::1'), 'Teredo address 2001:0:4136:e378::1');
});

test('decodes NAT64, 6to4 and IPv4-mapped addresses and judges them by the IPv4 address they carry', () => {
  assert.deepEqual(
    ['64:ff9b::7f00:1', '64:ff9b::a9fe:a9fe', '2002:7f00:1::', '2002:a9fe:a9fe::1', '::ffff:a00:1'].map(
      refusedAddressReason,
    ),
    [
      '64:ff9b::7f00:1 carrying loopback address 127.0.0.1',
      '64:ff9b::a9fe:a9fe carrying link-local address 169.254.169.254',
      '2002:7f00:1:: carrying loopback address 127.0.0.1',
      '2002:a9fe:a9fe::1 carrying link-local address 169.254.169.254',
      '::ffff:a00:1 carrying private address 10.0.0.1',
    ],
  );
  // Public IPv4 (151.101.1.67, a news CDN) in each form is fetched.
  assert.deepEqual(
    ['64:ff9b::9765:143', '2002:9765:143::1', '::ffff:151.101.1.67'].map(refusedAddressReason),
    [null, null, null],
  );
});

test('allows public unicast addresses', () => {
  assert.deepEqual(
    ['93.184.215.14', '151.101.1.67', '8.8.8.8', '2606:4700::6810:85e5', '2a00:1450:4001:82b::200e'].map(
      refusedAddressReason,
    ),
    [null, null, null, null, null],
  );
});

test('judges an IPv4 address and its IPv4-mapped and NAT64 IPv6 forms the same', () => {
  fc.assert(
    fc.property(fc.ipV4(), (v4) => {
      const refused = refusedAddressReason(v4) === null;
      assert.equal(refusedAddressReason(`::ffff:${v4}`) === null, refused);
      assert.equal(refusedAddressReason(`64:ff9b::${v4}`) === null, refused);
    }),
  );
});

test('regression: SSRF gaps — --allow-host accepts bracketed and bare IPv6, in any spelling', () => {
  assert.equal(hostKey('::1'), '::1');
  assert.equal(hostKey('[::1]'), '::1');
  assert.equal(hostKey('[0:0:0:0:0:0:0:1]'), '::1');
  assert.equal(hostKey('[FE80::1]'), 'fe80::1');
  assert.equal(hostKey('127.0.0.1'), '127.0.0.1');
  assert.equal(hostKey('News.Example.COM'), 'news.example.com');
});
