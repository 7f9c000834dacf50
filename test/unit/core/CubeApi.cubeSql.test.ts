/**
 * `cubeSql` and `cubeSqlStream` against the requests the published client makes: the same
 * request on the wire, the same results from the same JSON-lines reply, the same errors.
 */
import officialCube from '@cubejs-client/core';
import { HttpResponse } from 'msw';
import { CubeApi, RequestError, type CubeSqlStreamChunk } from '../../../src/index';
import { API_URL, countingTokenFn, useFakeCube } from '../../support/fixtures';

const cube = useFakeCube();
const SQL = 'SELECT status, MEASURE(count) FROM orders GROUP BY 1';
const schemaLine = {
  schema: [
    { name: 'status', column_type: 'String' },
    { name: 'count', column_type: 'Int64' },
  ],
  lastRefreshTime: '2024-01-01T00:00:00.000Z',
  external: true,
  usedPreAggregations: { orders_main: { preAggregationId: 'Orders.main' } },
};
const jsonLines = (...lines: unknown[]) => lines.map((line) => JSON.stringify(line)).join('\n');
const REPLY = jsonLines(
  schemaLine,
  {
    data: [
      ['done', 3],
      ['new', 1],
    ],
  },
  { data: [['void', 0]] },
);

/** Answers with `text`, in chunks of `size` bytes when given (so lines arrive split). */
function reply(text: string, status = 200, size?: number) {
  const bytes = new TextEncoder().encode(text);
  if (!size) return new HttpResponse(text, { status, headers: { 'content-type': 'application/json' } });
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (let i = 0; i < bytes.length; i += size) controller.enqueue(bytes.slice(i, i + size));
      controller.close();
    },
  });
  return new HttpResponse(body, { status });
}

const ours = (token: string | (() => Promise<string>) = 'tok') => new CubeApi(token, { apiUrl: API_URL });
const theirs = () => officialCube('tok', { apiUrl: API_URL });
const options = { cache: 'no-cache', timezone: 'America/Los_Angeles', baseRequestId: 'rid' } as const;

