namespace OrleansCrawler.Compose.Tests;

/// <summary>A span as OpenTelemetry's console exporter printed it in a container's log.</summary>
internal sealed record ConsoleSpan(string Container, string Name, IReadOnlyDictionary<string, string> Tags)
{
    /// <summary>Reads the spans out of log lines (container, text): each starts at "Activity.DisplayName:", its tags
    /// are the indented "key: value" lines under "Activity.Tags:".</summary>
    public static List<ConsoleSpan> Parse(IEnumerable<(string Container, string Text)> lines)
    {
        var spans = new List<ConsoleSpan>();
        var open = new Dictionary<string, (string Name, Dictionary<string, string> Tags, bool InTags)>(StringComparer.Ordinal);
        foreach (var (container, text) in lines)
        {
            if (text.StartsWith("Activity.DisplayName:", StringComparison.Ordinal))
            {
                Close(container);
                open[container] = (text["Activity.DisplayName:".Length..].Trim(), new Dictionary<string, string>(StringComparer.Ordinal), false);
                continue;
            }

            if (!open.TryGetValue(container, out var span))
            {
                continue;
            }

            if (text.StartsWith("Activity.Tags:", StringComparison.Ordinal))
            {
                open[container] = span with { InTags = true };
            }
            else if (span.InTags && text.StartsWith(' ') && text.IndexOf(": ", StringComparison.Ordinal) is > 0 and var colon)
            {
                span.Tags[text[..colon].Trim()] = text[(colon + 2)..].Trim();
            }
            else if (text.StartsWith("Activity.", StringComparison.Ordinal))
            {
                open[container] = span with { InTags = false };
            }
            else if (!text.StartsWith(' '))
            {
                Close(container);
            }
        }

        foreach (var container in open.Keys.ToList())
        {
            Close(container);
        }

        return spans;

        void Close(string container)
        {
            if (open.Remove(container, out var span))
            {
                spans.Add(new ConsoleSpan(container, span.Name, span.Tags));
            }
        }
    }
}
