#!lua
-- (The shebang without flags makes Redis 7 refuse the whole call while it is over maxmemory, before any of it runs,
-- so an out-of-memory Redis answers with a clear OOM error and nothing is stored. Stripped for Redis 6.)
-- Stores batches and queues them, all or nothing; a batch id that is known already is skipped (idempotency).
-- KEYS[1] wait list, KEYS[2] wake-up marker, KEYS[3] due-time set (delayed batches and retries)
-- ARGV[1] key prefix, ARGV[2] now (ms), ARGV[3] idempotency window (ms, 0: none of its own), then quadruples: batch
-- id, payload, start time (ms; 0 queues it at once, anything else goes to the due-time set until then), trace (the
-- submitter's W3C trace headers, '' when none: field 't' is written only when there is one)
-- A batch id is known while its record exists (queued, running, dead, a retained status) and, for an id derived from
-- an idempotency key, while its window key P:i:<id> lives. Only those ids get a window key: TaskIds.fromKey makes
-- name-based UUIDs (version 3, the 15th character), random batch ids are version 7 and never come twice.
-- The writes that can fail (the wait list or the due-time set holding another type) come first: Redis keeps a failed
-- script's earlier writes, and a hash stored for a batch that was never queued would make a retry of the same request
-- answer "already stored" while nothing runs it.
local prefix, window = ARGV[1], tonumber(ARGV[3])
local now, later = {}, {}
for i = 4, #ARGV, 4 do
  local id = ARGV[i]
  local known
  if window > 0 and string.sub(id, 15, 15) == '3' then
    known = redis.call('EXISTS', prefix .. ':b:' .. id, prefix .. ':i:' .. id)
  else
    known = redis.call('EXISTS', prefix .. ':b:' .. id)
  end
  if known == 0 then
    if ARGV[i + 2] == '0' then
      now[#now + 1] = i
    else
      later[#later + 1] = i
    end
  end
end
if #now + #later == 0 then
  return 0
end
local function refuse(key, what, kind)
  return redis.error_reply('bgtasks: the ' .. what .. ' key ' .. key .. ' holds a ' .. redis.call('TYPE', key).ok
    .. ', not a ' .. kind .. '; nothing was stored. Delete or repair that key (see docs/redis.md, Damaged storage)')
end
if #later > 0 then
  -- checked before the wait list is written, so that a mixed bulk call stores all of its batches or none
  local found = redis.call('TYPE', KEYS[3]).ok
  if found ~= 'zset' and found ~= 'none' then
    return refuse(KEYS[3], 'due-time set', 'zset')
  end
end
local CHUNK = 500
for from = 1, #now, CHUNK do
  local ids = {}
  for j = from, math.min(from + CHUNK - 1, #now) do
    ids[#ids + 1] = ARGV[now[j]]
  end
  local pushed = redis.pcall('RPUSH', KEYS[1], unpack(ids))
  if type(pushed) == 'table' and pushed.err then
    -- only the first chunk can fail this way: the key's type does not change within the script
    return refuse(KEYS[1], 'wait list', 'list')
  end
end
local earliest
for from = 1, #later, CHUNK do
  local scored = {}
  for j = from, math.min(from + CHUNK - 1, #later) do
    local i = later[j]
    local at = tonumber(ARGV[i + 2])
    scored[#scored + 1] = at
    scored[#scored + 1] = ARGV[i]
    if not earliest or at < earliest then
      earliest = at
    end
  end
  redis.call('ZADD', KEYS[3], unpack(scored))
end
local function store(i, state)
  local id = ARGV[i]
  local trace = ARGV[i + 3]
  if state then
    -- 'd' with 'na' is how a waiting retry shows its due time; a delayed batch's first attempt reads the same
    if trace == '' then
      redis.call('HSET', prefix .. ':b:' .. id, 'p', ARGV[i + 1], 'c', ARGV[2], 's', 'd', 'na', ARGV[i + 2])
    else
      redis.call('HSET', prefix .. ':b:' .. id, 'p', ARGV[i + 1], 'c', ARGV[2], 's', 'd', 'na', ARGV[i + 2], 't', trace)
    end
  elseif trace == '' then
    redis.call('HSET', prefix .. ':b:' .. id, 'p', ARGV[i + 1], 'c', ARGV[2])
  else
    redis.call('HSET', prefix .. ':b:' .. id, 'p', ARGV[i + 1], 'c', ARGV[2], 't', trace)
  end
  if window > 0 and string.sub(id, 15, 15) == '3' then
    -- '1' is one of Redis's shared integers: the key costs its name and its TTL, no value of its own
    redis.call('SET', prefix .. ':i:' .. id, 1, 'PX', window)
  end
end
for _, i in ipairs(now) do
  store(i, false)
end
for _, i in ipairs(later) do
  store(i, true)
end
-- only a wake-up for idle workers: if someone broke it, workers still find the batches at their next poll, and
-- the next fetch replaces the marker. Delayed batches need it only when they come due before everything that waits
-- already: a woken worker fetches again and learns the new earliest due time; the others keep theirs.
local wake = #now > 0
if not wake then
  local first = redis.call('ZRANGE', KEYS[3], 0, 0, 'WITHSCORES')
  wake = tonumber(first[2]) >= earliest
end
if wake then
  redis.pcall('ZADD', KEYS[2], 0, 'm')
end
return #now + #later
