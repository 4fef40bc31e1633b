/**
 * mergeRecords joins copies of one case that different workers hold (issue 15: ties decided by content, never
 * by which copy arrived first). Three copies with different evidence, resolutions, acknowledgements and owners
 * give the same bytes in every order and grouping.
 */
import { mergeRecords, reconcile } from '../../../nodes/lib/order';
import { parsePolicy } from '../../../nodes/lib/order/policy';
import type { ExceptionCase, Observation, OrderRecord } from '../../../nodes/lib/order/types';

const NOW = '2026-12-03T15:00:00.000Z';
const base = reconcile(
	null,
	[
		{
			source: 'shopify',
			sourceId: 'gid://shopify/Order/5012345678901',
			orderKey: '1001',
			kind: 'order',
			occurredAt: '2026-11-30T15:02:12Z',
			receivedAt: '2026-11-30T15:02:12Z',
			key: 'shopify:order:gid://shopify/Order/5012345678901:2026-11-30T15:02:12Z',
			data: {
				name: '#1001',
				createdAt: '2026-11-30T15:02:11Z',
				financialStatus: 'PAID',
				fulfillmentStatus: 'UNFULFILLED',
			},
		} as unknown as Observation,
	],
	parsePolicy({}),
	NOW,
).record;

const aCase = (over: Partial<ExceptionCase>): ExceptionCase => ({
	id: '1001:tracking_stalled:2026-12-01T10:00:00.000Z',
	orderKey: '1001',
	type: 'tracking_stalled',
	severity: 'high',
	openedAt: '2026-12-01T10:00:00.000Z',
	evidence: { parcels: [{ trackingNumber: '1Z4R8W290310010012', lastScanAt: '2026-12-01T05:10:00Z' }] },
	owner: null,
	ackedAt: null,
	resolvedAt: null,
	resolution: null,
	...over,
});

const copies: OrderRecord[] = [
	{ ...base, exceptions: [aCase({ owner: 'U0B', ackedAt: '2026-12-01T12:00:00.000Z' })] },
	{
		...base,
		exceptions: [
			aCase({
				severity: 'critical',
				evidence: { parcels: [{ trackingNumber: '1Z4R8W290310010012', lastScanAt: '2026-12-01T09:00:00Z' }] },
				resolvedAt: '2026-12-02T09:00:00.000Z',
				resolution: 'carrier found it',
			}),
		],
	},
	{
		...base,
		exceptions: [
			aCase({ owner: 'U0A', resolvedAt: '2026-12-02T09:00:00.000Z', resolution: 'customer told', ackedAt: null }),
		],
	},
];

describe('mergeRecords: copies of one case are joined by content', () => {
	it('gives the same bytes for every order and grouping of three differing copies', () => {
		const [a, b, c] = [0, 1, 2];
		const perms = [
			[a, b, c],
			[a, c, b],
			[b, a, c],
			[b, c, a],
			[c, a, b],
			[c, b, a],
		];
		const results = new Set(
			perms.flatMap(([x, y, z]) => [
				JSON.stringify(mergeRecords(mergeRecords(copies[x], copies[y]), copies[z])),
				JSON.stringify(mergeRecords(copies[x], mergeRecords(copies[y], copies[z]))),
			]),
		);
		expect(results.size).toBe(1);
		const merged = JSON.parse([...results][0]) as OrderRecord;
		expect(merged.exceptions).toHaveLength(1);
		expect(merged.exceptions[0]).toMatchObject({
			resolvedAt: '2026-12-02T09:00:00.000Z',
			// Same resolution instant: the larger text, whichever copy came first.
			resolution: 'customer told',
			ackedAt: '2026-12-01T12:00:00.000Z',
			owner: 'U0A',
			severity: 'critical',
		});
	});
});
