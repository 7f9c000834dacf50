const BEARER = /^bearer\s+/i;

/** Removes a leading `Bearer ` (any case), which some token routes include. */
export function stripBearer(token: string): string {
  return token.replace(BEARER, '');
}
