using Orleans.Runtime;

namespace OrleansCrawler.Grains;

/// <summary>References to the string-keyed grains of one interface, made without Orleans' per-call type lookup.
/// <c>IGrainFactory.GetGrain&lt;T&gt;(key)</c> resolves the interface's grain type by convention on every call, and that
/// formats the interface's type name each time: 5 % of a silo's CPU in the latency-bound benchmark, where it ran twice
/// per URL (a host's turn asked and given back; three times with a delay) and 64 times per status wave of the job. Here the grain type and interface type
/// are resolved once, from the first reference, and each reference is built from its key alone; it is the same
/// reference <c>GetGrain&lt;T&gt;(key)</c> returns (same grain id, same interface). Thread-safe.</summary>
public sealed class StringKeyGrains<TGrain>(IGrainFactory grains) where TGrain : IGrainWithStringKey
{
    // A class, so that it is published whole (a reference write is atomic; a struct of two ids is not).
    private Types? _types;

    public TGrain Get(string key)
    {
        if (_types is not { } types)
        {
            // The first call pays the lookup once; a race only repeats it.
            var first = grains.GetGrain<TGrain>(key);
            var reference = (GrainReference)(object)first;
            _types = new Types(reference.GrainId.Type, reference.InterfaceType);
            return first;
        }

        return (TGrain)grains.GetGrain(GrainId.Create(types.Type, key), types.Interface);
    }

    private sealed record Types(GrainType Type, GrainInterfaceType Interface);
}
