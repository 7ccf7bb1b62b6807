import js from '@eslint/js';
import tsParser from '@typescript-eslint/parser';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const typescript = { parser: tsParser, sourceType: 'module', ecmaVersion: 'latest' };

export default [
	{ ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.n8n-local/**', '.e2e/**'] },
	// Every JavaScript and TypeScript file: the languages' recommended rules.
	...[js.configs.recommended, ...tseslint.configs.recommended].map((config) => ({
		...config,
		files: ['**/*.{ts,js,mjs}'],
	})),
	// Tests, tools, the bench and the build's config files run in Node itself, not in n8n: they may use `process`,
	// timers, the file system and child processes, which the rules for the product below forbid.
	{
		files: ['test/**', 'tools/**', 'bench/**', '*.js', '*.mjs'],
		languageOptions: { globals: globals.node },
		rules: {
			// Tools load packages from paths known only at run time (n8n's install, a packed tarball).
			'@typescript-eslint/no-require-imports': 'off',
		},
	},
	{
		files: ['**/*.{ts,js,mjs}'],
		rules: {
			// Leading underscore: named on purpose and unused (e.g. fields taken out of an object before a rest).
			'@typescript-eslint/no-unused-vars': [
				'error',
				{ argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
			],
		},
	},
	{
		files: ['**/*.js'],
		languageOptions: { sourceType: 'commonjs' },
		rules: { '@typescript-eslint/no-require-imports': 'off' },
	},
	// n8n's verification rules (no runtime dependencies, restricted imports and globals, lifecycle rules).
	{
		files: ['nodes/**/*.ts', 'credentials/**/*.ts', 'package.json'],
		...n8nCommunityNodesPlugin.configs.recommended,
		languageOptions: { ...typescript, parserOptions: { extraFileExtensions: ['.json'] } },
	},
	{
		files: ['package.json'],
		languageOptions: { ...typescript, parserOptions: { extraFileExtensions: ['.json'] } },
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: n8nNodesBase.configs.community.rules,
	},
	{
		files: ['credentials/**/*.ts'],
		languageOptions: typescript,
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: {
			...n8nNodesBase.configs.credentials.rules,
			// Superseded by @n8n/community-nodes/credential-documentation-url, which allows full URLs.
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
		},
	},
	{
		files: ['nodes/**/*.ts'],
		languageOptions: typescript,
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: {
			...n8nNodesBase.configs.nodes.rules,
			// Superseded by @n8n/community-nodes/node-connection-type-literal, which asks for NodeConnectionTypes.
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
		},
	},
];
