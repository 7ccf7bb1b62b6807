import tsParser from '@typescript-eslint/parser';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';

const typescript = { parser: tsParser, sourceType: 'module', ecmaVersion: 'latest' };

export default [
	{ ignores: ['dist/**', 'node_modules/**', 'coverage/**', '**/*.js', '**/*.mjs', 'test/**', 'tools/**', 'bench/**'] },
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
		},
	},
];
