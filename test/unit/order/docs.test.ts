/** The docs and the engine say the same thing: alerts quote the catalogue, people read the docs. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { EXCEPTION_CATALOGUE, EXCEPTION_TYPES, STAGES } from '../../../nodes/lib/order';

const exceptionsDoc = readFileSync(resolve(__dirname, '../../../docs/exceptions.md'), 'utf8');
const statusDoc = readFileSync(resolve(__dirname, '../../../docs/status-model.md'), 'utf8');

describe('docs/exceptions.md matches EXCEPTION_CATALOGUE', () => {
	test.each(EXCEPTION_TYPES.map((t) => [t]))(
		'%s: section with trigger, evidence, owner, next step and clearing, verbatim',
		(type) => {
			const entry = EXCEPTION_CATALOGUE[type];
			const section = exceptionsDoc.split(/\n## /).find((s) => s.startsWith(`${type}\n`));
			expect(section).toBeDefined();
			for (const text of [
				entry.title,
				entry.plainWords,
				entry.trigger,
				entry.evidence,
				entry.owner,
				entry.nextStep,
				entry.clears,
				entry.defaultSeverity,
			]) {
				expect(section).toContain(text);
			}
		},
	);

	test('the catalogue covers every exception type and nothing else', () => {
		expect(Object.keys(EXCEPTION_CATALOGUE).sort()).toEqual([...EXCEPTION_TYPES].sort());
	});
});

describe('docs/status-model.md', () => {
	test.each(STAGES.map((s) => [s]))('describes stage %s', (stage) => {
		expect(statusDoc).toContain(`| \`${stage}\` |`);
	});
});
