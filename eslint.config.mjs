// n8n's own community-node lint (@n8n/node-cli), over every TypeScript file in the repository.
// Rules we turn off or narrow are listed, with the reason, in docs/development.md ("Lint").
import { configWithoutCloudSupport } from '@n8n/node-cli/eslint';

export default [
	{ ignores: ['dist/**', 'node_modules/**', 'coverage/**', '**/*.js', '**/*.mjs'] },
	...configWithoutCloudSupport,
];
