import { ExtensivClient } from '../extensiv/client';
import { ShipBobClient, type ShipBobConfig } from '../shipbob/client';
import { ShipHeroClient, type ShipHeroConfig } from '../shiphero/client';
import { ShipMonkClient } from '../shipmonk/client';
import type { ProviderClientConfig } from './http';
import type { ThreePlClient, ThreePlProvider } from './types';

export * from './types';
export * from './common';
export * from './webhooks';
export * from './events';

export type ThreePlClientConfig = ProviderClientConfig &
	Pick<ShipBobConfig, 'channelId'> &
	Pick<ShipHeroConfig, 'customerAccountId'>;

/** The one switch on the provider; everything after it speaks ThreePlClient. */
export function createThreePlClient(provider: ThreePlProvider, config: ThreePlClientConfig): ThreePlClient {
	switch (provider) {
		case 'shipbob':
			return new ShipBobClient(config);
		case 'shiphero':
			return new ShipHeroClient(config);
		case 'shipmonk':
			return new ShipMonkClient(config);
		case 'extensiv':
			return new ExtensivClient(config);
	}
}
export * from './subscriptions';
export * from './workItems';
