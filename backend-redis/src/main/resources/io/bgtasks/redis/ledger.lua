-- The schedule ledger: reads a schedule's last fired tick or, given a tick, records it unless a later one is recorded
-- already, so the value only moves forward, whichever process writes first. (No shebang: a read still works while
-- Redis is over maxmemory; a write is refused then, with Redis's OOM error.)
-- KEYS[1] schedules hash; ARGV[1] schedule name, ARGV[2] tick (epoch ms) to record, or absent to read
-- Returns the tick recorded afterwards (a whole number of ms, as a string), or false when none is.
local found = redis.pcall('HGET', KEYS[1], ARGV[1])
if type(found) == 'table' and found.err then
  return redis.error_reply('bgtasks: the schedule ledger key ' .. KEYS[1] .. ' holds a '
    .. redis.call('TYPE', KEYS[1]).ok .. ', not a hash; nothing was read or recorded. Delete or repair that key'
    .. ' (see docs/redis.md, Damaged storage)')
end
local known = found and tonumber(found)
if found and not (known and known == math.floor(known) and known > -math.huge and known < math.huge) then
  if not ARGV[2] then
    return redis.error_reply('bgtasks: the schedule ledger ' .. KEYS[1] .. " holds '" .. found .. "' for schedule "
      .. ARGV[1] .. ', not a tick in epoch ms. Record a tick for it, or delete that field (HDEL ' .. KEYS[1] .. ' '
      .. ARGV[1] .. ') to have it treated as never fired (see docs/redis.md, Damaged storage)')
  end
  -- unreadable: a real tick replaces it
  known = nil
end
if ARGV[2] and (not known or tonumber(ARGV[2]) > known) then
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
  return ARGV[2]
end
if not known then
  return false
end
-- as digits: a value written by hand may read as a number in another form ('1e12')
return string.format('%.0f', known)
