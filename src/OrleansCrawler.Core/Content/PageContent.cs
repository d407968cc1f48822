namespace OrleansCrawler.Core.Content;

/// <summary>The main content of one page, keyed by (JobId, Url) like its result: a refetch replaces it.</summary>
/// <param name="Format">What <paramref name="Body"/> is: text, Markdown or HTML.</param>
/// <param name="Body">The main content in that format.</param>
/// <param name="Language">A BCP 47 tag (declared by the page, else guessed from its words), or null when unknown.</param>
/// <param name="Words">Words of the main content's text.</param>
public sealed record PageContent(string JobId, string Url, ContentFormat Format, string Body, string? Language, int Words);
