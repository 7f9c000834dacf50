// The published @cubejs-client/ngx (1.5.13) with its `@cubejs-client/core` resolved to our build
// (test/dropin/resolver.cjs). Angular compiles the package's partial declarations just in time,
// so @angular/compiler is loaded first; the client is created by Angular's injector from the
// providers of `CubeClientModule.forRoot`, as an app module would.
import '@angular/compiler';
import { Injector, type StaticProvider } from '@angular/core';
import { firstValueFrom, of } from 'rxjs';
import { API_URL, useFakeCube } from '../support/fixtures';
import { cubeAnswers } from './support';

// The build, loaded as the framework package loads it (typed by the source: `dist/` exists only after `npm run build`).
const distEntry = '../../dist/index.js';
const ours = (await import(distEntry)) as typeof import('../../src/index');

const { CubeClient, CubeClientModule } = await import('@cubejs-client/ngx');

const cube = useFakeCube();

function client() {
  const module = CubeClientModule.forRoot({ token: 'token', options: { apiUrl: API_URL } });
  return Injector.create({ providers: (module.providers ?? []) as StaticProvider[] }).get(CubeClient);
}

describe('@cubejs-client/ngx on cube-client', () => {
  test('CubeClient.load emits a ResultSet of our client', async () => {
    cube.answer(cubeAnswers(42));
    const resultSet = await firstValueFrom(client().load({ measures: ['Orders.count'] }));
    expect(resultSet).toBeInstanceOf(ours.ResultSet);
    expect(resultSet.rawData()).toEqual([{ 'Orders.count': '42' }]);
    expect(cube.seen[0].authorization).toBe('token');
  });

  test('CubeClient.watch emits a ResultSet per query, and meta a Meta', async () => {
    cube.answer(cubeAnswers(5));
    const cubeClient = client();
    const resultSet = await firstValueFrom(cubeClient.watch(of({ measures: ['Orders.count'] })));
    expect(resultSet.chartPivot()[0]['Orders.count']).toBe(5);
    const meta = await firstValueFrom(cubeClient.meta());
    expect(meta).toBeInstanceOf(ours.Meta);
    expect(meta.resolveMember('Orders.count', 'measures').title).toBe('Orders Count');
  });
});
