#!lua flags=no-writes,allow-oom
-- One keyset page of a sorted set read newest first (score: a time in ms; of one score, the larger member first):
-- the members strictly after a cursor (score, member). Only reads; one script so that its steps see one state.
-- Cost: O(log n + page): the cursor's member is found by rank when it is still there with its score; otherwise (it
-- was pruned, requeued or deleted) the page starts at its score and skips that score's members not after it.
-- KEYS[1] the sorted set; ARGV[1] the cursor's score, or '' for the first page; ARGV[2] its member; ARGV[3] count
-- Returns {member, score, member, score, ...}, or {} when the key holds another type (see docs/redis.md)
local key, count = KEYS[1], tonumber(ARGV[3])
if redis.call('TYPE', key).ok ~= 'zset' then
  return {}
end
if ARGV[1] == '' then
  return redis.call('ZRANGE', key, '+inf', '-inf', 'BYSCORE', 'REV', 'LIMIT', 0, count, 'WITHSCORES')
end
local score, member = tonumber(ARGV[1]), ARGV[2]
local stored = redis.call('ZSCORE', key, member)
if stored and tonumber(stored) == score then
  local rank = redis.call('ZREVRANK', key, member)
  return redis.call('ZRANGE', key, rank + 1, rank + count, 'REV', 'WITHSCORES')
end
local out, offset = {}, 0
while true do
  local chunk = redis.call('ZRANGE', key, ARGV[1], '-inf', 'BYSCORE', 'REV', 'LIMIT', offset, count, 'WITHSCORES')
  for i = 1, #chunk, 2 do
    if tonumber(chunk[i + 1]) < score or chunk[i] < member then
      out[#out + 1] = chunk[i]
      out[#out + 1] = chunk[i + 1]
      if #out >= 2 * count then
        return out
      end
    end
  end
  if #chunk < 2 * count then
    return out
  end
  offset = offset + count
end
