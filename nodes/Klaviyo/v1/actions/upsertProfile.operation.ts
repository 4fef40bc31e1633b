import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { parseJsonObject, type KlaviyoClient, type ProfileAttributes } from '../../../lib/connectors/klaviyo';
import { readIdentity } from './common';

export const description: INodeProperties[] = [
	{
		displayName: 'Profile Fields',
		name: 'profileFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show: { operation: ['upsertProfile'] } },
		options: [
			{ displayName: 'First Name', name: 'firstName', type: 'string', default: '' },
			{ displayName: 'Last Name', name: 'lastName', type: 'string', default: '' },
			{
				displayName: 'Locale',
				name: 'locale',
				type: 'string',
				default: '',
				placeholder: 'fr-CA',
				description: 'Language and region the customer reads (Shopify customer locale); flows branch on it',
			},
			{ displayName: 'Custom Properties (JSON)', name: 'properties', type: 'json', default: '{}' },
		],
	},
];

/** Create the profile or update the one with the same identity. */
export async function execute(
	this: IExecuteFunctions,
	client: KlaviyoClient,
	_item: INodeExecutionData,
	i: number,
): Promise<IDataObject> {
	const fields = this.getNodeParameter('profileFields', i, {}) as IDataObject;
	const profile: ProfileAttributes = {
		...readIdentity(this, i),
		firstName: (fields.firstName as string) || null,
		lastName: (fields.lastName as string) || null,
		locale: (fields.locale as string) || null,
		properties: parseJsonObject(fields.properties, 'profileFields.properties'),
	};
	const result = await client.upsertProfile(profile);
	return { id: result.id, created: result.created, profile: (result.body as IDataObject)?.data ?? null };
}
