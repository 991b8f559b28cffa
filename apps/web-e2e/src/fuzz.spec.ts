import {
  type Dinosaur,
  filterByDiet,
  isDiet,
  isSortKey,
  isSortOrder,
  searchByName,
  sortDinosaurs,
} from '@dinosaurs/dinosaur-domain';
import type { Page } from '@playwright/test';
import fc from 'fast-check';
import { expect, test } from './support/fixtures';
import { anyRequest, anyTarget, apiTarget, type FuzzRequest, toBytes } from './support/fuzz-requests';
import { rawRequest, type RawResponse } from '@dinosaurs/test-utils';
import type { Stack } from './support/stack';

/** nginx's own answers when the API is down or slow, as the template writes them. */
const GATEWAY_ERRORS: Record<number, string> = {
  502: '{"statusCode":502,"error":"Bad Gateway","message":"The dinosaur API is unreachable"}',
  504: '{"statusCode":504,"error":"Gateway Timeout","message":"The dinosaur API did not answer in time"}',
};

function send(stack: Stack, request: FuzzRequest): Promise<RawResponse> {
  return rawRequest(Number(new URL(stack.url).port), toBytes(request));
}

/** A response as a failed property reports it: status, headers and the start of the body. */
function describeResponse(response: RawResponse): string {
  return `${response.status} ${JSON.stringify(response.headers)} ${JSON.stringify(response.body.slice(0, 200))}`;
}

/** nginx still answers, and its error log has no alert: no worker died, nothing critical happened. */
async function expectNginxUnharmed(stack: Stack): Promise<void> {
  const health = await fetch(`${stack.url}/healthz`);
  expect(health.status).toBe(200);
  expect(await health.text()).toBe('ok');
  expect(stack.errorLog().match(/^.*(\[(alert|crit|emerg)\]|exited on signal).*$/gm)).toBeNull();
}

test.describe('nginx in front of the viewer and the API, under fuzzed requests', () => {
  // Runs are bounded; each is a short exchange on loopback.
  test.setTimeout(180_000);

  test('answers every request with a status below 500 while the API is up, and keeps running', async ({ stack }) => {
    const statuses = new Set<number>();

    await fc.assert(
      fc.asyncProperty(anyRequest(anyTarget), async (request) => {
        const response = await send(stack, request);
        statuses.add(response.status);
        expect(response.status, describeResponse(response)).toBeGreaterThanOrEqual(100);
        expect(response.status, describeResponse(response)).toBeLessThan(500);
      }),
      { numRuns: 1000 },
    );

    console.log(`statuses seen: ${[...statuses].sort((a, b) => a - b).join(' ')}`);
    await expectNginxUnharmed(stack);
  });

  test('answers /api requests with its JSON 502 while the API is down, and with no other 5xx', async ({ stack }) => {
    await stack.api.stop();
    const statuses = new Set<number>();

    await fc.assert(
      fc.asyncProperty(anyRequest(apiTarget), async (request) => {
        const response = await send(stack, request);
        statuses.add(response.status);
        expect(response.status, describeResponse(response)).toBeGreaterThanOrEqual(100);
        const gatewayError = GATEWAY_ERRORS[response.status];
        if (response.status >= 500) {
          expect(gatewayError, describeResponse(response)).toBeDefined();
          expect(response.headers['content-type']).toBe('application/json');
          // A HEAD has the length of the body it is not sent.
          if (request.method === 'HEAD') expect(response.headers['content-length']).toBe(String(gatewayError?.length));
          else expect(response.body).toBe(gatewayError);
        }
      }),
      { numRuns: 500 },
    );

    console.log(`statuses seen: ${[...statuses].sort((a, b) => a - b).join(' ')}`);
    // The property held for the gateway error itself, not only for requests nginx refused first.
    expect(statuses).toContain(502);
    await expectNginxUnharmed(stack);
  });
});

/** What the viewer is documented to read from its URL query, each unknown value left at its default. */
function expectedNames(served: readonly Dinosaur[], search: string): string[] {
  const params = new URLSearchParams(search);
  const [diet, sort, order] = [params.get('diet'), params.get('sort'), params.get('order')];
  const ofDiet = isDiet(diet) ? filterByDiet(served, diet) : served;
  const shown = sortDinosaurs(
    searchByName(ofDiet, params.get('q') ?? ''),
    isSortKey(sort) ? sort : 'name',
    isSortOrder(order) ? order : 'asc',
  );
  return shown.map((dinosaur) => dinosaur.Name);
}

/** A viewer URL: a path of its own (nginx serves index.html for it), the view's keys, each valid or not, and others. */
const viewerUrl = fc
  .tuple(
    fc.constantFrom('/', '/some/page', '/dinosaurs/tyrannosaurus'),
    fc.record(
      {
        diet: fc.oneof(
          fc.constantFrom('carnivorous', 'herbivorous', 'all', 'Herbivorous'),
          fc.string({ maxLength: 8 }),
        ),
        q: fc.oneof(
          fc.constantFrom('saurus', 'PL', ' rex ', 'o', 'DIPLODOCUS'),
          fc.string({ unit: 'grapheme', maxLength: 12 }),
        ),
        sort: fc.oneof(fc.constantFrom('name', 'length', 'Length'), fc.string({ maxLength: 8 })),
        order: fc.oneof(fc.constantFrom('asc', 'desc', 'DESC'), fc.string({ maxLength: 8 })),
      },
      { requiredKeys: [] },
    ),
    fc.array(fc.tuple(fc.string({ maxLength: 6 }), fc.string({ unit: 'grapheme', maxLength: 12 })), { maxLength: 2 }),
  )
  .map(([path, view, others]) => `${path}?${new URLSearchParams([...Object.entries(view), ...others])}`);

const cards = (page: Page) => page.getByRole('list', { name: 'Dinosaurs' }).getByRole('listitem');

test.describe('the viewer under fuzzed URLs', () => {
  test.setTimeout(180_000);

  test('shows exactly the dinosaurs its query selects, and never an error, while the API is up', async ({
    page,
    stack,
  }) => {
    const served: Dinosaur[] = await (await fetch(`${stack.api.url}/dinosaurs`)).json();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));

    await fc.assert(
      fc.asyncProperty(viewerUrl, async (url) => {
        const expected = expectedNames(served, new URL(url, stack.url).search);

        await page.goto(url);

        await expect(page.getByRole('status')).toHaveText(`Showing ${expected.length} of ${served.length} dinosaurs`);
        await expect(cards(page).getByRole('heading')).toHaveText(expected);
        await expect(page.getByRole('alert')).toHaveCount(0);
      }),
      // A failure is reported as found: shrinking it would reload the page many times over.
      { numRuns: 25, endOnFailure: true },
    );

    expect(errors).toEqual([]);
  });

  test("shows nginx's 502 as its error alert for any URL while the API is down", async ({ page, stack }) => {
    await stack.api.stop();

    await fc.assert(
      fc.asyncProperty(viewerUrl, async (url) => {
        await page.goto(url);

        await expect(page.getByRole('alert')).toHaveText(
          'The dinosaurs could not be loaded. The dinosaur API answered 502 Bad Gateway: The dinosaur API is unreachable.',
        );
        await expect(cards(page)).toHaveCount(0);
      }),
      { numRuns: 10, endOnFailure: true },
    );

    await expectNginxUnharmed(stack);
  });
});
