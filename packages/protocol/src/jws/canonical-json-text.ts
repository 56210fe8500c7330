import { canonicalize } from '../canonical-json.js';

/**
 * Whether a payload text is exactly the RFC 8785 serialisation of what it parses to. kpx
 * requires it: it rules out duplicate member names, which parsers resolve differently.
 * `parsed` must be `JSON.parse(text)`.
 */
export function isCanonicalJsonText(text: string, parsed: unknown): boolean {
  if (isPlainlyCanonical(text, parsed)) return true;
  // Same answer as canonicalize(parsed) === text: when every object's members already
  // enumerate in RFC 8785 order (§3.2.3), canonicalize(parsed) is the engine's plain
  // JSON.stringify(parsed), which runs without a replacer call per value. Anything else
  // (members out of order, array-index-like names, which JS enumerates first) is decided by
  // canonicalize itself.
  if (membersInOrder(parsed)) return JSON.stringify(parsed) === text;
  try {
    return canonicalize(parsed) === text;
  } catch {
    return false;
  }
}

// The fast accept path, for the common case: text with nothing to escape and only small
// non-negative integers — every certificate, receipt and envelope kpx signs. It answers true
// only when the text is canonical, never false for one that is: anything else is left to
// the checks above, which decide. It avoids serialising the value again, the larger part of
// the cost of the check on the verify path.
//
// Why it is exact: tokens matching `plainTokens` (no whitespace, no escapes, no surrogates,
// integers as ECMAScript prints them) are already in their RFC 8785 spelling (§3.2.2), and
// each string in the parsed value has the length of its token. A JSON text of such tokens
// is canonical when its members are in order (§3.2.3) and unique. The parsed value's members
// are in text order (names starting with a digit, which JS may enumerate first, are left to
// the checks above) and `plainLength` checks that order; a repeated name would be in the
// text but not in the value, so the text would be longer than the value's serialisation.

/**
 * A JSON text of tokens that RFC 8785 spells exactly so: punctuation; strings of characters
 * that need no escape (U+0020 and above but `"`, `\` and surrogates); integers of at most 15
 * digits; the literals.
 */
const plainTokens =
  /^(?:[{}[\],:]|"[ !#-[\]-\ud7ff\ue000-\uffff]*"|(?:0|[1-9][0-9]{0,14})(?![0-9.eE])|true|false|null)*$/;

/** @internal The fast accept path of {@link isCanonicalJsonText} (exported for its tests). */
export function isPlainlyCanonical(text: string, parsed: unknown): boolean {
  return plainTokens.test(text) && plainLength(parsed) === text.length;
}

/**
 * Length of the serialisation of a parsed plain text, or -1 when a member name is not
 * greater than the one before it or starts with a digit, or a number is not a safe
 * non-negative integer.
 */
function plainLength(value: unknown): number {
  switch (typeof value) {
    case 'string':
      return value.length + 2;
    case 'number':
      return Number.isSafeInteger(value) && value >= 0 ? digitCount(value) : -1;
    case 'boolean':
      return value ? 4 : 5;
    case 'object': {
      if (value === null) return 4;
      if (Array.isArray(value)) {
        let length = value.length === 0 ? 2 : value.length + 1; // brackets and commas
        for (let i = 0; i < value.length; i++) {
          const item = plainLength(value[i]);
          if (item < 0) return -1;
          length += item;
        }
        return length;
      }
      // Own names only: a member inherited from a polluted prototype must not count.
      const names = Object.keys(value);
      let length = names.length === 0 ? 2 : names.length + 1; // braces and commas
      for (let i = 0; i < names.length; i++) {
        const name = names[i]!;
        const first = name.charCodeAt(0);
        if (first >= 0x30 && first <= 0x39) return -1;
        if (i > 0 && !(names[i - 1]! < name)) return -1;
        const member = plainLength((value as Record<string, unknown>)[name]);
        if (member < 0) return -1;
        length += name.length + 3 + member; // "name":value
      }
      return length;
    }
    default:
      return -1;
  }
}

function digitCount(n: number): number {
  let count = 1;
  for (let rest = n; rest >= 10; rest = Math.floor(rest / 10)) count += 1;
  return count;
}

/** Whether every object in a parsed JSON value enumerates its members in UTF-16 code-unit order. */
function membersInOrder(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return true;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (!membersInOrder(value[i])) return false;
    return true;
  }
  // for-in allocates no key array. It also visits enumerable inherited members (none on a
  // parsed value, unless Object.prototype was polluted) after the own ones: those can only
  // turn the answer to false, which sends the text to canonicalize, the definition.
  let previous: string | undefined;
  for (const key in value) {
    if (previous !== undefined && !(previous < key)) return false;
    previous = key;
    if (!membersInOrder((value as Record<string, unknown>)[key])) return false;
  }
  return true;
}
