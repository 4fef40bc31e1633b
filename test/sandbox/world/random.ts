/** Seeded randomness for the world: mulberry32, so the same seed always tells the same story. */
export interface Random {
	next(): number;
	pick<T>(list: readonly T[]): T;
	shuffle<T>(list: T[]): T[];
}

export function createRandom(seed: number): Random {
	let a = (seed * 2_654_435_761) >>> 0;
	const next = () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	return {
		next,
		pick: (list) => list[Math.floor(next() * list.length)],
		shuffle: (list) => {
			for (let i = list.length - 1; i > 0; i--) {
				const j = Math.floor(next() * (i + 1));
				[list[i], list[j]] = [list[j], list[i]];
			}
			return list;
		},
	};
}
