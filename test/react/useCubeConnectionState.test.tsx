/** @jest-environment <rootDir>/test/support/jsdom-environment.cjs */
// The hook follows a real WebSocketTransport through connect, drop, reconnect and close; and
// useCubeQuery(query, { subscribe: true }) renders each pushed result over it.
import { act, render, screen, waitFor } from '@testing-library/react';
import WebSocket from 'ws';
import cubejs from '../../src/index';
import { CubeProvider, useCubeConnectionState, useCubeQuery } from '../../src/react/index';
import { WebSocketTransport, type WebSocketConstructor } from '../../src/ws/index';
import { startFakeCube, type FakeCube } from '../ws/fakeCube';
import { loadBody } from '../support/fixtures';

let cube: FakeCube;
let transport: WebSocketTransport;
beforeEach(async () => {
  cube = await startFakeCube();
});
afterEach(async () => {
  await transport?.close();
  await cube.close();
});

function Badge({ transport }: { transport: WebSocketTransport }) {
  const { status, error } = useCubeConnectionState(transport);
  return <p data-testid="state">{`${status}${error ? `: ${(error as { code?: string }).code}` : ''}`}</p>;
}

test('useCubeConnectionState renders every change of the connection', async () => {
  transport = new WebSocketTransport({
    apiUrl: cube.url,
    WebSocket: WebSocket as unknown as WebSocketConstructor,
    authorization: 't',
    reconnectDelay: 100,
  });
  render(<Badge transport={transport} />);
  const state = () => screen.getByTestId('state').textContent;
  expect(state()).toBe('closed');
  act(() => {
    void transport.request('subscribe', { query: {} }).subscribe(function again(_reply, next): Promise<void> {
      return next();
    });
  });
  await waitFor(() => expect(state()).toBe('open'));
  act(() => cube.dropAll());
  await waitFor(() => expect(state()).toBe('reconnecting: NETWORK_ERROR'));
  await waitFor(() => expect(state()).toBe('open'));
  await act(() => transport.close());
  expect(state()).toBe('closed');
});

function LiveCount() {
  const { resultSet, isLoading } = useCubeQuery({ measures: ['Live.count'] }, { subscribe: true });
  return <p data-testid="count">{isLoading ? 'loading' : String(resultSet?.rawData()[0]?.['Live.count'])}</p>;
}

test('useCubeQuery(query, { subscribe: true }) renders each result the server pushes', async () => {
  cube.onRequest = (_frame, reply) => reply(loadBody(1, 'Live.count'));
  transport = new WebSocketTransport({
    apiUrl: cube.url,
    WebSocket: WebSocket as unknown as WebSocketConstructor,
  });
  const cubeApi = cubejs(() => 'token', { apiUrl: 'http://127.0.0.1:1/cubejs-api/v1', transport });
  render(
    <CubeProvider cubeApi={cubeApi}>
      <LiveCount />
    </CubeProvider>,
  );
  const count = () => screen.getByTestId('count').textContent;
  await waitFor(() => expect(count()).toBe('1'));
  const subscribe = cube.received.find((r) => r.frame.method === 'subscribe');
  expect(subscribe).toBeDefined();
  act(() => cube.push(subscribe!.frame.messageId as number, loadBody(2, 'Live.count')));
  await waitFor(() => expect(count()).toBe('2'));
  expect(cube.received.filter((r) => r.frame.method).map((r) => r.frame.method)).toEqual(['subscribe']);
});
