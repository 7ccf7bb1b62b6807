/** Progress lines: every step of the multi-minute first run says what it is doing. */
export type LogSink = (line: string) => void;

let sink: LogSink = (line) => process.stdout.write(`${line}\n`);

/** Redirects progress lines (tests collect them, a quiet mode drops them). */
export function setLogSink(next: LogSink): void {
	sink = next;
}

export function say(message: string): void {
	for (const line of message.split('\n')) sink(`[n8n-local] ${line}`);
}

/** Milliseconds since `start`, as "12.3 s". */
export function elapsed(start: number): string {
	return `${((Date.now() - start) / 1000).toFixed(1)} s`;
}
