import { uuidv7 } from '@kpx/protocol';
import type { Clock } from './clock.js';
import type { Random } from './random.js';

/** Produces ids for messages, events and tokens. */
export type IdGenerator = () => string;

/**
 * UUIDv7 ids (RFC 9562 §5.7) that strictly increase within this process even when the clock
 * stands still or steps back (RFC 9562 §6.2 method 2: the random part is incremented), so rows
 * ordered by id keep insertion order — the event timeline and the per-certificate outbox FIFO
 * rely on it.
 */
export function createIdGenerator(clock: Clock, random: Random): IdGenerator {
  let lastMs = -1;
  let last: Uint8Array = new Uint8Array(10);
  return () => {
    const now = clock.now();
    if (now > lastMs) {
      lastMs = now;
      last = random(10);
      // Leave headroom below the top of the counter so increments within one ms never wrap.
      last[3] = (last[3] ?? 0) & 0x7f;
    } else {
      last = increment(last);
    }
    return uuidv7(lastMs, last);
  };
}

function increment(bytes: Uint8Array): Uint8Array {
  const next = new Uint8Array(bytes);
  for (let i = next.length - 1; i >= 3; i--) {
    const v = (next[i] ?? 0) + 1;
    next[i] = v & 0xff;
    if (v <= 0xff) break;
  }
  return next;
}
