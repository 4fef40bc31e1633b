/**
 * Sandbox boundaries (issue 13): the simulators sign with the sandbox's own code, never with the
 * product's signers or verifiers, and no simulator (nor the world) reaches into another's internals.
 * Checked over the source text (TypeScript's parser, importGraph.ts), so a new import or cast fails here
 * before it can make a bug shared by signer and verifier pass.
 */
import * as path from 'node:path';
import { readFileSync } from 'node:fs';
import * as ts from 'typescript';
import { REPO, importsOf, signingExportsOfNodesLib, signingImportsFrom, tsFilesUnder } from './importGraph';
import { generateWorld } from '../../sandbox/world/generate';
import { projectShipBob, projectShipMonk, projectShipStation } from '../../sandbox/world/projectWarehouse';
import { projectWorld, type WorldFedSims } from '../../sandbox/world/worldSandbox';
import { ShipStationSim } from '../../sandbox/vendors/shipstation';
import { ShopifySim } from '../../sandbox/vendors/shopify';
import { createUpsSim } from '../../sandbox/vendors/ups';
import { journeyFor } from '../../sandbox/vendors/carrierScenarios';

const SANDBOX = path.join(REPO, 'test/sandbox');
const sandboxFiles = tsFilesUnder(SANDBOX);
const forbidden = signingExportsOfNodesLib();

/**
 * Every value the sandbox takes from nodes/lib, and why that is not testing the product with itself.
 * A new import fails the test until it is classified here (signers and verifiers never can be).
 */
const CLASSIFIED: Record<string, string> = {
	'nodes/lib/connectors/klaviyo/revision.ts#KLAVIYO_REVISION':
		'vendor contract constant: the API revision the Klaviyo sim answers as',
	'nodes/lib/ledger/airtable/schema.ts#EXPECTED_TABLES':
		"the tables and fields of the product's own Airtable base (docs/airtable.md): the product's contract with " +
		"the user, not Airtable's, so there is no other source",
	'nodes/lib/http/types.ts#systemClock':
		"the Clock port the product's clients take, so one virtual clock drives a sim and a client alike",
	'nodes/lib/http/types.ts#buildUrl':
		"inProcessTransport stands in for the product's fetch transport (a Transport without a socket): it plays the " +
		"client's side, not ShipStation's",
	'nodes/lib/http/types.ts#lowerCaseHeaders': 'inProcessTransport, as above',
	'nodes/lib/http/fetchTransport.ts#decodeBody':
		"inProcessTransport decodes an answer as the product's transport would over HTTP (malformed JSON included), " +
		'as above',
	'nodes/lib/http/errors.ts#TransportError':
		"inProcessTransport fails as the product's transport does for a host it cannot reach, as above",
	'nodes/lib/replay/classify.ts#classifyExchange':
		'the capture-backed sandbox serves recorded traffic exactly as the in-process replay reads it ' +
		'(docs/replay.md); it answers recorded bytes and delivers recorded pushes byte for byte, never signs',
	'nodes/lib/replay/classify.ts#isAuthPath': 'capture-backed sandbox, as above',
	'nodes/lib/replay/classify.ts#REPLAY_VENDORS': 'capture-backed sandbox, as above',
	'nodes/lib/replay/har.ts#parseHar': 'capture-backed sandbox, as above',
	'nodes/lib/replay/transport.ts#buildReadIndex': 'capture-backed sandbox, as above',
};

