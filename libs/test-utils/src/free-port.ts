import { type AddressInfo, createServer } from 'node:net';

/** A TCP port on 127.0.0.1 that nothing listens on at the moment it is asked for. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}
