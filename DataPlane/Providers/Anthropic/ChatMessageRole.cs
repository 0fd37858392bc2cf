namespace DataPlane.Providers.Anthropic;

/// <summary>The <c>role</c> of an OpenAI chat message (<see cref="Unknown"/> for anything else, which is refused).</summary>
internal enum ChatMessageRole
{
    Unknown,
    System,
    Developer,
    User,
    Assistant,
    Tool,
}
