// n8n's own community-node lint (@n8n/node-cli, without n8n Cloud's extra restrictions: this package needs
// runtime dependencies for its embedded ledger), over every TypeScript file in the repository.
// Every rule turned off or narrowed below is listed with its reason in docs/development.md ("Lint").
import { configWithoutCloudSupport } from '@n8n/node-cli/eslint';

export default [
	{ ignores: ['dist/**', 'node_modules/**', 'coverage/**', '**/*.js', '**/*.mjs'] },
	...configWithoutCloudSupport,
	{ linterOptions: { reportUnusedDisableDirectives: 'error' } },
	{
		files: ['**/*.ts'],
		rules: {
			// Prettier wraps code at 120 columns; this catches what it cannot wrap (strings, comments, SQL).
			'max-len': ['error', { code: 120, tabWidth: 2, ignoreUrls: true, ignoreRegExpLiterals: true }],
		},
	},
	{
		// The library has no n8n import (test/unit/structure/imports.test.ts): it throws its own typed errors,
		// and the node layer's one mapper (nodes/shared/errors.ts toNodeError) turns them into
		// NodeApiError/NodeOperationError with a description.
		files: ['nodes/lib/**/*.ts'],
		rules: { '@n8n/community-nodes/require-node-api-error': 'off' },
	},
	{
		// Tests and developer scripts are not shipped: they print figures, spawn n8n and npm, and sign fake
		// webhooks with made-up secrets.
		files: ['scripts/**/*.ts', 'test/**/*.ts'],
		rules: {
			'no-console': 'off',
			'@n8n/community-nodes/no-hardcoded-secrets': 'off',
			'@n8n/community-nodes/no-dangerous-functions': 'off',
			'@n8n/community-nodes/require-node-api-error': 'off',
		},
	},
	{
		// A versioned node's description is assembled from its base description and v1/versionDescription.ts, which
		// the rule cannot read; test/unit/structure/icons.test.ts checks every node's and credential's icons instead.
		files: ['nodes/*/v1/*.node.ts'],
		rules: { '@n8n/community-nodes/icon-validation': 'off' },
	},
	{
		// The embedded ledger (PGlite), PostgreSQL, Shopify's client, Luxon, the carriers' time zones and the
		// chart renderer with its font are runtime dependencies; each is listed with its size in docs/development.md.
		// The package has no public contact address yet: one must be added to "author" before the first publish
		// (docs/development.md, "Publishing").
		files: ['package.json'],
		rules: {
			'@n8n/community-nodes/no-runtime-dependencies': 'off',
			'@n8n/community-nodes/valid-author': 'off',
		},
	},
];
