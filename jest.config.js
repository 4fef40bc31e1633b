/** Two projects: everything fast runs by default; e2e drives a real n8n and needs `npm run build` first. */
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: false }];
module.exports = {
	// e2e tests raise their own limits with jest.setTimeout; everything else must be quick.
	testTimeout: 30_000,
	reporters: ['default', '<rootDir>/test/helpers/summaryReporter.js'],
	projects: [
		{
			displayName: 'unit',
			testEnvironment: 'node',
			transform: { '^.+\\.ts$': tsJest },
			testMatch: ['<rootDir>/test/{unit,contract,node,integration}/**/*.test.ts'],
		},
		{
			displayName: 'e2e',
			testEnvironment: 'node',
			transform: { '^.+\\.ts$': tsJest },
			testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
		},
	],
};
