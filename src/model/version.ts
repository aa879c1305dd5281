// The one place the program's version and the User-Agent it sends are written.

/** The program's version (package.json's, checked by a test). */
export const VERSION = '0.1.0';

/**
 * The User-Agent of every request: `Currents/<version> (<contact>) node/<version>`, as Wikimedia's
 * policy and robots.txt etiquette ask (a contact URL is shown as `+URL`).
 * @example userAgent('https://example.org/bot') // 'Currents/0.1.0 (+https://example.org/bot) node/24.…'
 */
export function userAgent(contact: string): string {
  const shown = /^https?:\/\//i.test(contact) ? `+${contact}` : contact;
  return `Currents/${VERSION} (${shown}) node/${process.versions.node}`;
}
