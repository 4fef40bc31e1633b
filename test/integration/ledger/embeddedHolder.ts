/**
 * A second OS process for ledger.embedded-sharing.test.ts: opens the embedded ledger at argv[2]
 * through the real driver (so it takes the lock file), prints "held <pid>", and keeps it until its
 * stdin closes; then it closes cleanly and exits, or with argv[3] = "exit" calls process.exit(0)
 * without closing (what a CLI run does). Run: node --import tsx embeddedHolder.ts <dir> [exit]
 */
import { closeIdleEmbedded, createPgliteDriver } from '../../../nodes/lib/ledger/sql/pgliteDriver';

async function main(): Promise<void> {
	const dir = process.argv[2];
	const driver = await createPgliteDriver(dir, { lockWaitMs: 60_000 });
	await driver.query('SELECT 1');
	process.stdout.write(`held ${process.pid}\n`);
	process.stdin.resume();
	await new Promise((r) => process.stdin.once('end', r));
	if (process.argv[3] === 'exit') process.exit(0);
	await driver.close();
	await closeIdleEmbedded();
}

main().catch((err: Error) => {
	process.stderr.write(`${err.message}\n`);
	process.exit(1);
});
