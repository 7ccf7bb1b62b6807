// Run by ensure-n8n.sh with Node 24 before it marks an n8n install complete: each native module n8n needs
// loads and does real work under this Node, resolved the way n8n resolves it. `npm rebuild` can report success
// and build nothing (scripts turned off by an inherited npm setting), so its word is not enough.
'use strict';

const path = require('node:path');

const installDir = process.argv[2];
if (!installDir)
	throw new Error('usage: node check-n8n-native.js <folder holding node_modules/n8n>');
const from = [path.join(installDir, 'node_modules', 'n8n'), installDir];
const load = (name) => require(require.resolve(name, { paths: from }));

async function main() {
	const sqlite3 = load('sqlite3');
	const answer = await new Promise((resolve, reject) => {
		const db = new sqlite3.Database(':memory:');
		db.get('select 40 + 2 as answer', (error, row) =>
			db.close(() => (error ? reject(error) : resolve(row.answer))),
		);
	});
	if (answer !== 42) throw new Error(`sqlite3 answered ${answer}`);

	const ivm = load('isolated-vm');
	const isolate = new ivm.Isolate({ memoryLimit: 16 });
	const result = isolate.compileScriptSync('6 * 7').runSync(isolate.createContextSync());
	isolate.dispose();
	if (result !== 42) throw new Error(`isolated-vm answered ${result}`);

	const watcher = load('@parcel/watcher');
	if (typeof watcher.subscribe !== 'function')
		throw new Error('@parcel/watcher has no subscribe()');

	console.error(
		`[ensure-n8n] native modules work under Node ${process.versions.node}: sqlite3, isolated-vm, @parcel/watcher`,
	);
}

main().catch((error) => {
	console.error(
		`[ensure-n8n] a native module n8n needs does not work under Node ${process.versions.node}: ${error.stack}`,
	);
	process.exit(1);
});
