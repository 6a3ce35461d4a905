// Keeps the result lines measured on a quiet machine: other_cpu_s (CPU used by anything but the measured
// process, Redis and the load generator) at most CLEAN_MAX (default 0.10) of the machine's capacity in the
// timed window (nproc cores x seconds). Lines without the field pass. Usage: node clean.mjs results.jsonl
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

const max = Number(process.env.CLEAN_MAX || 0.1);
const cores = availableParallelism();
let kept = 0;
let dropped = 0;
for (const line of readFileSync(process.argv[2], 'utf8').split('\n')) {
  if (!line.startsWith('{')) continue;
  const o = JSON.parse(line);
  if (typeof o.other_cpu_s === 'number' && o.other_cpu_s > max * cores * o.seconds) {
    dropped++;
    continue;
  }
  kept++;
  console.log(line);
}
console.error(`[clean] kept ${kept} lines, dropped ${dropped} with other_cpu_s > ${max} x ${cores} cores x seconds`);
