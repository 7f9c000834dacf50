/**
 * A random identifier for one logical request; Cube logs it, and the client appends
 * `-span-<n>` for each HTTP exchange (each Continue-wait poll is a new span).
 */
export function newRequestId(): string {
  const webCrypto = globalThis.crypto as Crypto | undefined;
  if (webCrypto && typeof webCrypto.randomUUID === 'function') return webCrypto.randomUUID();
  // Old runtimes without randomUUID: uniqueness, not secrecy, is what Cube needs here.
  const hex = (n: number) =>
    Array.from({ length: n }, () => Math.floor(Math.random() * 16).toString(16)).join('');
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[Math.floor(Math.random() * 4)]}${hex(3)}-${hex(12)}`;
}
