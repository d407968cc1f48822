namespace OrleansCrawler.TestSite;

/// <summary>A fault of one host and its parameters.</summary>
public sealed record HostFault(FaultMode Mode)
{
    /// <summary>Requests affected by the burst modes.</summary>
    public int Count { get; init; } = 3;

    /// <summary>Retry-After asked for by <see cref="FaultMode.RetryAfterSeconds"/> and <see cref="FaultMode.RetryAfterDate"/>.</summary>
    public int RetryAfterSeconds { get; init; } = 1;

    /// <summary>Delay of <see cref="FaultMode.SlowResponse"/> and <see cref="FaultMode.RobotsTimeout"/>.</summary>
    public TimeSpan Delay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Absolute URL for <see cref="FaultMode.CrossHostRedirect"/> and <see cref="FaultMode.ForeignLink"/>.</summary>
    public string? Target { get; init; }

    /// <summary>Whether a page is affected by the page-level modes.</summary>
    public static bool IsAffectedPage(int page) => page % 10 == 3;

    /// <summary>Parses "<c>host=mode</c>" as in <c>--fault 3=retry-after-seconds</c> (mode in kebab case or as named).</summary>
    public static bool TryParse(string text, out int host, out HostFault fault)
    {
        host = -1;
        fault = new HostFault(FaultMode.None);
        var parts = text.Split('=', 2, StringSplitOptions.TrimEntries);
        if (parts.Length != 2 || !int.TryParse(parts[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out host)
            || !Enum.TryParse<FaultMode>(parts[1].Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out var mode)
            || mode == FaultMode.None || !Enum.IsDefined(mode))
        {
            return false;
        }

        fault = new HostFault(mode);
        return true;
    }
}
