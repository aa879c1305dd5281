import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { refusedAddressReason } from './_address.ts';

test('refuses loopback, private, link-local, CGNAT, multicast, unspecified and metadata addresses', () => {
  const refused = [
    '127.0.0.1',
    '127.8.9.10',
    '10.0.0.1',
    '172.31.255.255',
    '192.168.0.10',
    '169.254.169.254',
    '100.64.0.1',
    '224.0.0.251',
    '0.0.0.0',
    '255.255.255.255',
    '::1',
    '::',
    'fe80::1',
    'fd00:ec2::254',
    'ff02::1',
    '::ffff:10.0.0.1',
    '[::ffff:169.254.169.254]',
    '64:ff9b::7f00:1',
    '2002:7f00:1::',
  ];
  assert.deepEqual(
    refused.filter((a) => refusedAddressReason(a) === null),
    [],
  );
  assert.deepEqual(
    ['93.184.215.14', '151.101.1.67', '2606:4700::6810:85e5', '::ffff:151.101.1.67'].map(
      refusedAddressReason,
    ),
    [null, null, null, null],
  );
});

test('judges an IPv4 address and its IPv4-mapped IPv6 form the same', () => {
  fc.assert(
    fc.property(fc.ipV4(), (v4) => {
      assert.equal(refusedAddressReason(`::ffff:${v4}`) === null, refusedAddressReason(v4) === null);
    }),
  );
});
