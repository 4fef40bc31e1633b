/** The committed templates are exactly what scripts/generate-templates.ts writes: edit the generator, not the JSON. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '../../..');

describe('workflows/ is generated', () => {
	it('matches the generator output file for file', () => {
		const out = mkdtempSync(join(tmpdir(), 'pp-templates-'));
		try {
			const run = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/generate-templates.ts')], {
				env: { ...process.env, PP_TEMPLATES_OUT: out },
				encoding: 'utf8',
				cwd: ROOT,
			});
			expect(run.status).toBe(0);
			const committed = readdirSync(join(ROOT, 'workflows'))
				.filter((f) => f.endsWith('.json'))
				.sort();
			const generated = readdirSync(out)
				.filter((f) => f.endsWith('.json'))
				.sort();
			expect(generated).toEqual(committed);
			for (const file of committed)
				expect({ file, json: readFileSync(join(out, file), 'utf8') }).toEqual({
					file,
					json: readFileSync(join(ROOT, 'workflows', file), 'utf8'),
				});
		} finally {
			rmSync(out, { recursive: true, force: true });
		}
	});
});
