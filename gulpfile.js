const path = require('node:path');
const { src, dest, task } = require('gulp');

/** Copies the node and credential icons next to the compiled files, where n8n looks for `file:` icons. */
function copyIcons() {
	return src(['nodes/**/*.{png,svg}', 'nodes/**/*.node.json', 'credentials/**/*.{png,svg}'], {
		base: '.',
		encoding: false,
	}).pipe(dest(path.resolve('dist')));
}

task('build:icons', copyIcons);
