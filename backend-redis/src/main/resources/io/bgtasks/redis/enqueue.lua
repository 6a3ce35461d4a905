-- Stores batches and queues them, all or nothing; a batch id that exists already is skipped (idempotency).
-- KEYS[1] wait list, KEYS[2] wake-up marker
-- ARGV[1] key prefix, ARGV[2] now (ms), then pairs: batch id, payload
local added = 0
for i = 3, #ARGV, 2 do
  local key = ARGV[1] .. ':b:' .. ARGV[i]
  if redis.call('EXISTS', key) == 0 then
    redis.call('HSET', key, 'p', ARGV[i + 1], 'c', ARGV[2])
    redis.call('RPUSH', KEYS[1], ARGV[i])
    added = added + 1
  end
end
if added > 0 then
  redis.call('ZADD', KEYS[2], 0, 'm')
end
return added
