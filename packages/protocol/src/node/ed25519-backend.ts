import { createRequire } from 'node:module';
import { nodeCryptoEd25519 } from './node-crypto-ed25519.js';
import { createSodiumEd25519, type SodiumNativeEd25519 } from './sodium-ed25519.js';

/** Which library computes Ed25519 signatures in this process. */
export type Ed25519BackendName = 'libsodium' | 'node:crypto';

/** Signs a message with a prepared key: the 64-byte signature of RFC 8032 §5.1.6. */
export type Ed25519Sign = (data: Uint8Array) => Uint8Array;

/** Checks a signature with a prepared public key; `false` (never a throw) on any mismatch. */
export type Ed25519Check = (data: Uint8Array, signature: Uint8Array) => boolean;

/**
 * One Ed25519 implementation. Keys are prepared once (expanded, imported) and the returned
 * functions are called per message, so a signer or a key cache pays the set-up only once.
 */
export interface Ed25519Backend {
  readonly name: Ed25519BackendName;
  /**
   * Prepares signing with the 32-byte private key (RFC 8032 §5.1.5: the seed, JWK `d`).
   * Throws a `TypeError` for a seed of another length.
   */
  signerFor(seed: Uint8Array): { publicKey: Uint8Array; sign: Ed25519Sign };
  /** Prepares checking with a 32-byte public key (JWK `x`); `null` when it cannot be used. */
  verifierFor(publicKey: Uint8Array): Ed25519Check | null;
}

/** Where {@link selectEd25519Backend} looks: the environment and how to load sodium-native. */
export type Ed25519BackendOptions = {
  env?: Readonly<Record<string, string | undefined>>;
  loadSodium?: () => SodiumNativeEd25519;
};

/** sodium-native from this package's node_modules; throws when the module or binary is missing. */
export function loadSodiumNative(): SodiumNativeEd25519 {
  // require, not import: sodium-native is CommonJS and picks its prebuilt binary at load time;
  // a failure must be an exception we can catch here, not a failed module graph.
  return createRequire(import.meta.url)('sodium-native') as SodiumNativeEd25519;
}

// RFC 8032 §7.1 TEST 2, checked once when libsodium is chosen: a binary that loads but
// computes something else (a broken or foreign build) must not sign certificates.
const knownAnswer = {
  seed: '4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb',
  publicKey: '3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c',
  message: '72',
  signature:
    '92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da' +
    '085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00',
};

function passesKnownAnswer(backend: Ed25519Backend): boolean {
  const hex = (text: string) => new Uint8Array(Buffer.from(text, 'hex'));
  const { publicKey, sign } = backend.signerFor(hex(knownAnswer.seed));
  const signature = sign(hex(knownAnswer.message));
  const check = backend.verifierFor(publicKey);
  return (
    Buffer.from(publicKey).toString('hex') === knownAnswer.publicKey &&
    Buffer.from(signature).toString('hex') === knownAnswer.signature &&
    check !== null &&
    check(hex(knownAnswer.message), signature)
  );
}

/**
 * Chooses the Ed25519 implementation: libsodium (sodium-native) when its binary loads and
 * passes a known-answer test, node:crypto otherwise — or always when `KPX_ED25519=node`.
 * Both give byte-identical signatures (RFC 8032 signing is deterministic); libsodium is about
 * 1.5× faster and stricter in what it accepts (docs/decisions.md, D17).
 */
export function selectEd25519Backend(options: Ed25519BackendOptions = {}): Ed25519Backend {
  const env = options.env ?? process.env;
  if (env['KPX_ED25519'] === 'node') return nodeCryptoEd25519;
  try {
    const sodium = createSodiumEd25519((options.loadSodium ?? loadSodiumNative)());
    if (passesKnownAnswer(sodium)) return sodium;
  } catch {
    // No binary for this platform, or a module that is not sodium-native: node:crypto serves.
  }
  return nodeCryptoEd25519;
}

let chosen: Ed25519Backend | undefined;

/** The process's Ed25519 implementation, chosen on first use by {@link selectEd25519Backend}. */
export function ed25519(): Ed25519Backend {
  chosen ??= selectEd25519Backend();
  return chosen;
}

/**
 * Which library signs and verifies Ed25519 in this process: `'libsodium'`, or `'node:crypto'`
 * where sodium-native's binary does not load or `KPX_ED25519=node` is set.
 *
 * @example
 * ```ts
 * import { ed25519Backend } from '@kpx/protocol/node';
 * logger.info({ ed25519: ed25519Backend() }, 'signing backend');
 * ```
 */
export function ed25519Backend(): Ed25519BackendName {
  return ed25519().name;
}
