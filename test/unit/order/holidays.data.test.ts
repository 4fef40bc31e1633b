/**
 * nodes/lib/order/holidays/holidays.json is date-holidays' own data (rules for every country), shipped beside
 * its parser so the package does not install date-holidays' 46 MB. This keeps the copy honest: it must equal
 * the installed date-holidays (a devDependency), so bumping that version fails here until the copy is
 * refreshed with
 *
 *   UPDATE_HOLIDAY_DATA=1 npx jest --runTestsByPath test/unit/order/holidays.data.test.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const SHIPPED = resolve(__dirname, '../../../nodes/lib/order/holidays/holidays.json');

function upstream(): Record<string, unknown> {
	// date-holidays' exports do not name its data file; find it beside its package.json.
	const root = dirname(require.resolve('date-holidays/package.json'));
	const data = JSON.parse(readFileSync(join(root, 'data', 'holidays.json'), 'utf8')) as Record<string, unknown>;
	return { version: data.version, license: data.license, holidays: data.holidays, names: data.names };
}

test('the shipped holiday rules are the installed date-holidays data, unchanged', () => {
	const expected = upstream();
	if (process.env.UPDATE_HOLIDAY_DATA === '1') writeFileSync(SHIPPED, `${JSON.stringify(expected)}\n`);
	const shipped = JSON.parse(readFileSync(SHIPPED, 'utf8')) as Record<string, unknown>;
	expect(shipped.version).toBe(expected.version);
	expect(shipped).toEqual(expected);
});

test('the data keeps its licence (CC BY-SA 3.0) with it', () => {
	const shipped = JSON.parse(readFileSync(SHIPPED, 'utf8')) as Record<string, unknown>;
	expect(String(shipped.license)).toMatch(/CC-BY-SA/);
});
