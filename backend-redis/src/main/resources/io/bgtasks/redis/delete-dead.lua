-- Deletes a dead letter. KEYS[1] dead, KEYS[2] unreadable; ARGV[1] batch key, ARGV[2] batch id
if redis.call('ZREM', KEYS[1], ARGV[2]) == 0 then
  return 0
end
redis.call('DEL', ARGV[1])
redis.pcall('HDEL', KEYS[2], ARGV[2])
return 1
