import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { postException } from '../../../lib/connectors/slack';
import { caseLane, caseProperties, readCaseSettings, type AlertExecute } from './common';

export const laneOf = caseLane;

export const description: INodeProperties[] = caseProperties('postException');

/** Posts the case once; a later run for the same case updates that message instead of posting again. */
export const execute: AlertExecute = async function ({ ledger, target, settings }, i) {
	const caseId = this.getNodeParameter('caseId', i) as unknown;
	return (await postException(
		ledger,
		target,
		caseId,
		readCaseSettings(this, settings, i, new Date().toISOString()),
	)) as unknown as IDataObject;
};
