/** The smallest SQL surface the ledger needs, so PostgreSQL and PGlite run the very same statements. */
export interface SqlResult<T> {
	rows: T[];
	rowCount: number;
}

export interface SqlSession {
	query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<SqlResult<T>>;
}

export interface SqlDriver extends SqlSession {
	readonly dialect: 'postgres' | 'pglite';
	/** Runs fn in one transaction on one connection; rolls back when fn throws. */
	transaction<T>(fn: (tx: SqlSession) => Promise<T>): Promise<T>;
	close(): Promise<void>;
}
