/** The environment one local n8n runs with: its own folder and ports, loopback only, nothing phoning home. */
import * as path from 'node:path';

import { flavourOf } from './versions';

export interface N8nEnvOptions {
	/** The n8n these variables are for (versions.ts: 1.x reads its webhook URL from another variable). */
	n8nVersion: string;
	nodeHome: string;
	userFolder: string;
	port: number;
	brokerPort: number;
	/** Public base URL for webhooks (N8N_WEBHOOK_URL), with a trailing slash, e.g. `http://127.0.0.1:5678/`. */
	webhookUrl: string;
	encryptionKey: string;
	ownerEmail: string;
	ownerPasswordHash: string;
	/** Extra variables, e.g. a log level. */
	extra?: Record<string, string>;
}

/**
 * Variables of the calling process that would change how n8n runs: N8N_*, DB_* and friends, npm's own
 * (`npm start` sets npm_config_*), and NODE_ENV (under Jest it is `test`, and n8n then refuses to load
 * nodes and exits silently).
 */
const DROPPED_PREFIXES = [
	'N8N_',
	'DB_',
	'EXECUTIONS_',
	'QUEUE_',
	'GENERIC_',
	'WEBHOOK_URL',
	'NODE_OPTIONS',
	'NODE_ENV',
	'JEST_',
	'npm_',
];

export function n8nEnv(
	options: N8nEnvOptions,
	base: NodeJS.ProcessEnv = process.env,
): NodeJS.ProcessEnv {
	const inherited = Object.fromEntries(
		Object.entries(base).filter(
			([name]) => !DROPPED_PREFIXES.some((prefix) => name.startsWith(prefix)),
		),
	);
	return {
		...inherited,
		PATH: `${path.join(options.nodeHome, 'bin')}${path.delimiter}${base.PATH ?? ''}`,
		N8N_USER_FOLDER: options.userFolder,
		N8N_PORT: String(options.port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_RUNNERS_BROKER_PORT: String(options.brokerPort),
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		[flavourOf(options.n8nVersion).webhookUrlVariable]: options.webhookUrl,
		N8N_ENCRYPTION_KEY: options.encryptionKey,
		DB_TYPE: 'sqlite',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_SECURE_COOKIE: 'false',
		N8N_INSTANCE_OWNER_MANAGED_BY_ENV: 'true',
		N8N_INSTANCE_OWNER_EMAIL: options.ownerEmail,
		N8N_INSTANCE_OWNER_PASSWORD_HASH: options.ownerPasswordHash,
		N8N_INSTANCE_OWNER_FIRST_NAME: 'Local',
		N8N_INSTANCE_OWNER_LAST_NAME: 'Owner',
		N8N_PUBLIC_API_DISABLED: 'false',
		// Community packages that are not verified by n8n (this one, installed from a tarball) stay allowed.
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
		EXECUTIONS_DATA_SAVE_MANUAL_EXECUTIONS: 'true',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
		...(options.extra ?? {}),
	};
}
