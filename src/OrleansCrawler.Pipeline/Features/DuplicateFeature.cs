using System.Runtime.InteropServices;
using System.Security.Cryptography;
using OrleansCrawler.Core.Content;
using OrleansCrawler.Core.Dedup;
using OrleansCrawler.Pipeline.Jobs;
using OrleansCrawler.Pipeline.Pages;
using OrleansCrawler.Pipeline.Ports;

namespace OrleansCrawler.Pipeline.Features;

/// <summary>Near-duplicate detection (<c>--dedup</c>, docs/dedup.md): the 64-bit SimHash of the page's main text (the
/// content extractor's, without boilerplate, so navigation and footers do not count) and 64 bits of the SHA-1 of its
/// body go to the job's <see cref="IDuplicateIndex"/>, which answers with the first URL seen with the same body
/// (distance 0) or a fingerprint within 3 bits. Registered before the result store: it leaves a
/// <see cref="DuplicateCheck"/> before its first await, and the result row and <c>--skip-duplicates</c> wait for it.
/// Only HTML pages with status 200 are checked (the page pipeline has no other body).</summary>
public sealed class DuplicateFeature(IDuplicateIndex index) : IPageFeature
{
    public const string FeatureName = "dedup";

    public string Name => FeatureName;

    public PageParse Parse => PageParse.Document;

    public bool IsEnabled(JobRuntime job) => job.Settings.Dedup;

    public Task RunAsync(PageContext page)
    {
        if (page.Page.Html is not { } html || page.Page.Status != 200)
        {
            return Task.CompletedTask;
        }

        var check = new DuplicateCheck(index.CheckAsync(page.Page.JobId, page.Page.Url, FingerprintOf(page), DigestOf(html)));
        page.Set(check);
        return check.Verdict;
    }

    /// <summary>The SimHash of the page's main text; null without main text or words (then only an identical body is
    /// found).</summary>
    public static ulong? FingerprintOf(PageContext page)
        => page.Document is { } document && ContentExtractor.MainText(document, new Uri(page.Page.FinalUrl)) is { } text ? SimHash.Of(text) : null;

    /// <summary>The first 64 bits of the SHA-1 of the decoded body (its UTF-16 code units): byte-identical bodies
    /// with the same charset decode alike.</summary>
    public static ulong DigestOf(string html)
    {
        Span<byte> sha1 = stackalloc byte[SHA1.HashSizeInBytes];
        SHA1.HashData(MemoryMarshal.AsBytes(html.AsSpan()), sha1);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(sha1);
    }
}
