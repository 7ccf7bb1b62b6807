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

/** A TCP port given on the command line; 0 asks the system for a free one. */
export function portNumber(flag: string, raw: string): number {
  const port = Number(raw);
  if (!/^[0-9]+$/.test(raw) || port > 65535) throw new Error(`${flag} needs a port number (0-65535), got "${raw}"`);
  return port;
}

/**
 * Parses this process's arguments with `parse`. On `--help` prints `usage` and returns undefined; on a
 * parse error prints it with `usage` and exits with code 2.
 */
export function parseCommandLine<T>(parse: (argv: string[]) => T | 'help', usage: string): T | undefined {
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
