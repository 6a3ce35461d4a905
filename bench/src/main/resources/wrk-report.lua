-- wrk hooks: an optional pause (WRK_GAP_MS, whole milliseconds) between a response and the connection's next
-- request; at the end, the run's totals and latency percentiles (microseconds) as one JSON line.
local gap = tonumber(os.getenv("WRK_GAP_MS") or "0")
if gap > 0 then
  delay = function() return gap end
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"duration_us":%d,"p50_us":%d,"p99_us":%d,"max_us":%d,"mean_us":%d,"errors":%d,"non2xx":%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), latency.max, latency.mean,
    e.connect + e.read + e.write + e.timeout, e.status))
end
