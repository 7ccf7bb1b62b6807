import { flags, portNumber, readFlags } from '../../tools/cli-args';

/** Every flag with the value it consumes (or `true` for a flag whose value is not asked for). */
function parsed(argv: string[], takesValue: string[]): Array<[string, string | true]> {
	const seen: Array<[string, string | true]> = [];
	for (const { flag, value } of flags(argv))
		seen.push([flag, takesValue.includes(flag) ? value() : true]);
	return seen;
}

describe('flags', () => {
	it('reads --flag value and --flag=value alike, and leaves on/off flags alone', () => {
		expect(
			parsed(['--port', '5678', '--demo', '--out=a=b', '--verbose'], ['--port', '--out']),
		).toEqual([
			['--port', '5678'],
			['--demo', true],
			['--out', 'a=b'],
			['--verbose', true],
		]);
	});

	it('refuses a missing value, and another flag where a value belongs', () => {
		expect(() => parsed(['--port'], ['--port'])).toThrow('--port needs a value');
		expect(() => parsed(['--out', '--verbose'], ['--out'])).toThrow('--out needs a value');
		expect(parsed(['--out=--verbose'], ['--out'])).toEqual([['--out', '--verbose']]);
	});

	it('says whether a value was written inline', () => {
		expect([...flags(['--quick=1', '--quick'])].map((flag) => flag.inline)).toEqual([
			'1',
			undefined,
		]);
	});
});

describe('portNumber', () => {
	it('takes 0 to 65535', () => {
		expect(portNumber('--port', '0')).toBe(0);
		expect(portNumber('--port', '65535')).toBe(65535);
	});

	it.each(['65536', '-1', '1.5', '80x', '', ' 80', '1e3'])('refuses "%s"', (raw) => {
		expect(() => portNumber('--port', raw)).toThrow(
			`--port needs a port number (0-65535), got "${raw}"`,
		);
	});
});

describe('readFlags', () => {
	const known = { onOff: ['--exit'], values: ['--port', '--source'] };

	it('gives on/off flags, the last value of a value flag and every value of a repeated one', () => {
		const given = readFlags(
			['--source', 'a', '--exit', '--port=1', '--source=b', '--port', '2'],
			known,
		);
		if (given === 'help') throw new Error('no --help was given');
		expect([
			given.on('--exit'),
			given.text('--port'),
			given.all('--source'),
			given.text('--missing'),
		]).toEqual([true, '2', ['a', 'b'], undefined]);
	});

	it('answers help for --help and -h wherever they stand', () => {
		expect(readFlags(['--exit', '--help'], known)).toBe('help');
		expect(readFlags(['-h'], known)).toBe('help');
	});

	it('refuses unknown flags, stray arguments and a value for an on/off flag', () => {
		expect(() => readFlags(['--frobnicate'], known)).toThrow('unknown option --frobnicate');
		expect(() => readFlags(['stray'], known)).toThrow('unexpected argument "stray"');
		expect(() => readFlags(['--exit=1'], known)).toThrow('--exit takes no value');
		expect(() => readFlags(['--port'], known)).toThrow('--port needs a value');
	});
});
