/**
 * Detection at scale: the sandbox world (default 500 orders, seed 42) pulled through the real connectors
 * over HTTP with the planned failures, reconciled at the end time, scored against the ground truth.
 * Prints recall, precision, stage accuracy, planted problems by kind, calls per vendor and wall time.
 *
 *   npx tsx test/bench/detection.bench.ts [--orders 500] [--seed 42]
 */
import { startWorldSandbox } from '../sandbox/world/worldSandbox';
import { runPipeline, scoreDetection } from '../integration/pipeline/runPipeline';

function arg(name: string, fallback: number): number {
	const i = process.argv.indexOf(`--${name}`);
	const n = i >= 0 ? Number(process.argv[i + 1]) : fallback;
	if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name}: "${process.argv[i + 1]}" is not a positive whole number`);
	return n;
}

async function main(): Promise<void> {
	const orders = arg('orders', 500);
	const seed = arg('seed', 42);
	const started = Date.now();
	const sandbox = await startWorldSandbox({ seed, orders });
	const ready = Date.now();
	try {
		const result = await runPipeline({ baseUrl: sandbox.baseUrl, now: new Date(sandbox.world.endMs).toISOString() });
		const done = Date.now();
		const score = scoreDetection(sandbox.world.truth, result.records);
		const byPlant: Record<string, number> = {};
		for (const t of Object.values(sandbox.world.truth)) if (t.plant) byPlant[t.plant] = (byPlant[t.plant] ?? 0) + 1;
		const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
		console.log(`world: ${orders} orders, seed ${seed}, ${score.planted} planted problems ${JSON.stringify(byPlant)}`);
		console.log(`recall ${pct(score.recall)}  precision ${pct(score.precision)}  stage accuracy ${pct(score.stageAccuracy)}  (missed ${score.missed.length}, unexpected ${score.unexpected.length}, wrong stage ${score.wrongStage.length})`);
		console.log(`observations ${result.observations}, Klaviyo events ${result.notificationsSent}, tracking problems ${result.trackingProblems.length}`);
		console.log(`calls per vendor ${JSON.stringify(result.calls)}; injected failures fired ${sandbox.firedFailures.length}`);
		console.log(`wall: sandbox start ${((ready - started) / 1000).toFixed(1)} s, pull + reconcile + notify ${((done - ready) / 1000).toFixed(1)} s`);
		if (score.missed.length || score.unexpected.length || score.wrongStage.length) console.log(JSON.stringify({ missed: score.missed, unexpected: score.unexpected, wrongStage: score.wrongStage }, null, 1));
	} finally {
		await sandbox.close();
	}
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
