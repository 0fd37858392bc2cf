namespace EndToEnd.Tests.Compatibility;

/// <summary>
/// One of Retool's AI actions as a Custom AI Provider (OpenAI schema) receives it: a system message that
/// carries the action's instructions, the conversation so far (only the prompt, except for chat), and the
/// sampling settings Retool's query editor exposes.
/// </summary>
internal sealed record RetoolAction(string Name, string SystemPrompt, IReadOnlyList<(string Role, string Content)> Conversation)
{
    public static readonly IReadOnlyDictionary<string, RetoolAction> All = new[]
    {
        new RetoolAction("generate-text",
            "You are a helpful assistant that writes clear, friendly copy.",
            [("user", "Write a two-sentence welcome message for customers who just signed up.")]),
        new RetoolAction("chat-response",
            "You are a support agent for Acme Inc. Answer using the conversation so far.",
            [("user", "My invoice for March looks wrong."), ("assistant", "I can help with that. What looks wrong?"), ("user", "It charges me twice for the same seat.")]),
        new RetoolAction("summarize",
            "Summarize the following text in at most three sentences.",
            [("user", "The quarterly review covered revenue growth of 12 percent, two new enterprise customers, a delayed mobile release, and a plan to hire four engineers before the end of the year.")]),
        new RetoolAction("classify",
            "Classify the following text into exactly one of these categories: Billing, Technical issue, Feedback. Answer with the category only.",
            [("user", "The export button does nothing when I click it.")]),
        new RetoolAction("extract-entity",
            "Extract the following entities from the text: customer_name, order_id, email. Answer with a JSON object using those keys.",
            [("user", "Hi, this is Dana Smith (dana@example.com). Order 4471-B arrived damaged.")]),
    }.ToDictionary(action => action.Name);

    public string LastUserMessage => Conversation.Last(m => m.Role == "user").Content;

    /// <summary>The request body; <paramref name="marker"/> is appended to the system message so the test finds its upstream request.</summary>
    public object Body(string model, bool stream, string marker) => new
    {
        model,
        messages = new[] { new { role = "system", content = $"{SystemPrompt} [{marker}]" } }
            .Concat(Conversation.Select(m => new { role = m.Role, content = m.Content }))
            .ToArray(),
        temperature = 0.7,
        max_tokens = 512,
        stream,
    };
}
