using OrleansCrawler.Pipeline.Ports;

namespace OrleansCrawler.Pipeline.Features;

/// <summary>The duplicate verdict of a page while it is being decided, left by <see cref="DuplicateFeature"/> for the
/// features after it (the result row records it; <c>--skip-duplicates</c> routing waits for it).</summary>
public sealed class DuplicateCheck(Task<DuplicateVerdict> verdict)
{
    public Task<DuplicateVerdict> Verdict { get; } = verdict;
}
