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
  for (const [scenario, min] of [['process', ours === 'bgtasks-redis' ? 1.5 : 0.95], ['add-bulk', ours === 'bgtasks-redis' ? 1.5 : null], ['add', null]]) {
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
const m = get('bgtasks-redis', 'memory');
const mb = get('bullmq', 'memory');
if (m) line('Redis bytes per queued small task', f(m.bytes_per_task, 0), mb ? f(mb.bytes_per_task, 0) : 'n/a', mb ? f(m.bytes_per_task / mb.bytes_per_task) : 'n/a', '<= 300', m.bytes_per_task <= 300);

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
console.log(out.join('\n'));
