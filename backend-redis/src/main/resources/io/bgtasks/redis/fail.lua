#!lua flags=allow-oom
-- (allowed while Redis is over maxmemory, so that workers keep draining: see docs/redis.md, Out of memory)
-- A step failed: schedule a durable retry, or dead-letter the batch (last attempt, not retryable, poison).
-- KEYS[1] active, KEYS[2] delayed, KEYS[3] dead, KEYS[4] marker
-- ARGV[1] batch key, ARGV[2] batch id, ARGV[3] token, ARGV[4] now, ARGV[5] error,
-- ARGV[6] 'retry' or 'dead', ARGV[7] retry due time (ms)
-- A failure here changes nothing: the batch keeps its lease and, once that runs out, is delivered again (or, if its
-- own key is what is damaged, dead-lettered by the next fetch). So the write that can fail comes first.
if redis.call('HGET', ARGV[1], 'w') ~= ARGV[3] then
  return 0
end
local retry = ARGV[6] == 'retry'
local target, score = KEYS[3], tonumber(ARGV[4])
if retry then
  target, score = KEYS[2], tonumber(ARGV[7])
end
local added = redis.pcall('ZADD', target, score, ARGV[2])
if type(added) == 'table' and added.err then
  return redis.error_reply('bgtasks: the ' .. (retry and 'retry' or 'dead-letter') .. ' set key ' .. target
    .. ' holds a ' .. redis.call('TYPE', target).ok .. ', not a zset; batch ' .. ARGV[2] .. ' keeps its lease and is'
    .. ' delivered again after it. Delete or repair that key (see docs/redis.md, Damaged storage)')
end
redis.call('ZREM', KEYS[1], ARGV[2])
redis.call('HDEL', ARGV[1], 'w')
if retry then
  redis.call('HSET', ARGV[1], 's', 'd', 'e', ARGV[5], 'na', ARGV[7], 'ft', ARGV[4])
  -- wake an idle worker: it sees the new due time and waits for exactly that long, not a full idle poll
  redis.pcall('ZADD', KEYS[4], 0, 'm')
else
  redis.call('HSET', ARGV[1], 's', 'f', 'e', ARGV[5], 'ft', ARGV[4])
  redis.call('HDEL', ARGV[1], 'na')
end
return 1
