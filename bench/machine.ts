/** What the figures were measured on: they mean little without it. */
import { readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT } from '../tools/n8n-local/ensure';

export interface MachineDescription {
	os: string;
	platform: string;
	arch: string;
	cpuModel: string;
	cores: number;
	availableParallelism: number;
	memoryGiB: number;
	/** 1/5/15-minute load averages when the run started (the machine is shared: high values mean noise). */
	loadAverageAtStart: number[];
	loadAverageAtEnd?: number[];
	/** Node running the bench itself (and the micro benchmark). */
	node: string;
	openssl: string;
	v8: string;
	packages: Record<string, string>;
	/** n8n of the end-to-end run, and the Node it ran on (filled in by the e2e part). */
	n8n?: { version: string; node: string };
}

function versionOf(packageJson: string): string {
	try {
		return (
			(JSON.parse(readFileSync(packageJson, 'utf8')) as { version?: string }).version ?? 'unknown'
		);
	} catch {
		return 'unknown';
	}
}

export function describeMachine(): MachineDescription {
	const cpus = os.cpus();
	const loadAverage = os.loadavg().map((value) => Math.round(value * 100) / 100);
	const modulePackage = (name: string): string =>
		versionOf(path.join(REPO_ROOT, 'node_modules', name, 'package.json'));
	return {
		os: `${os.type()} ${os.release()}`,
		platform: os.platform(),
		arch: os.arch(),
		cpuModel: cpus[0]?.model.trim() ?? 'unknown',
		cores: cpus.length,
		availableParallelism:
			typeof os.availableParallelism === 'function' ? os.availableParallelism() : cpus.length,
		memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
		loadAverageAtStart: loadAverage,
		node: process.version,
		openssl: process.versions.openssl ?? 'unknown',
		v8: process.versions.v8,
		packages: {
			'n8n-nodes-polar-billing': versionOf(path.join(REPO_ROOT, 'package.json')),
			'n8n-core (micro)': modulePackage('n8n-core'),
			'n8n-workflow (micro)': modulePackage('n8n-workflow'),
			standardwebhooks: modulePackage('standardwebhooks'),
		},
	};
}

export function machineLine(machine: MachineDescription): string {
	const n8n = machine.n8n
		? `; n8n ${machine.n8n.version} on Node ${machine.n8n.node.replace(/^v/, '')}`
		: '';
	const load = [machine.loadAverageAtStart, machine.loadAverageAtEnd]
		.filter((value): value is number[] => Array.isArray(value))
		.map((value) => value.join('/'))
		.join(' -> ');
	return (
		`${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.os}; bench on Node ${machine.node.replace(/^v/, '')} ` +
		`(OpenSSL ${machine.openssl})${n8n}; load average ${load}`
	);
}
