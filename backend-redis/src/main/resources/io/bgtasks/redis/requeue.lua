-- Requeues a dead letter: it resumes at the step that failed, with a fresh attempt count.
-- KEYS[1] dead, KEYS[2] wait, KEYS[3] marker; ARGV[1] batch key, ARGV[2] batch id
if redis.call('ZREM', KEYS[1], ARGV[2]) == 0 then
  return 0
end
if redis.call('HEXISTS', ARGV[1], 'p') == 0 then
  -- poison without a payload: nothing could ever run it
  redis.call('DEL', ARGV[1])
  return -1
end
redis.call('HSET', ARGV[1], 's', 'q', 'n', 0)
redis.call('HDEL', ARGV[1], 'ft', 'na')
redis.call('RPUSH', KEYS[2], ARGV[2])
redis.call('ZADD', KEYS[3], 0, 'm')
return 1
