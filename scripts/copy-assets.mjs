// Copies what tsc does not emit next to the compiled nodes: icons, and the codex files
// (<Node>.node.json: categories and documentation links n8n shows in the nodes panel).
// n8n-node build copies every png/svg in the repository (docs screenshots included) into dist, so the
// tarball would carry them; this copies only the nodes' and credentials' own assets.
import { cpSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const isAsset = (name) => /\.(png|svg)$/.test(name) || name.endsWith('.node.json');

let copied = 0;
for (const root of ['nodes', 'credentials']) {
	for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
		if (!entry.isFile() || !isAsset(entry.name)) continue;
		const from = join(entry.parentPath, entry.name);
		cpSync(from, join('dist', from));
		copied++;
	}
}
console.log(`copied ${copied} icons and codex files into dist/`);
