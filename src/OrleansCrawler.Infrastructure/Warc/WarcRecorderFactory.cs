using System.Collections.Concurrent;
using OrleansCrawler.Core.Ports;

namespace OrleansCrawler.Infrastructure.Warc;

/// <summary>The silo's WARC writers, one per job (opened on first use, kept for the silo's life).</summary>
public sealed class WarcRecorderFactory(WarcOptions options, TimeProvider time) : IExchangeRecorderFactory, IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<WarcWriter>> _writers = new(StringComparer.Ordinal);

    public IExchangeRecorder Open(string jobId, string directory, long rotateBytes)
    {
        var folder = options.Directory is { Length: > 0 } root ? Path.Combine(root, directory) : Path.GetFullPath(directory);
        var rotate = rotateBytes > 0 ? rotateBytes : options.RotateBytes;
        return _writers.GetOrAdd(jobId, _ => new Lazy<WarcWriter>(() => new WarcWriter(folder, jobId, rotate, time))).Value;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var writer in _writers.Values.Where(w => w.IsValueCreated))
        {
            await writer.Value.DisposeAsync().ConfigureAwait(false);
        }
    }
}
