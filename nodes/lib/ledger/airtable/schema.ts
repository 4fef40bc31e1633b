/**
 * The Airtable base the ledger expects (docs/airtable.md is the human version of this list).
 * Setup compares the base's schema (meta API, "Get base schema") with this and names exactly what is
 * missing. Timestamps are ISO 8601 text: Airtable formulas then compare them as plain strings and no
 * time zone setting of the base can change them.
 */
export interface ExpectedField {
	name: string;
	/** Airtable field types we accept for it (the first is the one docs/airtable.md recommends). */
	types: string[];
	primary?: boolean;
}

const TEXT = ['singleLineText', 'multilineText', 'singleSelect'];
const LONG = ['multilineText', 'richText'];
const NUMBER = ['number'];

export const ORDERS_TABLE = 'Orders';
export const EVENTS_TABLE = 'Events';
export const EXCEPTIONS_TABLE = 'Exceptions';
/**
 * Added (issue 12): which order each tracking number belongs to, so a carrier push (it names a parcel,
 * never an order) finds its order in one request. A base without it still works: the ledger then reads
 * the Orders and Events tables instead (slower), and Setup names the table to add.
 */
export const TRACKING_TABLE = 'Tracking Numbers';
/**
 * Added (issue 17): Count Attempt's counters, one row per subject (a client of the order status page), reused
 * from window to window so the table grows with clients, not with time. Airtable has no atomic increment:
 * see countAttempt in airtableStore.ts for what that costs.
 */
export const ATTEMPTS_TABLE = 'Attempts';

export const F = {
	orders: {
		key: 'Order Key',
		stage: 'Stage',
		stageChangedAt: 'Stage Changed At',
		openExceptions: 'Open Exceptions',
		record: 'Record',
		version: 'Version',
		updatedAt: 'Updated At',
	},
	events: {
		key: 'Key',
		source: 'Source',
		topic: 'Topic',
		orderKey: 'Order Key',
		payload: 'Payload',
		status: 'Status',
		attempts: 'Attempts',
		nextAttemptAt: 'Next Attempt At',
		leaseExpiresAt: 'Lease Expires At',
		leasedBy: 'Leased By',
		leaseToken: 'Lease Token',
		lastError: 'Last Error',
		receivedAt: 'Received At',
		updatedAt: 'Updated At',
		doneAt: 'Done At',
		replayedBy: 'Replayed By',
		replayedAt: 'Replayed At',
	},
	exceptions: {
		id: 'Case ID',
		orderKey: 'Order Key',
		type: 'Type',
		severity: 'Severity',
		openedAt: 'Opened At',
		acknowledgedAt: 'Acknowledged At',
		resolvedAt: 'Resolved At',
		owner: 'Owner',
		evidence: 'Evidence',
		resolution: 'Resolution',
		slackChannel: 'Slack Channel',
		slackTs: 'Slack TS',
		slackPermalink: 'Slack Permalink',
		updatedAt: 'Updated At',
	},
	tracking: {
		link: 'Link',
		trackingNumber: 'Tracking Number',
		orderKey: 'Order Key',
		origin: 'Origin',
		updatedAt: 'Updated At',
	},
	attempts: {
		subject: 'Subject',
		windowStart: 'Window Start',
		windowEndsAt: 'Window Ends At',
		count: 'Count',
		updatedAt: 'Updated At',
	},
} as const;

