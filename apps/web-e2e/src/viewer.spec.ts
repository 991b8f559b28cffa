import AxeBuilder from '@axe-core/playwright';
import type { Dinosaur } from '@dinosaurs/dinosaur-domain';
import type { Page } from '@playwright/test';
import { expect, test } from './support/fixtures';

const cards = (page: Page) => page.getByRole('list', { name: 'Dinosaurs' }).getByRole('listitem');
const cardNames = (page: Page) => cards(page).getByRole('heading').allTextContents();

test.describe('the viewer, built and served by nginx in front of the built API', () => {
  test('shows every dinosaur the API serves, and which replica answered', async ({ page, request, stack }) => {
    const served: Dinosaur[] = await (await request.get(`${stack.api.url}/dinosaurs`)).json();
    const info = await (await request.get(`${stack.api.url}/info`)).json();

    await page.goto('/');

    await expect(cards(page)).toHaveCount(5);
    for (const dinosaur of served) {
      const card = cards(page).filter({ has: page.getByRole('heading', { name: dinosaur.Name }) });
      await expect(card).toContainText(dinosaur.Pronunciation);
      await expect(card).toContainText(new RegExp(dinosaur.Diet, 'i'));
      await expect(card).toContainText(`${dinosaur.LengthInMeters} m`);
    }
    await expect(page.getByRole('contentinfo')).toContainText(
      `API ${info.version} (commit ${info.commit}), answered by ${info.hostname}`,
    );
  });

  test('filters, searches and sorts, and a reload keeps the view', async ({ page }) => {
    await page.goto('/');

    await page.getByRole('radio', { name: 'Herbivorous' }).check();
    await expect.poll(() => cardNames(page)).toEqual(['Diplodocus', 'Panoplosaurus', 'Triceratops']);
    await page.getByRole('combobox', { name: 'Sort by' }).selectOption({ label: 'Length, longest first' });
    await expect.poll(() => cardNames(page)).toEqual(['Diplodocus', 'Triceratops', 'Panoplosaurus']);
    await page.getByRole('searchbox', { name: 'Search by name' }).fill('PL');
    await expect.poll(() => cardNames(page)).toEqual(['Diplodocus', 'Panoplosaurus']);
    await expect(page).toHaveURL(/\/\?diet=herbivorous&q=PL&sort=length&order=desc$/);

    await page.reload();

    await expect.poll(() => cardNames(page)).toEqual(['Diplodocus', 'Panoplosaurus']);
    await expect(page.getByRole('radio', { name: 'Herbivorous' })).toBeChecked();
    await expect(page.getByRole('searchbox', { name: 'Search by name' })).toHaveValue('PL');
    await expect(page.getByRole('combobox', { name: 'Sort by' })).toHaveValue('length-desc');
  });

  test('opens a shared link on the view it describes, and Back returns to the one before', async ({ page }) => {
    await page.goto('/?diet=carnivorous&sort=length&order=desc');
    await expect.poll(() => cardNames(page)).toEqual(['Tyrannosaurus', 'Coelophysis']);

    await page.getByRole('radio', { name: 'All' }).check();
    await expect(cards(page)).toHaveCount(5);
    await page.goBack();

    await expect.poll(() => cardNames(page)).toEqual(['Tyrannosaurus', 'Coelophysis']);
    await expect(page).toHaveURL(/\/\?diet=carnivorous&sort=length&order=desc$/);
  });

  test('shows an error with Retry while the API is down, and recovers once it is back', async ({ page, stack }) => {
    await stack.api.stop();
    await page.goto('/');

    const alert = page.getByRole('alert');
    await expect(alert).toHaveText(
      'The dinosaurs could not be loaded. The dinosaur API answered 502 Bad Gateway: The dinosaur API is unreachable.',
    );
    await expect(page.getByRole('contentinfo')).toContainText('The API did not say which version or replica answered.');

    await stack.api.start();
    await page.getByRole('button', { name: 'Retry' }).focus();
    await page.keyboard.press('Enter');

    await expect(cards(page)).toHaveCount(5);
    await expect(alert).toBeHidden();
    // The keyboard keeps its place: the status that replaced the alert has the focus.
    await expect(page.getByRole('status')).toBeFocused();
    await expect(page.getByRole('status')).toHaveText('Showing 5 of 5 dinosaurs');
  });

  test('can be used with the keyboard alone', async ({ page }) => {
    await page.goto('/');
    await expect(cards(page)).toHaveCount(5);

    await page.keyboard.press('Tab');
    await expect(page.getByRole('searchbox', { name: 'Search by name' })).toBeFocused();
    await page.keyboard.type('saurus');
    await page.keyboard.press('Tab');
    await expect(page.getByRole('radio', { name: 'All' })).toBeFocused();
    await page.keyboard.press('ArrowRight');
    await expect(page.getByRole('radio', { name: 'Carnivorous' })).toBeChecked();
    await page.keyboard.press('Tab');
    const sort = page.getByRole('combobox', { name: 'Sort by' });
    await expect(sort).toBeFocused();
    await page.keyboard.press('End');

    await expect(sort).toHaveValue('length-desc');
    await expect.poll(() => cardNames(page)).toEqual(['Tyrannosaurus']);
    // The viewer's own focus ring, not the browser's default one.
    const outline = await sort.evaluate((element) => getComputedStyle(element).outlineWidth);
    expect(outline).toBe('3px');
  });

  test('draws each bar in proportion to the length, beside a person and a school bus', async ({ page }) => {
    await page.goto('/');
    const bar = async (label: string) => {
      const row = page.getByRole('list', { name: 'Lengths, longest first' }).getByRole('listitem').filter({
        hasText: label,
      });
      // The bar is hidden from the accessibility tree (its row's text says the same), hence a test id.
      const box = await row.getByTestId('bar').locator('rect').boundingBox();
      return box?.width ?? 0;
    };

    const diplodocus = await bar('Diplodocus, 26 m');
    expect(diplodocus).toBeGreaterThan(100);
    expect(await bar('Tyrannosaurus, 12 m')).toBeCloseTo(await bar('School bus, 12 m'), 0);
    expect(await bar('Coelophysis, 2 m')).toBeCloseTo(diplodocus / 13, 0);
    expect(await bar('Person, 1.8 m')).toBeCloseTo((diplodocus * 1.8) / 26, 0);
  });

  test('fits the viewport without scrolling sideways', async ({ page }) => {
    await page.goto('/');
    await expect(cards(page)).toHaveCount(5);

    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    test(`meets WCAG 2.1 AA in the ${colorScheme} theme, obeys the CSP, and is saved as a screenshot`, async ({
      page,
    }, testInfo) => {
      const problems: string[] = [];
      page.on('console', (message) => message.type() === 'error' && problems.push(message.text()));
      page.on('pageerror', (error) => problems.push(error.message));
      await page.emulateMedia({ colorScheme });
      await page.goto('/');
      await expect(cards(page)).toHaveCount(5);
      await expect(page.getByRole('contentinfo')).toContainText('answered by');

      const { violations } = await new AxeBuilder({ page })
        .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
        .analyze();

      expect(violations.map(({ id, nodes }) => `${id}: ${nodes.map((node) => node.target).join(', ')}`)).toEqual([]);
      expect(problems).toEqual([]);
      // Kept as an artifact: dist/.playwright/apps/web-e2e/test-output/…/viewer-<project>-<theme>.png
      await page.screenshot({
        path: testInfo.outputPath(`viewer-${testInfo.project.name}-${colorScheme}.png`),
        fullPage: true,
      });
    });
  }
});
