#!lua flags=allow-oom
-- (allowed while Redis is over maxmemory, so that workers keep draining: see docs/redis.md, Out of memory)
-- Checkpoint: step k of a batch succeeded; the batch moves on to step k + 1 (first attempt) and its lease
-- is renewed. A retry or a redelivery then resumes at the next step, not at the start.
-- KEYS[1] active; ARGV[1] batch key, ARGV[2] batch id, ARGV[3] token, ARGV[4] now, ARGV[5] lease ms,
-- ARGV[6] finished step as 'attempts:startMs:endMs;'
-- Every read that can fail (a key replaced by another type, a checkpoint that is not a number) comes before the
-- first write: the batch then keeps its lease and the next fetch after it deals with the damage.
if redis.call('HGET', ARGV[1], 'w') ~= ARGV[3] then
  return 0
end
local done = tonumber(redis.call('HGET', ARGV[1], 'k') or '0')
if not done then
  return redis.error_reply('bgtasks: the checkpoint of batch ' .. ARGV[2] .. ' was overwritten with a value that is '
    .. 'not a step number while it ran')
end
local history = (redis.call('HGET', ARGV[1], 'h') or '') .. ARGV[6]
redis.call('ZADD', KEYS[1], 'XX', tonumber(ARGV[4]) + tonumber(ARGV[5]), ARGV[2])
redis.call('HSET', ARGV[1], 'k', done + 1, 'n', 1, 'st', ARGV[4], 'h', history)
redis.call('HDEL', ARGV[1], 'e')
return 1
