namespace OrleansCrawler.Core.Tests;

/// <summary>Tests that measure the managed heap (<c>GC.GetTotalMemory</c>) run alone: another test's objects dying or
/// being allocated between their two readings moved a measurement by megabytes (a 32-byte-a-page index once read 23.9).</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryMeasurements
{
    public const string Name = "Memory measurements";
}
