/**
 * A loopback HTTP server that hands every request to a trigger's webhook(), the way n8n's webhook route
 * does: raw body kept as received, the node's answer (or its direct response) written back.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { IDataObject } from 'n8n-workflow';

import type { N8nTrigger } from '../../tools/n8nTrigger';

export interface TriggerHttpServer {
	baseUrl: string;
	executions: IDataObject[][];
	close(): Promise<void>;
}

export async function serveTrigger(trigger: () => N8nTrigger): Promise<TriggerHttpServer> {
	const executions: IDataObject[][] = [];
	const server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			trigger()
				.deliver({ headers: req.headers, rawBody: Buffer.concat(chunks) })
				.then(({ result, response }) => {
					if (result.workflowData) executions.push(result.workflowData[0].map((item) => item.json));
					res.statusCode = response.statusCode;
					res.setHeader('content-type', 'application/json');
					res.end(JSON.stringify(response.body ?? { message: 'Workflow was started' }));
				})
				.catch((error: unknown) => {
					res.statusCode = 500;
					res.end(String(error));
				});
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		baseUrl: `http://127.0.0.1:${port}`,
		executions,
		close: async () => await new Promise<void>((resolve) => server.close(() => resolve())),
	};
}
