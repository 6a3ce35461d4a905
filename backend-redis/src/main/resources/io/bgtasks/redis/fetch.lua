#!lua flags=allow-oom
-- One round trip of a worker: acknowledge finished batches, promote due batches (delayed ones, retries), reclaim
-- expired leases, then lease up to N queued batches, and keep the finished records and dead letters within their
-- bounds.
-- allow-oom: workers keep draining while Redis is over maxmemory. What this script adds per batch is small (a lease,
-- a few fields) and an acknowledgement frees the payload, so draining lowers the memory used (docs/redis.md).
-- KEYS[1] wait, KEYS[2] active (lease deadlines), KEYS[3] delayed (due times of delayed batches and retries),
-- KEYS[4] marker, KEYS[5] dead, KEYS[6] unreadable (hash: batch id -> why its own key could not hold the reason),
-- KEYS[7] done (sorted set: succeeded id whose status is kept -> finish time, ms)
-- ARGV[1] prefix, ARGV[2] now, ARGV[3] lease ms, ARGV[4] max to fetch, ARGV[5] worker token,
-- ARGV[6] status retention ms (0: delete at once), ARGV[7] most succeeded statuses kept, ARGV[8] dead-letter
-- retention ms, ARGV[9] most dead letters kept, ARGV[10..] pairs: id of a batch this worker finished, its step names
-- Returns {next due time or '', a notice for the log or '', then per leased batch: id, payload, step, attempt, when it
-- became ready (ms: a retry's due time or a delayed batch's start time, else when it was stored; '' if unreadable),
-- its trace ('' when none; the worker ignores a value it cannot read)}
local prefix, now, lease = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
local max, token, retention = tonumber(ARGV[4]), ARGV[5], tonumber(ARGV[6])
local keepDone, deadAge, keepDead = tonumber(ARGV[7]), tonumber(ARGV[8]), tonumber(ARGV[9])
-- Numbers go back to Redis as the text they came in: Lua formats a number with the C library's floating-point
-- printf, which was the largest single cost per leased batch in a profile of this script (docs/performance.md)
local stamp, retentionText, deadline = ARGV[2], ARGV[6], tostring(now + lease)
local counts = {}
local function count(n)
  local text = counts[n]
  if not text then
    text = string.format('%d', n)
    counts[n] = text
  end
  return text
end

-- The shared keys are checked before the first write: Redis keeps a failed script's earlier writes, so a key of the
-- wrong type met halfway would lose the batches moved before it. Nothing is changed then, and the worker logs why.
local function expect(key, kind, what)
  local found = redis.call('TYPE', key).ok
  if found ~= kind and found ~= 'none' then
    return redis.error_reply('bgtasks: the ' .. what .. ' key ' .. key .. ' holds a ' .. found .. ', not a ' .. kind
      .. '; nothing was changed. Delete or repair that key (see docs/redis.md, Damaged storage)')
  end
end
local wrong = expect(KEYS[1], 'list', 'wait list') or expect(KEYS[2], 'zset', 'lease set')
  or expect(KEYS[3], 'zset', 'retry set') or expect(KEYS[5], 'zset', 'dead-letter set')
  or expect(KEYS[6], 'hash', 'unreadable-reasons')
if wrong then
  return wrong
end
local notice = ''
local marker = redis.call('TYPE', KEYS[4]).ok
if marker ~= 'zset' and marker ~= 'none' then
  -- the marker only wakes idle workers and holds nothing worth keeping: replace it
  redis.call('DEL', KEYS[4])
  notice = 'the wake-up marker key ' .. KEYS[4] .. ' held a ' .. marker .. ', not a zset; replaced it'
