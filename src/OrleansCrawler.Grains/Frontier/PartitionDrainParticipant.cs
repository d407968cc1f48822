using OrleansCrawler.Pipeline.Partitions;

namespace OrleansCrawler.Grains.Frontier;

/// <summary>Subscribes the silo's <see cref="PartitionDrain"/> to the end of its Active stage, when every grain still
/// takes calls: a graceful stop lets the URLs in flight settle before the partitions deactivate.</summary>
public sealed class PartitionDrainParticipant(PartitionDrain drain) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(PartitionDrain), ServiceLifecycleStage.Active, _ => Task.CompletedTask, drain.DrainAsync);
}
