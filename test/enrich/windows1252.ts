/** The characters of bytes 0x80–0xFF in windows-1252, as the platform's decoder reads them. */
const HIGH = new TextDecoder('windows-1252').decode(Uint8Array.from({ length: 128 }, (_, i) => 128 + i));

/**
 * Re-encodes real text as windows-1252 bytes the way a browser submits a form: what the charset
 * cannot hold becomes a numeric character reference. Returns the bytes and the text they hold.
 */
export function windows1252(text: string): { bytes: Uint8Array; text: string } {
  const out: number[] = [];
  let held = '';
  for (const c of text) {
    const code = c.codePointAt(0) ?? 0;
    const at = HIGH.indexOf(c);
    if (code < 128) {
      out.push(code);
      held += c;
    } else if (at >= 0) {
      out.push(128 + at);
      held += c;
    } else {
      const ref = `&#${code};`;
      for (let i = 0; i < ref.length; i++) out.push(ref.charCodeAt(i));
      held += ref;
    }
  }
  return { bytes: Uint8Array.from(out), text: held };
}
