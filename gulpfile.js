// Copies what tsc does not emit next to the compiled nodes: icons, and the codex files
// (<Node>.node.json: categories and documentation links n8n shows in the nodes panel).
const path = require('path');
const { task, src, dest } = require('gulp');

task('build:icons', () =>
  src(['nodes/**/*.{png,svg}', 'nodes/**/*.node.json', 'credentials/**/*.{png,svg}'], { base: '.', encoding: false }).pipe(
    dest(path.resolve('dist')),
  ),
);
