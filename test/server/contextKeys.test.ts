// A security context is copied key by key into the token. Keys that JavaScript treats
// specially must either arrive at the server as written or be refused with a typed error:
// never silently lost. Depth and size are bounded with the same typed error.
import { signCubeToken } from '../../src/server/signCubeToken';
import { TokenSigningError } from '../../src/errors/TokenSigningError';
import { SECRET, cubeVerify, rejectionOf } from './support';

const sign = (securityContext: object, extra: Parameters<typeof signCubeToken>[0] = {}) =>
  signCubeToken({ secret: SECRET, securityContext, ...extra });

/** An object nested `depth` levels deep: { a: { a: ... { a: 1 } } }. */
function nested(depth: number): Record<string, unknown> {
  let value: Record<string, unknown> = { a: 1 };
  for (let i = 1; i < depth; i += 1) value = { a: value };
  return value;
}

describe('security-context keys', () => {
  it.each(['constructor', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf'])(
    'signs an ordinary key named %s as given',
    async (key) => {
      const payload = cubeVerify(await sign({ [key]: 'x', nested: { [key]: 1 } }));
      expect(Object.getOwnPropertyDescriptor(payload, key)?.value).toBe('x');
      expect(Object.getOwnPropertyDescriptor(payload.nested, key)?.value).toBe(1);
    },
  );

  it('signs those keys in claims too, and in the legacy u form', async () => {
    const payload = cubeVerify(
      await sign({ constructor: 'c' }, { claims: { toString: 't' }, legacyUserContext: true }),
    );
    expect(Object.getOwnPropertyDescriptor(payload, 'toString')?.value).toBe('t');
    expect(Object.getOwnPropertyDescriptor(payload.u, 'constructor')?.value).toBe('c');
  });

  it.each([
    ['at the top level', '{"__proto__": {"admin": true}, "tenant": "acme"}', 'securityContext.__proto__'],
    ['nested', '{"org": {"__proto__": "x"}}', 'securityContext.org.__proto__'],
    ['inside an array', '{"orgs": [{"__proto__": 1}]}', 'securityContext.orgs[0].__proto__'],
  ])('refuses a __proto__ key from JSON.parse %s, naming it', async (_where, text, path) => {
    const context = JSON.parse(text) as object;
    const error = await rejectionOf(sign(context));
    expect(error).toBeInstanceOf(TokenSigningError);
    expect(error.code).toBe('CONTEXT_INVALID');
    expect(error.message).toContain(path);
  });

  it('refuses a __proto__ key in claims as CLAIM_INVALID', async () => {
    const error = await rejectionOf(sign({}, { claims: JSON.parse('{"__proto__": "x"}') as never }));
    expect(error).toBeInstanceOf(TokenSigningError);
    expect(error.code).toBe('CLAIM_INVALID');
  });

  it('copies own properties only', async () => {
    const context = Object.create(null) as Record<string, unknown>;
    Object.defineProperty(context, 'hidden', { value: 'no', enumerable: false });
    context.shown = 'yes';
    expect(cubeVerify(await sign(context))).toMatchObject({ shown: 'yes' });
    expect(cubeVerify(await sign(context))).not.toHaveProperty('hidden');
  });

  it('signs a context 64 levels deep', async () => {
    const payload = cubeVerify(await sign(nested(64)));
    let value: unknown = payload;
    for (let i = 0; i < 64; i += 1) value = (value as { a: unknown }).a;
    expect(value).toBe(1);
  });

  it.each([65, 10_000])('refuses a context %i levels deep with a TokenSigningError', async (depth) => {
    const error = await rejectionOf(sign(nested(depth)));
    expect(error).toBeInstanceOf(TokenSigningError);
    expect(error.code).toBe('CONTEXT_INVALID');
    expect(error.message).toMatch(/nested more than 64 levels deep$/);
  });

  it('refuses 10,000 nested arrays the same way', async () => {
    let value: unknown = 1;
    for (let i = 0; i < 10_000; i += 1) value = [value];
    const error = await rejectionOf(sign({ deep: value }));
    expect(error).toBeInstanceOf(TokenSigningError);
    expect(error.code).toBe('CONTEXT_INVALID');
  });

  it('signs a payload of 8 KiB of JSON and refuses a larger one as PAYLOAD_TOO_LARGE', async () => {
    // {"blob":"…"} is 11 bytes around the string.
    const fits = 'x'.repeat(8 * 1024 - 11);
    expect(cubeVerify(await sign({ blob: fits })).blob).toBe(fits);
    const error = await rejectionOf(sign({ blob: `${fits}y` }));
    expect(error).toBeInstanceOf(TokenSigningError);
    expect(error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(error.message).not.toContain('xxxx');
  });

  it('counts claims and a wide context towards the size', async () => {
    const wide = Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`k${i}`, i]));
    expect((await rejectionOf(sign(wide))).code).toBe('PAYLOAD_TOO_LARGE');
    const error = await rejectionOf(sign({}, { claims: { iss: 'y'.repeat(9000) } }));
    expect(error.code).toBe('PAYLOAD_TOO_LARGE');
  });
});
