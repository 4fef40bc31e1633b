/**
 * Errors a ledger user can act on. `hint` says what to fix in words an ops generalist follows; the
 * node turns it into the NodeOperationError description.
 */
export type LedgerErrorCode =
	| 'connection_failed'
	| 'auth_failed'
	| 'database_missing'
	| 'permission_denied'
	| 'table_missing'
	| 'field_missing'
	| 'not_found'
	| 'invalid_input'
	| 'conflict'
	| 'rate_limited'
	| 'backend_error';

export class LedgerError extends Error {
	constructor(
		readonly code: LedgerErrorCode,
		message: string,
		readonly hint: string,
		readonly cause?: unknown,
	) {
		super(message);
		this.name = 'LedgerError';
	}
}

export function invalidInput(field: string, problem: string): LedgerError {
	return new LedgerError(
		'invalid_input',
		`${field}: ${problem}`,
		`Check the "${field}" value passed to the Order Ledger node.`,
	);
}

/** Network-level codes that mean "the server is not there right now" (restart, outage, wrong host). */
const CONNECTION_CODES = new Set([
	'ECONNREFUSED',
	'ECONNRESET',
	'ETIMEDOUT',
	'EPIPE',
	'ENOTFOUND',
	'EHOSTUNREACH',
	'57P01', // admin_shutdown: the server is restarting
	'57P02',
	'57P03', // cannot_connect_now: starting up
	'08000',
	'08003',
	'08006',
	'08001',
	'08004',
]);

const NETWORK_WORDS: Record<string, string> = {
	ECONNREFUSED: 'connection refused',
	ECONNRESET: 'connection reset',
	ETIMEDOUT: 'timed out',
	EPIPE: 'connection closed',
	ENOTFOUND: 'host not found',
	EHOSTUNREACH: 'host unreachable',
};

/**
 * Plain words instead of raw socket codes: n8n replaces any error message that contains a code like
 * ECONNREFUSED with its own generic text, which would hide which database and where.
 */
function networkProblem(err: unknown, msg: string): string {
	const e = err as { code?: string; address?: string; port?: number };
	const words = e.code ? NETWORK_WORDS[e.code] : undefined;
	if (!words)
		return msg.replace(
			/\b(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|ENOTFOUND|EHOSTUNREACH)\b/g,
			(c) => NETWORK_WORDS[c],
		);
	return e.address ? `${words} at ${e.address}${e.port ? `:${e.port}` : ''}` : words;
}

/** Maps a node-postgres / PGlite error to a LedgerError naming what to fix. */
export function classifyPostgresError(err: unknown, where: string): LedgerError {
	if (err instanceof LedgerError) return err;
	const e = (err ?? {}) as { code?: string; message?: string };
	const code = e.code ?? '';
	const msg = e.message ?? String(err);
	if (
		CONNECTION_CODES.has(code) ||
		/Connection terminated|connection.*(closed|ended)|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(
			msg,
		)
	) {
		return new LedgerError(
			'connection_failed',
			`Could not reach PostgreSQL (${where}): ${networkProblem(err, msg)}`,
			'PostgreSQL is not reachable right now (restarting, down, or wrong host/port). Nothing was acknowledged ' +
				'that was not stored: re-run the workflow once the database is back; if it persists, check Host and Port ' +
				'in the Post-Purchase PostgreSQL credential.',
			err,
		);
	}
	if (code === '28P01' || code === '28000') {
		return new LedgerError(
			'auth_failed',
			`PostgreSQL refused the login (${where}): ${msg}`,
			'Check the User and Password in the Post-Purchase PostgreSQL credential (and that this user may connect to ' +
				'this database).',
			err,
		);
	}
	if (code === '3D000') {
		return new LedgerError(
			'database_missing',
			`PostgreSQL database does not exist (${where}): ${msg}`,
			'Create the database (CREATE DATABASE ...) or fix the Database field in the Post-Purchase PostgreSQL credential.',
			err,
		);
	}
	if (code === '42501') {
		return new LedgerError(
			'permission_denied',
			`PostgreSQL permission denied (${where}): ${msg}`,
			'The ledger creates its own tables on first use: grant this user CREATE and USAGE on the schema (GRANT ' +
				'CREATE, USAGE ON SCHEMA <schema> TO <user>), or use an owner account.',
			err,
		);
	}
	if (code === '54001') {
		return new LedgerError(
			'invalid_input',
			`The value is nested too deeply for PostgreSQL (${where}): ${msg}`,
			'Flatten the payload (PostgreSQL refuses JSON nested thousands of levels deep) before appending it.',
			err,
		);
	}
	if (code === '22P02' || code === '22P05' || code === '22021' || code === '22001') {
		return new LedgerError(
			'invalid_input',
			`PostgreSQL refused a value (${where}): ${msg}`,
			'Fix the value named in the message at its source and run the item again.',
			err,
		);
	}
	if (code === '42P01' || code === '3F000') {
		return new LedgerError(
			'table_missing',
			`A ledger table or schema is missing (${where}): ${msg}`,
			'Run the node again: it re-creates missing ledger tables on first use. If the schema itself is missing, ' +
				'create it or fix the Schema parameter.',
			err,
		);
	}
	return new LedgerError(
		'backend_error',
		`PostgreSQL error (${where}): ${msg}`,
		'See the error message; if it repeats, check the database server logs.',
		err,
	);
}
