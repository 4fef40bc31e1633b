/**
 * Every field a credential masks in n8n's UI (`password: true`) is one the redaction masks by value in
 * errors and items (nodes/shared/secrets.ts): a new secret field cannot be forgotten there.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ICredentialType } from 'n8n-workflow';
import { isSecretField, secretsOfCredential } from '../../../nodes/shared/secrets';

const dir = join(__dirname, '../../../credentials');
const credentialTypes: ICredentialType[] = readdirSync(dir)
	.filter((f) => f.endsWith('.credentials.ts'))
	.flatMap((f) =>
		// eslint-disable-next-line @typescript-eslint/no-require-imports -- every credential file, found at run time
		Object.values(require(join(dir, f)) as Record<string, new () => ICredentialType>)
			.filter((value) => typeof value === 'function')
			.map((Type) => new Type()),
	);

describe('credential fields the redaction knows as secret', () => {
	it('finds the credentials', () => {
		expect(credentialTypes.length).toBeGreaterThanOrEqual(17);
	});

	it.each(credentialTypes.map((type) => [type.name, type] as const))(
		'%s: every password field is masked',
		(_n, type) => {
			const passwordFields = type.properties.filter((p) => p.typeOptions?.password).map((p) => p.name);
			expect(passwordFields.filter((name) => !isSecretField(name))).toEqual([]);
		},
	);

	it('masks the HTTP Basic encoding of a key and secret pair too', () => {
		const secrets = secretsOfCredential({ apiKey: 'ss-key', apiSecret: 'ss-secret', v1BaseUrl: 'https://x.test' });
		expect(secrets).toEqual(
			expect.arrayContaining(['ss-key', 'ss-secret', Buffer.from('ss-key:ss-secret').toString('base64')]),
		);
		expect(secrets).not.toContain('https://x.test');
	});
});
