/* eslint-disable n8n-nodes-base/node-filename-against-convention --
   the legacy rule expects the description inside <Name>.node.ts; n8n's versioned layout keeps it here */
import { NodeConnectionTypes, type INodeCredentialDescription, type INodeTypeDescription } from 'n8n-workflow';
import * as evaluateStuck from './actions/evaluateStuck.operation';
import * as planFollowUps from './actions/planFollowUps.operation';
import * as reconcile from './actions/reconcile.operation';
import * as timeline from './actions/timeline.operation';
import { settingsSourceProperty, storeProfileCredential } from '../../shared/storeProfile';
import { nowProperty, STORE_SETTINGS_OPERATIONS } from './actions/common';
import { policyProperties } from './descriptions/policy.description';

/**
 * Outputs per operation, for the operations with outputs of their own; every other one has n8n's one main
 * output. n8n computes the outputs from the parameters when `outputs` is an expression (as its Switch does),
 * in the editor and when it runs the node. The expression holds the outputs as JSON data rather than a
 * stringified function: a compiler or coverage tool can rewrite a function's text, never a string's.
 */
const OUTPUTS_BY_OPERATION = { planFollowUps: planFollowUps.outputs, reconcile: reconcile.outputs };

/** Only when "Settings From" is Store Profile; its Test checks the profile (methods.credentialTest). */
const credentials: INodeCredentialDescription[] = [storeProfileCredential(STORE_SETTINGS_OPERATIONS)];

export const versionDescription: INodeTypeDescription = {
	displayName: 'Order State',
	name: 'orderState',
	icon: { light: 'file:orderState.svg', dark: 'file:orderState.dark.svg' },
	group: ['transform'],
	version: 1,
	subtitle: '={{$parameter["operation"]}}',
	description:
		'Reconcile what Shopify, the warehouse, carriers and Klaviyo say into one order state, trace an order, and ' +
		'find stuck orders',
	defaults: { name: 'Order State' },
	inputs: [NodeConnectionTypes.Main],
	outputs: `={{ ${JSON.stringify(OUTPUTS_BY_OPERATION)}[$parameter.operation] ?? ["${NodeConnectionTypes.Main}"] }}`,
	usableAsTool: true,
	credentials,
	properties: [
		{
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			options: [
				{
					name: 'Evaluate Stuck',
					value: 'evaluateStuck',
					description: 'Re-check stored orders against the SLA at a given time and list their exceptions',
					action: 'Evaluate stuck orders',
				},
				{
					name: 'Plan Follow-Ups',
					value: 'planFollowUps',
					description:
						'After Reconcile: one output per follow-up (open case, clear case, notify customer) and Done for each ' +
						"of the order's claimed events to acknowledge",
					action: 'Plan what happens after an order is reconciled',
				},
				{
					name: 'Reconcile',
					value: 'reconcile',
					description: 'Fold new observations into the stored order record, opening and resolving exceptions',
					action: 'Reconcile an order',
				},
				{
					name: 'Timeline',
					value: 'timeline',
					description: 'Trace an order end to end: one time-ordered history across every system',
					action: 'Trace an order timeline',
				},
			],
			default: 'reconcile',
		},
		settingsSourceProperty(STORE_SETTINGS_OPERATIONS),
		...reconcile.description,
		...planFollowUps.description,
		...timeline.description,
		...evaluateStuck.description,
		nowProperty,
		...policyProperties,
	],
};
