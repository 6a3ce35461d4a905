-- Stores batches and queues them, all or nothing; a batch id that exists already is skipped (idempotency).
-- KEYS[1] wait list, KEYS[2] wake-up marker
-- ARGV[1] key prefix, ARGV[2] now (ms), then pairs: batch id, payload
-- The one write that can fail (the wait list holding another type) comes first: Redis keeps a failed script's
-- earlier writes, and a hash stored for a batch that was never queued would make a retry of the same request
-- answer "already stored" while nothing runs it.
local new = {}
for i = 3, #ARGV, 2 do
  if redis.call('EXISTS', ARGV[1] .. ':b:' .. ARGV[i]) == 0 then
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
  redis.call('HSET', ARGV[1] .. ':b:' .. ARGV[i], 'p', ARGV[i + 1], 'c', ARGV[2])
end
-- only a wake-up for idle workers: if someone broke it, workers still find the batches at their next poll, and
-- the next fetch replaces the marker
redis.pcall('ZADD', KEYS[2], 0, 'm')
return #new
