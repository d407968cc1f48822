using OrleansCrawler.Abstractions.Results;

namespace OrleansCrawler.WebConsole.Api;

/// <summary>A page of results (in URL order, or the last fetched first with <c>order=latest</c>); <see cref="Next"/> is the
/// <c>after</c> of the next page (null: no more).</summary>
public sealed record ResultsPage(IReadOnlyList<PageResult> Items, string? Next);
