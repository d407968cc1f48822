using Orleans.Placement;
using Orleans.Runtime.Placement;
using OrleansCrawler.Abstractions.Frontier;

namespace OrleansCrawler.Grains.Frontier;

/// <summary>Where a job's partition grains live: dealt round the silos in turn (partition p of every job on silo
/// p mod N, the silos in address order), so each silo holds ⌊64/N⌋ or ⌈64/N⌉ of a job's 64 partitions. Orleans'
/// <c>[HashBasedPlacement]</c>, used before, hashed each partition's key onto the silos: even only on average, 16 ± 3.5
/// partitions per silo at 4 silos, and the silo with the most partitions set the pace of the whole crawl while the
/// others waited (the lab measured one silo of three using 64-66 % of its quota while the others used 94-98 %,
/// docs/scale.md). Every job deals from the same silo, so that partition p of two jobs (with the same partition
/// count: the same hosts) share a silo, and with it the hosts' <c>HostGateGrain</c>s, which are shared by every job
/// and placed on the silo of their first caller: a rule that started each job on another silo (it did, until the lab
/// showed a warm-up job's gates answering every turn of the measured job from another silo, 780 bytes between silos
/// per URL) makes two or three remote calls of every URL. After a silo leaves, its partitions are dealt over the silos
/// that remain by the same rule; the others stay where they are.</summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking]
public sealed class PartitionPlacement : PlacementStrategy
{
    public static PartitionPlacement Instance { get; } = new();
}

/// <summary>Marks a grain placed by <see cref="PartitionPlacement"/>; its key must be a <see cref="PartitionKey"/>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class PartitionPlacementAttribute() : PlacementAttribute(PartitionPlacement.Instance);

/// <summary>Picks the silo of a partition grain: <see cref="SiloIndex"/> into the compatible silos sorted by address.</summary>
public sealed class PartitionPlacementDirector : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var silos = context.GetCompatibleSilos(target).OrderBy(s => s).ToArray();
        return Task.FromResult(silos[SiloIndex(target.GrainIdentity.Key.ToString()!, silos.Length)]);
    }

    /// <summary>Partition p of any job on silo p mod <paramref name="silos"/>.</summary>
    public static int SiloIndex(string partitionKey, int silos)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(silos, 1);
        var (_, partition) = PartitionKey.Parse(partitionKey);
        return partition % silos;
    }
}
