/** A content coding the server can send. */
export type Coding = 'br' | 'gzip' | 'identity';

/**
 * The best coding a client accepts (RFC 9110 §12.5.3): brotli, then gzip, else identity.
 * `q=0` refuses a coding; `*` stands for any coding not named.
 * @example pickCoding('gzip, deflate, br;q=0.9') // 'br'
 */
export function pickCoding(acceptEncoding: string | undefined): Coding {
  if (!acceptEncoding) return 'identity';
  const q = new Map<string, number>();
  for (const part of acceptEncoding.slice(0, 1024).split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    let weight = 1;
    for (const p of params) {
      const m = /^\s*q\s*=\s*([0-9.]+)\s*$/.exec(p);
      if (m) weight = Number(m[1]);
    }
    q.set(name.trim(), Number.isFinite(weight) ? weight : 0);
  }
  const of = (c: string) => q.get(c) ?? q.get('*') ?? 0;
  const br = of('br');
  const gzip = Math.max(of('gzip'), q.get('x-gzip') ?? 0);
  if (br > 0 && br >= gzip) return 'br';
  if (gzip > 0) return 'gzip';
  return 'identity';
}
