// Ratios against the targets of the benchmark issue, from median lines (bench-median.mjs output).
// Usage: node summary.mjs medians.jsonl   -> a Markdown table on stdout
import { readFileSync } from 'node:fs';

const rows = readFileSync(process.argv[2], 'utf8').split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
const get = (system, scenario) => rows.find((r) => r.system === system && r.scenario === scenario);
const f = (x, d = 2) => (x == null || !Number.isFinite(x) ? 'n/a' : x.toFixed(d));
const out = ['| what | ours | peer | ratio | target | met |', '|---|---|---|---|---|---|'];
const line = (what, ours, peer, ratio, target, met) =>
  out.push(`| ${what} | ${ours} | ${peer} | ${ratio} | ${target} | ${met == null ? 'n/a' : met ? 'yes' : 'NO'} |`);

// durable backend vs its peer: throughput ratios and idle pickup p99
for (const [ours, peer] of [['bgtasks-redis', 'bullmq'], ['bgtasks-jobrunr', 'jobrunr'], ['bgtasks-jobrunr-pg', 'jobrunr-pg']]) {
  for (const [scenario, min] of [['process', ours === 'bgtasks-redis' ? 3 : 0.95], ['add-bulk', ours === 'bgtasks-redis' ? 6 : null], ['add', null]]) {
    const a = get(ours, scenario);
    const b = get(peer, scenario);
    if (!a || !b) continue;
    const ratio = a.jobs_per_s / b.jobs_per_s;
    line(`${ours} ${scenario} jobs/s`, f(a.jobs_per_s, 0), f(b.jobs_per_s, 0), f(ratio), min ? `>= ${min}x ${peer}` : '-', min ? ratio >= min : null);
  }
  const a = get(ours, 'latency');
  const b = get(peer, 'latency');
  if (a && b) {
    line(`${ours} idle pickup p50 ms`, f(a.p50_ms, 3), f(b.p50_ms, 3), f(a.p50_ms / b.p50_ms), '-', null);
    const redis = ours === 'bgtasks-redis';
    line(`${ours} idle pickup p99 ms`, f(a.p99_ms, 3), f(b.p99_ms, 3), f(a.p99_ms / b.p99_ms), redis ? `<= ${peer}` : '-', redis ? a.p99_ms <= b.p99_ms : null);
  }
}
// what a web process and a separate worker process meet: the same pickup across two JVMs (BullMQ's is one process)
const lr = get('bgtasks-redis', 'latency-remote');
const bl = get('bullmq', 'latency');
if (lr) line('bgtasks-redis idle pickup p99 ms, producer in another JVM', f(lr.p99_ms, 3), bl ? f(bl.p99_ms, 3) : 'n/a', bl ? f(lr.p99_ms / bl.p99_ms) : 'n/a', '<= bullmq', bl ? lr.p99_ms <= bl.p99_ms : null);
// JobRunr with instant pickup: idle pickup p99 <= 100 ms, in one process and with the producer in another JVM (PostgreSQL)
for (const [system, scenario] of [['bgtasks-jobrunr', 'latency'], ['bgtasks-jobrunr-pg', 'latency'], ['bgtasks-jobrunr-pg', 'latency-remote']]) {
  const r = get(system, scenario);
  if (r) line(`${system} idle pickup p99 ms${scenario === 'latency-remote' ? ', producer in another JVM' : ''}`, f(r.p99_ms, 3), '-', '-', '<= 100 ms', r.p99_ms <= 100);
}
const m = get('bgtasks-redis', 'memory');
const mb = get('bullmq', 'memory');
if (m) line('Redis bytes per queued small task', f(m.bytes_per_task, 0), mb ? f(mb.bytes_per_task, 0) : 'n/a', mb ? f(m.bytes_per_task / mb.bytes_per_task) : 'n/a', '<= 300', m.bytes_per_task <= 300);

// the other end of the tradeoff on the same Redis: Celery (prefork, concurrency 2, its default on 2 cores; and threads)
for (const [scenario, min] of [['process', 40], ['process-threads', null], ['add-bulk', null], ['add', null]]) {
  const a = get('bgtasks-redis', scenario === 'process-threads' ? 'process' : scenario);
  const b = get('celery', scenario);
  if (!a || !b) continue;
  const ratio = a.jobs_per_s / b.jobs_per_s;
  line(`bgtasks-redis ${a.scenario} vs celery ${scenario} jobs/s`, f(a.jobs_per_s, 0), f(b.jobs_per_s, 0), f(ratio), min ? `>= ${min}x celery` : '-', min ? ratio >= min : null);
}
const cl = get('celery', 'latency');
const rl = get('bgtasks-redis', 'latency');
if (cl && rl) line('bgtasks-redis vs celery idle pickup p99 ms', f(rl.p99_ms, 3), f(cl.p99_ms, 3), f(rl.p99_ms / cl.p99_ms), '-', null);
// Redis server CPU per processed task: on one Redis shared by many workers, this is the ceiling
for (const system of ['bgtasks-redis', 'bullmq', 'celery']) {
  const r = get(system, 'process');
  if (!r || r.redis_cpu_s == null) continue;
  const us = (r.redis_cpu_s * 1e6) / r.jobs;
  const ours = system === 'bgtasks-redis';
  line(`${system} Redis CPU per processed task us (tasks per Redis CPU-s)`, f(us, 1), f(r.jobs / r.redis_cpu_s, 0), '-', ours ? '<= 5 us' : '-', ours ? us <= 5 : null);
}
// in memory against FastAPI over HTTP: /bench/three at 32 connections, FastAPI's best pass with tasks
const fastapiBest = rows.filter((r) => r.system === 'fastapi' && /^http-three-c32(-async|-w2|-async-w2)?$/.test(r.scenario))
  .sort((a, b) => b.jobs_per_s - a.jobs_per_s)[0];
