/**
 * The import graph of the sandbox, read from the source text with TypeScript's parser (no compilation,
 * no module loading): which files a file imports, which names, and which exports of nodes/lib sign or
 * verify. Used by boundaries.test.ts to keep the sandbox's signing its own.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

export const REPO = path.resolve(__dirname, '../../..');

export interface ImportEdge {
	/** Repository-relative path of the importing file. */
	from: string;
	specifier: string;
	/** Repository-relative path of the imported file; undefined for a package. */
	resolved: string | undefined;
	/** The imported names ('*' for a namespace, default, require() or import() that reaches the whole module). */
	names: string[] | '*';
	line: number;
}

export function tsFilesUnder(dir: string): string[] {
	const out: string[] = [];
	const walk = (d: string) => {
		for (const entry of readdirSync(d)) {
			const full = path.join(d, entry);
			if (statSync(full).isDirectory()) walk(full);
			else if (full.endsWith('.ts') && !full.endsWith('.d.ts')) out.push(full);
		}
	};
	walk(dir);
	return out.sort();
}

const rel = (file: string) => path.relative(REPO, file).split(path.sep).join('/');

/** Files that exist only in memory (the check's own tests feed it synthetic sources). */
type Sources = Map<string, string>;

function resolveSpecifier(fromFile: string, specifier: string, virtual: Sources = new Map()): string | undefined {
	if (!specifier.startsWith('.')) return undefined;
	const base = path.resolve(path.dirname(fromFile), specifier);
	for (const candidate of [`${base}.ts`, path.join(base, 'index.ts'), base])
		if (virtual.has(candidate) || (existsSync(candidate) && statSync(candidate).isFile())) return candidate;
	return undefined;
}

/** Every value import of one file (type-only imports and `type` specifiers are left out: a type cannot sign). */
export function importsOf(file: string, virtual: Sources = new Map()): ImportEdge[] {
	const sf = ts.createSourceFile(
		file,
		virtual.get(file) ?? readFileSync(file, 'utf8'),
		ts.ScriptTarget.ES2022,
		true,
		ts.ScriptKind.TS,
	);
	const edges: ImportEdge[] = [];
	const add = (node: ts.Node, specifier: string, names: string[] | '*') => {
		const resolved = resolveSpecifier(file, specifier, virtual);
		edges.push({
			from: rel(file),
			specifier,
			resolved: resolved && rel(resolved),
			names,
			line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1,
		});
	};
	const visit = (node: ts.Node) => {
		if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
			const clause = node.importClause;
			if (!clause) add(node, node.moduleSpecifier.text, []);
			else if (!clause.isTypeOnly) {
				if (clause.name || (clause.namedBindings && ts.isNamespaceImport(clause.namedBindings)))
					add(node, node.moduleSpecifier.text, '*');
				else if (clause.namedBindings && ts.isNamedImports(clause.namedBindings)) {
					const names = clause.namedBindings.elements
						.filter((e) => !e.isTypeOnly)
						.map((e) => (e.propertyName ?? e.name).text);
					if (names.length) add(node, node.moduleSpecifier.text, names);
				}
			}
		} else if (
			ts.isExportDeclaration(node) &&
			node.moduleSpecifier &&
			ts.isStringLiteral(node.moduleSpecifier) &&
			!node.isTypeOnly
		) {
			if (!node.exportClause || ts.isNamespaceExport(node.exportClause)) add(node, node.moduleSpecifier.text, '*');
			else
				add(
					node,
					node.moduleSpecifier.text,
					node.exportClause.elements.filter((e) => !e.isTypeOnly).map((e) => (e.propertyName ?? e.name).text),
				);
		} else if (
			ts.isImportEqualsDeclaration(node) &&
			ts.isExternalModuleReference(node.moduleReference) &&
			ts.isStringLiteral(node.moduleReference.expression)
		) {
			add(node, node.moduleReference.expression.text, '*');
		} else if (ts.isCallExpression(node) && node.arguments.length === 1 && ts.isStringLiteralLike(node.arguments[0])) {
			const isImport = node.expression.kind === ts.SyntaxKind.ImportKeyword;
			const isRequire = ts.isIdentifier(node.expression) && node.expression.text === 'require';
			if (isImport || isRequire) add(node, node.arguments[0].text, '*');
		}
		ts.forEachChild(node, visit);
	};
	visit(sf);
	return edges;
}

function hasExportKeyword(statement: ts.Statement): boolean {
	return (
		ts.canHaveModifiers(statement) &&
		(ts.getModifiers(statement) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword)
	);
}

