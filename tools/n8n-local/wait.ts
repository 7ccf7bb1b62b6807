/** Bounded polling: every wait in this tool has a deadline and says what it waited for. */

export const sleep = (ms: number): Promise<void> =>
	new Promise((resolve) => setTimeout(resolve, ms));

export interface PollOptions {
	/** What is awaited, for the timeout error (a function to describe the last state seen). */
	what: string | (() => string);
	timeoutMs: number;
	intervalMs?: number;
}

/** Thrown inside a poll to stop waiting at once: the awaited state can no longer come. */
export class PollAbort extends Error {}

/**
 * Calls `attempt` until it returns something other than undefined and resolves with that. Errors thrown
 * by `attempt` count as "not yet" (the last one is reported on timeout), except PollAbort.
 */
export async function pollUntil<T>(
	attempt: () => Promise<T | undefined> | T | undefined,
	options: PollOptions,
): Promise<T> {
	const deadline = Date.now() + options.timeoutMs;
	let lastError: unknown;
	for (;;) {
		try {
			const value = await attempt();
			if (value !== undefined) return value;
		} catch (error) {
			if (error instanceof PollAbort) throw error;
			lastError = error;
		}
		if (Date.now() >= deadline) {
			const reason = lastError instanceof Error ? `: ${lastError.message}` : '';
			const what = typeof options.what === 'function' ? options.what() : options.what;
			throw new Error(`timed out after ${options.timeoutMs} ms waiting for ${what}${reason}`);
		}
		await sleep(options.intervalMs ?? 250);
	}
}
