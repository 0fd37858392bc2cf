using StackExchange.Redis;

namespace DataPlane.Governance.Budgets;

/// <summary>
/// The Lua scripts behind <see cref="BudgetLedger"/>; each decision is one script, so it is atomic across replicas.
/// KEYS: per budget i, <c>KEYS[3i-2]</c> the counter hash, <c>KEYS[3i-1]</c> its reservation set, <c>KEYS[3i]</c> its amounts hash;
/// the last key is the alert stream. ARGV: <c>[1]</c> now (Unix ms, the callers' clock), <c>[2]</c> reservation id, <c>[3]</c> its
/// expiry (Unix ms), <c>[4]</c> the stream's MAXLEN; then 8 per budget i from <c>b = 4 + 8(i-1)</c>: <c>b+1</c> units (reserved
/// or settled), <c>b+2</c> limit units, <c>b+3</c> threshold units ("" = none), <c>b+4</c> counter TTL ms ("0" = none),
/// <c>b+5..b+8</c> scope, id, period, type (the alert's fields).
/// Numbers go back to Redis through <c>%d</c>: Lua holds them as doubles, and Redis would format large ones as <c>1e+17</c>.
/// </summary>
internal static class BudgetScripts
{
    private const string Prelude = """
        local now = ARGV[1]
        local stream = KEYS[#KEYS]
        local n = (#KEYS - 1) / 3
        local function int(x) return string.format('%d', x) end
        local function arg(i, k) return ARGV[4 + 8 * (i - 1) + k] end
        local function alert(i, kind, usage)
          redis.call('XADD', stream, 'MAXLEN', '~', ARGV[4], '*', 'kind', kind, 'scope', arg(i, 5), 'id', arg(i, 6),
            'period', arg(i, 7), 'type', arg(i, 8), 'usage', int(usage), 'limit', arg(i, 2), 'at', now)
        end
        -- The flags make each alert fire once per counter (= per period), whichever replica crosses first.
        local function alerts(i, spent, refused)
          local key = KEYS[3 * i - 2]
          local threshold = tonumber(arg(i, 3))
          if threshold and spent >= threshold and redis.call('HSETNX', key, 'alerted', '1') == 1 then
            alert(i, 'threshold', spent)
          end
          if (refused or spent >= tonumber(arg(i, 2))) and redis.call('HSETNX', key, 'exhausted', '1') == 1 then
            alert(i, 'exhausted', spent)
          end
        end
        local function expire(i)
          local ttl = arg(i, 4)
          if ttl ~= '0' then
            for k = 3 * i - 2, 3 * i do redis.call('PEXPIRE', KEYS[k], ttl) end
          end
        end
        local function unreserve(key, units)
          if units > 0 and redis.call('HINCRBY', key, 'reserved', int(-units)) < 0 then
            redis.call('HSET', key, 'reserved', '0')
          end
        end
        """;

    /// <summary>
    /// Purges each counter's expired reservations, then reserves ARGV units on every counter, or on none: when any counter
    /// has spent ≥ limit or spent + reserved + units &gt; limit it is marked <c>refused</c> (and the exhaustion alert raised once).
    /// Returns 0 when admitted, else the 1-based index of the first refusing budget.
    /// </summary>
    public static readonly LuaScript Reserve = LuaScript.Prepare(Prelude + """

        local function purge(i)
          local res, amt = KEYS[3 * i - 1], KEYS[3 * i]
          local expired = redis.call('ZRANGEBYSCORE', res, '-inf', '(' .. now, 'LIMIT', 0, 1000)
          if #expired == 0 then return end
          local amounts = redis.call('HMGET', amt, unpack(expired))
          local total = 0
          for j = 1, #expired do total = total + (tonumber(amounts[j]) or 0) end
          redis.call('ZREM', res, unpack(expired))
          redis.call('HDEL', amt, unpack(expired))
          unreserve(KEYS[3 * i - 2], total)
        end
        local refused = 0
        for i = 1, n do
          purge(i)
          local key = KEYS[3 * i - 2]
          local state = redis.call('HMGET', key, 'spent', 'reserved')
          local spent = tonumber(state[1]) or 0
          local reserved = tonumber(state[2]) or 0
          local limit = tonumber(arg(i, 2))
          if spent >= limit or spent + reserved + tonumber(arg(i, 1)) > limit then
            redis.call('HSET', key, 'refused', '1')
            alerts(i, spent, true)
            expire(i)
            if refused == 0 then refused = i end
          end
        end
        if refused > 0 then return refused end
        for i = 1, n do
          redis.call('ZADD', KEYS[3 * i - 1], ARGV[3], ARGV[2])
          redis.call('HSET', KEYS[3 * i], ARGV[2], arg(i, 1))
          redis.call('HINCRBY', KEYS[3 * i - 2], 'reserved', arg(i, 1))
          expire(i)
        end
        return 0
        """);

    /// <summary>
    /// Settles (or, with 0 units, releases) a reservation: on each counter, removes it if still live (reserved −= its amount),
    /// then adds the units to <c>spent</c> (even when the reservation had expired: the spend happened) and raises alerts.
    /// </summary>
    public static readonly LuaScript Settle = LuaScript.Prepare(Prelude + """

        -- Settled once per reservation id, even when a retry follows a try that ran but answered too late.
        if not redis.call('SET', '{gov}:settled:' .. ARGV[2], '1', 'NX', 'PX', 3600000) then
          return 0
        end
        for i = 1, n do
          local key = KEYS[3 * i - 2]
          if redis.call('ZREM', KEYS[3 * i - 1], ARGV[2]) == 1 then
            local amount = tonumber(redis.call('HGET', KEYS[3 * i], ARGV[2])) or 0
            redis.call('HDEL', KEYS[3 * i], ARGV[2])
            unreserve(key, amount)
          end
          local units = tonumber(arg(i, 1))
          if units > 0 then
            alerts(i, redis.call('HINCRBY', key, 'spent', arg(i, 1)), false)
          end
          expire(i)
        end
        return 0
        """);

    /// <summary>KEYS[1] a counter hash → {spent, reserved, refused, alerted, exhausted} as integers.</summary>
    public static readonly LuaScript Read = LuaScript.Prepare("""
        local s = redis.call('HMGET', KEYS[1], 'spent', 'reserved', 'refused', 'alerted', 'exhausted')
        return { tonumber(s[1]) or 0, tonumber(s[2]) or 0, s[3] == '1' and 1 or 0, s[4] == '1' and 1 or 0, s[5] == '1' and 1 or 0 }
        """);
}
