using System.Text.Json;

namespace DataPlane.Providers.Bedrock;

/// <summary>One Converse turn being built: consecutive messages of a role land in the same one (Converse wants the roles to alternate).</summary>
internal sealed class ConverseTurn(string role)
{
    public string Role { get; } = role;

    public List<Action<Utf8JsonWriter>> Blocks { get; } = [];

    public static ConverseTurn Of(List<ConverseTurn> turns, string role)
    {
        if (turns.Count > 0 && turns[^1].Role == role)
        {
            return turns[^1];
        }

        var turn = new ConverseTurn(role);
        turns.Add(turn);
        return turn;
    }
}
