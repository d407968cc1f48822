namespace OrleansCrawler.Pipeline.Ports;

/// <summary>The job's index of page fingerprints, shared by every silo (the duplicate index grains): says whether a
/// page repeats one seen before, and remembers it.</summary>
public interface IDuplicateIndex
{
    /// <summary>Looks the page up and adds it. <paramref name="fingerprint"/>: the SimHash of its main text (null when it
    /// has none: then only an identical body is found); <paramref name="digest"/>: 64 bits of its body's SHA-1.</summary>
    Task<DuplicateVerdict> CheckAsync(string jobId, string url, ulong? fingerprint, ulong digest);
}
