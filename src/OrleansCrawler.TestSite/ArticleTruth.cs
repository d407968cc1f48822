namespace OrleansCrawler.TestSite;

/// <summary>
/// What an article page of the test web holds (see <see cref="TestWebOptions.ArticlePercent"/>), from the web's own
/// generator: the article itself (title, section headings, sentences, one list, one table, one code block, one link)
/// and the boilerplate around it (site header, navigation, cookie banner, ads, share box, sidebar, footer). The two use
/// disjoint vocabularies, so a main-content extractor can be checked token by token: every article token in, no
/// boilerplate token.
/// </summary>
/// <param name="Sentences">Every sentence of the article's paragraphs as written (the link's text inside one of them).</param>
/// <param name="TableRows">The table's rows, the header row first.</param>
/// <param name="LinkUrl">The link's target, absolute (the host's root).</param>
/// <param name="Boilerplate">Every text of the boilerplate blocks (one string per block or anchor).</param>
public sealed record ArticleTruth(
    string Title,
    IReadOnlyList<string> Headings,
    IReadOnlyList<string> Sentences,
    IReadOnlyList<string> ListItems,
    IReadOnlyList<IReadOnlyList<string>> TableRows,
    IReadOnlyList<string> CodeLines,
    string LinkText,
    string LinkUrl,
    IReadOnlyList<string> Boilerplate)
{
    /// <summary>The distinct tokens (see <see cref="Tokens"/>) of everything the article holds.</summary>
    public IReadOnlySet<string> ArticleTokens =>
        Tokens([Title, .. Headings, .. Sentences, .. ListItems, .. TableRows.SelectMany(r => r), .. CodeLines, LinkText]);

    /// <summary>The distinct tokens of the boilerplate; none of them is an article token.</summary>
    public IReadOnlySet<string> BoilerplateTokens => Tokens(Boilerplate);

    /// <summary>Lower-case runs of ASCII letters and digits: the unit a token-level check compares.</summary>
    public static HashSet<string> Tokens(IEnumerable<string> texts)
    {
        var tokens = new HashSet<string>(StringComparer.Ordinal);
        foreach (var text in texts)
        {
            int start = -1;
            for (int i = 0; i <= text.Length; i++)
            {
                bool inToken = i < text.Length && char.IsAsciiLetterOrDigit(text[i]);
                if (inToken && start < 0)
                {
                    start = i;
                }
                else if (!inToken && start >= 0)
                {
                    tokens.Add(text[start..i].ToLowerInvariant());
                    start = -1;
                }
            }
        }

        return tokens;
    }
}
