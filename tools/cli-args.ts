/** Command-line parsing shared by the project's scripts (npm start, the stand-in, the bench, screenshots). */

export interface Flag {
	/** `--port` of `--port 5678` or `--port=5678`; other arguments as given. */
	flag: string;
	/** The flag's value: the text after `=`, or the next argument. Throws when there is none, or when the next argument is another flag. */
	value: () => string;
	/** The text after `=`, if the flag was written that way (an on/off flag must not be). */
	inline: string | undefined;
}

/** The arguments one flag at a time; a flag's `value()` consumes the argument after it. */
export function* flags(argv: readonly string[]): Generator<Flag> {
	for (let index = 0; index < argv.length; index++) {
		const arg = argv[index] as string;
		const equals = arg.startsWith('--') ? arg.indexOf('=') : -1;
		const flag = equals === -1 ? arg : arg.slice(0, equals);
		const inline = equals === -1 ? undefined : arg.slice(equals + 1);
		yield {
			flag,
			inline,
			value: () => {
				if (inline !== undefined) return inline;
				const next = argv[index + 1];
				if (next === undefined || next.startsWith('--')) throw new Error(`${flag} needs a value`);
				index++;
				return next;
			},
		};
	}
}

/** The flags one command line gave, read after all of them are known (so `--quick` may change other defaults). */
export interface GivenFlags {
	/** An on/off flag was given. */
	on(flag: string): boolean;
	/** The value of a value flag (the last one when it was given more than once). */
	text(flag: string): string | undefined;
	/** Every value of a value flag, in order. */
	all(flag: string): string[];
}

/**
 * The one flag switch of the project's command lines: `--help`/`-h` gives 'help'; an unknown flag, a value
 * for an on/off flag (`--exit=1`) or a value flag without a value throws.
 */
export function readFlags(
	argv: readonly string[],
	known: { onOff?: readonly string[]; values?: readonly string[] },
): GivenFlags | 'help' {
	const onOff = new Set<string>();
	const values = new Map<string, string[]>();
	for (const { flag, value, inline } of flags(argv)) {
		if (flag === '--help' || flag === '-h') return 'help';
		if (known.onOff?.includes(flag)) {
			if (inline !== undefined) throw new Error(`${flag} takes no value`);
			onOff.add(flag);
		} else if (known.values?.includes(flag)) {
			values.set(flag, [...(values.get(flag) ?? []), value()]);
		} else {
			throw new Error(
				flag.startsWith('-') ? `unknown option ${flag}` : `unexpected argument "${flag}"`,
			);
		}
	}
	return {
		on: (flag) => onOff.has(flag),
		text: (flag) => values.get(flag)?.at(-1),
		all: (flag) => values.get(flag) ?? [],
	};
}

/** A TCP port given on the command line; 0 asks the system for a free one. */
export function portNumber(flag: string, raw: string): number {
	const port = Number(raw);
	if (!/^[0-9]+$/.test(raw) || port > 65535)
		throw new Error(`${flag} needs a port number (0-65535), got "${raw}"`);
	return port;
}

/**
 * Parses this process's arguments with `parse`. On `--help` prints `usage` and returns undefined; on a
 * parse error prints it with `usage` and exits with code 2.
 */
export function parseCommandLine<T>(
	parse: (argv: string[]) => T | 'help',
	usage: string,
): T | undefined {
	let options: T | 'help';
	try {
		options = parse(process.argv.slice(2));
	} catch (error) {
		process.stderr.write(`${(error as Error).message}\n\n${usage}\n`);
		process.exit(2);
	}
	if (options === 'help') {
		process.stdout.write(`${usage}\n`);
		return undefined;
	}
	return options;
}
