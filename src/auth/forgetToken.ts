import type { TokenProviderOptions } from '../types/options';

/**
 * Removes the token remembered in `tokenStorage`, at once. The rest of the storage code
 * (`RememberedToken.ts`, which keeps its tokens under the same key) loads on first use, but a
 * logout followed at once by a reload must not find the old token. A failing store is ignored.
 */
export function forgetToken(remembered: TokenProviderOptions['remembered']): void {
  if (!remembered) return;
  const { storage, apiUrl } = remembered;
  const key = `cube-client:token:${apiUrl}`;
  try {
    if (typeof storage === 'string')
      (globalThis as Partial<Record<typeof storage, Storage>>)[storage]?.removeItem(key);
    else storage.remove(key);
  } catch {
    // Storage fails in many ways (private mode, disabled storage); the token then lives in memory.
  }
}
