// BullMQ delayed jobs (`delay`), measured like bgtasks' `schedule` scenarios (ScheduleScenarios.java): a sample is
// the job's start minus its due time (timestamp + delay), both on the wall clock, in ms; negative = started early.
//   schedule        SCHED_N jobs one at a time, each due SCHED_DELAY_MS after it is added; idle Worker
//                   (concurrency LAT_CONCURRENCY), LAT_GAP_MS (+ up to SCHED_JITTER_MS) after each start; SCHED_WARMUP
//                   unmeasured first
//   schedule-burst  SCHED_BURST_N jobs added ahead with addBulk (chunks of PRELOAD_CHUNK), due evenly over
//                   SCHED_BURST_SPREAD_MS from SCHED_BURST_LEAD_MS after the first add; Worker concurrency C
// Extras as bgtasks': last_late_ms, min/p90/max_ms, early, submit_s, submit_margin_ms (first due minus end of adds).
// Prints JSON lines in the shared peer format. Usage: BULLMQ_DIR=<folder with node_modules/bullmq> node bullmq-delayed.mjs
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';

const require = createRequire(join(resolve(process.env.BULLMQ_DIR || '.'), 'package.json'));
const { Queue, Worker } = require('bullmq');
const IORedis = require('ioredis');
const version = require('bullmq/package.json').version;
const url = new URL(process.env.REDIS_URL || 'redis://127.0.0.1:6390');
const connection = { host: url.hostname, port: Number(url.port || 6379) };
const num = (k, d) => Number(process.env[k] || d);
const SCHED_N = num('SCHED_N', 200);
const SCHED_DELAY_MS = num('SCHED_DELAY_MS', 200);
const SCHED_WARMUP = num('SCHED_WARMUP', 5);
const LAT_GAP_MS = num('LAT_GAP_MS', 5);
const LAT_CONCURRENCY = num('LAT_CONCURRENCY', 1);
const JITTER_MS = num('SCHED_JITTER_MS', 0);
const BURST_N = num('SCHED_BURST_N', 10000);
const LEAD_MS = num('SCHED_BURST_LEAD_MS', 2000);
const SPREAD_MS = num('SCHED_BURST_SPREAD_MS', 1000);
const CHUNK = num('PRELOAD_CHUNK', 1000);
const C = num('C', 100);
const WARMUP = num('WARMUP', 2000);
const STALL_MS = num('STALL_MS', 60000);
const SCENARIOS = (process.env.SCENARIOS || 'schedule,schedule-burst').split(',');

const log = (...a) => console.error('[bullmq-delayed]', ...a);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
// wall clock with sub-ms resolution (Date.now() is whole ms), the clock BullMQ's due times are on
const wallMs = () => performance.timeOrigin + performance.now();
const r3 = (x) => (x == null ? null : Math.round(x * 1000) / 1000);
const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];

const admin = new IORedis(connection);
const redisCpu = async () => {
  const t = await admin.info('cpu');
  return ['used_cpu_user', 'used_cpu_sys'].map((k) => Number(t.match(new RegExp(`^${k}:([0-9.]+)`, 'm'))[1])).reduce((a, b) => a + b);
};
const machine = () => { // busy CPU seconds of the whole machine (/proc/stat, USER_HZ 100)
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  return (f[0] + f[1] + f[2] + f[5] + f[6] + (f[7] || 0)) / 100;
};
const cpuSnap = async () => ({ r: await redisCpu(), m: machine(), c: process.cpuUsage() });
const cpuSince = async (s) => {
  const m = machine();
  const c = process.cpuUsage(s.c);
  const red = (await redisCpu()) - s.r;
  const node = (c.user + c.system) / 1e6;
  return { node_cpu_s: r3(node), redis_cpu_s: r3(red), other_cpu_s: r3(Math.max(0, m - s.m - node - red)) };
};
// min, p90, max and how many started early, as bgtasks' lines carry
const spread = (late) => {
  const s = [...late].sort((a, b) => a - b);
  return { min_ms: r3(s[0]), p90_ms: r3(pct(s, 90)), max_ms: r3(s[s.length - 1]), early: s.filter((x) => x < 0).length };
};
const emit = (scenario, jobs, ms, samples, extras) => {
  const s = [...samples].sort((a, b) => a - b);
  console.log(JSON.stringify({
    system: 'bullmq', version, scenario, jobs, seconds: r3(ms / 1000), jobs_per_s: Math.round((jobs / (ms / 1000)) * 10) / 10,
    p50_ms: r3(pct(s, 50)), p99_ms: r3(pct(s, 99)), ...extras,
  }));
};