end
local finished = redis.call('TYPE', KEYS[7]).ok
if finished ~= 'zset' and finished ~= 'none' then
  -- only the count bound's order and the listing's index: without it the retained statuses still expire by age
  -- (a list here is the layout before the index, from an older version)
  redis.call('DEL', KEYS[7])
  notice = (notice ~= '' and notice .. '; ' or '') .. 'the finished-statuses key ' .. KEYS[7] .. ' held a ' .. finished
    .. ', not a zset; replaced it (the statuses it counted expire by age)'
end

-- Calls a variadic command once per CHUNK arguments instead of once per batch: each redis.call costs about
-- as much as the work it does on a small key, and unpack() has a stack limit.
local CHUNK = 500
local function bulk(command, key, args)
  local reply
  for i = 1, #args, CHUNK do
    if key then
      reply = redis.call(command, key, unpack(args, i, math.min(i + CHUNK - 1, #args)))
    else
      reply = redis.call(command, unpack(args, i, math.min(i + CHUNK - 1, #args)))
    end
  end
  return reply
end

-- a stored count: a whole number from 0, or nil (Lua's tonumber also reads 'nan', 'inf' and '2.5'); a field that was
-- never written (a new batch has neither 'k' nor 'n') is 0 without parsing
local floor = math.floor
local function whole(text)
  if not text then
    return 0
  end
  local n = tonumber(text)
  if n and n == n and n >= 0 and n < 2147483647 and n == floor(n) then
    return n
  end
  return nil
end

-- dead-letters a batch whose stored data cannot be run, with the reason; when its key is not even a hash (someone
-- else wrote it), the reason goes to KEYS[6] instead. Uses pcall: one bad key must not fail the whole fetch.
local function unreadable(key, id, reason)
  local written = redis.pcall('HSET', key, 's', 'f', 'e', 'poison: ' .. reason, 'ft', now)
  if type(written) == 'table' and written.err then
    redis.call('HSET', KEYS[6], id, 'poison: ' .. reason)
  end
  redis.call('ZADD', KEYS[5], now, id)
end

-- Batch ids are UUIDs. Anything else in the wait list or a set (bytes that are not UTF-8, another program's
-- entries) cannot be acknowledged by the id the worker would read back, so it would run after every lease forever:
-- it is dead-lettered under a UUID derived from its bytes, with the bytes in hex in the reason.
local function isBatchId(id)
  return #id == 36 and not string.find(id, '[^%x%-]')
end
local function hex(text)
  return (string.gsub(string.sub(text, 1, 64), '.', function(c) return string.format('%02x', string.byte(c)) end))
end
local function foreign(id, where)
  local h = redis.sha1hex(id)
  local safe = string.sub(h, 1, 8) .. '-' .. string.sub(h, 9, 12) .. '-5' .. string.sub(h, 14, 16) .. '-8'
    .. string.sub(h, 18, 20) .. '-' .. string.sub(h, 21, 32)
  unreadable(prefix .. ':b:' .. safe, safe, 'an entry of the ' .. where .. " is not a batch id (its bytes in hex: "
    .. hex(id) .. (#id > 64 and '...' or '') .. ')')
end

-- Moves a batch back to the wait list with state 'q' (a due retry, an expired lease); a key that is no longer a
-- hash is dead-lettered instead. Returns whether it was queued.
local function queue(id, where, front)
  if not isBatchId(id) then
    foreign(id, where)
    return false
  end
  local key = prefix .. ':b:' .. id
  local set = redis.pcall('HSET', key, 's', 'q')
  if type(set) == 'table' and set.err then
    unreadable(key, id, 'the batch key holds a ' .. redis.call('TYPE', key).ok .. ', not a hash')
    return false
  end
  redis.call('HDEL', key, 'w')
  redis.call(front and 'LPUSH' or 'RPUSH', KEYS[1], id)
  return true
end

local LEAN = {'c', 'k', 'n', 'st', 'h'}
local acked, gone, done = {}, {}, {}
for i = 10, #ARGV, 2 do
  local id = ARGV[i]
  local key = prefix .. ':b:' .. id
  local holder = redis.pcall('HGET', key, 'w')
  if type(holder) == 'table' and holder.err then
    -- its key was replaced while it ran, after every step succeeded: only the lease is left to clear
    acked[#acked + 1] = id
  elseif holder == token then
    acked[#acked + 1] = id
    if retention > 0 then
      -- The record keeps only what the status API shows: the payload, most of its bytes, goes (dead letters keep
      -- theirs). A compact hash is trimmed in place; one that held a value longer than hash-max-listpack-value (64
      -- bytes, most payloads) keeps Redis's larger encoding after an HDEL, about 500 bytes instead of under 200, so it
      -- is written afresh instead (two more calls, only for those).
      local encoding = redis.call('OBJECT', 'ENCODING', key)
      if encoding == 'listpack' or encoding == 'ziplist' then
        redis.call('HSET', key, 's', 'ok', 'ft', stamp, 'm', ARGV[i + 1])
        redis.call('HDEL', key, 'w', 'e', 'p', 'na', 't')
      else
        local f = redis.call('HMGET', key, 'c', 'k', 'n', 'st', 'h')
        local lean = {'s', 'ok', 'ft', stamp, 'm', ARGV[i + 1]}
        for j, field in ipairs(LEAN) do
          if f[j] then
            lean[#lean + 1] = field
            lean[#lean + 1] = f[j]
          end
        end
        redis.call('DEL', key)
        redis.call('HSET', key, unpack(lean))
      end
      redis.call('PEXPIRE', key, retentionText)
      done[#done + 1] = stamp
      done[#done + 1] = id
    else
      gone[#gone + 1] = key
    end
  end
end
bulk('ZREM', KEYS[2], acked)
bulk('DEL', nil, gone)

-- The count bound of succeeded statuses: their ids by finish time (the score; also the index the finished-tasks
-- listing pages through), the oldest deleted beyond the bound, at most TRIM per call (a fetch comes every few dozen
-- batches under load, so the bound holds within a few hundred). A keyed id can be submitted again once its record
-- expired, so its key is only deleted while it is a finished record.
local TRIM = 500
bulk('ZADD', KEYS[7], done)
local length = #done > 0 and redis.call('ZCARD', KEYS[7]) or 0
if length > keepDone then
  local keys = {}
  local popped = redis.call('ZPOPMIN', KEYS[7], math.min(length - keepDone, TRIM))
  for i = 1, #popped, 2 do
    local id = popped[i]
    local key = prefix .. ':b:' .. id
    if isBatchId(id) and (string.sub(id, 15, 15) ~= '3' or redis.pcall('HGET', key, 's') == 'ok') then
      keys[#keys + 1] = key
    end
  end
  bulk('DEL', nil, keys)
end
-- The age bound is each record's own TTL (status retention from its finish time, its score): the ids of expired ones
-- leave the index here
if retention > 0 then
  local expiredIds = redis.call('ZRANGEBYSCORE', KEYS[7], '-inf', now - retention, 'LIMIT', 0, TRIM)
  bulk('ZREM', KEYS[7], expiredIds)
end

local due = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', now, 'LIMIT', 0, 1000)
for _, id in ipairs(due) do
  redis.call('ZREM', KEYS[3], id)
  queue(id, 'retry set', false)
end

-- a lease that was not renewed belongs to a dead worker: its batch goes to the front of the queue
local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now, 'LIMIT', 0, 1000)
for _, id in ipairs(expired) do
  redis.call('ZREM', KEYS[2], id)
  queue(id, 'lease set', true)
end

local out = {'', notice}
if max > 0 then
  local ids = redis.call('LPOP', KEYS[1], max)
  if ids then
    local leases = {}
    for _, id in ipairs(ids) do
      local key = prefix .. ':b:' .. id
      -- every check before the first write of this batch: garbage is dead-lettered with its reason, the rest of
      -- the fetch goes on
      local f = isBatchId(id) and redis.pcall('HMGET', key, 'p', 'k', 'n', 'na', 'c', 't')
      local step, seen
      if f and not f.err and f[1] then
        step, seen = whole(f[2]), whole(f[3])
      end
      if not f then
        foreign(id, 'wait list')
      elseif f.err then
        unreadable(key, id, 'the batch key holds a ' .. redis.call('TYPE', key).ok .. ', not a hash')
      elseif not f[1] then
        redis.call('HSET', key, 's', 'f', 'e', 'no payload is stored for batch id ' .. id, 'ft', now, 'n', 0)
        redis.call('ZADD', KEYS[5], now, id)
      elseif not step then
        unreadable(key, id, "the stored checkpoint '" .. tostring(f[2]) .. "' is not a step number")
      elseif not seen then
        unreadable(key, id, "the stored attempt count '" .. tostring(f[3]) .. "' is not a whole number")
      else
        local attempt = count(seen + 1)
        redis.call('HSET', key, 's', 'r', 'w', token, 'st', stamp, 'n', attempt)
        leases[#leases + 1] = deadline
        leases[#leases + 1] = id
        out[#out + 1] = id
        out[#out + 1] = f[1]
        -- whole numbers print without a fraction ('2.0' is read as 2 and sent as '2')
        out[#out + 1] = count(step)
        out[#out + 1] = attempt
        -- for the queue-wait timer and tracing only, sent as stored: the worker ignores what it cannot read, so a
        -- damaged value never fails a fetch or keeps a batch from running
        out[#out + 1] = f[4] or f[5] or ''
        out[#out + 1] = f[6] or ''
      end
    end
    bulk('ZADD', KEYS[2], leases)
  end
end

-- Dead letters beyond their age or count go, oldest first, at most TRIM per call; the log says how many
local buried = 0
local function bury(ids)
  if #ids > 0 then
    local keys = {}
    for i, id in ipairs(ids) do
      keys[i] = prefix .. ':b:' .. id
    end
    bulk('ZREM', KEYS[5], ids)
    bulk('DEL', nil, keys)
    bulk('HDEL', KEYS[6], ids)
    buried = buried + #ids
  end
end
bury(redis.call('ZRANGEBYSCORE', KEYS[5], '-inf', now - deadAge, 'LIMIT', 0, TRIM))
local extra = redis.call('ZCARD', KEYS[5]) - keepDead
if extra > 0 then
  bury(redis.call('ZRANGE', KEYS[5], 0, math.min(extra, TRIM) - 1))
end
if buried > 0 then
  out[2] = (out[2] ~= '' and out[2] .. '; ' or '') .. 'deleted ' .. buried .. ' dead letter(s) older than '
    .. deadAge .. ' ms or beyond the most kept, ' .. keepDead .. ' (bgtasks.redis.dead-letter-retention, '
    .. 'dead-letter-max)'
end

if redis.call('LLEN', KEYS[1]) > 0 then
  -- more work: wake the next idle worker
  redis.call('ZADD', KEYS[4], 0, 'm')
end
local nextDue = redis.call('ZRANGE', KEYS[3], 0, 0, 'WITHSCORES')
if nextDue[2] and tonumber(nextDue[2]) == math.huge then
  -- a retry due at +inf never comes due and would be every worker's next due time: dead-letter such entries
  for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[3], '+inf', '+inf', 'LIMIT', 0, 100)) do
    redis.call('ZREM', KEYS[3], id)
    if isBatchId(id) then
      unreadable(prefix .. ':b:' .. id, id, 'the retry due time stored for it is +inf')
    else
      foreign(id, 'retry set')
    end
  end
  nextDue = redis.call('ZRANGE', KEYS[3], 0, 0, 'WITHSCORES')
end
if nextDue[2] and tonumber(nextDue[2]) ~= math.huge then
  out[1] = nextDue[2]
end
return out
