using StackExchange.Redis;

namespace DataPlane.Governance.RateLimits;

/// <summary>
/// The Lua scripts behind <see cref="RateLimiter"/>. Each limit is a hash: sub-bucket number (Unix ms / bucket length) → count.
/// The window is the current sub-bucket and the 59 before it; older ones are dropped as they are met.
/// Numbers go back to Redis through <c>%d</c> (Lua holds them as doubles).
/// </summary>
internal static class RateLimitScripts
{
    /// <summary>
    /// KEYS: one per limit. ARGV[1] = now (Unix ms); per limit i from <c>b = 1 + 3(i-1)</c>: <c>b+1</c> type (requests|tokens),
    /// <c>b+2</c> value, <c>b+3</c> bucket ms. A requests limit admits when sum + 1 ≤ value, a tokens limit while sum &lt; value.
    /// All admit → +1 in the current sub-bucket of every requests limit, returns {0, 0}. Otherwise nothing is counted and it
    /// returns {i, ms until limit i admits again} for the refusing limit that waits longest.
    /// </summary>
    public static readonly LuaScript Acquire = LuaScript.Prepare("""
        local now = tonumber(ARGV[1])
        local function int(x) return string.format('%d', x) end
        local refused, retry = 0, 0
        for i = 1, #KEYS do
          local b = 1 + 3 * (i - 1)
          local value = tonumber(ARGV[b + 2])
          local size = tonumber(ARGV[b + 3])
          local oldest = math.floor(now / size) - 59
          local flat = redis.call('HGETALL', KEYS[i])
          local live, stale, sum = {}, {}, 0
          for j = 1, #flat, 2 do
            local bucket = tonumber(flat[j])
            if bucket < oldest then
              stale[#stale + 1] = flat[j]
            else
              local count = tonumber(flat[j + 1])
              sum = sum + count
              live[#live + 1] = { bucket, count }
            end
          end
          if #stale > 0 then redis.call('HDEL', KEYS[i], unpack(stale)) end
          local excess
          if ARGV[b + 1] == 'tokens' then excess = sum - value + 1 else excess = sum + 1 - value end
          if excess > 0 then
            -- Admits again once the oldest sub-buckets holding `excess` leave the window.
            table.sort(live, function(x, y) return x[1] < y[1] end)
            local wait, freed = 60 * size, 0
            for j = 1, #live do
              freed = freed + live[j][2]
              if freed >= excess then
                wait = (live[j][1] + 60) * size - now
                break
              end
            end
            if refused == 0 or wait > retry then
              refused, retry = i, wait
            end
          end
        end
        if refused > 0 then return { refused, int(retry) } end
        for i = 1, #KEYS do
          local b = 1 + 3 * (i - 1)
          if ARGV[b + 1] ~= 'tokens' then
            local size = tonumber(ARGV[b + 3])
            redis.call('HINCRBY', KEYS[i], int(math.floor(now / size)), 1)
            redis.call('PEXPIRE', KEYS[i], int(61 * size))
          end
        end
        return { 0, 0 }
        """);

    /// <summary>KEYS: tokens limits. ARGV[1] = now, ARGV[2] = tokens, ARGV[2+i] = bucket ms of KEYS[i]: adds to the current sub-bucket.</summary>
    public static readonly LuaScript RecordTokens = LuaScript.Prepare("""
        local now = tonumber(ARGV[1])
        for i = 1, #KEYS do
          local size = tonumber(ARGV[2 + i])
          redis.call('HINCRBY', KEYS[i], string.format('%d', math.floor(now / size)), ARGV[2])
          redis.call('PEXPIRE', KEYS[i], string.format('%d', 61 * size))
        end
        return 0
        """);
}
