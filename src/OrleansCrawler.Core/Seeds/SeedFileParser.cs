namespace OrleansCrawler.Core.Seeds;

/// <summary>Reads a seeds file: one absolute http(s) URL per line; blank lines and lines starting with '#'
/// (after leading whitespace) are ignored; surrounding whitespace is trimmed. Returns normalized URLs,
/// de-duplicated, in file order.</summary>
public static class SeedFileParser
{
    /// <exception cref="SeedFileException">A line is not an absolute http(s) URL (names the file, line number and
    /// value), or the file has no seeds.</exception>
    public static IReadOnlyList<string> ParseFile(string path) => throw new NotImplementedException();

    /// <param name="sourceName">Used in error messages in place of the file name.</param>
    public static IReadOnlyList<string> Parse(TextReader reader, string sourceName) => throw new NotImplementedException();
}
