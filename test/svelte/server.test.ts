// During a server render (Node, no `document`) a store sends nothing, even when subscribed.
import { get } from 'svelte/store';
import cubejs from '../../src/index';
import { cubeQuery } from '../../src/svelte/index';
import { API_URL, useFakeCube } from '../support/fixtures';

const cube = useFakeCube();

it('cubeQuery sends no request while rendering on the server', async () => {
  expect(typeof document).toBe('undefined');
  const store = cubeQuery({ measures: ['Orders.count'] }, { cubeApi: cubejs('token', { apiUrl: API_URL }) });
  const stop = store.subscribe(() => undefined);
  expect(get(store)).toEqual({ resultSet: null, isLoading: false, error: null, progress: null });
  await new Promise((resolve) => setTimeout(resolve, 20));
  stop();
  expect(cube.seen).toHaveLength(0);
});
