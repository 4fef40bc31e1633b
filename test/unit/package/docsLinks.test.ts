/**
 * Every documentation link n8n shows for this package leads to a page that exists: the codex files'
 * `resources` (the node panel's "Docs" links, the credential modal's "Open docs") and each credential
 * type's `documentationUrl`. They are GitHub blob URLs on main of the repository package.json names, so a
 * link is checked against the docs/ file in this checkout and, when it has an `#anchor`, against the
 * headings of that file (GitHub's anchor rules). A renamed doc or heading fails here, not in a user's browser.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '../../..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
	homepage?: string;
	bugs?: { url?: string };
	repository?: { type?: string; url?: string };
	n8n: { nodes: string[]; credentials: string[] };
};

/** https://github.com/<owner>/<name> from package.json `repository` (npm provenance checks the same field). */
function repositoryWebUrl(): string {
	const match = /^git\+(https:\/\/github\.com\/[^/]+\/[^/]+?)\.git$/.exec(pkg.repository?.url ?? '');
	if (!match)
		throw new Error(
			`package.json repository.url must be git+https://github.com/<owner>/<name>.git (got ${pkg.repository?.url})`,
		);
	return match[1];
}

/** GitHub's heading anchors: lower case, punctuation dropped, each space a hyphen, repeats numbered -1, -2... */
function headingAnchors(markdown: string): Set<string> {
	const anchors = new Set<string>();
	const seen = new Map<string, number>();
	let fenced = false;
	for (const line of markdown.split('\n')) {
		if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
		const heading = !fenced && /^#{1,6}\s+(.+?)\s*#*\s*$/.exec(line);
		if (!heading) continue;
		const text = heading[1]
			.replace(/`/g, '')
			.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1') // a link in a heading keeps its text only
			.trim()
			.toLowerCase();
		const base = text.replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
		const count = seen.get(base) ?? 0;
		seen.set(base, count + 1);
		anchors.add(count === 0 ? base : `${base}-${count}`);
	}
	return anchors;
}

interface Link {
	from: string;
	url: string;
}

/** Why `url` does not lead to an existing docs page (or heading) of this repository; undefined when it does. */
function brokenReason(url: string, blobPrefix: string): string | undefined {
	if (!url.startsWith(blobPrefix)) return `is not a page of this repository (expected ${blobPrefix}docs/...)`;
	const [path, anchor] = url.slice(blobPrefix.length).split('#', 2);
	if (!/^docs\/[\w./-]+\.md$/.test(path)) return `points at ${path}, not a docs/*.md page`;
	const file = join(ROOT, path);
	if (!existsSync(file)) return `points at ${path}, which does not exist`;
	if (anchor !== undefined && !headingAnchors(readFileSync(file, 'utf8')).has(anchor))
		return `points at #${anchor}, which is no heading of ${path}`;
	return undefined;
}

function codexFiles(dir = join(ROOT, 'nodes')): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		if (entry.isDirectory())
			return entry.name === 'lib' || entry.name === 'shared' ? [] : codexFiles(join(dir, entry.name));
		return entry.name.endsWith('.node.json') ? [join(dir, entry.name)] : [];
	});
}

function codexLinks(file: string): Link[] {
	const codex = JSON.parse(readFileSync(file, 'utf8')) as { resources?: Record<string, Array<{ url?: string }>> };
	return Object.entries(codex.resources ?? {}).flatMap(([kind, list]) =>
		list.map((entry) => ({ from: `${relative(ROOT, file)} resources.${kind}`, url: entry.url ?? '' })),
	);
}

/** A credential type class as n8n instantiates it (only what this test reads). */
type CredentialClass = new () => { name: string; documentationUrl?: string };

async function credentialLinks(): Promise<Link[]> {
	const dir = join(ROOT, 'credentials');
	const links: Link[] = [];
	for (const name of readdirSync(dir).filter((file) => file.endsWith('.credentials.ts'))) {
		const exported = (await import(join(dir, name))) as Record<string, CredentialClass>;
		for (const Type of Object.values(exported).filter((value) => typeof value === 'function')) {
			const credential = new Type();
			links.push({
				from: `credentials/${name} (${credential.name}) documentationUrl`,
				url: credential.documentationUrl ?? '',
			});
		}
	}
	return links;
}

describe('package.json names the repository', () => {
	it('has repository, homepage and bugs on the same GitHub repository', () => {
		const web = repositoryWebUrl();
		expect(pkg.repository?.type).toBe('git');
		expect(pkg.homepage).toBe(`${web}#readme`);
		expect(pkg.bugs?.url).toBe(`${web}/issues`);
	});
});

describe('documentation links', () => {
	const blobPrefix = `${repositoryWebUrl()}/blob/main/`;

	it('finds GitHub anchors the way GitHub makes them', () => {
		const anchors = headingAnchors(
			'# Title\n## 2. The credential: "Slack (Post-Purchase) API"\n```\n# not a heading\n```\n## Set-up, step by ' +
				'step\n## Title\n### `code` and [a link](x.md)',
		);
		expect([...anchors]).toEqual([
			'title',
			'2-the-credential-slack-post-purchase-api',
			'set-up-step-by-step',
			'title-1',
			'code-and-a-link',
		]);
	});

	it('tells a link to a missing page or heading from a good one', () => {
		expect(brokenReason(`${blobPrefix}docs/ledger.md`, blobPrefix)).toBeUndefined();
		expect(brokenReason(`${blobPrefix}docs/no-such-page.md`, blobPrefix)).toMatch(/does not exist/);
		expect(brokenReason(`${blobPrefix}docs/ledger.md#no-such-heading`, blobPrefix)).toMatch(/no heading/);
		expect(brokenReason('https://docs.n8n.io/', blobPrefix)).toMatch(/not a page of this repository/);
	});

	it('every codex link points at an existing docs page and heading', () => {
		const files = codexFiles();
		expect(files.length).toBeGreaterThanOrEqual(pkg.n8n.nodes.length);
		const links = files.flatMap(codexLinks);
		const broken = links
			.map((link) => ({ ...link, reason: brokenReason(link.url, blobPrefix) }))
			.filter((link) => link.reason);
		expect(broken).toEqual([]);
	});

	it('every node the package declares has a codex with its primary documentation', () => {
		const withoutDocs = pkg.n8n.nodes
			.map((dist) => join(ROOT, dist.replace(/^dist\//, '').replace(/\.js$/, '.json')))
			.filter(
				(codex) => !existsSync(codex) || !codexLinks(codex).some((link) => link.from.endsWith('primaryDocumentation')),
			)
			.map((codex) => relative(ROOT, codex));
		expect(withoutDocs).toEqual([]);
	});

	it('every credential type links to an existing docs page and heading', async () => {
		const links = await credentialLinks();
		expect(links.length).toBe(pkg.n8n.credentials.length);
		const broken = links
			.map((link) => ({ ...link, reason: brokenReason(link.url, blobPrefix) }))
			.filter((link) => link.reason);
		expect(broken).toEqual([]);
	});
});
