namespace OrleansCrawler.Cli.Commands;

/// <summary>The value of <c>--delay</c>: <c>auto</c> (the adaptive delay, <see cref="Fixed"/> null) or a fixed duration.</summary>
public readonly record struct DelayChoice(TimeSpan? Fixed)
{
    public static DelayChoice Auto => default;

    public bool IsAuto => Fixed is null;

    /// <summary>As <c>--help</c> shows the default: <c>auto</c>, or the duration.</summary>
    public override string ToString() => Fixed is { } delay ? delay.ToString("c", System.Globalization.CultureInfo.InvariantCulture) : "auto";
}
