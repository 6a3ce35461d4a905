#!lua
-- (The shebang without flags makes Redis 7 refuse the whole call while it is over maxmemory, before any of it runs,
-- so an out-of-memory Redis answers with a clear OOM error and nothing is stored. Stripped for Redis 6.)
-- Stores batches and queues them, all or nothing; a batch id that is known already is skipped (idempotency).
-- KEYS[1] wait list, KEYS[2] wake-up marker
-- ARGV[1] key prefix, ARGV[2] now (ms), ARGV[3] idempotency window (ms, 0: none of its own), then pairs: batch id,
-- payload
-- A batch id is known while its record exists (queued, running, dead, a retained status) and, for an id derived from
-- an idempotency key, while its window key P:i:<id> lives. Only those ids get a window key: TaskIds.fromKey makes
-- name-based UUIDs (version 3, the 15th character), random batch ids are version 7 and never come twice.
-- The one write that can fail (the wait list holding another type) comes first: Redis keeps a failed script's
-- earlier writes, and a hash stored for a batch that was never queued would make a retry of the same request
-- answer "already stored" while nothing runs it.
local prefix, window = ARGV[1], tonumber(ARGV[3])
local new = {}
for i = 4, #ARGV, 2 do
  local id = ARGV[i]
  local known
  if window > 0 and string.sub(id, 15, 15) == '3' then
    known = redis.call('EXISTS', prefix .. ':b:' .. id, prefix .. ':i:' .. id)
  else
    known = redis.call('EXISTS', prefix .. ':b:' .. id)
  end
  if known == 0 then
    new[#new + 1] = i
  end
end
if #new == 0 then
  return 0
end
local CHUNK = 500
for from = 1, #new, CHUNK do
  local ids = {}
  for j = from, math.min(from + CHUNK - 1, #new) do
    ids[#ids + 1] = ARGV[new[j]]
  end
  local pushed = redis.pcall('RPUSH', KEYS[1], unpack(ids))
  if type(pushed) == 'table' and pushed.err then
    -- only the first chunk can fail this way: the key's type does not change within the script
    return redis.error_reply('bgtasks: the wait list key ' .. KEYS[1] .. ' holds a ' .. redis.call('TYPE', KEYS[1]).ok
      .. ', not a list; nothing was stored. Delete or repair that key (see docs/redis.md, Damaged storage)')
  end
end
for _, i in ipairs(new) do
  local id = ARGV[i]
  redis.call('HSET', prefix .. ':b:' .. id, 'p', ARGV[i + 1], 'c', ARGV[2])
  if window > 0 and string.sub(id, 15, 15) == '3' then
    -- '1' is one of Redis's shared integers: the key costs its name and its TTL, no value of its own
    redis.call('SET', prefix .. ':i:' .. id, 1, 'PX', window)
  end
end
-- only a wake-up for idle workers: if someone broke it, workers still find the batches at their next poll, and
-- the next fetch replaces the marker
redis.pcall('ZADD', KEYS[2], 0, 'm')
return #new
