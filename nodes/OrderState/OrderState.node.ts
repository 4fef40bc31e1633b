import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import * as evaluateStuck from './actions/evaluateStuck.operation';
import * as reconcile from './actions/reconcile.operation';
import * as timeline from './actions/timeline.operation';
import { nowProperty } from './actions/common';
import { policyProperties } from './descriptions/policy.description';

/**
 * Order State: the canonical order engine on the canvas. Thin by design: every rule lives in
 * nodes/lib/order; this file reads parameters and maps results to items.
 */
export class OrderState implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Order State',
		name: 'orderState',
		icon: 'file:orderState.svg',
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"]}}',
		description: 'Reconcile what Shopify, the warehouse, carriers and Klaviyo say into one order state, trace an order, and find stuck orders',
		defaults: { name: 'Order State' },
		inputs: ['main'],
		outputs: ['main'],
		usableAsTool: true,
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
			...reconcile.description,
			...timeline.description,
			...evaluateStuck.description,
			nowProperty,
			...policyProperties,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const operation = this.getNodeParameter('operation', 0) as string;
		if (operation === 'timeline') return [await timeline.execute.call(this, items)];
		if (operation === 'evaluateStuck') return [await evaluateStuck.execute.call(this, items)];
		return [await reconcile.execute.call(this, items)];
	}
}
