/**
 * Helmet's defaults, for an API that serves only JSON: a policy that lets an answer load nothing
 * and be framed by no one. Strict-Transport-Security is left to whatever terminates TLS, which
 * alone knows whether the whole site is HTTPS-only; the API itself speaks plain HTTP.
 */
export const HELMET_OPTIONS = {
  contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
  frameguard: { action: 'deny' },
  strictTransportSecurity: false,
} as const;

/**
 * The headers Helmet sends with {@link HELMET_OPTIONS}, written once: every answer gets them from
 * one hook (and those written before any hook runs, from their own code), rather than from
 * Helmet, which runs its middleware on every request at a cost in throughput. A test holds them
 * equal to what @fastify/helmet sends.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': "default-src 'none';frame-ancestors 'none'",
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-frame-options': 'DENY',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0',
};