/** Names that say "I sign or verify" whatever their body does. */
const SIGNING_NAME = /^(sign|verify)[A-Z]|Signature|Hmac|SigningKey/;
/** Calls that make a function a signer, a verifier or a constant-time comparer. */
const CRYPTO_CALL = /\b(createHmac|timingSafeEqual|createSign|createVerify)\s*\(/;

/**
 * The exports of nodes/lib that sign, verify or compare signatures: exported functions (or const arrow
 * functions) whose name says so, or whose body calls HMAC, signing or constant-time comparison, directly
 * or through another function of the same file.
 */
export function signingExportsOfNodesLib(): Map<string, string> {
	const found = new Map<string, string>();
	for (const file of tsFilesUnder(path.join(REPO, 'nodes/lib'))) {
		const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
		const bodies = new Map<string, string>();
		const exported = new Set<string>();
		for (const statement of sf.statements) {
			const isExported = hasExportKeyword(statement);
			if (ts.isFunctionDeclaration(statement) && statement.name) {
				bodies.set(statement.name.text, statement.body?.getText(sf) ?? '');
				if (isExported) exported.add(statement.name.text);
			} else if (ts.isVariableStatement(statement)) {
				for (const d of statement.declarationList.declarations) {
					if (
						!ts.isIdentifier(d.name) ||
						!d.initializer ||
						!(ts.isArrowFunction(d.initializer) || ts.isFunctionExpression(d.initializer))
					)
						continue;
					bodies.set(d.name.text, d.initializer.getText(sf));
					if (isExported) exported.add(d.name.text);
				}
			} else if (
				ts.isExportDeclaration(statement) &&
				!statement.moduleSpecifier &&
				statement.exportClause &&
				ts.isNamedExports(statement.exportClause)
			) {
				for (const e of statement.exportClause.elements) exported.add((e.propertyName ?? e.name).text);
			}
		}
		const crypto = new Set([...bodies].filter(([, body]) => CRYPTO_CALL.test(body)).map(([name]) => name));
		for (let grew = true; grew; ) {
			grew = false;
			for (const [name, body] of bodies) {
				if (crypto.has(name)) continue;
				if ([...crypto].some((c) => new RegExp(`\\b${c}\\s*\\(`).test(body))) {
					crypto.add(name);
					grew = true;
				}
			}
		}
		for (const name of exported) if (crypto.has(name) || SIGNING_NAME.test(name)) found.set(name, rel(file));
	}
	return found;
}

/** The names a module offers, following `export * from` (what a namespace import or require() reaches). */
export function exportedNamesOf(file: string, seen = new Set<string>()): Set<string> {
	const names = new Set<string>();
	if (seen.has(file)) return names;
	seen.add(file);
	const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
	for (const statement of sf.statements) {
		const isExported = hasExportKeyword(statement);
		if (ts.isExportDeclaration(statement)) {
			const target =
				statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier)
					? resolveSpecifier(file, statement.moduleSpecifier.text)
					: undefined;
			if (!statement.exportClause && target) for (const n of exportedNamesOf(target, seen)) names.add(n);
			else if (statement.exportClause && ts.isNamedExports(statement.exportClause))
				for (const e of statement.exportClause.elements) names.add(e.name.text);
		} else if (
			isExported &&
			(ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) &&
			statement.name
		)
			names.add(statement.name.text);
		else if (isExported && ts.isVariableStatement(statement))
			for (const d of statement.declarationList.declarations) if (ts.isIdentifier(d.name)) names.add(d.name.text);
	}
	return names;
}

export interface SigningImport {
	edge: ImportEdge;
	names: string[];
	/** How the importing file is reached from the sandbox file that starts the chain. */
	chain: string[];
}

/**
 * Walk the value-import graph from `roots` through every file outside nodes/ (a sandbox file importing a
 * test helper that imports a signer is caught too) and report each import of a signer or verifier from
 * nodes/lib. `sources` overrides file contents (tests of this check feed it synthetic files).
 */
export function signingImportsFrom(
	roots: string[],
	forbidden: Map<string, string>,
	sources: Sources = new Map(),
): SigningImport[] {
	const found: SigningImport[] = [];
	const chains = new Map<string, string[]>(roots.map((r) => [r, [rel(r)]]));
	const queue = [...roots];
	while (queue.length) {
		const file = queue.shift()!;
		for (const edge of importsOf(file, sources)) {
			if (!edge.resolved) continue;
			const target = path.join(REPO, edge.resolved);
			if (edge.resolved.startsWith('nodes/lib/')) {
				const names =
					edge.names === '*'
						? [...exportedNamesOf(target)].filter((n) => forbidden.has(n))
						: edge.names.filter((n) => forbidden.has(n));
				if (names.length) found.push({ edge, names, chain: chains.get(file)! });
			} else if (!edge.resolved.startsWith('nodes/') && !chains.has(target)) {
				chains.set(target, [...chains.get(file)!, edge.resolved]);
				queue.push(target);
			}
		}
	}
	return found;
}
