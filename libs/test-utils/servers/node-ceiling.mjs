// Node's own ceiling for this job: node:http and nothing else, the body read once and sent as a
// Buffer with two headers. The benchmark runs it beside the API on the same Node, and the image
// check in a container of the API image's base.
//   PORT=… [HOST=…] node node-ceiling.mjs body.json
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const body = readFileSync(process.argv[2]);
const headers = ['content-type', 'application/json', 'content-length', String(body.length)];
createServer((request, response) => {
  if (request.url === '/dinosaurs') response.writeHead(200, headers).end(body);
  else response.writeHead(404).end();
}).listen(Number(process.env.PORT), process.env.HOST ?? '127.0.0.1');
