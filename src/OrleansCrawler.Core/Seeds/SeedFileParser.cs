using OrleansCrawler.Core.Urls;

namespace OrleansCrawler.Core.Seeds;

/// <summary>Reads a seeds file: one absolute http(s) URL per line; blank lines and lines starting with '#'
/// (after leading whitespace) are ignored; surrounding whitespace is trimmed. Returns normalized URLs,
/// de-duplicated, in file order.</summary>
public static class SeedFileParser
{
    /// <exception cref="SeedFileException">A line is not an absolute http(s) URL (names the file, line number and
    /// value), or the file has no seeds.</exception>
    public static IReadOnlyList<string> ParseFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        StreamReader reader;
        try
        {
            reader = new StreamReader(path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new SeedFileException($"{path}: seeds file not found");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new SeedFileException($"{path}: cannot read seeds file: {ex.Message}");
        }

        using (reader)
        {
            return Parse(reader, path);
        }
    }

    /// <param name="sourceName">Used in error messages in place of the file name.</param>
    public static IReadOnlyList<string> Parse(TextReader reader, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(sourceName);
        var seeds = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            var value = line.Trim();
            if (value.Length == 0 || value[0] == '#')
            {
                continue;
            }

            if (!UrlNormalizer.TryNormalize(value, null, out var normalized))
            {
                throw new SeedFileException($"{sourceName}:{lineNumber}: '{value}' is not an absolute http(s) URL");
            }

            if (seen.Add(normalized))
            {
                seeds.Add(normalized);
            }
        }

        return seeds.Count > 0 ? seeds : throw new SeedFileException($"{sourceName}: no seed URLs");
    }
}
