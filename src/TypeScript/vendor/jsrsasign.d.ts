/**
 * The AMD module `/SuiteScripts/OAuth/lib/jsrsasign` that the build generates from jsrsasign
 * (tools/build/jsrsasign-amd.mjs): the library with `navigator`/`window` defined for it and its
 * randomness taken from N/crypto/random. Only the names this project uses are typed.
 */
declare module 'jsrsasign-amd' {
  export interface BigIntegerLike {
    bitLength(): number;
  }
  export interface RSAKeyLike {
    isPrivate?: boolean;
    n: BigIntegerLike;
  }
  export interface ECDSAKeyLike {
    isPrivate?: boolean;
    curveName: string;
  }
  export const KEYUTIL: { getKey(pem: string): unknown };
  export const RSAKey: new () => RSAKeyLike;
  export const KJUR: {
    crypto: {
      ECDSA: (new () => ECDSAKeyLike) & { parseSigHexInHexRS(hex: string): { r: string; s: string } };
      Signature: new (params: { alg: string; psssaltlen?: number }) => {
        init(key: unknown): void;
        updateString(s: string): void;
        sign(): string;
      };
    };
  };
  export function hextob64u(hex: string): string;
  export function utf8tob64u(s: string): string;
}

/** The AMD `require` a module is handed (SuiteScript 2.x Global Objects, "require Function"). */
declare module 'require' {
  // The callback receives the loaded modules; callers type the one they asked for.
  function amdRequire<T>(ids: string[], callback: (module: T) => void): void;
  export default amdRequire;
}
