/**
 * The access token never leaves the Polar node: not in error messages or descriptions (even when Polar's
 * answer echoes it), error items, output items or logs, for every operation.
 */
import { N8nAction } from '../../../tools/n8nAction';
import { DEFAULT_ORGANIZATION_ID, actionTokenInfo } from '../../../tools/polar-stand-in/server';
import { OPERATION_CASES } from './operations';
import { useStandIn } from './polarNode';

const TOKEN = 'polar_oat_SECRETactionToken0123456789abcdef';

const polar = useStandIn(
	{ tokens: { [TOKEN]: actionTokenInfo(DEFAULT_ORGANIZATION_ID) } },
	{ reseed: false },
);

function shown(error: unknown): string {
	const { message, description } = error as { message?: string; description?: string };
	return `${message} ${description} ${JSON.stringify(error)}`;
}

describe('the access token never leaves the Polar node', () => {
	it('in no output, error, error item or log of any operation, whatever Polar answers', async () => {
		const seen: string[] = [];
		const logs: string[] = [];
		const run = async (
			parameters: Parameters<typeof N8nAction.prototype.setParameters>[0],
			accessToken: string,
			baseUrl = polar.url,
			onError?: 'continueRegularOutput',
		) => {
			const n8n = new N8nAction({
				credentials: { accessToken, environment: 'custom', baseUrl },
				parameters,
				onError,
			});
			try {
				seen.push(JSON.stringify(await n8n.execute([{ input: 1 }])));
			} catch (error) {
				seen.push(shown(error));
			} finally {
				logs.push(...n8n.logs.map((entry) => entry.message));
			}
		};
		const echo = `token ${TOKEN} rejected`;

		for (const [, parameters] of OPERATION_CASES) {
			polar.actions.reset();
			// Each run gets its parameters first: some cases make a record through the API to work on.
			const faults = [
				undefined,
				{ status: 422, body: { detail: [{ loc: ['body', 'email'], msg: echo }] } },
				{ status: 403, body: { error: 'NotPermitted', detail: echo } },
				{ status: 500, rawBody: echo },
			];
			for (const fault of faults) {
				const given = await parameters(polar);
				if (fault) polar.failNext({}, fault);
				await run(given, TOKEN);
			}
			await run(await parameters(polar), `${TOKEN}x`);
			await run(await parameters(polar), `${TOKEN}x`, polar.url, 'continueRegularOutput');
			await run(await parameters(polar), TOKEN, 'http://127.0.0.1:9');
		}

		expect(seen.length).toBe(OPERATION_CASES.length * 7);
		const everything = [...seen, ...logs].join('\n');
		expect(everything).not.toContain(TOKEN);
		expect(everything).not.toContain(TOKEN.slice('polar_oat_'.length));
		// Polar's words are still shown, with the token taken out.
		expect(everything).toContain('token [redacted] rejected');
	});
});
