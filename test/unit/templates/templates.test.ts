/**
 * The template workflows in workflows/: each parses, uses only this package's nodes (as their
 * descriptions define them) and n8n's own nodes, wires existing nodes, carries no credentials,
 * explains itself with sticky notes, keeps store settings in one node, and has its README section.
 * Every check is also shown to FAIL on a deliberately broken copy.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import {
	checkConnections,
	checkNodeTypes,
	checkNoCredentials,
	checkOwnParameters,
	checkReadme,
	checkStickyNotes,
	loadTemplate,
	packageNodeDescriptions,
	REPO_ROOT,
	templateFiles,
	templateGroup,
	checkNoCodeNodes,
	checkNoNodeReferences,
	checkWorkingNodes,
	WORKFLOWS_DIR,
} from './checks';
import type { Template } from './checks';

const ours = packageNodeDescriptions();
const files = templateFiles();
const clone = (t: Template): Template => JSON.parse(JSON.stringify(t)) as Template;
const nodeOf = (t: Template, type: string) => {
	const node = t.nodes.find((n) => n.type === type);
	if (!node) throw new Error(`no ${type} in ${t.name}`);
	return node;
};

describe('template workflows', () => {
	it('the package nodes were loaded from nodes/*/ (all fifteen)', () => {
		expect([...ours.keys()].sort()).toEqual(
			[
				'carrierTracking',
				'carrierTrackingTrigger',
				'customerPages',
				'customerRequests',
				'exceptionAlerts',
				'klaviyoPostPurchase',
				'orderLedger',
				'orderState',
				'shipStation',
				'shipStationTrigger',
				'shopifyOrders',
				'shopifyOrdersTrigger',
				'slackInteractionTrigger',
				'threePlFulfillment',
				'threePlFulfillmentTrigger',
			].map((n) => `n8n-nodes-post-purchase.${n}`),
		);
	});

	it(
		'there are the error workflow, the six templates of the issue, the Slack case buttons, the order status ' +
			'page, the address change, the cancellation, the approval queue and the item swap, each of the twelve for ' +
			'embedded, ' +
			'PostgreSQL and Airtable storage',
		() => {
			expect([...new Set(files.map(templateGroup))]).toEqual([
				'00-error-alerts',
				'01-shopify-webhook-intake',
				'02-event-processor',
				'03-reconciliation-sweep',
				'04-stuck-order-sla-alerts',
				'05-weekly-exception-report',
				'06-dead-letter-review',
				'07-slack-case-buttons',
				'08-order-status-page',
				'09-order-address-change',
				'10-order-cancellation',
				'11-slack-approval-queue',
				'12-order-item-swap',
			]);
			// the error workflow touches no ledger: one file
			expect(files).toHaveLength(37);
		},
	);

	describe.each(files)('%s', (file) => {
		let template: Template;
		beforeAll(() => {
			template = loadTemplate(file);
		});

		it('parses as an n8n workflow (name, nodes, connections, v1 execution order)', () => {
			expect(() => JSON.parse(readFileSync(join(WORKFLOWS_DIR, file), 'utf8'))).not.toThrow();
			expect(typeof template.name).toBe('string');
			expect(template.name.length).toBeGreaterThan(5);
			expect(Array.isArray(template.nodes)).toBe(true);
			// a working node and its sticky notes at least (the intake is one node: the trigger stores)
			expect(template.nodes.filter((n) => n.type !== 'n8n-nodes-base.stickyNote').length).toBeGreaterThan(0);
			expect(template.nodes.length).toBeGreaterThan(2);
			expect((template.settings as { executionOrder?: string }).executionOrder).toBe('v1');
			for (const node of template.nodes) {
				expect(typeof node.id).toBe('string');
				expect(node.position).toHaveLength(2);
			}
		});

		it('uses only package nodes and known n8n-nodes-base nodes at shipped versions', () => {
			expect(checkNodeTypes(template, ours)).toEqual([]);
		});

		it('sets only parameters and option values the package nodes offer, and only visible ones', () => {
			expect(checkOwnParameters(template, ours)).toEqual([]);
		});

		it('connects existing nodes through outputs they have', () => {
			expect(checkConnections(template, ours)).toEqual([]);
		});

		it('carries no credentials', () => {
			expect(checkNoCredentials(template)).toEqual([]);
		});

		it('has sticky notes explaining every part of the canvas', () => {
			expect(checkStickyNotes(template)).toEqual([]);
		});

		it('is built on node operations: no Code node, no expression naming another node, at most 15 nodes', () => {
			expect([
				...checkNoCodeNodes(template),
				...checkNoNodeReferences(template),
				...checkWorkingNodes(template),
			]).toEqual([]);
		});

		it('uses the storage its file name says, on every node that opens the ledger', () => {
			const storage = file.includes('-postgres') ? 'postgres' : file.includes('-airtable') ? 'airtable' : 'embedded';
			// Post Failed Execution touches no ledger (the error workflow has no storage variants); the intake's trigger
			// stores deliveries itself
			const storageNodes = template.nodes.filter(
				(n) =>
					(/\.(orderLedger|exceptionAlerts|customerPages)$/.test(n.type) &&
						n.parameters?.operation !== 'postFailedExecution') ||
					(n.type.endsWith('.shopifyOrdersTrigger') && n.parameters?.onDelivery !== 'start'),
			);
			if (templateGroup(file) === '00-error-alerts') return expect(storageNodes).toEqual([]);
			expect(storageNodes.length).toBeGreaterThan(0);
			for (const node of storageNodes) expect([node.name, node.parameters?.backend]).toEqual([node.name, storage]);
		});
	});

	it('workflows/README.md has one section per template with every file and its canvas picture', () => {
		const readme = readFileSync(join(WORKFLOWS_DIR, 'README.md'), 'utf8');
		expect(checkReadme(readme, files, (rel) => existsSync(join(REPO_ROOT, rel)))).toEqual([]);
	});
});

