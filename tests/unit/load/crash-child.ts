// Child process of crash.test.ts: load one extract, print every progress step, and at the step
// named STOP (e.g. "apply payments" or "commit", both inside the apply transaction) stall so the
// parent can SIGKILL us mid-transaction. Usage: tsx crash-child.ts EXTRACT_DIR "STOP"
// (DATA_DIR from the environment)
import { loadExtract } from '../../../lib/load';

const [dir, stop] = process.argv.slice(2);
void loadExtract(dir, {
  onProgress: (p) => {
    const step = `${p.step} ${p.table ?? ''}`.trim();
    process.stdout.write(`${step}\n`);
    if (step === stop) {
      // Block the event loop (not the process): the transaction stays open until the kill.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 30_000);
    }
  },
}).then((r) => { process.stdout.write(`finished ${r.outcome}\n`); });
