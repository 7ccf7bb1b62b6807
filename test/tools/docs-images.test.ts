import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

import { SHOTS } from '../../tools/docs-screenshots/shots';

const root = path.resolve(__dirname, '../..');
const imagesDir = path.join(root, 'docs', 'images');
const picturesReadme = readFileSync(path.join(imagesDir, 'README.md'), 'utf8');

/**
 * The pictures README.md shows, read when the test runs: every `docs/images/<name>.png` in it, whether in a
 * Markdown image (`![...](docs/images/x.png)`) or an HTML `<img src="docs/images/x.png">`.
 */
function readmeImageLinks(): string[] {
	const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
	return [...readme.matchAll(/\bdocs\/images\/([\w.-]+\.png)\b/g)].map(
		(match) => match[1] as string,
	);
}

describe('docs/images: the pictures npm run docs:screenshots makes', () => {
	it('names every picture once', () => {
		const files = SHOTS.map((shot) => shot.file);
		expect(new Set(files).size).toBe(files.length);
		for (const file of files) expect(file).toMatch(/^[a-z0-9-]+\.png$/);
	});

	it.each(SHOTS.map((shot) => shot.file))(
		'%s is in docs/images/ and has a row in docs/images/README.md',
		(file) => {
			expect(existsSync(path.join(imagesDir, file))).toBe(true);
			expect(picturesReadme).toMatch(new RegExp(`^\\| \`${file.replace(/\./g, '\\.')}\` \\|`, 'm'));
		},
	);

	it('holds no picture the script does not make (a stale one would never be refreshed)', () => {
		const made = new Set(SHOTS.map((shot) => shot.file));
		const stored = readdirSync(imagesDir).filter((file) => file.endsWith('.png'));
		expect(stored.filter((file) => !made.has(file))).toEqual([]);
	});

	it('says in docs/images/README.md how many pictures there are', () => {
		const counted = /^(\w+) pictures? are made by|^All (\w+) are made by/m.exec(picturesReadme);
		const words = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];
		const said = (counted?.[1] ?? counted?.[2] ?? '').toLowerCase();
		expect(words.indexOf(said) + 1).toBe(SHOTS.length);
	});

	it("README.md's docs/images links all point to a picture in docs/images/", () => {
		const links = readmeImageLinks();
		expect(links.length).toBeGreaterThan(0);
		expect(links.filter((file) => !existsSync(path.join(imagesDir, file)))).toEqual([]);
	});
});
