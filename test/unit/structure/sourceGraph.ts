/**
 * The package's TypeScript files and their relative imports, read from the source text (no compiler):
 * what the structure tests check the layering against.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '../../..');
export const NODES = join(ROOT, 'nodes');
/** Folders under nodes/ that are not nodes. */
export const NOT_NODES = new Set(['lib', 'shared']);

export function listTs(dir: string): string[] {
	if (!existsSync(dir)) return [];
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) return listTs(path);
		return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [path] : [];
	});
}

export function nodeFolders(): string[] {
	return readdirSync(NODES)
		.filter((name) => !NOT_NODES.has(name) && statSync(join(NODES, name)).isDirectory())
		.sort();
}

export interface ImportEdge {
	from: string;
	specifier: string;
	/** Absolute path of the imported file for relative imports, else undefined (a package). */
	resolved?: string;
}

/** `import ... from 'x'`, `export ... from 'x'`, `import('x')`, `require('x')`; comments stripped first. */
export function importsOf(file: string): ImportEdge[] {
	const text = readFileSync(file, 'utf8')
		.replace(/\/\*[\s\S]*?\*\//g, '')
		.replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
	const specifiers = new Set<string>();
	for (const re of [
		/\b(?:import|export)\b[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g,
		/\bimport\s*['"]([^'"]+)['"]/g,
		/\b(?:import|require)\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
	]) {
		for (const m of text.matchAll(re)) specifiers.add(m[1]);
	}
	return [...specifiers].map((specifier) => ({
		from: file,
		specifier,
		resolved: specifier.startsWith('.') ? resolveModule(join(dirname(file), specifier)) : undefined,
	}));
}

function resolveModule(base: string): string {
	for (const candidate of [`${base}.ts`, join(base, 'index.ts'), base])
		if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
	return `${base}.ts`;
}

export const rel = (path: string) => relative(ROOT, path);

/** The top-level part of nodes/ a file is in: a node folder name, 'lib', 'shared', or undefined outside nodes/. */
export function roomOf(path: string): string | undefined {
	const r = relative(NODES, path);
	if (r.startsWith('..')) return undefined;
	return r.split(/[\\/]/)[0];
}
