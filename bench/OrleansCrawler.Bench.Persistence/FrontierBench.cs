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

/// <summary>The measuring code: prefill, timed batches, timed partition load.</summary>
internal static class FrontierBench
{
    /// <summary>Prefills <paramref name="store"/> (empty) with <paramref name="size"/> URLs in big batches, the first
    /// half settled; then times <see cref="PersistenceOptions.Warmup"/> + <see cref="PersistenceOptions.Batches"/>
    /// batches (warm-up ones not kept), each appending <see cref="PersistenceOptions.BatchSize"/> new URLs and settling
    /// as many queued ones (the oldest first); then times the load of one partition.</summary>
    public static async Task<FrontierMeasurement> MeasureAsync(string storeName, BenchStore benchStore, int size, PersistenceOptions options,
        Action<string>? progress = null, CancellationToken cancellationToken = default)
    {
        var store = benchStore.Store;
        var workload = new FrontierWorkload(options.Hosts, options.Partitions);

        var prefill = Stopwatch.StartNew();
        for (long from = 0; from < size; from += options.PrefillBatchSize)
        {
            var count = (int)Math.Min(options.PrefillBatchSize, size - from);
            // Settle as the crawl would have: the first half of what was appended so far.
            var settleFrom = from / 2;
            var settleTo = (from + count) / 2;
            await store.WriteAsync(workload.Batch(from, count, settleFrom, (int)(settleTo - settleFrom)), cancellationToken).ConfigureAwait(false);
        }

        await benchStore.AfterPrefillAsync().ConfigureAwait(false);
        prefill.Stop();
        progress?.Invoke($"{storeName} {size:N0}: prefilled in {prefill.Elapsed.TotalSeconds:F1} s");

        // URLs [size/2, size) are queued; each batch settles the next B of them (and later the ones batches appended).
        long nextAppend = size;
        long nextSettle = size / 2;
        var batchMs = new List<double>(options.Batches);
        for (var b = 0; b < options.Warmup + options.Batches; b++)
        {
            var batch = workload.Batch(nextAppend, options.BatchSize, nextSettle, options.BatchSize);
            nextAppend += options.BatchSize;
            nextSettle += options.BatchSize;
            var watch = Stopwatch.StartNew();
            await store.WriteAsync(batch, cancellationToken).ConfigureAwait(false);
            watch.Stop();
            if (b >= options.Warmup)
            {
                batchMs.Add(watch.Elapsed.TotalMilliseconds);
            }
        }

        var loads = new List<(int Rows, double Ms)>();
        for (var i = 0; i < 3; i++)
        {
            loads.Add(await TimeLoadAsync(store, workload.LoadedPartition, cancellationToken).ConfigureAwait(false));
        }

        var load = loads.OrderBy(l => l.Ms).ElementAt(1);
        var measurement = new FrontierMeasurement(storeName, size, options.BatchSize, batchMs, prefill.Elapsed.TotalSeconds,
            load.Rows, load.Ms, await benchStore.SizeBytesAsync().ConfigureAwait(false));
        progress?.Invoke($"{storeName} {size:N0}: mean {measurement.MeanMs:F2} ms, p95 {measurement.P95Ms:F2} ms per batch; " +
            $"partition of {load.Rows:N0} rows loaded in {load.Ms:F1} ms");
        return measurement;
    }

    private static async Task<(int Rows, double Ms)> TimeLoadAsync(IFrontierStore store, int partition, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var rows = 0;
        await foreach (var _ in store.LoadAsync(FrontierWorkload.JobId, partition, cancellationToken).ConfigureAwait(false))
        {
            rows++;
        }

        return (rows, watch.Elapsed.TotalMilliseconds);
    }
}
