using System.Text.Json;

namespace DataPlane.Providers.Google;

/// <summary>The OpenAI chat fields the Gemini translation reads, found in one pass over the body's properties.</summary>
internal readonly record struct RequestFields(
    JsonElement Messages,
    JsonElement Tools,
    JsonElement ToolChoice,
    JsonElement ResponseFormat,
    JsonElement MaxTokens,
    JsonElement MaxCompletionTokens,
    JsonElement Temperature,
    JsonElement TopP,
    JsonElement Stop,
    JsonElement N,
    JsonElement Seed,
    JsonElement PresencePenalty,
    JsonElement FrequencyPenalty)
{
    public static RequestFields From(JsonElement root)
    {
        JsonElement messages = default, tools = default, toolChoice = default, responseFormat = default, maxTokens = default,
            maxCompletionTokens = default, temperature = default, topP = default, stop = default, n = default, seed = default,
            presencePenalty = default, frequencyPenalty = default;
        foreach (var property in root.EnumerateObject())
        {
            var value = property.Value;
            switch (property.Name)
            {
                case "messages": messages = value; break;
                case "tools": tools = value; break;
                case "tool_choice": toolChoice = value; break;
                case "response_format": responseFormat = value; break;
                case "max_tokens": maxTokens = value; break;
                case "max_completion_tokens": maxCompletionTokens = value; break;
                case "temperature": temperature = value; break;
                case "top_p": topP = value; break;
                case "stop": stop = value; break;
                case "n": n = value; break;
                case "seed": seed = value; break;
                case "presence_penalty": presencePenalty = value; break;
                case "frequency_penalty": frequencyPenalty = value; break;
            }
        }

        return new RequestFields(messages, tools, toolChoice, responseFormat, maxTokens, maxCompletionTokens, temperature, topP, stop, n, seed,
            presencePenalty, frequencyPenalty);
    }
}
