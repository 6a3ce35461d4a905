-- A step failed: schedule a durable retry, or dead-letter the batch (last attempt, not retryable, poison).
-- KEYS[1] active, KEYS[2] delayed, KEYS[3] dead, KEYS[4] marker
-- ARGV[1] batch key, ARGV[2] batch id, ARGV[3] token, ARGV[4] now, ARGV[5] error,
-- ARGV[6] 'retry' or 'dead', ARGV[7] retry due time (ms)
if redis.call('HGET', ARGV[1], 'w') ~= ARGV[3] then
  return 0
end
redis.call('ZREM', KEYS[1], ARGV[2])
redis.call('HDEL', ARGV[1], 'w')
if ARGV[6] == 'retry' then
  redis.call('HSET', ARGV[1], 's', 'd', 'e', ARGV[5], 'na', ARGV[7], 'ft', ARGV[4])
  redis.call('ZADD', KEYS[2], tonumber(ARGV[7]), ARGV[2])
  -- wake an idle worker: it sees the new due time and waits for exactly that long, not a full idle poll
  redis.call('ZADD', KEYS[4], 0, 'm')
else
  redis.call('HSET', ARGV[1], 's', 'f', 'e', ARGV[5], 'ft', ARGV[4])
  redis.call('HDEL', ARGV[1], 'na')
  redis.call('ZADD', KEYS[3], tonumber(ARGV[4]), ARGV[2])
end
return 1
