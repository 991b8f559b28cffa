import type { Page } from '@playwright/test';
import { expect, test } from './support/fixtures';

const RUNS = Number(process.env['BENCH_RUNS'] ?? 30);

declare global {
  interface Window {
    firstDinosaurAt?: number;
  }
}

/** Milliseconds from navigation start to the frame after the first dinosaur card entered the page. */
function recordFirstDinosaur(page: Page) {
  return page.addInitScript(() => {
    new MutationObserver((_, observer) => {
      if (!document.querySelector('[aria-label="Dinosaurs"] li')) return;
      observer.disconnect();
      requestAnimationFrame(() => (window.firstDinosaurAt = performance.now()));
    }).observe(document, { childList: true, subtree: true });
  });
}

async function loadOnce(page: Page, navigate: () => Promise<unknown>): Promise<number> {
  await navigate();
  return page.waitForFunction(() => window.firstDinosaurAt).then((handle) => handle.jsonValue() as Promise<number>);
}

const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))];

test('first load: JavaScript shipped, and time until the first dinosaur is on screen', async ({ browser, stack }) => {
  const cold: number[] = [];
  const warm: number[] = [];
  let script = { files: 0, transferred: 0, decoded: 0 };
  for (let run = 0; run < RUNS; run++) {
    // A new context has an empty cache: the first load is cold, the reload warm.
    const context = await browser.newContext({ baseURL: stack.url });
    const page = await context.newPage();
    await recordFirstDinosaur(page);
    const scripts: Promise<{ transferred: number; decoded: number }>[] = [];
    page.on('requestfinished', (request) => {
      if (request.resourceType() !== 'script') return;
      scripts.push(
        Promise.all([request.sizes(), request.response()]).then(async ([sizes, response]) => ({
          transferred: sizes.responseBodySize,
          decoded: (await response?.body())?.length ?? 0,
        })),
      );
    });
    cold.push(await loadOnce(page, () => page.goto('/')));
    const sizes = await Promise.all(scripts);
    script = {
      files: sizes.length,
      transferred: sizes.reduce((sum, size) => sum + size.transferred, 0),
      decoded: sizes.reduce((sum, size) => sum + size.decoded, 0),
    };
    warm.push(await loadOnce(page, () => page.reload()));
    await context.close();
  }

  expect(cold).toHaveLength(RUNS);
  const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;
  const ms = (values: number[]) =>
    `median ${percentile(values, 50).toFixed(0)} ms, p90 ${percentile(values, 90).toFixed(0)} ms, best ${Math.min(...values).toFixed(0)} ms`;
  console.log(
    [
      `JavaScript on first load: ${script.files} file(s), ${kB(script.transferred)} over the wire (gzip), ${kB(script.decoded)} decoded`,
      `first dinosaur on screen, cold cache (${RUNS} runs): ${ms(cold)}`,
      `first dinosaur on screen, warm cache (${RUNS} runs): ${ms(warm)}`,
    ].join('\n'),
  );
});
