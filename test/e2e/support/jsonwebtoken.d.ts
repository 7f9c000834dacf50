// The root has jsonwebtoken but not @types/jsonwebtoken; the tests only need `sign`.
declare module 'jsonwebtoken' {
  export interface SignOptions {
    algorithm?: 'HS256' | 'HS384' | 'HS512';
    expiresIn?: number | string;
  }
  export function sign(payload: object, secret: string, options?: SignOptions): string;
  const jwt: { sign: typeof sign };
  export default jwt;
}
