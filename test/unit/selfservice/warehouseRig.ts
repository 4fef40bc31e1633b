/**
 * Each warehouse's simulator behind the warehouse port (real HTTP on 127.0.0.1, one virtual clock for the clients'
 * waits), with what a test may do to it and count at it: the rig the port's address and cancel tests share.
 */
import { createFetchTransport } from '../../../nodes/lib/http';
import type { HttpRequest, Transport } from '../../../nodes/lib/http/types';
import { ExtensivClient } from '../../../nodes/lib/connectors/extensiv/client';
import { ShipBobClient } from '../../../nodes/lib/connectors/shipbob/client';
import { ShipHeroClient } from '../../../nodes/lib/connectors/shiphero/client';
import { ShipMonkClient } from '../../../nodes/lib/connectors/shipmonk/client';
import { ShipStationV1Client, shipStationTransport } from '../../../nodes/lib/connectors/shipstation';
import {
	warehousePort,
	type Warehouse,
	type WarehouseOrderRef,
	type WarehousePort,
} from '../../../nodes/lib/selfservice';
import { startSandbox, type RunningSandbox } from '../../sandbox/http';
import { ExtensivSim } from '../../sandbox/vendors/extensiv';
import { ShipBobSim } from '../../sandbox/vendors/shipbob';
import { ShipHeroSim } from '../../sandbox/vendors/shiphero';
import { ShipMonkSim } from '../../sandbox/vendors/shipmonk';
import { createShipStationSim } from '../../sandbox/vendors/shipstation';
import { sharedSpecPath } from '../../helpers/specs';
import { createVirtualClock } from '../../helpers/virtualClock';

export const HAS_SHIPHERO_SCHEMA = !!sharedSpecPath('shiphero/shiphero_schema.json');

/** What a test may do to the simulated warehouse behind a port. */
export interface Controls {
	/** Whether a request is the warehouse's address write. */
	isWrite(request: HttpRequest): boolean;
	/** The warehouse starts picking the order now. */
	startPicking(ref: WarehouseOrderRef): void;
	/** Whether a request is the warehouse's cancel. */
	isCancel(request: HttpRequest): boolean;
}

export interface Rig extends Controls {
	port: WarehousePort;
	/** An order the warehouse has not started, one it has shipped. */
	open: WarehouseOrderRef;
	shipped: WarehouseOrderRef;
	/** An order the warehouse has cancelled. */
	cancelled: WarehouseOrderRef;
	/** The normalised status `open` reads as. */
	openStatus: string;
	/** Address writes the warehouse received and accepted (2xx; a GraphQL answer without errors). */
	writes(): number;
	/** Address writes the warehouse received, accepted or not. */
	writesReceived(): number;
	/** Cancels the warehouse received, accepted or not. */
	cancelsReceived(): number;
	/** Requests the warehouse received. */
	requests(): number;
	sandbox: RunningSandbox;
	/** The ShipBob simulator itself (shipbob only): its orders, inventory and recorded requests. */
	shipbobSim?: ShipBobSim;
}

export const clock = createVirtualClock(Date.parse('2026-03-10T12:00:00Z'));
export const now = () => new Date(clock.now());
const RETRY = { random: () => 0.5 };

async function tokenFrom(url: string, init: RequestInit): Promise<string> {
	return ((await (await fetch(url, init)).json()) as { access_token: string }).access_token;
}

