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
 * The headers Helmet sends with {@link HELMET_OPTIONS}, for the few answers written before its
 * hook runs (a URL the router rejects, a request Node's parser rejects). A test holds the two equal.
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
