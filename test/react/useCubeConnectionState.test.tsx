/** @jest-environment <rootDir>/test/react/jsdom-environment.cjs */
// The hook follows a real WebSocketTransport through connect, drop, reconnect and close.
import { act, render, screen, waitFor } from '@testing-library/react';
import WebSocket from 'ws';
import { useCubeConnectionState } from '../../src/react/index';
import { WebSocketTransport, type WebSocketConstructor } from '../../src/ws/index';
import { startFakeCube, type FakeCube } from '../ws/fakeCube';

let cube: FakeCube;
beforeEach(async () => {
  cube = await startFakeCube();
});
afterEach(() => cube.close());

function Badge({ transport }: { transport: WebSocketTransport }) {
  const { status, error } = useCubeConnectionState(transport);
  return <p data-testid="state">{`${status}${error ? `: ${(error as { code?: string }).code}` : ''}`}</p>;
}

test('useCubeConnectionState renders every change of the connection', async () => {
  const transport = new WebSocketTransport({
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
