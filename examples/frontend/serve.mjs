// A tiny static server for dist/, on its own origin (another port than the graph), as a frontend is
// served in real life. /config.js tells the page where the graph is.
// Usage: node serve.mjs [--port 3000] [--graph http://127.0.0.1:8000/graphql]
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';

const option = (name, fallback) => {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : fallback;
};
const port = Number(option('--port', '3000'));
const graph = option('--graph', 'http://127.0.0.1:8000/graphql');
const root = new URL('./dist/', import.meta.url).pathname;
const types = { '.html': 'text/html', '.js': 'text/javascript', '.map': 'application/json' };

createServer(async (request, response) => {
  const path = new URL(request.url, 'http://localhost').pathname;
  if (path === '/config.js') {
    response.writeHead(200, { 'content-type': 'text/javascript' });
    return response.end(`window.PERSON_GRAPH_URL = ${JSON.stringify(graph)};`);
  }
  if (path === '/favicon.ico') {
    response.writeHead(204);
    return response.end();
  }
  const file = normalize(join(root, path === '/' ? 'index.html' : path));
  try {
    if (!file.startsWith(root)) throw new Error('outside dist');
    const body = await readFile(file);
    response.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
    response.end(body);
  } catch {
    response.writeHead(404, { 'content-type': 'text/plain' });
    response.end('not found');
  }
}).listen(port, '127.0.0.1', () => console.log(`example frontend on http://127.0.0.1:${port}/ (graph: ${graph})`));
