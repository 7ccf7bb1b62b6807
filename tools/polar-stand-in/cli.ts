/**
 * npm run polar:local -- [--port 7788] [--host 127.0.0.1] [--allow-loopback] [--allow-private]
 *                        [--secret-scheme standard|legacy-polar_whs|legacy-whsec] [--token polar_oat_local]
 *                        [--personal-token polar_pat_local] [--organization-id <uuid4>]
 *                        [--action-token polar_oat_standin_actions] [--seed-customers 12]
 *                        [--rate-limit <per minute>] [--retry-base-ms 1000] [--max-attempts 10]
 *                        [--timeout-ms 10000] [--quiet]
 *
 * Starts a Polar stand-in with the `/_standin/...` control routes on the same port.
 */
import {
	ACTION_TOKEN,
	DEFAULT_ORGANIZATION_ID,
	DEFAULT_TOKEN,
	PolarStandIn,
	type PolarStandInOptions,
	actionTokenInfo,
} from './server';
import { isSecretScheme } from './signing';
import type { TokenInfo } from './types';
import { parseCommandLine, portNumber, readFlags } from '../cli-args';

const USAGE = `Usage: npm run polar:local -- [options]
  --port <n>               port (default 7788, 0 = random)
  --host <addr>            bind address (default 127.0.0.1)
  --allow-loopback         accept http://localhost / 127.0.0.1 webhook URLs (a local n8n)
  --allow-private          accept every non-public address (e.g. docker networks)
  --secret-scheme <s>      standard | legacy-polar_whs | legacy-whsec (default standard)
  --token <t>              organization access token (default ${DEFAULT_TOKEN})
  --personal-token <t>     also accept this personal access token (organization_id required)
  --organization-id <id>   organization of the tokens (default ${DEFAULT_ORGANIZATION_ID})
  --action-token <t>       organization token with every scope of the action node (default ${ACTION_TOKEN})
  --seed-customers <n>     customers seeded for the action routes (default 12)
  --rate-limit <n>         requests per minute and organization (default: unlimited)
  --retry-base-ms <n>      delivery backoff base: retry n waits base * 2^n (default 1000)
  --max-attempts <n>       delivery attempts per event (default 10)
  --timeout-ms <n>         how long a delivery waits for the receiver (default 10000)
  --quiet                  no request log`;

export interface CliConfig {
	options: PolarStandInOptions;
	token: string;
	actionToken: string;
	personalToken?: string;
	organizationId: string;
	quiet: boolean;
}

function numberArg(name: string, value: string): number {
	const parsed = Number(value);
	if (!Number.isFinite(parsed) || parsed < 0)
		throw new Error(`${name} needs a non-negative number`);
	return parsed;
}

export function parseArgs(argv: string[]): CliConfig | 'help' {
	const given = readFlags(argv, {
		onOff: ['--allow-loopback', '--allow-private', '--quiet'],
		values: [
			'--port',
			'--host',
			'--secret-scheme',
			'--token',
			'--personal-token',
			'--organization-id',
			'--action-token',
			'--seed-customers',
			'--rate-limit',
			'--retry-base-ms',
			'--max-attempts',
			'--timeout-ms',
		],
	});
	if (given === 'help') return 'help';
	const number = (flag: string): number | undefined => {
		const raw = given.text(flag);
		return raw === undefined ? undefined : numberArg(flag, raw);
	};
	const rawPort = given.text('--port');
	const port = rawPort === undefined ? 7788 : portNumber('--port', rawPort);
	const host = given.text('--host') ?? '127.0.0.1';
	const token = given.text('--token') ?? DEFAULT_TOKEN;
	const personalToken = given.text('--personal-token');
	const organizationId = given.text('--organization-id')?.toLowerCase() ?? DEFAULT_ORGANIZATION_ID;
	const quiet = given.on('--quiet');
	const options: PolarStandInOptions = { controlRoutes: true, retryBaseMs: 1000 };
	if (given.on('--allow-loopback')) options.allowLoopbackUrls = true;
	if (given.on('--allow-private')) options.allowPrivateUrls = true;
	const scheme = given.text('--secret-scheme');
	if (scheme !== undefined) {
		if (!isSecretScheme(scheme))
			throw new Error('--secret-scheme must be standard, legacy-polar_whs or legacy-whsec');
		options.secretScheme = scheme;
	}
	const rateLimit = number('--rate-limit');
	if (rateLimit !== undefined) options.rateLimitPerMinute = rateLimit;
	const retryBaseMs = number('--retry-base-ms');
	if (retryBaseMs !== undefined) options.retryBaseMs = retryBaseMs;
	const maxAttempts = number('--max-attempts');
	if (maxAttempts !== undefined) options.maxAttempts = Math.max(1, maxAttempts);
	const timeoutMs = number('--timeout-ms');
	if (timeoutMs !== undefined) options.deliveryTimeoutMs = timeoutMs;
	const scopes = ['webhooks:read', 'webhooks:write'];
	const tokens: Record<string, TokenInfo> = {
		[token]: { kind: 'organization', organizationId, scopes },
	};
	if (personalToken) tokens[personalToken] = { kind: 'personal', organizationId, scopes };
	const actionToken = given.text('--action-token') ?? ACTION_TOKEN;
	tokens[actionToken] = actionTokenInfo(organizationId);
	options.tokens = tokens;
	const customers = number('--seed-customers');
	options.actions = {
		organizationId,
		...(customers === undefined ? {} : { seed: { customers: Math.floor(customers) } }),
	};
	options.port = port;
	options.host = host;
	return { options, token, actionToken, personalToken, organizationId, quiet };
}

async function main(): Promise<void> {
	const config = parseCommandLine(parseArgs, USAGE);
	if (!config) return;
	const { options, token, actionToken, personalToken, organizationId, quiet } = config;
	if (!quiet) options.log = (line) => process.stdout.write(`[polar-stand-in] ${line}\n`);
	const standIn = await PolarStandIn.start(options);
	const lines = [
		`Polar stand-in listening on ${standIn.url}`,
		`  API base URL     ${standIn.url}   (use it as the Polar base URL / server of the credential)`,
		`  token            ${token}   (organization ${organizationId})`,
		...(personalToken ? [`  personal token   ${personalToken}`] : []),
		`  action token     ${actionToken}   (every scope of the action node and the trigger)`,
		`  webhook URLs     ${options.allowLoopbackUrls ? 'https public, plus loopback http allowed' : 'https, public hosts only'}${options.allowPrivateUrls ? ', private allowed' : ''}`,
		`  secret scheme    ${options.secretScheme ?? 'standard'}`,
		'',
		'Control routes:',
		`  curl -s ${standIn.url}/_standin/endpoints`,
		`  curl -s -X POST ${standIn.url}/_standin/emit -d '{"type":"order.paid"}'`,
		`  curl -s -X POST ${standIn.url}/_standin/endpoints/<id>/disable   (also /enable, /delete, /rotate-secret)`,
		`  curl -s ${standIn.url}/_standin/actions/customers   (also orders, subscriptions, licenseKeys...)`,
		'Ctrl-C to stop.',
	];
	process.stdout.write(`${lines.join('\n')}\n`);

	const stop = (): void => {
		process.stdout.write('\nstopping Polar stand-in\n');
		standIn.close().then(
			() => process.exit(0),
			() => process.exit(1),
		);
	};
	process.once('SIGINT', stop);
	process.once('SIGTERM', stop);
}

if (require.main === module) {
	void main();
}
