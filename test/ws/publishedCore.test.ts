// The published @cubejs-client/core drives our transport through its own transport contract:
// load, Continue wait, subscribe with pushes, unsubscribe, and a token function whose value
// changes on every call without causing a reconnect.
import cubejsPublished from '@cubejs-client/core';
import WebSocket from 'ws';
import { WebSocketTransport, type WebSocketConstructor } from '../../src/ws/index';
import { startFakeCube, type FakeCube } from './fakeCube';
import { loadBody } from '../support/fixtures';

let cube: FakeCube;
let transport: WebSocketTransport | undefined;
beforeEach(async () => {
  cube = await startFakeCube();
});
afterEach(async () => {
  await transport?.close();
  await cube.close();
});

test('load (through Continue wait) and subscribe work with the published client', async () => {
  let asked = 0;
  cube.onRequest = (frame, reply) =>
    frame.method === 'load' && ++asked === 1
      ? reply({ error: 'Continue wait' })
      : reply(loadBody(1, 'Live.count'));
  let tokens = 0;
  transport = new WebSocketTransport({
    apiUrl: cube.url,
    WebSocket: WebSocket as unknown as WebSocketConstructor,
  });
  const api = cubejsPublished(() => Promise.resolve(`token-${++tokens}`), {
    apiUrl: 'http://unused',
    transport,
  });
  const resultSet = await api.load({ measures: ['Live.count'] });
  expect(resultSet.rawData()).toEqual([{ 'Live.count': '1' }]);
  expect(asked).toBe(2);

  const counts: string[] = [];
  const subscription = api.subscribe({ measures: ['Live.count'] }, {}, (error, result) => {
    if (result) counts.push(String(result.rawData()[0]['Live.count']));
    if (counts.length === 3) void subscription.unsubscribe();
  });
  await cube.waitFor((r) => r.frame.method === 'subscribe');
  const id = cube.received.find((r) => r.frame.method === 'subscribe')!.frame.messageId as number;
  // One push at a time: a subscriber that has not asked for the next reply yet gets only the newest.
  const pushed = (n: number) =>
    new Promise<void>((resolve) => {
      const check = () => (counts.length >= n ? resolve() : setTimeout(check, 10));
      check();
    });
  await pushed(1);
  cube.push(id, loadBody(2, 'Live.count'));
  await pushed(2);
  cube.push(id, loadBody(3, 'Live.count'));
  await cube.waitFor((r) => r.frame.unsubscribe === id);
  expect(counts).toEqual(['1', '2', '3']);
  // The published client set a new token before every request and every push: no reconnect.
  expect(tokens).toBeGreaterThanOrEqual(4);
  expect(cube.connections).toBe(1);
}, 15000);
