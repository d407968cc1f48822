using System.Diagnostics;
using OrleansCrawler.Core.Ports;

namespace OrleansCrawler.Bench.Persistence;

/// <summary>One measurement: a store of one kind prefilled with <see cref="Size"/> URLs.</summary>
/// <param name="BatchMs">Each timed batch, in order.</param>
/// <param name="LoadRows">Rows of the partition whose load was timed.</param>
/// <param name="LoadMs">Median of three loads of that partition.</param>
internal sealed record FrontierMeasurement(
    string Store,
    int Size,
    int BatchSize,
    IReadOnlyList<double> BatchMs,
    double PrefillSeconds,
    int LoadRows,
    double LoadMs,
    long StoreBytes)
{
    public double MeanMs => BatchMs.Average();

    public double P95Ms => Percentile(BatchMs, 0.95);

    /// <summary>Rows written (appends and settles) per second of batch time.</summary>
    public double RowsPerSecond => 2.0 * BatchSize / (MeanMs / 1000);

    /// <summary>Nearest-rank percentile.</summary>
    internal static double Percentile(IReadOnlyList<double> values, double p)
    {
        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(p * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}

/// <summary>The measuring code. Each store is prefilled with its size of frontier in big batches, the first half
/// settled. Then <see cref="PersistenceOptions.Warmup"/> + <see cref="PersistenceOptions.Batches"/> batches are timed
/// (warm-up ones not kept), each appending <see cref="PersistenceOptions.BatchSize"/> new URLs and settling as many
/// queued ones, the oldest first; then the load of one partition, three times (the median is kept).
/// <para>Stores of different sizes are measured in turns, batch by batch (in alternating order), not one after the
/// other: on a machine shared with other work a burst of load then slows every size alike, and the ratio between
/// sizes stays meaningful.</para></summary>
internal static class FrontierBench
{
    public static async Task<FrontierMeasurement> MeasureAsync(string storeName, BenchStore store, int size, PersistenceOptions options,
        Action<string>? progress = null, CancellationToken cancellationToken = default) =>
        (await MeasureAsync(storeName, [(store, size)], options, progress, cancellationToken).ConfigureAwait(false))[0];

    public static async Task<IReadOnlyList<FrontierMeasurement>> MeasureAsync(string storeName, IReadOnlyList<(BenchStore Store, int Size)> stores,
        PersistenceOptions options, Action<string>? progress = null, CancellationToken cancellationToken = default)
    {
        var runs = stores.Select(s => new Run(storeName, s.Store, s.Size, options)).ToList();
        foreach (var run in runs)
        {
            await run.PrefillAsync(cancellationToken).ConfigureAwait(false);
            progress?.Invoke($"{storeName} {run.Size:N0}: prefilled in {run.PrefillSeconds:F1} s");
        }

        for (var b = 0; b < options.Warmup + options.Batches; b++)
        {
            foreach (var run in Turns(runs, b))
            {
                await run.TimeBatchAsync(keep: b >= options.Warmup, cancellationToken).ConfigureAwait(false);
            }
        }

        for (var i = 0; i < 3; i++)
        {
            foreach (var run in Turns(runs, i))
            {
                await run.TimeLoadAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        var results = new List<FrontierMeasurement>();
        foreach (var run in runs)
        {
            var m = await run.ResultAsync().ConfigureAwait(false);
            progress?.Invoke($"{storeName} {m.Size:N0}: mean {m.MeanMs:F2} ms, p95 {m.P95Ms:F2} ms per batch; partition of {m.LoadRows:N0} rows loaded in {m.LoadMs:F1} ms");
            results.Add(m);
        }

        return results;
    }

    private static IEnumerable<Run> Turns(List<Run> runs, int round) => round % 2 == 0 ? runs : Enumerable.Reverse(runs);

    private sealed class Run(string storeName, BenchStore benchStore, int size, PersistenceOptions options)
    {
        private readonly FrontierWorkload _workload = new(options.Hosts, options.Partitions);
        private readonly List<double> _batchMs = new(options.Batches);
        private readonly List<(int Rows, double Ms)> _loads = [];
        private IFrontierStore Store => benchStore.Store;

        // After the prefill URLs [size/2, size) are queued; each batch settles the next B of them (later the ones
        // batches appended) and appends B new ones.
        private long _nextAppend = size;
        private long _nextSettle = size / 2;

        public int Size => size;

        public double PrefillSeconds { get; private set; }

        public async Task PrefillAsync(CancellationToken cancellationToken)
        {
            var watch = Stopwatch.StartNew();
            for (long from = 0; from < size; from += options.PrefillBatchSize)
            {
                var count = (int)Math.Min(options.PrefillBatchSize, size - from);
                // Settled as the crawl would have: the first half of what was appended so far.
                var settleFrom = from / 2;
                var settleTo = (from + count) / 2;
                await Store.WriteAsync(_workload.Batch(from, count, settleFrom, (int)(settleTo - settleFrom)), cancellationToken).ConfigureAwait(false);
            }

            await benchStore.AfterPrefillAsync().ConfigureAwait(false);
            PrefillSeconds = watch.Elapsed.TotalSeconds;
        }

        public async Task TimeBatchAsync(bool keep, CancellationToken cancellationToken)
        {
            var batch = _workload.Batch(_nextAppend, options.BatchSize, _nextSettle, options.BatchSize);
            _nextAppend += options.BatchSize;
            _nextSettle += options.BatchSize;
            var watch = Stopwatch.StartNew();
            await Store.WriteAsync(batch, cancellationToken).ConfigureAwait(false);
            watch.Stop();
            if (keep)
            {
                _batchMs.Add(watch.Elapsed.TotalMilliseconds);
            }
        }

        public async Task TimeLoadAsync(CancellationToken cancellationToken)
        {
            var watch = Stopwatch.StartNew();
            var rows = 0;
            await foreach (var _ in Store.LoadAsync(FrontierWorkload.JobId, _workload.LoadedPartition, cancellationToken).ConfigureAwait(false))
            {
                rows++;
            }

            _loads.Add((rows, watch.Elapsed.TotalMilliseconds));
        }

        public async Task<FrontierMeasurement> ResultAsync()
        {
            var load = _loads.OrderBy(l => l.Ms).ElementAt(_loads.Count / 2);
            return new FrontierMeasurement(storeName, size, options.BatchSize, _batchMs, PrefillSeconds, load.Rows, load.Ms,
                await benchStore.SizeBytesAsync().ConfigureAwait(false));
        }
    }
}