async function collect(stream: AsyncIterable<CubeSqlStreamChunk>): Promise<CubeSqlStreamChunk[]> {
  const chunks: CubeSqlStreamChunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

describe('cubeSql', () => {
  it('sends the request the published client sends, and returns the same result', async () => {
    cube.answer(() => reply(REPLY));
    const mine = await ours().cubeSql(SQL, options);
    const published = await theirs().cubeSql(SQL, options);
    expect(mine).toEqual(published);
    expect(mine.data).toEqual([
      ['done', 3],
      ['new', 1],
      ['void', 0],
    ]);
    expect(mine.external).toBe(true);
    const [a, b] = cube.seen;
    for (const seen of [a, b]) expect(seen.url.pathname).toBe('/cubejs-api/v1/cubesql');
    expect([a.method, a.body, a.authorization, a.requestId, a.headers.get('content-type')]).toEqual([
      b.method,
      b.body,
      b.authorization,
      b.requestId,
      b.headers.get('content-type'),
    ]);
    expect(a.body).toEqual({
      query: SQL,
      throwContinueWait: true,
      cache: 'no-cache',
      timezone: options.timezone,
    });
  });

  it.each([
    [
      'an error line after the schema',
      jsonLines(schemaLine, { data: [['a', 1]] }, { error: 'cast failed' }),
      200,
      'cast failed',
    ],
    ['a 200 {"error"}', JSON.stringify({ error: 'boom' }), 200, 'boom'],
    ['a 500 {"error"}', JSON.stringify({ error: 'Unknown column' }), 500, 'Unknown column'],
  ])(
    '%s rejects with the server message, as published (ours a RequestError)',
    async (_label, text, status, message) => {
      cube.answer(() => reply(text, status));
      const mine = await ours()
        .cubeSql(SQL)
        .catch((e: unknown) => e);
      const published = await theirs()
        .cubeSql(SQL)
        .catch((e: unknown) => e);
      expect((published as Error).message).toBe(message);
      expect(mine).toBeInstanceOf(RequestError);
      expect((mine as RequestError).message).toBe(message);
      expect((mine as RequestError).status).toBe(status);
    },
  );

  it('a reply that is not JSON lines is BAD_RESPONSE; a schema with no rows is an empty result', async () => {
    cube.answer(() => reply('<html>gateway</html>'));
    await expect(ours().cubeSql(SQL)).rejects.toMatchObject({ code: 'BAD_RESPONSE', status: 200 });
    cube.answer(() => reply(`${JSON.stringify({ schema: schemaLine.schema })}\n`));
    await expect(ours().cubeSql(SQL)).resolves.toEqual({ schema: schemaLine.schema, data: [] });
  });

  it('a rejected token is refreshed once over /cubesql too', async () => {
    cube.answer((request) =>
      request.authorization === 'old'
        ? HttpResponse.json({ error: 'Invalid token' }, { status: 403 })
        : reply(REPLY),
    );
    const tokens = countingTokenFn(['old', 'new']);
    await expect(ours(tokens).cubeSql(SQL)).resolves.toMatchObject({
      data: [
        ['done', 3],
        ['new', 1],
        ['void', 0],
      ],
    });
    expect(cube.seen.map((r) => r.authorization)).toEqual(['old', 'new']);
  });
});

describe('cubeSqlStream', () => {
  it('yields the chunks the published client yields, from a reply split mid-line', async () => {
    const text = `${REPLY}\n${JSON.stringify({ error: 'late' })}\nnot json\n${JSON.stringify({ data: [['x', 9]] })}`;
    cube.answer(() => reply(text, 200, 7));
    const mine = await collect(ours().cubeSqlStream(SQL, options));
    const published = await collect(
      theirs().cubeSqlStream(SQL, options) as AsyncIterable<CubeSqlStreamChunk>,
    );
    expect(mine).toEqual(published);
    expect(mine.map((chunk) => chunk.type)).toEqual(['schema', 'data', 'data', 'error', 'error', 'data']);
    const [a, b] = cube.seen;
    expect([a.method, a.body, a.authorization]).toEqual([b.method, b.body, b.authorization]);
    expect(a.body).toEqual({ query: SQL, cache: 'no-cache', timezone: options.timezone });
  });

  it('a non-2xx status rejects with HTTP <status>, as published; a rejected token is refreshed once', async () => {
    cube.answer(() => HttpResponse.json({ error: 'nope' }, { status: 500 }));
    await expect(collect(ours().cubeSqlStream(SQL))).rejects.toMatchObject({
      code: 'HTTP_ERROR',
      status: 500,
    });
    await expect(collect(theirs().cubeSqlStream(SQL) as AsyncIterable<CubeSqlStreamChunk>)).rejects.toThrow(
      /^HTTP 500/,
    );
    cube.reset();
    cube.answer((request) =>
      request.authorization === 'old'
        ? HttpResponse.json({ error: 'Invalid token' }, { status: 403 })
        : reply(REPLY, 200, 5),
    );
    const chunks = await collect(ours(countingTokenFn(['old', 'new'])).cubeSqlStream(SQL));
    expect(chunks[0]).toMatchObject({ type: 'schema' });
    expect(cube.seen.map((r) => r.authorization)).toEqual(['old', 'new']);
  });

  it('stops when the caller aborts', async () => {
    cube.answer(() => reply(REPLY, 200, 3));
    const stop = new AbortController();
    const chunks: CubeSqlStreamChunk[] = [];
    const reading = (async () => {
      for await (const chunk of ours().cubeSqlStream(SQL, { signal: stop.signal })) {
        chunks.push(chunk);
        stop.abort();
      }
    })();
    await expect(reading).rejects.toMatchObject({ code: 'ABORTED' });
    expect(chunks).toHaveLength(1);
  });

  it('a consumer that leaves early releases the reply', async () => {
    cube.answer(() => reply(REPLY, 200, 3));
    for await (const chunk of ours().cubeSqlStream(SQL)) {
      expect(chunk.type).toBe('schema');
      break;
    }
  });

  it('a transport without requestStream is refused, as published', async () => {
    const transport = { authorization: undefined, request: () => ({ subscribe: () => Promise.resolve() }) };
    await expect(collect(new CubeApi({ transport } as never).cubeSqlStream(SQL))).rejects.toThrow(
      /streaming/,
    );
  });
});
