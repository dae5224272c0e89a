// Bundles src/main.js into dist/app.js with esbuild (no other build tooling). Apollo Client is built
// in development mode, so it prints its cache warnings to the console; `--production` leaves them out.
// Usage: node build.mjs [--production]
import { build } from 'esbuild';
import { copyFile, mkdir } from 'node:fs/promises';

const production = process.argv.includes('--production');
await mkdir('dist', { recursive: true });
await build({
  entryPoints: ['src/main.js'],
  bundle: true,
  format: 'esm',
  outfile: 'dist/app.js',
  loader: { '.graphql': 'text' },
  conditions: [production ? 'production' : 'development'],
  minify: production,
  sourcemap: !production,
  logLevel: 'warning',
});
await copyFile('index.html', 'dist/index.html');
