import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const workspace = fileURLToPath(new URL('../../..', import.meta.url));

/** The documents whose links must hold: the README, every page under docs/, the manifests' README. */
const DOCUMENTS = [
  'README.md',
  ...readdirSync(join(workspace, 'docs'), { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.md'))
    .map((name) => join('docs', name))
    .sort(),
  'k8s/README.md',
];

/** The lines of `markdown` outside fenced code blocks, where `#` starts a heading and brackets may be links. */
function proseLines(markdown: string): string[] {
  let fenced = false;
  return markdown.split('\n').filter((line) => {
    if (/^\s*(```|~~~)/.test(line)) {
      fenced = !fenced;
      return false;
    }
    return !fenced;
  });
}

/** GitHub's anchor for a heading: lower case, punctuation dropped except `-` and `_`, each space a `-`. */
function slug(heading: string): string {
  return heading
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** The anchors of a document's headings; a repeated heading gets `-1`, `-2`… as on GitHub. */
function anchors(file: string): Set<string> {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  for (const line of proseLines(readFileSync(join(workspace, file), 'utf8'))) {
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line)?.[1];
    if (heading === undefined) continue;
    const base = slug(heading);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    result.add(count === 0 ? base : `${base}-${count}`);
  }
  return result;
}

/** The targets of a document's inline links and images, code spans left out. */
function linkTargets(file: string): string[] {
  const prose = proseLines(readFileSync(join(workspace, file), 'utf8'))
    .join('\n')
    .replace(/(`+)[^`]*?\1/g, '');
  return [...prose.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((match) => match[1] ?? '');
}

/** Whether a link leaves the repository: a URL with a scheme such as `https:` or `mailto:`. */
const isExternal = (target: string) => /^[a-z][a-z0-9+.-]*:/i.test(target);

/** Each relative link of `file` whose file or folder does not exist, as `file: target`. */
function missingTargets(file: string): string[] {
  return linkTargets(file)
    .filter((target) => !isExternal(target) && !target.startsWith('#'))
    .filter((target) => {
      const path = decodeURIComponent(target.split('#')[0] ?? '');
      const resolved = path.startsWith('/') ? join(workspace, path) : join(workspace, dirname(file), path);
      return !existsSync(resolved);
    })
    .map((target) => `${file}: ${target}`);
}

/** Each `#anchor` or `page.md#anchor` link of `file` that names no heading of its page, as `file: target`. */
function missingAnchors(file: string): string[] {
  return linkTargets(file)
    .filter((target) => !isExternal(target) && target.includes('#'))
    .filter((target) => {
      const [path = '', anchor = ''] = target.split('#');
      const page = path === '' ? file : relative(workspace, join(workspace, dirname(file), decodeURIComponent(path)));
      if (!page.endsWith('.md') || !existsSync(join(workspace, page))) return false;
      return !anchors(page).has(decodeURIComponent(anchor));
    })
    .map((target) => `${file}: ${target}`);
}

describe('documentation links', () => {
  it('make anchors as GitHub does: lower case, punctuation dropped, spaces as hyphens', () => {
    expect(slug('The image check: both images built and run without Docker')).toBe(
      'the-image-check-both-images-built-and-run-without-docker',
    );
    expect(slug("What `nx affected` redeploys, and the viewer's nginx")).toBe(
      'what-nx-affected-redeploys-and-the-viewers-nginx',
    );
    expect(slug('See [the runbooks](docs/runbooks/) – all of them')).toBe('see-the-runbooks--all-of-them');
  });

  it('lead from the README, docs/ and k8s/README.md only to files and folders that exist', () => {
    expect(DOCUMENTS).toEqual(expect.arrayContaining(['README.md', 'docs/architecture.md', 'k8s/README.md']));
    expect(linkTargets('README.md')).toContain('docs/testing.md');

    expect(DOCUMENTS.flatMap(missingTargets)).toEqual([]);
  });

  it('point each #anchor at a heading of the page it names', () => {
    expect(DOCUMENTS.flatMap(missingAnchors)).toEqual([]);
  });
});
