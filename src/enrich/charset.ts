/** Decoded page text and the charset it was decoded with. */
export interface DecodedHtml {
  text: string;
  charset: string;
}

/**
 * Decodes fetched HTML bytes without mojibake, in the order browsers use: byte-order mark, then
 * the Content-Type header's charset, then `<meta charset>` / `<meta http-equiv>` in the first
 * 4 KB, then a sniff (valid UTF-8 is UTF-8, anything else windows-1252). Unknown labels fall through.
 * @example decodeHtml(bytes, { contentType: 'text/html; charset=ISO-8859-1' }).charset // 'windows-1252'
 */
export function decodeHtml(bytes: Uint8Array, options: { contentType?: string } = {}): DecodedHtml {
  const bom = bomCharset(bytes);
  if (bom) return { text: decode(bytes.subarray(bom.skip), bom.charset), charset: bom.charset };
  const header = options.contentType
    ? labelFrom(/charset\s*=\s*["']?([^"';\s]+)/i.exec(options.contentType)?.[1])
    : null;
  // A server default (often ISO-8859-1) or a stale legacy label (gb2312, Shift_JIS, EUC-KR…) on a
  // page whose bytes are non-ASCII, valid UTF-8: real text in a legacy encoding is practically never
  // valid UTF-8 by chance (its non-ASCII bytes would have to pair up as UTF-8 sequences), so the
  // bytes win over the label.
  if (header && header !== 'utf-8' && hasNonAscii(bytes) && isUtf8(bytes)) {
    return { text: decode(bytes, 'utf-8'), charset: 'utf-8' };
  }
  if (header && !(header === 'utf-8' && !isUtf8(bytes) && metaCharset(bytes) !== null)) {
    return { text: decode(bytes, header), charset: header };
  }
  const meta = metaCharset(bytes);
  if (meta) {
    // A page declaring UTF-8 that is not valid UTF-8 was mislabelled; so was one declaring a
    // legacy charset that is valid, non-ASCII UTF-8 (both seen on real news sites, gb2312 too).
    if (meta === 'utf-8' && !isUtf8(bytes))
      return { text: decode(bytes, 'windows-1252'), charset: 'windows-1252' };
    if (meta !== 'utf-8' && hasNonAscii(bytes) && isUtf8(bytes))
      return { text: decode(bytes, 'utf-8'), charset: 'utf-8' };
    return { text: decode(bytes, meta), charset: meta };
  }
  const sniffed = isUtf8(bytes) ? 'utf-8' : 'windows-1252';
  return { text: decode(bytes, sniffed), charset: sniffed };
}

function bomCharset(b: Uint8Array): { charset: string; skip: number } | null {
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return { charset: 'utf-8', skip: 3 };
  if (b[0] === 0xfe && b[1] === 0xff) return { charset: 'utf-16be', skip: 2 };
  if (b[0] === 0xff && b[1] === 0xfe) return { charset: 'utf-16le', skip: 2 };
  return null;
}

/** The charset a `<meta>` in the first 4 KB declares, as a WHATWG encoding name, or null. */
function metaCharset(bytes: Uint8Array): string | null {
  const head = new TextDecoder('windows-1252').decode(bytes.subarray(0, 4096));
  const direct = /<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.+-]+)/i.exec(head);
  return labelFrom(direct?.[1]);
}

/** A WHATWG encoding name for a charset label, or null when the label is unknown. */
function labelFrom(label: string | undefined): string | null {
  if (!label) return null;
  try {
    const name = new TextDecoder(label.trim().toLowerCase()).encoding;
    // ISO-8859-1 and US-ASCII mean windows-1252 on the web (WHATWG); TextDecoder already maps them.
    return name === 'utf-16le' || name === 'utf-16be' ? 'utf-8' : name;
  } catch {
    return null;
  }
}

function isUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

function hasNonAscii(bytes: Uint8Array): boolean {
  for (const b of bytes) if (b >= 0x80) return true;
  return false;
}

function decode(bytes: Uint8Array, charset: string): string {
  return new TextDecoder(charset).decode(bytes);
}
