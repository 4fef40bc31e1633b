/**
 * The scenario's workflows run by n8n's engine in this process (test/helpers/n8n.ts runWorkflow): the
 * templates themselves, as a user imports them, with every node operation they use; no n8n server. Shopify's
 * webhooks go through the intake's trigger node (its own signature check and normalising, runWebhook) and
 * then through the rest of the intake workflow. What the e2e suites prove in a real n8n, the integration
 * tests prove here in seconds, on the same code paths.
 */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { ShopifyOrdersTrigger } from '../../../nodes/ShopifyOrdersTrigger/ShopifyOrdersTrigger.node';
import type { ExecutionResult } from '../../e2e/harness';
import { sandboxCredentials, type ScenarioHost, type ScenarioStorage, type TemplateKey } from '../../e2e/scenario';
import { runWebhook, runWorkflow, packageTypes, type RunWorkflowResult } from '../../helpers/n8n';
import { shopifyHeaders } from '../../sandbox/world/webhooks';
import { SANDBOX_CREDENTIALS, type WorldSandbox } from '../../sandbox/world/worldSandbox';
import type { Template } from '../../unit/templates/checks';

const TRIGGER_TYPE = 'n8n-nodes-post-purchase.shopifyOrdersTrigger';

/** What the scenario reads of a run, in the shape the real n8n's harness gives it. */
function asExecution(run: RunWorkflowResult): ExecutionResult {
	return {
		status: run.status,
		runData: run.runData as unknown as ExecutionResult['runData'],
		error: run.error
			? {
					message: run.error.message,
					description: run.error.description ?? undefined,
					node: { name: (run.error as { node?: { name?: string } }).node?.name },
				}
			: undefined,
		lastNodeExecuted: run.lastNodeExecuted,
		raw: {},
		exitCode: 0,
		stderr: '',
	};
}

export function inProcessScenarioHost(sandbox: WorldSandbox, storage: ScenarioStorage): ScenarioHost {
	const credentials: Record<string, ICredentialDataDecryptedObject> = Object.fromEntries(
		sandboxCredentials(sandbox, storage).map((c) => [c.type, c.data as unknown as ICredentialDataDecryptedObject]),
	);
	const { credentialTypes } = packageTypes();
	const templates = new Map<TemplateKey, Template>();
	const template = (key: TemplateKey) => {
		const t = templates.get(key);
		if (!t) throw new Error(`the ${key} template was not saved before it was run`);
		return t;
	};
	const run = (t: Template, start: string) => runWorkflow({ workflow: t as never, start, credentials });
	return {
		async save(key, t) {
			templates.set(key, structuredClone(t));
		},
		run: async (key, trigger) => asExecution(await run(template(key), trigger)),
		// Nothing to subscribe: the deliveries are handed to the trigger node directly.
		async startIntake() {},
		async deliver(deliveries) {
			const intake = template('intake');
			const trigger = intake.nodes.find((n) => n.type === TRIGGER_TYPE);
			if (!trigger) throw new Error('the intake template has no Shopify trigger');
			let rejected = 0;
			let failedExecutions = 0;
			const { shopDomain, webhookSecret } = SANDBOX_CREDENTIALS.shopify;
			for (const delivery of deliveries) {
				const answer = await runWebhook({
					nodeType: new ShopifyOrdersTrigger(),
					parameters: trigger.parameters as never,
					// the Shopify credential, and the ledger's: the trigger stores each delivery itself (issue 16)
					credentials,
					credentialTypes,
					headers: shopifyHeaders(delivery, webhookSecret, shopDomain),
					rawBody: Buffer.from(delivery.body),
				});
				if (answer.status !== 200) rejected++;
				if (!answer.workflowData) continue;
				const started = await runWorkflow({
					workflow: intake as never,
					start: trigger.name,
					input: answer.workflowData[0],
					credentials,
				});
				if (started.status !== 'success') failedExecutions++;
			}
			return { rejected, failedExecutions };
		},
		ids: () => Object.fromEntries([...templates.keys()].map((k) => [k, `in-process:${k}`])),
	};
}
