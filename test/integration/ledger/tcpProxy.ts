/**
 * A loopback TCP proxy in front of PostgreSQL that a test can sever and refuse for a while: to a
 * client that is exactly what a server restart looks like (open connections reset, new ones refused,
 * then the server is back on the same port). Safer than restarting the shared server under other
 * suites.
 */
import net from 'node:net';

export class TcpProxy {
	private server: net.Server | null = null;
	private readonly sockets = new Set<net.Socket>();
	port = 0;

	constructor(
		private readonly targetHost = '127.0.0.1',
		private readonly targetPort = 5432,
	) {}

	async start(port = 0): Promise<number> {
		this.server = net.createServer((client) => {
			const upstream = net.connect(this.targetPort, this.targetHost);
			this.sockets.add(client).add(upstream);
			const drop = () => {
				client.destroy();
				upstream.destroy();
				this.sockets.delete(client);
				this.sockets.delete(upstream);
			};
			client.on('error', drop).on('close', drop);
			upstream.on('error', drop).on('close', drop);
			client.pipe(upstream);
			upstream.pipe(client);
		});
		await new Promise<void>((resolve, reject) => {
			this.server!.once('error', reject);
			this.server!.listen(port, '127.0.0.1', () => resolve());
		});
		this.port = (this.server.address() as net.AddressInfo).port;
		return this.port;
	}

	/** Resets every open connection and refuses new ones (the port is closed). */
	async sever(): Promise<void> {
		for (const s of this.sockets) s.destroy();
		this.sockets.clear();
		const server = this.server;
		this.server = null;
		if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
	}

	/** The "server" is back on the same port. */
	async restore(): Promise<void> {
		await this.start(this.port);
	}

	async stop(): Promise<void> {
		await this.sever();
	}
}
