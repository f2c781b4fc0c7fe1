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

// Azurite's in-memory extent store drops unreferenced extents one at a time, each a scan of the
// whole extent collection; after tens of thousands of messages or blobs its periodic (60 s) GC
// blocks the service for minutes. Drop them in one pass instead (same effect, linear time).
try {
  const persistence = path.join(installDir, 'node_modules', 'azurite', 'dist', 'src', 'common', 'persistence');
  const MemoryExtentStore = require(path.join(persistence, 'MemoryExtentStore.js')).default;
  MemoryExtentStore.prototype.deleteExtents = async function (extents) {
    const ids = new Set(extents);
    for (const id of ids) {
      if (this.chunks.get(this.categoryName, id)) {
        this.chunks.delete(this.categoryName, id);
      }
    }
    const store = this.metadataStore;
    const collection = store && store.db && store.EXTENTS_COLLECTION && store.db.getCollection(store.EXTENTS_COLLECTION);
    if (collection) {
      collection.removeWhere((doc) => ids.has(doc.id));
    } else {
      for (const id of ids) {
        await store.deleteExtent(id);
      }
    }
    return ids.size;
  };
} catch (e) {
  process.stderr.write(`durascale: Azurite's extent GC left as it is (${e.message})\n`);
}

// Tests shorten the GC interval (60 s in Azurite) to exercise the GC quickly.
if (process.env.DURASCALE_AZURITE_GC_INTERVAL_MS) {
  for (const service of ['queue', 'blob']) {
    try {
      const constants = require(path.join(installDir, 'node_modules', 'azurite', 'dist', 'src', service, 'utils', 'constants.js'));
      constants.DEFAULT_GC_INTERVAL_MS = Number(process.env.DURASCALE_AZURITE_GC_INTERVAL_MS);
    } catch (e) {
      // this service has no GC settings
    }
  }
}

process.stdin.on('end', () => process.exit(0));
process.stdin.on('error', () => process.exit(0));
process.stdin.resume();

process.argv = [process.argv[0], `azurite-${service}`, ...flags];
require(path.join(installDir, 'node_modules', 'azurite', 'dist', 'src', mains[service]));