describe('the template checks catch broken templates', () => {
	it('a Code node, an expression naming another node, and too many nodes', () => {
		const t = clone(loadTemplate('01-shopify-webhook-intake.json'));
		expect([...checkNoCodeNodes(t), ...checkNoNodeReferences(t), ...checkWorkingNodes(t)]).toEqual([]);
		const trigger = t.nodes.find((n) => n.type.endsWith('.shopifyOrdersTrigger'))!;
		trigger.parameters = { ...trigger.parameters, dataDirectory: "={{ $('Store settings').item.json.dir }}" };
		trigger.parameters.schema = "={{ $node['Store settings'].json.schema }}";
		t.nodes.push({ ...trigger, name: 'Tidy up', type: 'n8n-nodes-base.code', parameters: { jsCode: 'return [];' } });
		expect(checkNoCodeNodes(t)).toEqual(['Tidy up: is a Code node']);
		expect(checkNoNodeReferences(t)).toEqual([
			'Shopify webhook: dataDirectory names another node',
			'Shopify webhook: schema names another node',
		]);
		expect(checkWorkingNodes(t, 1)).toEqual(['2 working nodes (at most 1)']);
	});

	const base = loadTemplate('02-event-processor.json');

	it('an unknown node type, and a base node at a version n8n does not ship', () => {
		const t = clone(base);
		nodeOf(t, 'n8n-nodes-post-purchase.orderState').type = 'n8n-nodes-post-purchase.orderStatus';
		nodeOf(t, 'n8n-nodes-base.scheduleTrigger').typeVersion = 7;
		const problems = checkNodeTypes(t, ours);
		expect(problems).toEqual(
			expect.arrayContaining([
				expect.stringContaining('unknown node type n8n-nodes-post-purchase.orderStatus'),
				expect.stringContaining('n8n-nodes-base.scheduleTrigger v7'),
			]),
		);
	});

	it('a parameter the node lacks, an operation it does not offer, and a parameter hidden for the operation', () => {
		const t = clone(base);
		const ledgerNodes = t.nodes.filter((n) => n.type === 'n8n-nodes-post-purchase.orderLedger');
		ledgerNodes[0].parameters = { ...ledgerNodes[0].parameters, batchSise: 5 };
		ledgerNodes[1].parameters = { ...ledgerNodes[1].parameters, operation: 'getOrders' };
		const state = nodeOf(t, 'n8n-nodes-post-purchase.orderState');
		state.parameters = { ...state.parameters, output: 'perException' }; // only shown for Evaluate Stuck
		const problems = checkOwnParameters(t, ours);
		expect(problems).toEqual(
			expect.arrayContaining([
				expect.stringContaining('parameter "batchSise" does not exist'),
				expect.stringContaining('"getOrders" is not one of'),
				expect.stringContaining('parameter "output" is hidden'),
			]),
		);
	});

	it('a backend, a resource locator mode and a collection option the node does not offer', () => {
		const t = clone(base);
		const alerts = nodeOf(t, 'n8n-nodes-post-purchase.exceptionAlerts');
		// Channels set on the node (the template takes them from the Store Profile).
		alerts.parameters = {
			...alerts.parameters,
			settingsSource: 'parameters',
			backend: 'mysql',
			defaultChannel: { __rl: true, mode: 'url', value: 'x' },
			options: { colour: 'red' },
		};
		const problems = checkOwnParameters(t, ours);
		expect(problems).toEqual(
			expect.arrayContaining([
				expect.stringContaining('"mysql" is not one of'),
				expect.stringContaining('mode "url"'),
				expect.stringContaining('options.colour: no such option'),
			]),
		);
		const routes = clone(base);
		const routed = nodeOf(routes, 'n8n-nodes-post-purchase.exceptionAlerts');
		routed.parameters = {
			...routed.parameters,
			settingsSource: 'parameters',
			channelRoutes: { route: [{ exceptionType: 'late_ish', channel: { __rl: true, mode: 'name', value: '#x' } }] },
		};
		expect(checkOwnParameters(routes, ours)).toEqual([expect.stringContaining('"late_ish" is not one of')]);
	});

	it('a connection to or from a node that does not exist, and through an output the node lacks', () => {
		const t = clone(base);
		t.connections['Ghost'] = { main: [[{ node: 'Order State', type: 'main', index: 0 }]] };
		t.connections['Save order'].main[0].push({ node: 'Nowhere', type: 'main', index: 0 });
		t.connections['Save order'].main[3] = [{ node: 'Order State', type: 'main', index: 0 }];
		expect(checkConnections(t, ours)).toEqual(
			expect.arrayContaining([
				'connection from missing node "Ghost"',
				'Save order -> missing node "Nowhere"',
				expect.stringContaining('Save order: output 3 does not exist'),
			]),
		);
	});

	it('a credential id left in a node', () => {
		const t = clone(base);
		nodeOf(t, 'n8n-nodes-post-purchase.shopifyOrders').credentials = {
			shopifyAdminPostPurchaseApi: { id: 'Xy12', name: 'Acme Shopify' },
		};
		expect(checkNoCredentials(t)).toEqual([expect.stringContaining('Shopify order: carries credentials')]);
	});

	it('no sticky notes, an empty one, and a node far away from every note', () => {
		const none = clone(base);
		none.nodes = none.nodes.filter((n) => n.type !== 'n8n-nodes-base.stickyNote');
		expect(checkStickyNotes(none)).toEqual(['no sticky notes']);
		const t = clone(base);
		t.nodes.find((n) => n.type === 'n8n-nodes-base.stickyNote')!.parameters = { content: '' };
		nodeOf(t, 'n8n-nodes-post-purchase.orderState').position = [20_000, 20_000];
		expect(checkStickyNotes(t)).toEqual(
			expect.arrayContaining([expect.stringContaining('empty or too short'), 'Order State: no sticky note nearby']),
		);
	});

	it('a README without a section for a template, a missing picture, and a file that does not exist', () => {
		const readme = readFileSync(join(WORKFLOWS_DIR, 'README.md'), 'utf8');
		const withoutWeekly = readme.replace(/05-weekly-exception-report/g, '05-weekly-report');
		const problems = checkReadme(withoutWeekly, files, () => true);
		expect(problems).toEqual(
			expect.arrayContaining([
				expect.stringContaining('05-weekly-exception-report: expected one README section'),
				'README names 05-weekly-report.json, which is not in workflows/',
			]),
		);
		expect(checkReadme(readme, files, (rel) => !rel.includes('06-dead-letter-review'))).toEqual([
			'06-dead-letter-review: picture docs/img/templates/06-dead-letter-review.png is missing',
		]);
	});
});
