namespace OrleansCrawler.Bench.Measurement;

/// <summary>What one run used: wall time, CPU time (all threads), peak working set.</summary>
public readonly record struct ResourceUsage(TimeSpan Wall, TimeSpan Cpu, long PeakWorkingSetBytes, bool PeakIsPerRun);
