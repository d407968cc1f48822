using System.Runtime.InteropServices;

namespace OrleansCrawler.Bench.Persistence;

/// <summary>Runs every store kind at every size, each size on a fresh store (see <see cref="FrontierBench"/>).</summary>
internal static class PersistenceRunner
{
    public static async Task<(IReadOnlyList<FrontierMeasurement> Results, IReadOnlyList<string> Notes)> RunAsync(PersistenceOptions options,
        Action<string> progress, CancellationToken cancellationToken = default)
    {
        var results = new List<FrontierMeasurement>();
        var notes = new List<string>
        {
            $"Machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}.",
        };
        foreach (var name in options.Stores)
        {
            await using var kind = await OpenAsync(name, notes, progress).ConfigureAwait(false);
            if (kind is null)
            {
                continue;
            }

            notes.Add($"{kind.Name}: {kind.Description}.");
            var stores = new List<(BenchStore Store, int Size)>();
            try
            {
                foreach (var size in options.Sizes.Distinct().Order())
                {
                    stores.Add((await kind.CreateAsync().ConfigureAwait(false), size));
                }

                GC.Collect();
                results.AddRange(await FrontierBench.MeasureAsync(kind.Name, stores, options, progress, cancellationToken).ConfigureAwait(false));
            }
            finally
            {
                foreach (var (store, _) in stores)
                {
                    await store.DisposeAsync().ConfigureAwait(false);
                }
            }
        }

        return (results, notes);
    }

    private static async Task<IBenchStoreKind?> OpenAsync(string name, List<string> notes, Action<string> progress)
    {
        if (name == "sqlite")
        {
            return new SqliteBenchStores();
        }

        var (stores, skipped) = await PostgresBenchStores.StartAsync().ConfigureAwait(false);
        if (skipped is not null)
        {
            var note = $"postgres skipped: {skipped}";
            progress(note);
            notes.Add(note);
        }

        return stores;
    }
}
