namespace OrleansCrawler.Core.Content;

/// <summary>What <see cref="ContentExtractor"/> found: the main content in the asked format, its language (BCP 47, or
/// null when unknown) and its word count.</summary>
public sealed record ExtractedContent(string Body, string? Language, int Words);
