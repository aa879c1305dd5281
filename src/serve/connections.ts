import type { Server } from 'node:http';
import type { Socket } from 'node:net';

/** How many connections the server keeps open, and how it reports what it shed. */
export interface ConnectionLimits {
  /** Open connections at most, all clients together. */
  total: number;
  /** Open connections at most from one client address. */
  perClient: number;
  /** `Retry-After` (seconds) of the 503 sent to a connection that is refused or shed. */
  retryAfter: number;
  /** How often (ms) the counts of shed, refused and timed-out connections are logged, when not zero. */
  reportEvery: number;
}

/** Defaults: 1,024 open connections, 256 from one address, a report every 10 s. */
export const CONNECTION_LIMITS = {
  total: 1024,
  perClient: 256,
  retryAfter: 1,
  reportEvery: 10_000,
} satisfies ConnectionLimits;

/** What the guard did since the server started. */
export interface ConnectionCounts {
  /** Connections closed to make room: half-sent requests (answered 503) and idle keep-alives. */
  shed: number;
  /** New connections answered 503 because every open one had a request in flight. */
  refused: number;
  /** Connections closed for sending their request too slowly (408) or not reading the answer. */
  timedOut: number;
}

interface Tracked {
  client: string;
  /** Requests in flight on this connection. */
  busy: number;
  /** `bytesRead` when the connection last became idle: more since means a request has begun. */
  mark: number;
  /** When it last became idle (or opened). */
  since: number;
}

/**
 * Caps open connections in total and per client address without ever locking clients out: when a
 * cap is reached, the connection that has waited longest without a request in flight (a half-sent
 * request, answered 503 with `Retry-After`, or an idle keep-alive) is closed to make room; only
 * when every open connection is busy is the new one answered 503 itself. Nothing is dropped
 * silently: counts are logged every `reportEvery` ms. Replaces `server.maxConnections`, which resets
 * new connections without a word while half-sent requests hold every slot.
 * @example const guard = guardConnections(server, CONNECTION_LIMITS, console.error)
 */
export function guardConnections(
  server: Server,
  limits: ConnectionLimits,
  log: (message: string) => void,
): { counts(): ConnectionCounts } {
  const open = new Map<Socket, Tracked>();
  const byClient = new Map<string, Set<Socket>>();
  const total: ConnectionCounts = { shed: 0, refused: 0, timedOut: 0 };
  let recent: ConnectionCounts = { shed: 0, refused: 0, timedOut: 0 };
  const busyBody = JSON.stringify({
    error: { status: 503, code: 'busy', message: 'Too many open connections; retry shortly' },
  });
  const busyAnswer =
    'HTTP/1.1 503 Service Unavailable\r\n' +
    `Retry-After: ${limits.retryAfter}\r\n` +
    'Content-Type: application/json; charset=utf-8\r\n' +
    `Content-Length: ${Buffer.byteLength(busyBody) + 1}\r\n` +
    'Connection: close\r\n\r\n' +
    `${busyBody}\n`;

  function count(kind: keyof ConnectionCounts): void {
    total[kind]++;
    recent[kind]++;
  }

  function forget(socket: Socket): void {
    const t = open.get(socket);
    if (!t) return;
    open.delete(socket);
    const mine = byClient.get(t.client);
    mine?.delete(socket);
    if (mine?.size === 0) byClient.delete(t.client);
  }

  /**
   * Ends a connection outside HTTP's own flow: with a request begun, a 503 and a hard close soon
   * after; an idle keep-alive is closed at once, as `closeIdleConnections` does (a half-closed one
   * would take a client's next request and leave it waiting).
   */
  function close(socket: Socket, answer: boolean): void {
    if (!answer) {
      socket.destroy();
      return;
    }
    if (socket.writable) socket.end(busyAnswer);
    socket.resume();
    setTimeout(() => socket.destroy(), 1_000).unref();
  }

  /** The connection without a request in flight that has waited longest, among `candidates`. */
  function oldestWaiting(candidates: Iterable<Socket>): Socket | undefined {
    let best: Socket | undefined;
    let since = Number.POSITIVE_INFINITY;
    for (const socket of candidates) {
      const t = open.get(socket);
      if (t && t.busy === 0 && t.since < since) {
        best = socket;
        since = t.since;
      }
    }
    return best;
  }

  function admit(socket: Socket): boolean {
    const client = socket.remoteAddress ?? '';
    const mine = byClient.get(client);
    const full = open.size >= limits.total;
    const clientFull = (mine?.size ?? 0) >= limits.perClient;
    if (!full && !clientFull) return true;
    const victim = oldestWaiting(clientFull && mine ? mine : open.keys());
    if (!victim) return false;
    const t = open.get(victim) as Tracked;
    forget(victim);
    close(victim, victim.bytesRead > t.mark);
    count('shed');
    return true;
  }

  // The HTTP parser is attached by http's own 'connection' listener: run it only for admitted sockets.
  const attach = server.listeners('connection') as ((socket: Socket) => void)[];
  server.removeAllListeners('connection');
  server.on('connection', (socket: Socket) => {
    if (!admit(socket)) {
      count('refused');
      socket.on('error', () => socket.destroy());
      close(socket, true);
      return;
    }
    open.set(socket, { client: socket.remoteAddress ?? '', busy: 0, mark: 0, since: performance.now() });
    const mine = byClient.get(socket.remoteAddress ?? '') ?? new Set<Socket>();
    mine.add(socket);
    byClient.set(socket.remoteAddress ?? '', mine);
    socket.once('close', () => forget(socket));
    for (const listener of attach) listener.call(server, socket);
  });

  server.on('request', (req, res) => {
    const t = open.get(req.socket);
    if (!t) return;
    t.busy++;
    res.once('close', () => {
      t.busy--;
      t.mark = req.socket.bytesRead;
      t.since = performance.now();
    });
  });

  server.on('clientError', (error: NodeJS.ErrnoException) => {
    if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') count('timedOut');
  });
  server.on('timeout', (socket: Socket) => {
    count('timedOut');
    socket.destroy();
  });

  const timer = setInterval(() => {
    if (recent.shed + recent.refused + recent.timedOut === 0) return;
    log(
      `currents serve: connection limits (${limits.total} open, ${limits.perClient} per client) in the last ${limits.reportEvery / 1000} s: ` +
        `${recent.shed} waiting connection${recent.shed === 1 ? '' : 's'} closed to make room (half-sent requests answered 503), ` +
        `${recent.refused} new connection${recent.refused === 1 ? '' : 's'} answered 503 (all busy), ` +
        `${recent.timedOut} timed out (request too slow or answer not read)`,
    );
    recent = { shed: 0, refused: 0, timedOut: 0 };
  }, limits.reportEvery);
  timer.unref();
  server.once('close', () => clearInterval(timer));
  return { counts: () => ({ ...total }) };
}
