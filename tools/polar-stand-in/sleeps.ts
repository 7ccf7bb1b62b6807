/** Waits that `wakeAll()` ends at once (the stand-in's retries and slow answers, when it closes). */
export class Sleeps {
	private readonly pending = new Set<{ timer: NodeJS.Timeout; wake: () => void }>();
	private closed = false;

	/** Resolves after `ms`, or at once when closed. */
	sleep(ms: number): Promise<void> {
		if (this.closed || ms <= 0) return Promise.resolve();
		return new Promise((resolve) => {
			const entry = {
				wake: () => resolve(),
				timer: setTimeout(() => {
					this.pending.delete(entry);
					resolve();
				}, ms),
			};
			this.pending.add(entry);
		});
	}

	/** Ends every pending wait now, and every later one at once. */
	wakeAll(): void {
		this.closed = true;
		for (const entry of this.pending) {
			clearTimeout(entry.timer);
			entry.wake();
		}
		this.pending.clear();
	}
}
