/**
 * `task` over every item with at most `concurrency` in flight, the way the load tests and the bench send
 * deliveries. Results come back in input order, with the most tasks that were in flight at once.
 */
export async function inPool<T, R>(
	items: readonly T[],
	concurrency: number,
	task: (item: T, index: number) => Promise<R>,
): Promise<{ results: R[]; maxInFlight: number }> {
	const results = new Array<R>(items.length);
	let next = 0;
	let inFlight = 0;
	let maxInFlight = 0;
	const lane = async (): Promise<void> => {
		while (next < items.length) {
			const index = next++;
			inFlight += 1;
			maxInFlight = Math.max(maxInFlight, inFlight);
			try {
				results[index] = await task(items[index] as T, index);
			} finally {
				inFlight -= 1;
			}
		}
	};
	await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane));
	return { results, maxInFlight };
}
