/** Reading n8n's PostgreSQL directly (psql), to show where the trigger's static data lives in queue mode. */
import * as path from 'node:path';

import { run } from '../../tools/n8n-local/run';
import type { Postgres } from './services';

export async function query(postgresBin: string, postgres: Postgres, sql: string): Promise<string> {
	const { stdout } = await run(
		path.join(postgresBin, 'psql'),
		[
			'-h',
			postgres.host,
			'-p',
			String(postgres.port),
			'-U',
			postgres.user,
			'-d',
			postgres.database,
			'-At',
			'-v',
			'ON_ERROR_STOP=1',
			'-c',
			sql,
		],
		{
			env: {
				PATH: process.env.PATH ?? '/usr/bin:/bin',
				PGPASSWORD: postgres.password,
				PGCONNECT_TIMEOUT: '5',
			},
			echo: 'none',
			cwd: '/',
		},
	);
	return stdout.trim();
}

export interface TriggerStaticData {
	endpointId?: string;
	endpointSecret?: string;
	endpointEvents?: string[];
	endpointUrl?: string;
}

/** The Polar Trigger's node static data as stored in `workflow_entity."staticData"`. */
export async function triggerStaticDataInDb(
	postgresBin: string,
	postgres: Postgres,
	workflowId: string,
	nodeName: string,
): Promise<TriggerStaticData | undefined> {
	if (!/^[A-Za-z0-9]+$/.test(workflowId)) throw new Error(`unexpected workflow id ${workflowId}`);
	const text = await query(
		postgresBin,
		postgres,
		`SELECT "staticData" FROM workflow_entity WHERE id = '${workflowId}'`,
	);
	if (!text) return undefined;
	const staticData = JSON.parse(text) as Record<string, unknown>;
	return staticData[`node:${nodeName}`] as TriggerStaticData | undefined;
}
