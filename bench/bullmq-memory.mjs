// Redis bytes per queued BullMQ job, measured like bgtasks' `memory` scenario: INFO used_memory before
// and after queue.addBulk of N small jobs ({i}, default options, not processed), plus MEMORY USAGE of a
// sample of job hashes and of the wait list. Prints one JSON line in the shared peer format.
// Usage: BULLMQ_DIR=<folder with node_modules/bullmq> REDIS_URL=... N_MEMORY=50000 node bullmq-memory.mjs
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';

const require = createRequire(join(resolve(process.env.BULLMQ_DIR || '.'), 'package.json'));
const { Queue } = require('bullmq');
const IORedis = require('ioredis');
const version = require('bullmq/package.json').version;
const url = new URL(process.env.REDIS_URL || 'redis://127.0.0.1:6390');
const connection = { host: url.hostname, port: Number(url.port || 6379) };
const n = Number(process.env.N_MEMORY || process.env.N || 50000);
const chunk = Number(process.env.PRELOAD_CHUNK || 1000);

const admin = new IORedis(connection);
const used = async () => Number((await admin.info('memory')).match(/^used_memory:(\d+)/m)[1]);
const cpu = async () => {
  const t = await admin.info('cpu');
  return ['used_cpu_user', 'used_cpu_sys'].map((k) => Number(t.match(new RegExp(`^${k}:([0-9.]+)`, 'm'))[1])).reduce((a, b) => a + b);
};
// busy CPU seconds of the whole machine (/proc/stat, USER_HZ 100), as the peer reports other_cpu_s
const machine = () => {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  return (f[0] + f[1] + f[2] + f[5] + f[6] + (f[7] || 0)) / 100;
};
const q = new Queue(`peermem-${process.pid}`, { connection });
await q.waitUntilReady();
await q.add('job', { i: -1 }); // scripts loaded, connection open
await q.obliterate({ force: true });
const before = await used();
const r0 = await cpu();
const m0 = machine();
const c0 = process.cpuUsage();
const t0 = performance.now();
for (let i = 0; i < n; i += chunk) {
  const jobs = [];
  for (let j = i; j < Math.min(n, i + chunk); j++) jobs.push({ name: 'job', data: { i: j } });
  await q.addBulk(jobs);
}
const ms = performance.now() - t0;
const m1 = machine();
const c1 = process.cpuUsage(c0);
const r1 = await cpu();
const after = await used();
const ids = await admin.lrange(`bull:${q.name}:wait`, 0, 99);
let hash = 0;
for (const id of ids) hash += Number(await admin.memory('USAGE', `bull:${q.name}:${id}`, 'SAMPLES', 0));
const list = Number(await admin.memory('USAGE', `bull:${q.name}:wait`, 'SAMPLES', 0));
const r3 = (x) => Math.round(x * 1000) / 1000;
console.log(JSON.stringify({
  system: 'bullmq', version, scenario: 'memory', jobs: n, seconds: r3(ms / 1000),
  jobs_per_s: Math.round((n / (ms / 1000)) * 10) / 10, p50_ms: null, p99_ms: null, job: 'small',
  bytes_per_task: r3((after - before) / n), hash_bytes: r3(hash / ids.length), list_bytes_per_task: r3(list / n),
  node_cpu_s: r3((c1.user + c1.system) / 1e6), redis_cpu_s: r3(r1 - r0),
  other_cpu_s: r3(Math.max(0, m1 - m0 - (c1.user + c1.system) / 1e6 - (r1 - r0))),
}));
await q.obliterate({ force: true });
await q.close();
await admin.quit();
