// Where a server's CPU time goes, layer by layer: the self time of a V8 CPU profile
// (`node --cpu-prof`), each sample given to the package or source file its function comes from,
// through the bundle's source map.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { TraceMap, originalPositionFor } from '@jridgewell/trace-mapping';

/** The layers, each with the test that claims a sample's origin, first match wins. */
const LAYERS = [
  [
    'the kernel: socket writes and reads',
    ({ name, url }) => !url && /^(writev|writeUtf8String|writeBuffer|writeLatin1String|read)$/.test(name),
  ],
  ['V8: garbage collection', ({ name }) => name === '(garbage collector)'],
  ['V8: compiler, runtime, promises', ({ url }) => !url],
  ['Node: HTTP, sockets, streams, timers', ({ url }) => url.startsWith('node:')],
  [
    'Fastify',
    ({ origin }) => /node_modules\/(fastify|find-my-way|avvio|@fastify\/|light-my-request|fast-)/.test(origin),
  ],
  ['NestJS', ({ origin }) => /node_modules\/(@nestjs\/|rxjs|reflect-metadata|tslib)/.test(origin)],
  ['pino (log lines)', ({ origin }) => /node_modules\/(pino|sonic-boom)/.test(origin)],
  ['prom-client', ({ origin }) => /node_modules\/prom-client/.test(origin)],
  // The bundle's own sources, named relative to it (../src/…) and to the domain library.
  ['the API: request log', ({ origin }) => /^\.\.\/src\/logging\//.test(origin)],
  ['the API: metrics', ({ origin }) => /^\.\.\/src\/metrics\//.test(origin)],
  ['the API: security headers, errors, limits', ({ origin }) => /^\.\.\/src\/app\//.test(origin)],
  ['the API: routes and the domain', ({ origin }) => /^\.\.\/(src|\.\.\/\.\.\/libs)\//.test(origin)],
  ['other packages', () => true],
];

/**
 * Each layer's share of the busy time (idle excluded) in `profilePath`, largest first, for a
 * bundle whose source map is `sourceMapPath`.
 */
export function layerShares(profilePath, sourceMapPath) {
  const profile = JSON.parse(readFileSync(profilePath, 'utf8'));
  const map = new TraceMap(readFileSync(sourceMapPath, 'utf8'));
  // The bundle's frames are those of the file the map is of.
  const bundle = `/${basename(sourceMapPath, '.map')}`;
  const layerOf = new Map();
  for (const { id, callFrame } of profile.nodes) {
    const { functionName: name, url, lineNumber, columnNumber } = callFrame;
    const origin = url.endsWith(bundle)
      ? (originalPositionFor(map, { line: lineNumber + 1, column: Math.max(columnNumber, 0) }).source ?? '')
      : '';
    layerOf.set(id, name === '(idle)' ? undefined : LAYERS.find(([, test]) => test({ name, url, origin }))[0]);
  }
  const time = new Map(LAYERS.map(([layer]) => [layer, 0]));
  let busy = 0;
  profile.samples.forEach((id, index) => {
    const layer = layerOf.get(id);
    if (layer === undefined) return;
    const delta = profile.timeDeltas[index] ?? 0;
    time.set(layer, time.get(layer) + delta);
    busy += delta;
  });
  return [...time]
    .filter(([, t]) => t > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([layer, t]) => ({ layer, share: t / busy }));
}
