-- Checkpoint: step k of a batch succeeded; the batch moves on to step k + 1 (first attempt) and its lease
-- is renewed. A retry or a redelivery then resumes at the next step, not at the start.
-- KEYS[1] active; ARGV[1] batch key, ARGV[2] batch id, ARGV[3] token, ARGV[4] now, ARGV[5] lease ms,
-- ARGV[6] finished step as 'attempts:startMs:endMs;'
if redis.call('HGET', ARGV[1], 'w') ~= ARGV[3] then
  return 0
end
local k = tonumber(redis.call('HGET', ARGV[1], 'k') or '0') + 1
local history = (redis.call('HGET', ARGV[1], 'h') or '') .. ARGV[6]
redis.call('HSET', ARGV[1], 'k', k, 'n', 1, 'st', ARGV[4], 'h', history)
redis.call('HDEL', ARGV[1], 'e')
redis.call('ZADD', KEYS[1], 'XX', tonumber(ARGV[4]) + tonumber(ARGV[5]), ARGV[2])
return 1
