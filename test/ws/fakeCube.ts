// A loopback stand-in for Cube's WebSocket server that speaks its protocol (as read from Cube
// 0.33's SubscriptionServer) and records every frame, so tests can check what reached the
// server and make it answer, push, reject or drop connections on cue.
import { WebSocketServer, type WebSocket } from 'ws';
import type { AddressInfo } from 'node:net';

export interface Received {
  connection: number;
  frame: Record<string, unknown>;
}

export interface FakeCube {
  url: string;
  /** Every frame, in arrival order. */
  received: Received[];
  /** How many connections were opened so far. */
  connections: number;
  /** Upgrade request URLs, to prove no token travels in one. */
  urls: string[];
  /** Tokens the handshake accepts; anything else gets Cube's 403 with no messageId. */
  accept: (token: string) => boolean;
  /** Called for each request frame; return false to answer nothing. */
  onRequest: (frame: RequestFrame, reply: (message: unknown, status?: number) => void) => void;
  /** Pushes a message for `messageId` on the newest connection. */
  push(messageId: number, message: unknown, status?: number): void;
  /** Closes every open connection from the server side. */
  dropAll(): void;
  /** Stops answering anything (a half-dead connection). */
  mute(): void;
  /** Resolves when `count` frames matching `match` have arrived. */
  waitFor(match: (r: Received) => boolean, count?: number): Promise<Received[]>;
  openSockets(): number;
  close(): Promise<void>;
}

export interface RequestFrame {
  messageId: number;
  requestId?: string;
  method: string;
  params: Record<string, unknown>;
}

export async function startFakeCube(): Promise<FakeCube> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const sockets = new Set<WebSocket>();
  let newest: WebSocket | undefined;
  let muted = false;
  const waiters: (() => void)[] = [];
  const fake: FakeCube = {
    url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    received: [],
    connections: 0,
    urls: [],
    accept: () => true,
    onRequest: (frame, reply) => reply({ method: frame.method, params: frame.params }),
    push: (messageId, message, status = 200) => newest?.send(JSON.stringify({ messageId, message, status })),
    dropAll: () => {
      for (const socket of sockets) socket.terminate();
    },
    mute: () => (muted = true),
    waitFor: (match, count = 1) =>
      new Promise((resolve) => {
        const check = () => {
          const found = fake.received.filter(match);
          if (found.length < count) return false;
          resolve(found);
          return true;
        };
        if (!check()) waiters.push(() => void check());
      }),
    openSockets: () => sockets.size,
    close: () =>
      new Promise((resolve) => {
        fake.dropAll();
        server.close(() => resolve());
      }),
  };
  server.on('connection', (socket, request) => {
    const connection = ++fake.connections;
    fake.urls.push(request.url ?? '');
    sockets.add(socket);
    newest = socket;
    let authorized = false;
    socket.on('close', () => sockets.delete(socket));
    socket.on('message', (data) => {
      const frame = JSON.parse(String(data)) as Record<string, unknown>;
      fake.received.push({ connection, frame });
      for (const waiter of [...waiters]) waiter();
      if (muted) return;
      const send = (value: unknown) => socket.send(JSON.stringify(value));
      if (typeof frame.authorization === 'string') {
        authorized = fake.accept(frame.authorization);
        return send(authorized ? { handshake: true } : { message: { error: 'Invalid token' }, status: 403 });
      }
      if (frame.unsubscribe !== undefined) return;
      const request = frame as unknown as RequestFrame;
      if (!authorized)
        return send({ messageId: request.messageId, message: { error: 'Not authorized' }, status: 403 });
      fake.onRequest(request, (message, status = 200) => {
        send({ messageId: request.messageId, message, status });
        send({ messageProcessedId: request.messageId });
      });
    });
  });
  return fake;
}
