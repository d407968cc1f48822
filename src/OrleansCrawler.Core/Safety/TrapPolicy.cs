using System.Text;

namespace OrleansCrawler.Core.Safety;

/// <summary>Refuses URLs that look like spider traps, with a reason to record. Not thread-safe (one per partition).
/// <para>The heuristic, applied to each URL just before it would be fetched:</para>
/// <list type="bullet">
/// <item>longer than <see cref="TrapOptions.MaxUrlLength"/> → <c>trap: url-too-long</c>;</item>
/// <item>more than <see cref="TrapOptions.MaxPathSegments"/> path segments → <c>trap: too-many-segments</c>;</item>
/// <item>one segment more than <see cref="TrapOptions.MaxSegmentRepeats"/> times (ever-growing relative paths such as
/// <c>/a/b/a/b/a/b/a/b</c>) → <c>trap: repeated-segments</c>;</item>
/// <item>more than <see cref="TrapOptions.MaxQueryVariants"/> URLs of one authority whose path and query are the same
/// once every run of digits in the query is replaced by '#' (calendars, endless "next" links) → <c>trap: query-variants</c>;
/// URLs without a query are not counted, so ordinary numbered pages are never caught;</item>
/// <item>more than <see cref="TrapOptions.MaxPathVariants"/> URLs of one authority whose path with digits in it (and
/// query) are the same once every run of digits is replaced by '#' (<c>/cal/2026/01/</c>, <c>/cal/2026/02/</c>, ...:
/// calendars and archives built from path segments) → <c>trap: path-variants</c>;</item>
/// <item>more than <see cref="TrapOptions.HostPageBudget"/> URLs of one authority → <c>host-budget</c>.</item>
/// </list></summary>
public sealed class TrapPolicy(TrapOptions options)
{
    private readonly Dictionary<string, int> _shapes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _perHost = new(StringComparer.Ordinal);

    public TrapOptions Options => options;

    /// <summary>Null when the URL may be fetched (and then counted against its host), else the reason.</summary>
    public string? Check(string normalizedUrl, string authority)
    {
        if (normalizedUrl.Length > options.MaxUrlLength)
        {
            return $"trap: url-too-long ({normalizedUrl.Length} > {options.MaxUrlLength} characters)";
        }

        var (path, query) = Split(normalizedUrl);
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length > options.MaxPathSegments)
        {
            return $"trap: too-many-segments ({segments.Length} > {options.MaxPathSegments})";
        }

        var repeated = segments.GroupBy(s => s, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > options.MaxSegmentRepeats);
        if (repeated is not null)
        {
            return $"trap: repeated-segments ('{repeated.Key}' {repeated.Count()} times)";
        }

        string? shape = null;
        if (query.Length > 0)
        {
            shape = authority + path + "?" + DigitsToHash(query);
            _shapes.TryGetValue(shape, out var variants);
            if (variants >= options.MaxQueryVariants)
            {
                return $"trap: query-variants (more than {options.MaxQueryVariants} URLs like {path}?{DigitsToHash(query)})";
            }
        }

        string? pathShape = null;
        if (path.AsSpan().IndexOfAnyInRange('0', '9') >= 0)
        {
            pathShape = "path " + authority + DigitsToHash(path) + (query.Length > 0 ? "?" + DigitsToHash(query) : "");
            _shapes.TryGetValue(pathShape, out var variants);
            if (variants >= options.MaxPathVariants)
            {
                return $"trap: path-variants (more than {options.MaxPathVariants} URLs like {pathShape[(5 + authority.Length)..]})";
            }
        }

        _perHost.TryGetValue(authority, out var pages);
        if (options.HostPageBudget > 0 && pages >= options.HostPageBudget)
        {
            return $"host-budget: {options.HostPageBudget} URLs of {authority} already fetched";
        }

        _perHost[authority] = pages + 1;
        if (shape is not null)
        {
            _shapes[shape] = _shapes.GetValueOrDefault(shape) + 1;
        }

        if (pathShape is not null)
        {
            _shapes[pathShape] = _shapes.GetValueOrDefault(pathShape) + 1;
        }

        return null;
    }

    private static (string Path, string Query) Split(string url)
    {
        var start = url.IndexOf("://", StringComparison.Ordinal);
        var slash = start < 0 ? -1 : url.IndexOf('/', start + 3);
        if (slash < 0)
        {
            return ("/", "");
        }

        var rest = url.AsSpan(slash);
        var hash = rest.IndexOf('#');
        if (hash >= 0)
        {
            rest = rest[..hash];
        }

        var q = rest.IndexOf('?');
        return q < 0 ? (rest.ToString(), "") : (rest[..q].ToString(), rest[(q + 1)..].ToString());
    }

    private static string DigitsToHash(string query)
    {
        var sb = new StringBuilder(query.Length);
        for (var i = 0; i < query.Length; i++)
        {
            if (char.IsAsciiDigit(query[i]))
            {
                sb.Append('#');
                while (i + 1 < query.Length && char.IsAsciiDigit(query[i + 1]))
                {
                    i++;
                }
            }
            else
            {
                sb.Append(query[i]);
            }
        }

        return sb.ToString();
    }
}
