// Copies what tsc does not emit next to the compiled nodes: icons, the codex files
// (<Node>.node.json: categories and documentation links n8n shows in the nodes panel), and the customer
// pages' messages (nodes/lib/pages/locales/<lang>.json, read at run time from beside the compiled module).
// n8n-node build copies every png/svg in the repository (docs screenshots included) into dist, so the
// tarball would carry them; this copies only the nodes' and credentials' own assets.
import { cpSync, readdirSync } from 'node:fs';
import { join, normalize } from 'node:path';

const PAGE_LOCALES = join('nodes', 'lib', 'pages', 'locales');

const isAsset = (dir, name) =>
	/\.(png|svg)$/.test(name) || name.endsWith('.node.json') || (dir === PAGE_LOCALES && name.endsWith('.json'));

let copied = 0;
let locales = 0;
for (const root of ['nodes', 'credentials']) {
	for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
		const dir = normalize(entry.parentPath);
		if (!entry.isFile() || !isAsset(dir, entry.name)) continue;
		const from = join(entry.parentPath, entry.name);
		cpSync(from, join('dist', from));
		if (dir === PAGE_LOCALES) locales++;
		else copied++;
	}
}
if (locales === 0) throw new Error(`no page languages found in ${PAGE_LOCALES}: the customer pages would not load`);
console.log(`copied ${copied} icons and codex files and ${locales} page languages into dist/`);