const im3 = get('bgtasks-inmemory', 'http-three-c32');
const im0 = get('bgtasks-inmemory', 'http-none-c32');
if (im3 && fastapiBest) {
  const ratio = im3.jobs_per_s / fastapiBest.jobs_per_s;
  line(`bgtasks-inmemory http-three-c32 vs fastapi ${fastapiBest.scenario} req/s`, f(im3.jobs_per_s, 0), f(fastapiBest.jobs_per_s, 0), f(ratio), '>= 2.5x', ratio >= 2.5);
}
if (im3 && im0) line('bgtasks-inmemory http-three-c32 / http-none-c32 req/s', f(im3.jobs_per_s, 0), f(im0.jobs_per_s, 0), f(im3.jobs_per_s / im0.jobs_per_s), '>= 0.85', im3.jobs_per_s / im0.jobs_per_s >= 0.85);

// response overhead: /bench/three versus /bench/none, per backend and connection count
for (const r of rows.filter((x) => x.scenario.startsWith('http-none-'))) {
  const c = r.scenario.slice('http-none-'.length);
  const t = get(r.system, `http-three-${c}`);
  if (!t) continue;
  const inmem = r.system === 'bgtasks-inmemory';
  const p50 = t.p50_ms / r.p50_ms - 1;
  const p99 = t.p99_ms / r.p99_ms - 1;
  const pct = (x) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)} %`;
  line(`${r.system} ${c} response p50 ms (three vs none)`, f(t.p50_ms, 3), f(r.p50_ms, 3), pct(p50), inmem ? '<= +5 %' : '-', inmem ? p50 <= 0.05 : null);
  line(`${r.system} ${c} response p99 ms (three vs none)`, f(t.p99_ms, 3), f(r.p99_ms, 3), pct(p99), inmem ? '<= +10 %' : '-', inmem ? p99 <= 0.10 : null);
  line(`${r.system} ${c} req/s (three vs none)`, f(t.jobs_per_s, 0), f(r.jobs_per_s, 0), pct(t.jobs_per_s / r.jobs_per_s - 1), '-', null);
}

// delayed tasks (part schedule): lateness = start - due time; a negative min means a task started before its time
const lateness = (r) => `${f(r.p50_ms, 1)} / ${f(r.p99_ms, 1)} / ${f(r.max_ms, 1)} (min ${f(r.min_ms, 1)})`;
for (const scenario of ['schedule', 'schedule-burst']) {
  const burst = scenario === 'schedule-burst';
  for (const system of ['bgtasks-redis', 'bgtasks-inmemory', 'bgtasks-jobrunr', 'bullmq', 'celery']) {
    const r = get(system, scenario);
    if (!r) continue;
    const extra = burst ? `, last ${f(r.last_late_ms, 1)} after the last due time, ${f(r.jobs_per_s, 0)} jobs/s` : '';
    line(`${system} ${scenario} lateness ms p50 / p99 / max${extra}`, lateness(r), '-', '-', '-', null);
  }
  const ours = get('bgtasks-redis', scenario);
  for (const peer of ['bullmq', 'celery']) {
    const b = get(peer, scenario);
    if (!ours || !b) continue;
    // the idle target: a due task starts within 10 ms (p99), and never early
    const target = burst ? '-' : '<= 10 ms, none early';
    const met = burst ? null : ours.p99_ms <= 10 && ours.min_ms >= 0;
    line(`bgtasks-redis vs ${peer} ${scenario} p99 lateness ms`, f(ours.p99_ms, 3), f(b.p99_ms, 3), f(ours.p99_ms / b.p99_ms), target, met);
    if (burst) line(`bgtasks-redis vs ${peer} ${scenario} last start after last due ms`, f(ours.last_late_ms, 1), f(b.last_late_ms, 1), f(ours.last_late_ms / b.last_late_ms), '-', null);
  }
}
console.log(out.join('\n'));
