#!lua flags=allow-oom
-- Renews the leases of batches this worker still runs: ZADD XX, so a lease that was reclaimed is not taken back.
-- A script only for its flag: a plain ZADD is refused while Redis is over maxmemory, and running batches would then
-- lose their leases and run twice, although a renewal needs no new memory.
-- KEYS[1] active; ARGV[1] new deadline (ms), ARGV[2..] batch ids
local args = {}
for i = 2, #ARGV do
  args[#args + 1] = ARGV[1]
  args[#args + 1] = ARGV[i]
end
local CHUNK = 1000
for i = 1, #args, CHUNK do
  redis.call('ZADD', KEYS[1], 'XX', unpack(args, i, math.min(i + CHUNK - 1, #args)))
end
return 1
