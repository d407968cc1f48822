namespace OrleansCrawler.TestSite.Rendering;

/// <summary>The vocabulary of the generated prose, pre-encoded as UTF-8.</summary>
internal static class Words
{
    private static readonly string[] Vocabulary =
    [
        "the", "of", "and", "a", "to", "in", "is", "for", "on", "that", "with", "as", "by", "at", "from",
        "crawler", "frontier", "grain", "silo", "cluster", "partition", "host", "politeness", "robots",
        "sitemap", "anchor", "link", "page", "fetch", "parse", "queue", "batch", "latency", "throughput",
        "storage", "index", "search", "archive", "harbor", "river", "mountain", "forest", "valley", "meadow",
        "lantern", "compass", "quiet", "bright", "ancient", "modern", "swift", "gentle", "hidden", "open",
        "northern", "southern", "eastern", "western", "golden", "silver", "crimson", "azure", "emerald",
        "garden", "library", "market", "village", "castle", "bridge", "tower", "island", "harvest", "winter",
        "summer", "autumn", "spring", "morning", "evening", "journey", "story", "letter", "journal", "chapter",
        "method", "result", "measure", "signal", "pattern", "system", "network", "protocol", "request",
        "response", "header", "status", "content", "document", "section", "figure", "table", "record",
        "observe", "describe", "compare", "collect", "arrange", "explore", "consider", "discover", "follow",
        "build", "carry", "gather", "return", "travel", "wander", "notice", "remember", "balance", "shelter",
        "distant", "careful", "curious", "patient", "steady", "narrow", "broad", "simple", "complex", "rare",
        "common", "several", "many", "few", "each", "every", "other", "another", "between", "through",
        "across", "beyond", "within", "without", "toward", "against", "during", "before", "after", "while",
    ];

    private static readonly byte[][] Encoded = [.. Vocabulary.Select(System.Text.Encoding.ASCII.GetBytes)];

    private static readonly byte[][] Capitalized =
        [.. Vocabulary.Select(w => System.Text.Encoding.ASCII.GetBytes(char.ToUpperInvariant(w[0]) + w[1..]))];

    public static int Count => Vocabulary.Length;

    public static ReadOnlySpan<byte> Get(int index, bool capitalized = false) =>
        capitalized ? Capitalized[index] : Encoded[index];
}
