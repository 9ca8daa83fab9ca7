/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  // adaptivecards 3 points `main` at extensionless ES modules that Node cannot load; its UMD bundle
  // is the same library in a form jest can require.
  moduleNameMapper: { '^adaptivecards$': '<rootDir>/node_modules/adaptivecards/dist/adaptivecards.js' },
  // Integration and end-to-end tests start real servers; two workers match the 2-core machines.
  maxWorkers: 2,
  testTimeout: 20000,
};
