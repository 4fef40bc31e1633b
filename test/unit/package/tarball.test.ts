/**
 * What `npm pack` would publish: the compiled package and nothing that only tests use.
 *
 * Runs `npm pack --dry-run --json` over the built `dist/` (run `npm run build` first; without dist/ the
 * suite is skipped and prints why). It fails when the tarball
 *  - misses a file package.json's `n8n.nodes` / `n8n.credentials` declares (n8n then drops the whole
 *    package and every node of it is "Unrecognized node type");
 *  - carries test-side paths (test/, sandbox, fixtures, scripts, TypeScript sources, recordings);
 *  - carries a JavaScript module no declared node or credential can reach (a test helper or a stale
 *    build left in dist/: rebuild from clean with `rm -rf dist && npm run build`);
 *  - exports a test-only helper from a module that does ship (webhook signers, virtual clocks).
 * Production verifiers (HMAC checks of the triggers) are reached from the nodes and stay.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';

const ROOT = join(__dirname, '../../..');
const DIST = join(ROOT, 'dist');
const SKIP_LINE = 'skipped: dist/ is missing, so there is nothing to pack (run `npm run build` first)';
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
	main?: string;
	n8n: { nodes: string[]; credentials: string[] };
};

/** Paths only the repository's own tests, sandbox and tools use. */
const FORBIDDEN_PATHS: Array<[RegExp, string]> = [
	[/(^|\/)(test|tests|__tests__|__mocks__)\//, 'a test folder'],
	[/(^|\/)sandbox\//, 'the sandbox (simulated vendors)'],
	[/(^|\/)fixtures?\//, 'test fixtures'],
	[/(^|\/)scripts\//, 'repository scripts'],
	[/(^|\/)lib\/replay\//, 'the capture replay (a repository tool, `npm run replay`)'],
	[/\.(test|spec|bench|e2e)\.[cm]?[jt]s$/, 'a test file'],
	[/(?<!\.d)\.ts$/, 'a TypeScript source (the package ships compiled JavaScript)'],
	[/\.(har|tgz)$/, 'a recording or a tarball'],
	[/(^|\/)(\.env|\.npmrc|tsconfig[^/]*\.json|jest\.config\.[cm]?js|\.eslintrc[^/]*)$/, 'development configuration'],
];

/** Names that exist only to play a vendor's or the clock's part in tests: never exported by a shipped module. */
const TEST_ONLY_EXPORT =
	/^(sign[A-Z]\w*|compute\w*Signature|create(Virtual|Fake|Mock)\w*|\w*(Simulator|Sim|Fixture)s?)$/;

interface PackedFile {
	path: string;
	size: number;
}

function packDryRun(): { files: PackedFile[]; size: number; unpackedSize: number } {
	// npm's exported config (under `npm test`) must not steer this pack, e.g. npm_config_dry_run
	const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
	const res = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
		cwd: ROOT,
		env,
		encoding: 'utf8',
		maxBuffer: 64 * 1024 * 1024,
	});
	if (res.status !== 0) throw new Error(`npm pack --dry-run failed (exit ${res.status}):\n${res.stderr}`);
	return (JSON.parse(res.stdout) as Array<{ files: PackedFile[]; size: number; unpackedSize: number }>)[0];
}

/** Relative `require()`s of a compiled CommonJS module (tsc writes every import, static or dynamic, as one). */
function relativeRequires(source: string): string[] {
	return [...source.matchAll(/\brequire\(\s*(['"])(\.{1,2}\/[^'"]+)\1\s*\)/g)].map((m) => m[2]);
}

function resolveInPackage(from: string, specifier: string, files: Set<string>): string | undefined {
	const base = posix.normalize(posix.join(posix.dirname(from), specifier));
	return [base, `${base}.js`, `${base}.json`, `${base}/index.js`].find((candidate) => files.has(candidate));
}

/** A module whose compiled output holds no code (type-only source): nothing to reach. */
function isTypeOnly(source: string): boolean {
	const code = source
		.replace(/\/\/# sourceMappingURL=.*$/m, '')
		.replace(/"use strict";/, '')
		.replace(/Object\.defineProperty\(exports, "__esModule", \{ value: true \}\);/, '');
	return code.trim() === '';
}

/** Every packed .js the declared nodes, credentials and `main` reach through relative requires. */
function reachableModules(files: Set<string>): Set<string> {
	const entries = [...pkg.n8n.nodes, ...pkg.n8n.credentials, ...(pkg.main ? [pkg.main] : [])];
	const seen = new Set<string>();
	const queue = entries.filter((file) => files.has(file));
	while (queue.length > 0) {
		const file = queue.pop()!;
		if (seen.has(file)) continue;
		seen.add(file);
		if (!file.endsWith('.js')) continue;
		for (const specifier of relativeRequires(readFileSync(join(ROOT, file), 'utf8'))) {
			const target = resolveInPackage(file, specifier, files);
			if (target) queue.push(target);
		}
	}
	return seen;
}

/** Names a compiled CommonJS module exports (`exports.name =` and tsc's re-export getters). */
function exportedNames(source: string): string[] {
	const assigned = [...source.matchAll(/\bexports\.([A-Za-z_$][\w$]*)\s*=/g)].map((m) => m[1]);
	const getters = [...source.matchAll(/Object\.defineProperty\(exports,\s*"([A-Za-z_$][\w$]*)"/g)].map((m) => m[1]);
	return [...new Set([...assigned, ...getters])].filter((name) => name !== '__esModule');
}

describe('the reachability and export checks themselves', () => {
	it('follows static and dynamic requires and resolves index files', () => {
		const source =
			'const a = require("./a");\nconst b = await Promise.resolve().then(() => ' +
			'__importStar(require(\'../lib/b\')));\nrequire("luxon");';
		expect(relativeRequires(source)).toEqual(['./a', '../lib/b']);
		const files = new Set(['dist/x/a.js', 'dist/lib/b/index.js']);
		expect(resolveInPackage('dist/x/node.js', './a', files)).toBe('dist/x/a.js');
		expect(resolveInPackage('dist/x/node.js', '../lib/b', files)).toBe('dist/lib/b/index.js');
	});

	it('names test-only exports and leaves production verifiers alone', () => {
		const source =
			'exports.signShipBob = signShipBob;\nexports.verifyShipBob = ' +
			'verifyShipBob;\nObject.defineProperty(exports, "createVirtualClock", { enumerable: true, get: function () ' +
			'{ return x; } });';
		expect(exportedNames(source).filter((name) => TEST_ONLY_EXPORT.test(name))).toEqual([
			'signShipBob',
			'createVirtualClock',
		]);
		expect(TEST_ONLY_EXPORT.test('verifyShopifyWebhook')).toBe(false);
		expect(TEST_ONLY_EXPORT.test('signingSecret')).toBe(false);
		expect(
			isTypeOnly(
				'"use strict";\nObject.defineProperty(exports, "__esModule", { value: true });\n//# ' +
					'sourceMappingURL=driver.js.map',
			),
		).toBe(true);
	});
});

const hasDist = existsSync(join(DIST, 'nodes'));
if (!hasDist) console.log(SKIP_LINE);

(hasDist ? describe : describe.skip)('npm pack (over the built dist/)', () => {
	let packed: ReturnType<typeof packDryRun>;
	let paths: Set<string>;

	beforeAll(() => {
		packed = packDryRun();
		paths = new Set(packed.files.map((file) => file.path));
	}, 60_000);

	it('contains every node and credential package.json declares, and the main entry', () => {
		const declared = [...pkg.n8n.nodes, ...pkg.n8n.credentials, ...(pkg.main ? [pkg.main] : [])];
		expect(declared.length).toBeGreaterThan(0);
		expect(declared.filter((file) => !paths.has(file))).toEqual([]);
		// n8n reads each node's codex (<Node>.node.json) and icon from beside the compiled node
		const codexMissing = pkg.n8n.nodes
			.map((node) => node.replace(/\.js$/, '.json'))
			.filter((codex) => !paths.has(codex));
		expect(codexMissing).toEqual([]);
	});

	it('holds nothing from the tests, the sandbox, fixtures or scripts', () => {
		const forbidden = [...paths].flatMap((path) =>
			FORBIDDEN_PATHS.filter(([pattern]) => pattern.test(path)).map(([, why]) => `${path}: ${why}`),
		);
		expect(forbidden).toEqual([]);
		expect(
			[...paths].filter(
				(path) =>
					path !== 'package.json' &&
					path !== 'README.md' &&
					path !== 'LICENSE' &&
					path !== pkg.main &&
					!path.startsWith('dist/'),
			),
		).toEqual([]);
	});

	it('holds no source map: the TypeScript sources are not shipped, so a map would point at nothing', () => {
		expect([...paths].filter((path) => path.endsWith('.map'))).toEqual([]);
	});

	it('holds no JavaScript module that the declared nodes and credentials cannot reach', () => {
		const reachable = reachableModules(paths);
		const unreachable = [...paths]
			.filter((path) => path.endsWith('.js') && !reachable.has(path))
			.filter((path) => !isTypeOnly(readFileSync(join(ROOT, path), 'utf8')));
		expect(unreachable).toEqual([]);
	});

	it('exports no test-only helper (webhook signers, virtual clocks, simulators) from a shipped module', () => {
		const offenders = [...paths]
			.filter((path) => path.endsWith('.js'))
			.flatMap((path) =>
				exportedNames(readFileSync(join(ROOT, path), 'utf8'))
					.filter((name) => TEST_ONLY_EXPORT.test(name))
					.map((name) => `${path}: ${name}`),
			);
		expect(offenders).toEqual([]);
	});

	it("still ships the triggers' signature verifiers, and says what the package weighs", () => {
		const exported = new Set(
			[...paths]
				.filter((path) => path.endsWith('.js'))
				.flatMap((path) => exportedNames(readFileSync(join(ROOT, path), 'utf8'))),
		);
		const verifiers = [
			'verifyShopifyWebhook',
			'verifyWebhook',
			'verifySlackSignature',
			'verifyUspsNotification',
			'verifyUpsTrackAlert',
		];
		expect(verifiers.filter((name) => !exported.has(name))).toEqual([]);
		console.log(
			`npm pack: ${packed.files.length} files, ${Math.round(packed.size / 1024)} kB packed, ` +
				`${Math.round(packed.unpackedSize / 1024)} kB unpacked`,
		);
	});
});
