/**
 * The secret values of the credentials a node uses, for the one redaction (nodes/lib/http/redact.ts): an
 * error or an item must never carry them, however a vendor or an HTTP library quotes them.
 */
import type {
	ICredentialDataDecryptedObject,
	IExecuteFunctions,
	IHookFunctions,
	ILoadOptionsFunctions,
	IWebhookFunctions,
} from 'n8n-workflow';

type CredentialContext = IExecuteFunctions | IWebhookFunctions | IHookFunctions | ILoadOptionsFunctions;

/**
 * Which credential fields are secret: every field a credential masks (`password: true`) matches this
 * (test/unit/structure/credentialSecrets.test.ts keeps it so for every credential in credentials/).
 */
const SECRET_FIELD = /token|secret|password|api_?key|credential|webhookurl|^clientid$/i;

export function isSecretField(name: string): boolean {
	return SECRET_FIELD.test(name);
}

/** The secret values of one credential's data, with the Basic-auth encodings of every pair of them. */
export function secretsOfCredential(data: ICredentialDataDecryptedObject | undefined): string[] {
	const values = Object.entries(data ?? {})
		.filter(([name, value]) => isSecretField(name) && typeof value === 'string' && value !== '')
		.map(([, value]) => value as string);
	const out = new Set(values);
	// ShipStation and Extensiv send "key:secret" as HTTP Basic: its base64 is a secret too.
	for (const a of values)
		for (const b of values) if (a !== b) out.add(Buffer.from(`${a}:${b}`, 'utf8').toString('base64'));
	return [...out];
}

/** Every secret of every credential set on the node; a credential that cannot be read adds nothing. */
export async function credentialSecrets(ctx: CredentialContext): Promise<string[]> {
	const out: string[] = [];
	for (const type of Object.keys(ctx.getNode().credentials ?? {})) {
		try {
			out.push(...secretsOfCredential((await ctx.getCredentials(type)) as ICredentialDataDecryptedObject));
		} catch {
			// Not set or not readable here: nothing of it can be in the error either.
		}
	}
	return out;
}
