/** Test data for the Slack alert tests: a real embedded Order Ledger holding orders and cases. */
import { openLedger, type LedgerStore } from '../../../nodes/lib/ledger';
import type {
	EditField,
	EditOutcome,
	EditRequestData,
	ExceptionType,
	OrderRecord,
	Severity,
} from '../../../nodes/lib/order/types';

export function orderRecord(orderKey: string, over: Partial<OrderRecord> = {}): OrderRecord {
	return {
		orderKey,
		name: `#${orderKey}`,
		shopifyId: `gid://shopify/Order/${5550000 + Number(orderKey) || 1}`,
		stage: 'in_transit',
		stageChangedAt: '2026-11-16T10:00:00.000Z',
		sourceStatus: {},
		dates: { placedAt: '2026-11-14T10:00:00.000Z' },
		shipments: [],
		customer: { email: 'jane.doe@example.com', name: 'Jane Doe' },
		shippingAddress: { name: 'Jane Doe', address1: '1 Main St', city: 'Springfield', zip: '12345', countryCode: 'US' },
		exceptions: [],
		openExceptionTypes: [],
		notifications: [],
		lastSeen: {},
		version: 0,
		updatedAt: '2026-11-16T10:00:00.000Z',
		...over,
	} as OrderRecord;
}

/** One embedded ledger per test file: opening PGlite is the slow part, cases are cheap. */
export async function openTestLedger(): Promise<LedgerStore> {
	return openLedger({ backend: 'embedded', dataDir: ':memory:' });
}

export async function addCases(
	ledger: LedgerStore,
	cases: Array<{
		orderKey: string;
		type: ExceptionType;
		openedAt: string;
		severity?: Severity;
		evidence?: Record<string, unknown>;
	}>,
	now = '2026-11-20T12:00:00.000Z',
): Promise<string[]> {
	const ids: string[] = [];
	for (const c of cases) {
		await ledger.upsertOrder(orderRecord(c.orderKey), now);
		const id = `${c.orderKey}:${c.type}:${c.openedAt}`;
		await ledger.openException(
			{
				id,
				orderKey: c.orderKey,
				type: c.type,
				severity: c.severity ?? 'high',
				openedAt: c.openedAt,
				evidence: c.evidence ?? {
					carrier: 'UPS',
					trackingNumber: '1Z999AA10123456784',
					lastScanAt: '2026-11-17T09:12:00Z',
				},
			},
			c.openedAt,
		);
		ids.push(id);
	}
	return ids;
}

/**
 * Issue 17: self-service requests as the self-service flow records them: one ledger event per outcome, source
 * `customer`, with one edit_request observation (sourceId the request id, occurredAt when the outcome happened).
 */
export async function addSelfServiceOutcomes(
	ledger: LedgerStore,
	outcomes: Array<{
		requestId: string;
		orderKey: string;
		outcome: EditOutcome;
		requestedAt: string;
		decidedAt: string;
		field?: EditField;
		extra?: Partial<EditRequestData>;
	}>,
): Promise<void> {
	for (const o of outcomes) {
		const observation = {
			source: 'customer',
			sourceId: o.requestId,
			orderKey: o.orderKey,
			kind: 'edit_request',
			occurredAt: o.decidedAt,
			receivedAt: o.decidedAt,
			key: `customer:${o.requestId}:${o.outcome}`,
			data: {
				field: o.field ?? 'shipping_address',
				requestedAt: o.requestedAt,
				applied: o.outcome === 'applied' || o.outcome === 'approved',
				requestId: o.requestId,
				outcome: o.outcome,
				decidedAt: o.decidedAt,
				durationMs: Date.parse(o.decidedAt) - Date.parse(o.requestedAt),
				decidedBy: o.outcome === 'applied' ? 'self_service' : null,
				...o.extra,
			},
		};
		const kind = { shipping_address: 'address_change', line_items: 'swap', cancel: 'cancel' }[
			o.field ?? 'shipping_address'
		];
		await ledger.appendEvent(
			{
				key: observation.key,
				source: 'customer',
				topic: `self_service/${kind}`,
				orderKey: o.orderKey,
				payload: { observations: [observation] },
				receivedAt: o.decidedAt,
			},
			o.decidedAt,
		);
	}
}