export const EXPECTED_TABLES: Record<string, ExpectedField[]> = {
	[ORDERS_TABLE]: [
		{ name: F.orders.key, types: ['singleLineText'], primary: true },
		{ name: F.orders.stage, types: TEXT },
		{ name: F.orders.stageChangedAt, types: TEXT },
		{ name: F.orders.openExceptions, types: TEXT },
		{ name: F.orders.record, types: LONG },
		{ name: F.orders.version, types: NUMBER },
		{ name: F.orders.updatedAt, types: TEXT },
	],
	[EVENTS_TABLE]: [
		{ name: F.events.key, types: ['singleLineText'], primary: true },
		{ name: F.events.source, types: TEXT },
		{ name: F.events.topic, types: TEXT },
		{ name: F.events.orderKey, types: TEXT },
		{ name: F.events.payload, types: LONG },
		{ name: F.events.status, types: TEXT },
		{ name: F.events.attempts, types: NUMBER },
		{ name: F.events.nextAttemptAt, types: TEXT },
		{ name: F.events.leaseExpiresAt, types: TEXT },
		{ name: F.events.leasedBy, types: TEXT },
		{ name: F.events.leaseToken, types: TEXT },
		{ name: F.events.lastError, types: LONG },
		{ name: F.events.receivedAt, types: TEXT },
		{ name: F.events.updatedAt, types: TEXT },
		{ name: F.events.doneAt, types: TEXT },
		{ name: F.events.replayedBy, types: TEXT },
		{ name: F.events.replayedAt, types: TEXT },
	],
	[EXCEPTIONS_TABLE]: [
		{ name: F.exceptions.id, types: ['singleLineText'], primary: true },
		{ name: F.exceptions.orderKey, types: TEXT },
		{ name: F.exceptions.type, types: TEXT },
		{ name: F.exceptions.severity, types: TEXT },
		{ name: F.exceptions.openedAt, types: TEXT },
		{ name: F.exceptions.acknowledgedAt, types: TEXT },
		{ name: F.exceptions.resolvedAt, types: TEXT },
		{ name: F.exceptions.owner, types: TEXT },
		{ name: F.exceptions.evidence, types: LONG },
		{ name: F.exceptions.resolution, types: LONG },
		{ name: F.exceptions.slackChannel, types: TEXT },
		{ name: F.exceptions.slackTs, types: TEXT },
		{ name: F.exceptions.slackPermalink, types: TEXT },
		{ name: F.exceptions.updatedAt, types: TEXT },
	],
	[TRACKING_TABLE]: [
		// "<tracking number> <order key> <origin>": one row per link, so performUpsert can match on it.
		{ name: F.tracking.link, types: ['singleLineText'], primary: true },
		{ name: F.tracking.trackingNumber, types: TEXT },
		{ name: F.tracking.orderKey, types: TEXT },
		{ name: F.tracking.origin, types: TEXT },
		{ name: F.tracking.updatedAt, types: TEXT },
	],
	[ATTEMPTS_TABLE]: [
		// One row per subject: Count Attempt finds it by formula and patches it (or creates it with performUpsert).
		{ name: F.attempts.subject, types: ['singleLineText'], primary: true },
		{ name: F.attempts.windowStart, types: TEXT },
		{ name: F.attempts.windowEndsAt, types: TEXT },
		{ name: F.attempts.count, types: NUMBER },
		{ name: F.attempts.updatedAt, types: TEXT },
	],
};

/** Airtable's documented cap on a long text cell. */
export const AIRTABLE_LONG_TEXT_MAX = 100_000;

export interface BaseTableSchema {
	id: string;
	name: string;
	primaryFieldId?: string;
	fields: Array<{ id: string; name: string; type: string }>;
}

export interface SetupProblem {
	table: string;
	field?: string;
	problem: 'table_missing' | 'field_missing' | 'wrong_type' | 'wrong_primary';
	fix: string;
}

/** Compares a base's schema with what the ledger needs; an empty list means the base is ready. */
export function checkBaseSchema(tables: BaseTableSchema[]): SetupProblem[] {
	const problems: SetupProblem[] = [];
	for (const [tableName, fields] of Object.entries(EXPECTED_TABLES)) {
		const table = tables.find((t) => t.name === tableName);
		if (!table) {
			problems.push({
				table: tableName,
				problem: 'table_missing',
				fix:
					`Create a table named "${tableName}" with these fields (see docs/airtable.md): ` +
					`${fields.map((f, i) => `"${f.name}" (${f.types[0]}${i === 0 ? ', first field' : ''})`).join(', ')}.`,
			});
			continue;
		}
		for (const expected of fields) {
			const field = table.fields.find((f) => f.name === expected.name);
			if (!field) {
				problems.push({
					table: tableName,
					field: expected.name,
					problem: 'field_missing',
					fix: `In table "${tableName}", add a field named "${expected.name}" of type ${expected.types[0]}.`,
				});
			} else if (!expected.types.includes(field.type)) {
				problems.push({
					table: tableName,
					field: expected.name,
					problem: 'wrong_type',
					fix: `In table "${tableName}", change field "${expected.name}" from ${field.type} to ${expected.types[0]}.`,
				});
			} else if (expected.primary && table.primaryFieldId && table.primaryFieldId !== field.id) {
				problems.push({
					table: tableName,
					field: expected.name,
					problem: 'wrong_primary',
					fix: `In table "${tableName}", make "${expected.name}" the primary (first) field.`,
				});
			}
		}
	}
	return problems;
}
