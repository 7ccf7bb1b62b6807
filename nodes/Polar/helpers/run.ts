import type { ActionRun } from '../actions/types';
import type { PolarConnection } from '../../shared/transport';

export function newRun(connection: PolarConnection): ActionRun {
	return { connection, memo: new Map() };
}

/**
 * `compute()` once per execution and `key`, its promise shared by every item: e.g. the organization of
 * license-key calls, looked up once rather than once per item. A failure is remembered too, so that items
 * after a refused look-up fail alike instead of asking Polar again.
 */
export async function remember<T>(
	run: ActionRun,
	key: string,
	compute: () => Promise<T>,
): Promise<T> {
	let promise = run.memo.get(key) as Promise<T> | undefined;
	if (!promise) {
		promise = compute();
		run.memo.set(key, promise);
	}
	return await promise;
}
