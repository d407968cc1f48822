using System.Text.Json;

namespace OrleansCrawler.Silo.Tests;

/// <summary>The runtime settings the silo is built with, read from the runtimeconfig.json the silo process starts with
/// (the one beside the silo the other tests run; a publish writes the same from the project).</summary>
public sealed class SiloRuntimeConfigTests
{
    /// <summary>No quick JIT and no dynamic PGO: a silo runs optimized code from the first call rather than tier-0 code
    /// for a good part of a crawl (docs/scale.md, "Turn gates on their partition's silo, optimized code from the start").
    /// The CLI keeps quick JIT for its start-up; this is the silo's own setting.</summary>
    [Fact]
    public void Silo_RunsWithoutQuickJitOrDynamicPgo_OnServerGc()
    {
        using var config = JsonDocument.Parse(File.ReadAllText(Path.ChangeExtension(Repository.SiloDll, ".runtimeconfig.json")));
        var options = config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");

        Assert.False(options.GetProperty("System.Runtime.TieredCompilation.QuickJit").GetBoolean());
        Assert.False(options.GetProperty("System.Runtime.TieredPGO").GetBoolean());
        Assert.True(options.GetProperty("System.GC.Server").GetBoolean());
    }

    /// <summary>Thread-pool workers sleep without spinning first: spinning was a fifth of the CPU of 0.25-CPU silos at 3
    /// silos (docs/scale.md, "Thread-pool workers that spin").</summary>
    [Fact]
    public void Silo_ThreadPoolWorkers_DoNotSpinBeforeSleeping()
    {
        using var config = JsonDocument.Parse(File.ReadAllText(Path.ChangeExtension(Repository.SiloDll, ".runtimeconfig.json")));
        var options = config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");

        Assert.Equal(0, options.GetProperty("System.Threading.ThreadPool.UnfairSemaphoreSpinLimit").GetInt32());
    }
}
