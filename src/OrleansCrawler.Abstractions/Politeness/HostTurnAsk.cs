namespace OrleansCrawler.Abstractions.Politeness;

/// <summary>A job asks a host's gate for a turn (see <c>HostGate</c> in Core for the rules).</summary>
[GenerateSerializer, Immutable, Alias("OrleansCrawler.HostTurnAsk")]
public sealed record HostTurnAsk([property: Id(0)] string Job, [property: Id(1)] TimeSpan Delay, [property: Id(2)] int PerHost,
    [property: Id(3)] TimeSpan Hold);
