import { connect, createServer, type Socket } from 'node:net';

export type TcpProxy = {
  port: number;
  /** Connections accepted since start. */
  readonly accepted: number;
  /** Stops forwarding in both directions and holds new connections, keeping every socket open: a server that hangs. */
  pause(): void;
  resume(): void;
  stop(): Promise<void>;
};

/**
 * A TCP proxy in this process, on a free loopback port, in front of `target`. Paused, it looks to clients like a
 * frozen server: connections are accepted and stay open, but no byte goes either way until it resumes.
 */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  let paused = false;
  let accepted = 0;
  const sockets = new Set<Socket>();
  const hold = (s: Socket) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
    if (paused) s.pause();
  };
  const server = createServer((client) => {
    accepted += 1;
    const upstream = connect(target.port, target.host);
    for (const [from, to] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      hold(from);
      // No pipe(): it would resume a source on 'drain' behind pause()'s back.
      from.on('data', (d) => to.write(d));
      from.on('end', () => to.end());
      from.on('error', () => to.destroy());
      from.on('close', () => to.destroy());
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    get accepted() {
      return accepted;
    },
    pause() {
      paused = true;
      for (const s of sockets) s.pause();
    },
    resume() {
      paused = false;
      for (const s of sockets) s.resume();
    },
    async stop() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
