/** The clean-room address validation fixtures (test/fixtures/vendor-native/<carrier>/address) with their metas. */
import { existsSync, readdirSync, readFileSync } from 'fs';
import * as path from 'path';

export const FIXTURE_ROOT = path.resolve(__dirname, '../fixtures/vendor-native');

export interface AddressFixtureMeta {
	vendor: string;
	http: { method: string; url: string; status: number; requestBody?: unknown; query?: Record<string, string> };
	input?: Record<string, string | null>;
	expect: {
		verdict?: string;
		suggestion?: Record<string, string | null> | null;
		candidateCount?: number;
		residential?: boolean | null;
		changedFields?: string[];
		error?: { status: number; code: string };
	};
}

export function addressFixtures(carrier: string): Array<{ name: string; body: unknown; meta: AddressFixtureMeta }> {
	const dir = path.join(FIXTURE_ROOT, carrier, 'address');
	if (!existsSync(dir)) return [];
	return readdirSync(dir)
		.filter((f) => f.endsWith('.json') && !f.endsWith('.meta.json'))
		.sort()
		.map((f) => ({
			name: f.replace(/\.json$/, ''),
			body: JSON.parse(readFileSync(path.join(dir, f), 'utf8')),
			meta: JSON.parse(readFileSync(path.join(dir, f.replace(/\.json$/, '.meta.json')), 'utf8')) as AddressFixtureMeta,
		}));
}
