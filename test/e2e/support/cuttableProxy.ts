// A loopback TCP relay in front of Cube's WebSocket server: `cut()` ends every connection
// through it at once (a network drop the server and the client both see), and it counts the
// connections it was asked for.
import { createServer, connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface CuttableProxy {
  /** `ws://127.0.0.1:PORT/` */
  url: string;
  connections: number;
  cut(): void;
  close(): Promise<void>;
}

export async function startCuttableProxy(targetPort: number): Promise<CuttableProxy> {
  const open = new Set<Socket>();
  const server = createServer((client) => {
    proxy.connections += 1;
    const upstream = connect(targetPort, '127.0.0.1');
    for (const socket of [client, upstream]) {
      open.add(socket);
      socket.on('close', () => open.delete(socket));
      socket.on('error', () => undefined);
    }
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const proxy: CuttableProxy = {
    url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    connections: 0,
    cut: () => {
      for (const socket of open) socket.destroy();
    },
    close: () =>
      new Promise((resolve) => {
        proxy.cut();
        server.close(() => resolve());
      }),
  };
  return proxy;
}
