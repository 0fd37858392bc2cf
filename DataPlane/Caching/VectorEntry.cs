using System.Buffers.Binary;
using System.Text;
using StackExchange.Redis;

namespace DataPlane.Caching;

/// <summary>One member of a bucket's vector list: the entry's Redis key and its embedding (float32).</summary>
internal readonly record struct VectorEntry(string EntryKey, ReadOnlyMemory<byte> Vector)
{
    public static byte[] Write(string entryKey, float[] vector)
    {
        var key = Encoding.ASCII.GetBytes(entryKey);
        var vectorBytes = VectorMath.ToBytes(vector);
        var bytes = new byte[2 + key.Length + vectorBytes.Length];
        BinaryPrimitives.WriteUInt16LittleEndian(bytes, (ushort)key.Length);
        key.CopyTo(bytes, 2);
        vectorBytes.CopyTo(bytes, 2 + key.Length);
        return bytes;
    }

    public static VectorEntry? Read(RedisValue member)
    {
        if (member.IsNull)
        {
            return null;
        }

        var bytes = (byte[])member!;
        if (bytes.Length < 2)
        {
            return null;
        }

        var keyLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes);
        var vectorLength = bytes.Length - 2 - keyLength;
        if (vectorLength <= 0 || vectorLength % sizeof(float) != 0)
        {
            return null;
        }

        return new VectorEntry(Encoding.ASCII.GetString(bytes, 2, keyLength), bytes.AsMemory(2 + keyLength));
    }
}