/** A port over a fresh simulator; `wrap` sits between the client's retries and the network. */
export async function rig(
	warehouse: Warehouse,
	wrap: (inner: Transport, sim: Controls) => Transport = (t) => t,
): Promise<Rig> {
	const path = (r: HttpRequest) => new URL(r.url).pathname;
	const text = (body: unknown) => (typeof body === 'string' ? body : JSON.stringify(body ?? ''));
	switch (warehouse) {
		case 'shipstation': {
			const sim = createShipStationSim({ seed: 5, orders: 24, now: clock.now });
			const sandbox = await startSandbox([sim]);
			sim.baseUrl = sandbox.baseUrl('shipstation');
			const idOf = (ref: WarehouseOrderRef) =>
				sim.orders.find((o) => o.orderNumber.replace(/^#/, '') === ref.orderKey)!.orderId;
			const controls: Controls = {
				isWrite: (r) => r.method === 'POST' && path(r).endsWith('/orders/createorder'),
				startPicking: (ref) => sim.startPicking(idOf(ref)),
				isCancel: (r) =>
					r.method === 'POST' &&
					path(r).endsWith('/orders/createorder') &&
					/"orderStatus":"cancelled"/.test(text(r.body)),
			};
			const transport = shipStationTransport(wrap(createFetchTransport(), controls), { clock, retry: RETRY });
			const v1 = new ShipStationV1Client({
				transport,
				baseUrl: sim.baseUrl,
				auth: { apiKey: 'ss-key', apiSecret: 'ss-secret' },
				clock,
			});
			const refOf = (status: string) => ({
				orderKey: sim.orders.find((o) => o.orderStatus === status)!.orderNumber.replace(/^#/, ''),
			});
			const received = () => sim.requests.filter((r) => r.method === 'POST' && r.path === '/orders/createorder');
			return {
				...controls,
				port: warehousePort('shipstation', { v1 }),
				open: refOf('awaiting_shipment'),
				shipped: refOf('shipped'),
				cancelled: refOf('cancelled'),
				openStatus: 'received',
				writes: () => received().filter((r) => r.status < 300).length,
				writesReceived: () => received().length,
				cancelsReceived: () => received().filter((r) => text(r.json).includes('"orderStatus":"cancelled"')).length,
				requests: () => sim.requests.length,
				sandbox,
			};
		}
		case 'shipbob': {
			const sim = new ShipBobSim({ orders: 16, now: clock.now });
			const sandbox = await startSandbox([sim]);
			const controls: Controls = {
				isWrite: (r) => r.method === 'PUT' && path(r).endsWith(':updateAddress'),
				startPicking: (ref) => sim.startPicking(ref.orderKey),
				isCancel: (r) => r.method === 'POST' && path(r).endsWith(':cancel'),
			};
			const client = new ShipBobClient({
				transport: wrap(createFetchTransport(), controls),
				baseUrl: sandbox.baseUrl('shipbob'),
				headers: { authorization: 'Bearer sb-pat-test' },
				clock,
				retry: RETRY,
			});
			const received = () => sim.kit.requests.filter((r) => r.method === 'PUT');
			return {
				...controls,
				port: warehousePort('shipbob', client),
				open: { orderKey: '1001', orderName: '#1001' },
				shipped: { orderKey: '1006' },
				cancelled: { orderKey: '1007' },
				openStatus: 'processing',
				writes: () => received().filter((r) => r.status < 300).length,
				writesReceived: () => received().length,
				cancelsReceived: () => sim.kit.requests.filter((r) => r.method === 'POST' && r.path.endsWith(':cancel')).length,
				requests: () => sim.kit.requests.length,
				sandbox,
				shipbobSim: sim,
			};
		}
		case 'shiphero': {
			const sim = new ShipHeroSim({ orders: 16, now: clock.now });
			const sandbox = await startSandbox([sim]);
			const token = await tokenFrom(`${sandbox.baseUrl('shiphero')}/auth/refresh`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ refresh_token: 'sh-refresh-test' }),
			});
			const body = (r: { json?: unknown; body?: unknown }) => JSON.stringify(r.json ?? r.body ?? '');
			const controls: Controls = {
				isWrite: (r) => r.method === 'POST' && body(r).includes('order_update('),
				startPicking: (ref) => sim.startPicking(ref.orderKey),
				isCancel: (r) => r.method === 'POST' && body(r).includes('order_cancel('),
			};
			const client = new ShipHeroClient({
				transport: wrap(createFetchTransport(), controls),
				baseUrl: sandbox.baseUrl('shiphero'),
				headers: { authorization: `Bearer ${token}` },
				clock,
				retry: RETRY,
			});
			const received = () => sim.kit.requests.filter((r) => body(r).includes('order_update('));
			return {
				...controls,
				port: warehousePort('shiphero', client),
				// Its Shopify integration files the order under the Shopify id (partner_order_id): asked first.
				open: { orderKey: '1001', shopifyOrderId: 'gid://shopify/Order/7000000' },
				shipped: { orderKey: '1006' },
				cancelled: { orderKey: '1007' },
				openStatus: 'received',
				// ShipHero answers 200 to a refused mutation too (its errors in the body): counted where none is refused.
				writes: () => received().filter((r) => r.status === 200).length,
				writesReceived: () => received().length,
				cancelsReceived: () => sim.kit.requests.filter((r) => body(r).includes('order_cancel(')).length,
				requests: () => sim.kit.requests.length,
				sandbox,
			};
		}
		case 'shipmonk': {
			const sim = new ShipMonkSim({ orders: 16, now: clock.now });
			const sandbox = await startSandbox([sim]);
			const controls: Controls = {
				isWrite: (r) => r.method === 'POST' && path(r).endsWith('/v1/integrations/order'),
				startPicking: (ref) => sim.startPicking(ref.orderKey),
				isCancel: (r) =>
					r.method === 'POST' &&
					path(r).endsWith('/v1/integrations/order') &&
					/"order_status":"cancelled"/.test(text(r.body)),
			};
			const client = new ShipMonkClient({
				transport: wrap(createFetchTransport(), controls),
				baseUrl: sandbox.baseUrl('shipmonk'),
				headers: { 'api-key': 'sm-key-test' },
				clock,
				retry: RETRY,
			});
			const received = () => sim.kit.requests.filter((r) => r.method === 'POST');
			return {
				...controls,
				port: warehousePort('shipmonk', client),
				open: { orderKey: '1001' },
				shipped: { orderKey: '1006' },
				cancelled: { orderKey: '1007' },
				// submitted: handed to the warehouse, not picked yet (ShipMonk still takes a new ship_to).
				openStatus: 'processing',
				writes: () => received().length,
				writesReceived: () => received().length,
				cancelsReceived: () => received().filter((r) => text(r.json).includes('"order_status":"cancelled"')).length,
				requests: () => sim.kit.requests.length,
				sandbox,
			};
		}
		case 'extensiv': {
			const sim = new ExtensivSim({ orders: 12, now: clock.now });
			const sandbox = await startSandbox([sim]);
			const token = await tokenFrom(`${sandbox.baseUrl('extensiv')}/AuthServer/api/Token`, {
				method: 'POST',
				headers: {
					authorization: 'Basic ' + Buffer.from('ext-client:ext-secret').toString('base64'),
					'content-type': 'application/json',
				},
				body: JSON.stringify({ grant_type: 'client_credentials' }),
			});
			const controls: Controls = {
				isWrite: () => false,
				startPicking: (ref) => sim.startPicking(ref.orderKey),
				isCancel: (r) => r.method === 'POST' && path(r).endsWith('/canceler'),
			};
			const client = new ExtensivClient({
				transport: wrap(createFetchTransport(), controls),
				baseUrl: sandbox.baseUrl('extensiv'),
				headers: { authorization: `Bearer ${token}` },
				clock,
				retry: RETRY,
			});
			return {
				...controls,
				port: warehousePort('extensiv', client),
				open: { orderKey: '1001' },
				shipped: { orderKey: '1006' },
				cancelled: { orderKey: '1007' },
				openStatus: 'processing',
				writes: () => 0,
				writesReceived: () => 0,
				cancelsReceived: () =>
					sim.kit.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/canceler')).length,
				// The token exchange above is the test's, not the port's.
				requests: () => sim.kit.requests.filter((r) => r.path !== '/AuthServer/api/Token').length,
				sandbox,
			};
		}
	}
}

/** The warehouses whose API can change a ship-to (ShipHero needs its schema file to run). */
export const WRITABLE: Warehouse[] = [
	'shipstation',
	'shipbob',
	...(HAS_SHIPHERO_SCHEMA ? ['shiphero' as const] : []),
	'shipmonk',
];
export const ALL: Warehouse[] = [...WRITABLE, 'extensiv'];
