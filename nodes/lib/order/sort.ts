/**
 * Sorting the short lists reconcile sorts by the dozen per order (its facts, a parcel's sources, an order's
 * SKUs, a history). V8's Array.prototype.sort allocates its merge state and a work copy on every call, even
 * for two items: a fifth of the bytes reconcile allocated (issue 14), and with them the young-generation
 * collections that copy the whole batch being reconciled. An insertion sort allocates nothing and is quick
 * up to a few dozen items; longer lists still go to the built-in sort.
 */

/** Lists up to this long are sorted by insertion; longer ones by Array.prototype.sort. */
const INSERTION_LIMIT = 16;

/**
 * list.sort(compare), in place: the same order, as both sorts are stable (equal items keep their order) and
 * compare is a consistent order in every caller.
 */
export function sortInPlace<T>(list: T[], compare: (a: T, b: T) => number): T[] {
	if (list.length > INSERTION_LIMIT) return list.sort(compare);
	for (let i = 1; i < list.length; i++) {
		const item = list[i];
		let j = i - 1;
		while (j >= 0 && compare(list[j], item) > 0) {
			list[j + 1] = list[j];
			j--;
		}
		list[j + 1] = item;
	}
	return list;
}

/** Strings by UTF-16 code units: the order of `<`, and of sort() without a compare function on strings. */
export function compareText(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}

/** list.sort() of a list of strings, in place. */
export function sortTexts<T extends string>(list: T[]): T[] {
	return sortInPlace(list, compareText);
}
