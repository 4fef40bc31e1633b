import { VersionedNodeType, type INodeTypeBaseDescription } from 'n8n-workflow';

import { ExceptionAlertsV1 } from './v1/ExceptionAlertsV1.node';

/** Exception Alerts: one node type whose versions live in v1/, v2/...; saved workflows keep their version. */
export class ExceptionAlerts extends VersionedNodeType {
	constructor() {
		const baseDescription: INodeTypeBaseDescription = {
			displayName: 'Exception Alerts',
			name: 'exceptionAlerts',
			icon: { light: 'file:exceptionAlerts.svg', dark: 'file:exceptionAlerts.dark.svg' },
			group: ['output'],
			subtitle: '={{$parameter["operation"]}}',
			description: 'Turn order exceptions into owned cases in Slack, and post the weekly exception report',
			defaultVersion: 1,
		};
		super({ 1: new ExceptionAlertsV1(baseDescription) }, baseDescription);
	}
}
