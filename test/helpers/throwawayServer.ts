import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A throw-away HTTP server answering every request with `answer`. */
export async function serve(
	answer: (res: http.ServerResponse, req: http.IncomingMessage) => void,
): Promise<{ url: string; close: () => Promise<void> }> {
	const server = http.createServer((req, res) => {
		req.resume();
		answer(res, req);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		close: async () => {
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}
