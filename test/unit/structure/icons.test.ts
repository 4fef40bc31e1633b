/**
 * Every node and credential shows an icon in n8n, light and dark. n8n's icon lint rule cannot read a
 * versioned node's description (it is assembled from the base description and v1/versionDescription.ts), so
 * this checks what the rule would: each `file:` icon exists beside the file that names it, is an SVG, and the
 * dark variant is a different file.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Icon, ICredentialType, INodeTypeDescription } from 'n8n-workflow';
import { NODES, ROOT, nodeFolders } from './sourceGraph';

interface ThemedIcon {
	light: string;
	dark: string;
}

function themedFiles(icon: Icon | undefined, where: string): ThemedIcon {
	if (!icon || typeof icon !== 'object' || !('light' in icon) || !('dark' in icon))
		throw new Error(`${where} needs icon { light: 'file:...', dark: 'file:...' }, has ${JSON.stringify(icon)}`);
	const light = String(icon.light);
	const dark = String(icon.dark);
	for (const path of [light, dark])
		if (!path.startsWith('file:')) throw new Error(`${where}: icon ${path} must use the file: protocol`);
	return { light: light.slice('file:'.length), dark: dark.slice('file:'.length) };
}

function expectSvgPair(icon: ThemedIcon, baseDir: string): void {
	const light = resolve(baseDir, icon.light);
	const dark = resolve(baseDir, icon.dark);
	expect({ light: existsSync(light), dark: existsSync(dark) }).toEqual({ light: true, dark: true });
	expect(light).not.toBe(dark);
	for (const file of [light, dark]) {
		expect(file.startsWith(ROOT + '/nodes/')).toBe(true);
		expect(readFileSync(file, 'utf8')).toMatch(/<svg[\s>]/);
	}
}

async function loadExportedClass<T>(file: string): Promise<T> {
	const mod = (await import(file)) as Record<string, new () => T>;
	const classes = Object.values(mod).filter((v) => typeof v === 'function');
	if (classes.length !== 1) throw new Error(`${file} must export exactly one class`);
	return new classes[0]();
}

describe.each(nodeFolders())('node %s', (folder) => {
	it('has light and dark SVG icons in its folder, as the node and as its version 1', async () => {
		const dir = join(NODES, folder);
		const rootFile = readdirSync(dir).find((f) => f.endsWith('.node.ts'));
		const node = await loadExportedClass<{
			description: INodeTypeDescription;
			nodeVersions: Record<number, { description: INodeTypeDescription }>;
		}>(join(dir, rootFile as string));
		// n8n resolves every version's icon against the folder of the file package.json lists (the root one).
		expectSvgPair(themedFiles(node.description.icon, `${folder} base description`), dir);
		expectSvgPair(themedFiles(node.nodeVersions[1].description.icon, `${folder} version 1`), dir);
	});
});

const CREDENTIALS = join(ROOT, 'credentials');

describe.each(readdirSync(CREDENTIALS).filter((f) => f.endsWith('.credentials.ts')))('credential %s', (file) => {
	it('has light and dark SVG icons (a node icon of this package)', async () => {
		const credential = await loadExportedClass<ICredentialType>(join(CREDENTIALS, file));
		expectSvgPair(themedFiles(credential.icon, file), dirname(join(CREDENTIALS, file)));
	});
});
