/**
 * n8n 2.x publishes a workflow where n8n 1.x activates it (the same checkExists / create / delete calls), and
 * reads its public webhook URL from N8N_WEBHOOK_URL where 1.x reads WEBHOOK_URL, so every text the node shows
 * or logs about either must read right on both. The texts are read from the node's source with TypeScript's
 * parser: string and template literals, not comments.
 */
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';

import * as ts from 'typescript';

const NODE_DIR = path.resolve(__dirname, '../../../nodes/PolarTrigger');
const CREDENTIALS_DIR = path.resolve(__dirname, '../../../credentials');

/** Every string and template literal of a file, templates with `${…}` for their expressions. */
function literalsOf(file: string): string[] {
	const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
	const found: string[] = [];
	const visit = (node: ts.Node): void => {
		if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
			found.push(node.text);
		} else if (ts.isTemplateExpression(node)) {
			found.push(
				[node.head.text, ...node.templateSpans.map((span) => span.literal.text)].join('${…}'),
			);
			return;
		}
		ts.forEachChild(node, visit);
	};
	visit(source);
	return found;
}

const sourceFiles = [NODE_DIR, CREDENTIALS_DIR].flatMap((dir) =>
	readdirSync(dir)
		.filter((name) => name.endsWith('.ts'))
		.map((name) => path.join(dir, name)),
);
const texts = sourceFiles.flatMap((file) =>
	literalsOf(file).map((text) => ({ file: path.basename(file), text })),
);
const aboutPublishing = texts.filter(({ text }) => /publish/i.test(text));

describe('what the node tells the user reads right on n8n 2.x and 1.x', () => {
	it('finds the texts that speak of publishing (messages, log lines, parameter help)', () => {
		expect(aboutPublishing.length).toBeGreaterThanOrEqual(8);
	});

	it('every text that speaks of publishing also names what n8n 1.x calls it', () => {
		expect(
			aboutPublishing.filter(
				({ text }) => !/\((activate|activation|activating|activated) on n8n 1\.x\)/.test(text),
			),
		).toEqual([]);
	});

	it('every text that names N8N_WEBHOOK_URL also names WEBHOOK_URL, the variable n8n 1.x reads', () => {
		const naming = texts.filter(({ text }) => text.includes('N8N_WEBHOOK_URL'));
		expect(naming.length).toBeGreaterThanOrEqual(2);
		expect(
			naming.filter(({ text }) => !text.includes('N8N_WEBHOOK_URL (WEBHOOK_URL on n8n 1.x)')),
		).toEqual([]);
	});

	it('no text speaks of activating without publishing (2.x users would not find the button)', () => {
		expect(texts.filter(({ text }) => /\bactivat/i.test(text) && !/publish/i.test(text))).toEqual(
			[],
		);
	});
});