describe('the sandbox signs with its own code', () => {
	it("knows the product's signers and verifiers (the check below is not vacuous)", () => {
		for (const name of [
			'verifyShopifyWebhook',
			'verifyWebhook',
			'verifyShipBob',
			'verifySlackSignature',
			'verifyUspsNotification',
			'verifyUpsTrackAlert',
			'answerUpsTokenRequest',
		])
			expect(forbidden.has(name)).toBe(true);
		expect(forbidden.has('normaliseWebhook')).toBe(false);
	});

	it('no file under test/sandbox, nor any test file it imports, imports a signer or verifier from nodes/lib', () => {
		const found = signingImportsFrom(sandboxFiles, forbidden).map(
			(f) =>
				`${f.edge.from}:${f.edge.line} imports ${f.names.join(', ')} from ${f.edge.resolved} (via ` +
				`${f.chain.join(' -> ')})`,
		);
		expect(found).toEqual([]);
	});

	it('every other value the sandbox takes from nodes/lib is classified', () => {
		const unclassified: string[] = [];
		for (const file of sandboxFiles)
			for (const edge of importsOf(file))
				if (edge.resolved?.startsWith('nodes/'))
					for (const name of edge.names === '*' ? ['*'] : edge.names)
						if (!CLASSIFIED[`${edge.resolved}#${name}`])
							unclassified.push(`${edge.from}:${edge.line} ${edge.resolved}#${name}`);
		expect(unclassified).toEqual([]);
		for (const key of Object.keys(CLASSIFIED)) expect(forbidden.has(key.split('#')[1])).toBe(false);
	});

	it("the world's and the sims' signing module imports nothing from the product", () => {
		const signing = path.join(SANDBOX, 'world/signing.ts');
		expect(importsOf(signing).map((e) => e.specifier)).toEqual(['node:crypto']);
	});

	describe('the check catches every way of importing a signer', () => {
		const fake = path.join(SANDBOX, 'world/__fake__.ts');
		const helper = path.join(REPO, 'test/helpers/__fakeHelper__.ts');
		const check = (source: string, extra: Array<[string, string]> = []) =>
			signingImportsFrom([fake], forbidden, new Map([[fake, source], ...extra])).flatMap((f) => f.names);
		it.each([
			["import { verifyShipBob as check } from '../../../nodes/lib/connectors/threepl/webhooks';", ['verifyShipBob']],
			["import { verifyShopifyWebhook } from '../../../nodes/lib/connectors/shopify';", ['verifyShopifyWebhook']],
			["import * as slack from '../../../nodes/lib/connectors/slack/signature';", ['verifySlackSignature']],
			["const usps = require('../../../nodes/lib/connectors/usps/subscription');", ['verifyUspsNotification']],
			["export { verifyUpsTrackAlert } from '../../../nodes/lib/connectors/ups/trackAlert';", ['verifyUpsTrackAlert']],
			["async function f() { return import('../../../nodes/lib/connectors/carriers/push'); }", ['safeEqual']],
		])('%s', (source, names) => {
			expect(check(source)).toEqual(expect.arrayContaining(names));
		});
		it('through a test helper the sandbox imports', () => {
			const source = "import { signed } from '../../helpers/__fakeHelper__';";
			const helperSource = "export { verifyWebhook as signed } from '../../nodes/lib/connectors/threepl/webhooks';";
			expect(check(source, [[helper, helperSource]])).toEqual(['verifyWebhook']);
		});
		it('but not a type, a contract constant or a normaliser', () => {
			expect(check("import type { VerifyResult } from '../../../nodes/lib/connectors/threepl/webhooks';")).toEqual([]);
			expect(check("import { KLAVIYO_REVISION } from '../../../nodes/lib/connectors/klaviyo/revision';")).toEqual([]);
			expect(check("import { normaliseWebhook } from '../../../nodes/lib/connectors/shopify/normalise';")).toEqual([]);
		});
	});
});

