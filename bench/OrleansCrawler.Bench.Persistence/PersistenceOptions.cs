using System.Globalization;

namespace OrleansCrawler.Bench.Persistence;

/// <summary>What the frontier persistence benchmark runs.</summary>
internal sealed record PersistenceOptions
{
    public const string Usage = """
        Frontier persistence benchmark: prefills a frontier store with N URLs (half settled), then times batches of
        new appends plus settles of queued URLs, and the load of one partition.

        Options:
          --sizes N,N...        frontier sizes (k and m suffixes allowed)   default 100k,1m
          --batches K           measured batches per size                   default 50
          --warmup W            unmeasured batches before them              default 5
          --batch-size B        appends and settles per batch (B of each)   default 1000
          --stores S,S...       sqlite, postgres                            default sqlite,postgres
          --partitions P        partitions the hosts are spread over        default 64
          --hosts H             hosts the URLs are spread over              default 1000
          --out FILE.md         also write the report to FILE.md
        """;

    public IReadOnlyList<int> Sizes { get; init; } = [100_000, 1_000_000];

    public int Batches { get; init; } = 50;

    public int Warmup { get; init; } = 5;

    public int BatchSize { get; init; } = 1000;

    public IReadOnlyList<string> Stores { get; init; } = ["sqlite", "postgres"];

    public int Partitions { get; init; } = 64;

    public int Hosts { get; init; } = 1000;

    /// <summary>Appends (and settles) per write while prefilling.</summary>
    public int PrefillBatchSize { get; init; } = 50_000;

    public string? OutputFile { get; init; }

    public static PersistenceOptions Parse(IReadOnlyList<string> args)
    {
        var options = new PersistenceOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value");
            options = name switch
            {
                "--sizes" => options with { Sizes = [.. Value().Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Count)] },
                "--batches" => options with { Batches = Count(Value()) },
                "--warmup" => options with { Warmup = int.Parse(Value(), CultureInfo.InvariantCulture) },
                "--batch-size" => options with { BatchSize = Count(Value()) },
                "--stores" => options with { Stores = [.. Value().Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => s.Trim().ToLowerInvariant())] },
                "--partitions" => options with { Partitions = Count(Value()) },
                "--hosts" => options with { Hosts = Count(Value()) },
                "--out" => options with { OutputFile = Value() },
                _ => throw new ArgumentException($"unknown option {name}"),
            };
        }

        options.Validate();
        return options;
    }

    public void Validate()
    {
        if (Sizes.Count == 0 || Batches < 1 || Warmup < 0 || BatchSize < 1 || Partitions < 1 || Hosts < 1 || PrefillBatchSize < 1)
        {
            throw new ArgumentException("sizes, batches, batch size, partitions and hosts must be positive, warmup not negative");
        }

        // The settles of the measured batches take queued URLs: the unsettled half of the prefill first.
        if (Sizes.Any(n => n < 2 * BatchSize))
        {
            throw new ArgumentException($"every size must be at least twice the batch size ({2 * BatchSize})");
        }

        if (Stores.FirstOrDefault(s => s is not ("sqlite" or "postgres")) is { } unknown)
        {
            throw new ArgumentException($"unknown store '{unknown}' (sqlite, postgres)");
        }
    }

    /// <summary>A positive count such as "1000", "100k" or "1m" (no thousands separators: commas separate sizes).</summary>
    internal static int Count(string text)
    {
        text = text.Trim().ToLowerInvariant().Replace("_", "", StringComparison.Ordinal);
        var multiplier = text.EndsWith('k') ? 1_000 : text.EndsWith('m') ? 1_000_000 : 1;
        var digits = multiplier == 1 ? text : text[..^1];
        var value = int.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture) * multiplier;
        return value > 0 ? value : throw new ArgumentException($"'{text}' is not a positive count");
    }
}