let seq = 0;
// a worker whose handler records each job's start (wall ms) under its data.k; resolves `all` after n starts
async function startWorker(name, n, concurrency) {
  const starts = new Float64Array(n);
  let count = 0;
  let waiter = null; // { k, resolve }: one job awaited (idle scenario)
  let resolveAll;
  const all = new Promise((r) => { resolveAll = r; });
  const worker = new Worker(name, async (job) => {
    const now = wallMs();
    starts[job.data.k] = now;
    if (++count === n) resolveAll();
    if (waiter && waiter.k === job.data.k) waiter.resolve(now);
  }, { connection, concurrency, autorun: true });
  worker.on('error', (e) => log('worker error', e?.message ?? e));
  await worker.waitUntilReady();
  await sleep(200); // the worker reaches its blocking wait: idle
  const awaitOne = (k) => new Promise((r) => { waiter = { k, resolve: r }; });
  const awaitAll = async () => { // fails when no job starts for STALL_MS
    for (let last = -1; ;) {
      const done = await Promise.race([all.then(() => true), sleep(STALL_MS).then(() => false)]);
      if (done) return;
      if (count === last) throw new Error(`stalled at ${count}/${n}`);
      last = count;
    }
  };
  return { worker, starts, awaitOne, awaitAll };
}

async function idle(measured, warm, report) {
  const q = new Queue(`peersched-${process.pid}-${++seq}`, { connection });
  const w = await startWorker(q.name, warm + measured, LAT_CONCURRENCY);
  const late = [];
  let c0 = await cpuSnap();
  let t0 = performance.now();
  for (let k = 0; k < warm + measured; k++) {
    if (k === warm) { c0 = await cpuSnap(); t0 = performance.now(); }
    const started = w.awaitOne(k);
    const now = Date.now();
    await q.add('job', { k }, { delay: SCHED_DELAY_MS, timestamp: now, removeOnComplete: true });
    const s = await Promise.race([started, sleep(SCHED_DELAY_MS + STALL_MS).then(() => null)]);
    if (s == null) throw new Error(`delayed job ${k} did not start`);
    if (k >= warm) late.push(s - (now + SCHED_DELAY_MS));
    // a random extra gap spreads the adds over Redis's 100 ms clock ticks (see SCHED_JITTER_MS in Knobs.java)
    const gap = LAT_GAP_MS + Math.random() * JITTER_MS;
    if (gap > 0) await sleep(gap);
  }
  const ms = performance.now() - t0;
  const cpu = await cpuSince(c0);
  if (report) emit('schedule', measured, ms, late, { delay_ms: SCHED_DELAY_MS, jitter_ms: JITTER_MS, concurrency: LAT_CONCURRENCY, gap_ms: LAT_GAP_MS, ...spread(late), ...cpu });
  await w.worker.close();
  await q.obliterate({ force: true });
  await q.close();
}

async function burst(n, lead, spreadMs, report) {
  const q = new Queue(`peersched-${process.pid}-${++seq}`, { connection });
  await q.waitUntilReady();
  const w = await startWorker(q.name, n, C);
  const due = (k, firstDue) => firstDue + Math.floor((k * spreadMs) / n);
  const c0 = await cpuSnap();
  const t0 = Date.now();
  const firstDue = t0 + lead;
  const a = performance.now();
  for (let i = 0; i < n; i += CHUNK) {
    const jobs = [];
    for (let k = i; k < Math.min(n, i + CHUNK); k++) {
      jobs.push({ name: 'job', data: { k }, opts: { delay: due(k, firstDue) - t0, timestamp: t0, removeOnComplete: true } });
    }
    await q.addBulk(jobs);
  }
  const submitS = (performance.now() - a) / 1000;
  const submitEnd = Date.now();
  await w.awaitAll();
  const cpu = await cpuSince(c0);
  const late = Array.from(w.starts, (s, k) => s - due(k, firstDue));
  let first = Infinity;
  let last = -Infinity;
  for (const s of w.starts) { first = Math.min(first, s); last = Math.max(last, s); }
  if (report) {
    emit('schedule-burst', n, Math.max(0.001, last - Math.min(first, firstDue)), late, {
      lead_ms: lead, spread_ms: spreadMs, chunk: CHUNK, concurrency: C, last_late_ms: r3(last - due(n - 1, firstDue)),
      ...spread(late), submit_s: r3(submitS), submit_margin_ms: firstDue - submitEnd, ...cpu,
    });
  }
  await w.worker.close();
  await q.obliterate({ force: true });
  await q.close();
}

log(`bullmq ${version}, node ${process.version}, ${url.href}, scenarios ${SCENARIOS}`);
if (SCENARIOS.includes('schedule')) await idle(SCHED_N, SCHED_WARMUP, true);
if (SCENARIOS.includes('schedule-burst')) {
  if (WARMUP > 0) await burst(Math.max(1, Math.floor(BURST_N / 10)), 500, 200, false); // as bgtasks: an unmeasured tenth first
  await burst(BURST_N, LEAD_MS, SPREAD_MS, true);
}
await admin.quit();
