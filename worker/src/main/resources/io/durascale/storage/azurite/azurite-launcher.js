// Runs one Azurite service for durascale's embedded storage.
// Usage: node azurite-launcher.js <installDir> <blob|queue|table> [azurite flags...]
// What Azurite itself does not do: print the port it really bound (port 0 asks the OS for a free
// one; azurite-table does not report it); keep idle connections open (its 5 s keep-alive cuts
// connections the Java SDK's pool still holds, and the per-service CLIs cannot change it); and
// exit when its parent JVM is gone (stdin closes), so no emulator outlives the process that
// started it, even after a SIGKILL.
'use strict';
const net = require('net');
const path = require('path');

const [, , installDir, service, ...flags] = process.argv;
const mains = { blob: 'blob/main.js', queue: 'queue/main.js', table: 'table/main.js' };
if (!mains[service]) {
  process.stderr.write(`durascale: unknown Azurite service '${service}'\n`);
  process.exit(2);
}

let reported = false;
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  this.once('listening', () => {
    if ('keepAliveTimeout' in this) {
      this.keepAliveTimeout = 0; // never time out idle connections; the client closes them
    }
    const address = this.address();
    if (!reported && address && typeof address === 'object') {
      reported = true;
      process.stdout.write(`durascale:listening ${service} ${address.port}\n`);
    }
  });
  return listen.apply(this, args);
};

process.stdin.on('end', () => process.exit(0));
process.stdin.on('error', () => process.exit(0));
process.stdin.resume();

process.argv = [process.argv[0], `azurite-${service}`, ...flags];
require(path.join(installDir, 'node_modules', 'azurite', 'dist', 'src', mains[service]));
