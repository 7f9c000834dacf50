/**
 * The published `@cubejs-client/ws-transport` passed as `transport`: our client loads and
 * subscribes through it, against a loopback WebSocket server that speaks Cube's protocol
 * (an `authorization` frame answered by `handshake`, then `{ messageId, method, params }`
 * answered by `{ messageId, message, status }`; a subscription is pushed to again).
 */
import type { AddressInfo } from 'node:net';
import WebSocketTransport from '@cubejs-client/ws-transport';
import { WebSocketServer, type WebSocket } from 'ws';
import { CubeApi, type ResultSet } from '../../../src/index';
import { countingTokenFn, loadBody } from '../../support/fixtures';

interface Frame {
  authorization?: string;
  messageId?: number;
  method?: string;
  params?: Record<string, unknown>;
  unsubscribe?: number;
}

/** A loopback Cube WebSocket API: accepts `valid` tokens, answers loads, pushes subscriptions. */
async function cubeWebSocket(valid: Set<string>) {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((resolve) => server.once('listening', resolve));
  const frames: Frame[] = [];
  const subscriptions = new Map<number, WebSocket>();
  server.on('connection', (socket) => {
    socket.on('message', (data) => {
      const frame = JSON.parse(String(data)) as Frame;
      frames.push(frame);
      if (frame.authorization !== undefined) {
        const ok = valid.has(frame.authorization);
        socket.send(
          JSON.stringify(ok ? { handshake: true } : { message: { error: 'Invalid token' }, status: 403 }),
        );
        return;
      }
      if (frame.unsubscribe !== undefined) subscriptions.delete(frame.unsubscribe);
      if (frame.messageId === undefined) return;
      if (frame.method === 'subscribe') subscriptions.set(frame.messageId, socket);
      socket.send(
        JSON.stringify({ messageId: frame.messageId, message: { error: 'Continue wait' }, status: 200 }),
      );
      socket.send(JSON.stringify({ messageId: frame.messageId, message: loadBody(1), status: 200 }));
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}`,
    frames,
    subscriptions,
    /** Pushes a new result to every live subscription, as Cube does when the data changes. */
    push(count: number) {
      for (const [messageId, socket] of subscriptions) {
        socket.send(JSON.stringify({ messageId, message: loadBody(count), status: 200 }));
      }
    },
    close: () => {
      for (const client of server.clients) client.terminate();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

const query = { measures: ['Orders.count'] };

describe('@cubejs-client/ws-transport as transport', () => {
  it('loads through it, with the token from our token function sent in the handshake', async () => {
    const server = await cubeWebSocket(new Set(['ws-token']));
    const transport = new WebSocketTransport({ apiUrl: server.url });
    try {
      const tokens = countingTokenFn(['ws-token']);
      const api = new CubeApi(tokens, { transport, random: () => 0 });
      const resultSet = await api.load(query);
      expect(resultSet.rawData()).toEqual([{ 'Orders.count': '1' }]);
      expect(server.frames[0]).toEqual({ authorization: 'ws-token' });
      expect(server.frames[1]).toMatchObject({ method: 'load', params: { query, queryType: 'multi' } });
      expect(tokens.calls).toBe(1);
    } finally {
      await transport.close();
      await server.close();
    }
  });

  it('subscribes through it: every pushed result reaches the callback, unsubscribe reaches the server', async () => {
    const server = await cubeWebSocket(new Set(['ws-token']));
    const transport = new WebSocketTransport({ apiUrl: server.url });
    try {
      const api = new CubeApi('ws-token', { transport, pollInterval: 3600 });
      const counts: unknown[] = [];
      let seen: (count: number) => void = () => {};
      const subscription = api.subscribe(query, {}, (error, resultSet?: ResultSet) => {
        if (error) throw error;
        counts.push(resultSet?.rawData()[0]['Orders.count']);
        seen(counts.length);
      });
      const reached = (n: number) =>
        new Promise<void>((resolve) => {
          seen = (length) => length >= n && resolve();
          if (counts.length >= n) resolve();
        });
      await reached(1);
      server.push(2);
      await reached(2);
      server.push(3);
      await reached(3);
      expect(counts).toEqual(['1', '2', '3']);
      // Pushed, not polled: one subscribe frame for three results, although pollInterval is an hour.
      expect(server.frames.filter((f) => f.method === 'subscribe')).toHaveLength(1);
      // ws-transport drops an unsubscribe whose subscribe frame is still in its 100 ms send queue
      // (it re-queues that frame on every next()), so let the queue flush first.
      await new Promise((resolve) => setTimeout(resolve, 200));
      await subscription.unsubscribe();
      await new Promise((resolve) => setTimeout(resolve, 250));
      expect(server.frames.some((f) => f.unsubscribe !== undefined)).toBe(true);
      expect(server.subscriptions.size).toBe(0);
    } finally {
      await transport.close();
      await server.close();
    }
  });
});
