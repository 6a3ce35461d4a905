-- Requeues a dead letter: it resumes at the step that failed, with a fresh attempt count.
-- KEYS[1] dead, KEYS[2] wait, KEYS[3] marker, KEYS[4] unreadable; ARGV[1] batch key, ARGV[2] batch id
-- The reads and the one write that can fail (the wait list holding another type) come before any change.
if not redis.call('ZSCORE', KEYS[1], ARGV[2]) then
  return 0
end
local has = redis.pcall('HEXISTS', ARGV[1], 'p')
if type(has) == 'table' or has == 0 then
  -- poison without a payload, or a key that is not a batch at all: nothing could ever run it
  redis.call('ZREM', KEYS[1], ARGV[2])
  redis.call('DEL', ARGV[1])
  redis.pcall('HDEL', KEYS[4], ARGV[2])
  return -1
end
local pushed = redis.pcall('RPUSH', KEYS[2], ARGV[2])
if type(pushed) == 'table' and pushed.err then
  return redis.error_reply('bgtasks: the wait list key ' .. KEYS[2] .. ' holds a ' .. redis.call('TYPE', KEYS[2]).ok
    .. ', not a list; the dead letter stays. Delete or repair that key (see docs/redis.md, Damaged storage)')
end
redis.call('ZREM', KEYS[1], ARGV[2])
redis.call('HSET', ARGV[1], 's', 'q', 'n', 0)
redis.call('HDEL', ARGV[1], 'ft', 'na')
redis.pcall('ZADD', KEYS[3], 0, 'm')
return 1