describe('no simulator reaches into another', () => {
	/** What a simulator's file may import: the sandbox host, the shared kits, the sandbox's signing, test helpers. */
	const VENDOR_MAY_IMPORT = [
		/^test\/sandbox\/http\.ts$/,
		/^test\/sandbox\/vendors\/(kit|carrierScenarios|addressBook)\.ts$/,
		/^test\/sandbox\/world\/signing\.ts$/,
		/^test\/helpers\//,
		/^nodes\/lib\//,
	];

	it('a simulator imports no other simulator and nothing of the world but its signing', () => {
		const wrong: string[] = [];
		for (const file of tsFilesUnder(path.join(SANDBOX, 'vendors')))
			for (const edge of importsOf(file))
				if (edge.resolved && !VENDOR_MAY_IMPORT.some((re) => re.test(edge.resolved!)))
					wrong.push(`${edge.from}:${edge.line} -> ${edge.resolved}`);
		expect(wrong).toEqual([]);
	});

	it('the world never casts its way past a sim\'s declared interface (no "as any", no "as unknown")', () => {
		const casts: string[] = [];
		for (const file of [...tsFilesUnder(path.join(SANDBOX, 'world')), path.join(SANDBOX, 'server.ts')]) {
			const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
			const visit = (node: ts.Node) => {
				if (
					(ts.isAsExpression(node) || ts.isTypeAssertionExpression(node)) &&
					(node.type.kind === ts.SyntaxKind.AnyKeyword || node.type.kind === ts.SyntaxKind.UnknownKeyword)
				)
					casts.push(
						`${path.relative(REPO, file)}:${sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1} ` +
							`${node.getText(sf).slice(0, 80)}`,
					);
				ts.forEachChild(node, visit);
			};
			visit(sf);
		}
		expect(casts).toEqual([]);
	});

	it('the world feeds the sims through their declared methods only (a stub with just those methods is enough)', () => {
		const world = generateWorld({ seed: 7, orders: 40 });
		const got: Record<string, number> = {};
		const stub: WorldFedSims = {
			shopify: { loadOrders: (orders) => void (got.shopify = orders.length) },
			shipstation: {
				load: (orders, shipments) =>
					void ((got.shipstation = orders.length), (got.shipstationShipments = shipments.length)),
			},
			shipbob: { loadOrders: (orders) => void (got.shipbob = orders.length) },
			shipmonk: { loadOrders: (orders) => void (got.shipmonk = orders.length) },
		};
		projectWorld(world, stub, world.endMs);
		const count = (project: (o: (typeof world.orders)[number]) => unknown) =>
			world.orders.filter((o) => project(o) !== undefined).length;
		expect(got.shopify).toBe(world.orders.length);
		expect(got.shipstation).toBe(count((o) => projectShipStation(o, world.seed, world.endMs)));
		expect(got.shipstationShipments).toBeGreaterThan(0);
		expect(got.shipbob).toBe(count((o) => projectShipBob(o, world.endMs)));
		expect(got.shipmonk).toBe(count((o) => projectShipMonk(o, world.endMs)));
		expect(got.shipstation + got.shipbob + got.shipmonk).toBeGreaterThan(0);
	});

	it('what the world loads is what the sim serves, and the sims guard their own state', () => {
		const shopify = new ShopifySim({ orders: 3 });
		const first = shopify.orderAt(0);
		shopify.loadOrders([first]);
		expect(shopify.orderCount).toBe(1);
		expect(() => new ShopifySim({ orders: 5, lazy: true }).loadOrders([first])).toThrow(/lazy/);
		const ss = new ShipStationSim({ orders: 2, shipments: 0 });
		expect(() => {
			ss.baseUrl = 'ssapi.shipstation.com';
		}).toThrow(/baseUrl/);
		const ups = createUpsSim({ record: false });
		ups.routeParcels((n) => (n === '1ZWORLD0000000001' ? journeyFor(n, 7, Date.now(), 'in_transit') : undefined));
		const token = ups.tokens.issue().token;
		const ask = (n: string) =>
			ups.handle({
				method: 'GET',
				path: `/api/track/v1/details/${n}`,
				query: new URLSearchParams(),
				headers: { authorization: `Bearer ${token}`, transid: 't', transactionsrc: 's' },
				rawBody: '',
			});
		expect(ask('1ZSEEDONLY00000001')?.status).toBe(404);
		expect(ask('1ZWORLD0000000001')?.status).toBe(200);
	});
});
