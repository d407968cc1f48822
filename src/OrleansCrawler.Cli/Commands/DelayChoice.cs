namespace OrleansCrawler.Cli.Commands;

/// <summary>The value of <c>--delay</c>: <c>auto</c> (the adaptive delay, <see cref="Fixed"/> null) or a fixed duration.</summary>
public readonly record struct DelayChoice(TimeSpan? Fixed)
{
    public static DelayChoice Auto => default;

    public bool IsAuto => Fixed is null;
}
