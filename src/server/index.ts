/**
 * `cube-client/server`: sign and verify Cube tokens in your backend or edge functions, and serve
 * them to the browser from a token route. Depends on `jose`, which is why it is an entry of its
 * own: nothing here reaches a browser bundle of `cube-client`.
 *
 * @packageDocumentation
 */
export { signCubeToken, type SignCubeTokenOptions } from './signCubeToken';
export { verifyCubeToken, type VerifyCubeTokenOptions } from './verifyCubeToken';
export { createTokenHandler, type TokenHandler, type TokenHandlerOptions } from './createTokenHandler';
export {
  toNodeHandler,
  type NodeHandler,
  type NodeRequestLike,
  type NodeResponseLike,
} from './toNodeHandler';
export type { PrivateKeyInput, PublicKeyInput } from './keys';
export type { CubeTokenWarning, SecretPolicy } from './secret';
export type { CubeTokenAlgorithm, CubeTokenPayload, ExpiresIn, JsonValue } from './types';
export { TokenSigningError, type TokenSigningErrorCode } from '../errors/TokenSigningError';
export { TokenVerificationError, type TokenVerificationErrorCode } from '../errors/TokenVerificationError';
export { CubeClientError } from '../errors/CubeClientError';
