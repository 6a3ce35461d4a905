#!lua flags=allow-oom
-- (allowed while Redis is over maxmemory, so that workers keep draining: see docs/redis.md, Out of memory)
-- Graceful shutdown: hand batches this worker still holds back to the front of the queue at once, instead
-- of letting their leases run out. The interrupted attempt does not count.
-- KEYS[1] wait, KEYS[2] active, KEYS[3] marker; ARGV[1] prefix, ARGV[2] token, ARGV[3..] batch ids
-- A batch whose key is damaged is left to its lease (the next fetch dead-letters it); the push that can fail comes
-- before the batch leaves the lease set, so a failure changes nothing.
local released = 0
for i = 3, #ARGV do
  local key = ARGV[1] .. ':b:' .. ARGV[i]
  if redis.pcall('HGET', key, 'w') == ARGV[2] then
    redis.call('LPUSH', KEYS[1], ARGV[i])
    redis.call('ZREM', KEYS[2], ARGV[i])
    redis.call('HSET', key, 's', 'q')
    redis.call('HINCRBY', key, 'n', -1)
    redis.call('HDEL', key, 'w')
    released = released + 1
  end
end
if released > 0 then
  redis.pcall('ZADD', KEYS[3], 0, 'm')
end
return released
