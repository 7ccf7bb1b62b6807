/**
 * What changes when the hostile cases of test/helpers/hostileDeliveries.ts travel over real HTTP into n8n
 * (both end-to-end suites use this): some are answered before the node runs, and a case whose timestamp is
 * relative to "now" must be built right before it is sent.
 */
import {
	type HostileCase,
	type HostileContext,
	hostileDeliveryCases,
} from '../helpers/hostileDeliveries';
import {
	NODE_MAX_HEADER_BYTES,
	type RawRequest,
	headerBytes,
} from '../../tools/polar-stand-in/rawPost';

/** Polar's (and the node's) window; a timestamp further ahead than this must be refused. */
const TOLERANCE_SECONDS = 300;

/**
 * Who answers a request before the node can: Node's HTTP parser refuses a header block over its 16 KiB
 * limit (431), and n8n parses an `application/json` body before the trigger runs (422 when it is not
 * JSON). Everything else reaches the node and gets the case's own answer.
 */
export function answeredBeforeTheNode(
	request: RawRequest,
): { status: number; by: string } | undefined {
	if (headerBytes(request.headers) > NODE_MAX_HEADER_BYTES) {
		return { status: 431, by: "Node's HTTP parser (header block over 16 KiB)" };
	}
	const contentType = request.headers['content-type'];
	if (
		typeof contentType === 'string' &&
		contentType.startsWith('application/json') &&
		request.body.length > 0
	) {
		try {
			JSON.parse(request.body.toString('utf8'));
		} catch {
			return { status: 422, by: "n8n's JSON body parser (before the trigger runs)" };
		}
	}
	return undefined;
}

/** The answer a case must get over HTTP: n8n's or Node's when they answer first, else the node's. */
export function expectedOverHttp(hostile: HostileCase): number {
	return answeredBeforeTheNode(hostile.request)?.status ?? hostile.expectedStatus;
}

/**
 * The case called `name`, built right before it is sent (its timestamps are relative to now). n8n's clock
 * cannot be held, so a case signed for the future is built one second ahead: still refused if the request
 * takes up to a second. Past offsets only grow older in flight.
 */
export function hostileCaseToSend(
	name: string,
	context: Omit<HostileContext, 'nowSeconds'>,
): HostileCase {
	const build = (nowSeconds: number): HostileCase => {
		const found = hostileDeliveryCases({ ...context, nowSeconds }).find(
			(candidate) => candidate.name === name,
		);
		if (!found) throw new Error(`hostileDeliveryCases has no case "${name}" any more`);
		return found;
	};
	const now = Math.floor(Date.now() / 1000);
	const hostile = build(now);
	const timestamp = hostile.request.headers['webhook-timestamp'];
	const future =
		typeof timestamp === 'string' &&
		/^[0-9]{1,15}$/.test(timestamp) &&
		Number(timestamp) > now + TOLERANCE_SECONDS;
	return future ? build(now + 1) : hostile;
}
