using System.Diagnostics;
using System.Globalization;

namespace OrleansCrawler.Bench.Cluster;

/// <summary>Bytes sent between silos, read from the kernel's TCP counters (<c>ss -tinH</c>: every established socket's
/// <c>bytes_sent</c>). A connection between two silos has one end on a silo port; summing <c>bytes_sent</c> over both
/// ends of every such connection gives the traffic in both directions. Gateway connections (the client) use the
/// gateway ports and are not counted. Counters are per socket since it opened, so a measurement is the difference of
/// two snapshots, socket by socket (a socket opened in between counts from zero).</summary>
public static class LoopbackTraffic
{
    /// <summary>bytes_sent per socket (local and peer address) touching one of <paramref name="ports"/>; empty when
    /// <c>ss</c> cannot run (the caller then reports no figure).</summary>
    public static IReadOnlyDictionary<string, long> Snapshot(IReadOnlySet<int> ports)
    {
        try
        {
            using var ss = Process.Start(new ProcessStartInfo("ss", "-tinH state established") { RedirectStandardOutput = true, UseShellExecute = false });
            if (ss is null)
            {
                return new Dictionary<string, long>();
            }

            var output = ss.StandardOutput.ReadToEnd();
            ss.WaitForExit();
            return Parse(output, ports);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return new Dictionary<string, long>();
        }
    }

    /// <summary>Sent bytes in <paramref name="end"/> beyond <paramref name="start"/>, summed over sockets.</summary>
    public static long Between(IReadOnlyDictionary<string, long> start, IReadOnlyDictionary<string, long> end) =>
        end.Sum(e => Math.Max(0, e.Value - start.GetValueOrDefault(e.Key)));

    /// <summary>Parses <c>ss -tinH</c> output: a socket line (state columns, local, peer) followed by an indented line of
    /// its counters.</summary>
    public static IReadOnlyDictionary<string, long> Parse(string output, IReadOnlySet<int> ports)
    {
        var sockets = new Dictionary<string, long>();
        string? socket = null;
        foreach (var line in output.Split('\n'))
        {
            if (line.Length == 0)
            {
                continue;
            }

            if (!char.IsWhiteSpace(line[0]))
            {
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                socket = fields.Length >= 2 && (ports.Contains(PortOf(fields[^2])) || ports.Contains(PortOf(fields[^1])))
                    ? fields[^2] + " " + fields[^1]
                    : null;
                continue;
            }

            if (socket is null)
            {
                continue;
            }

            var at = line.IndexOf(" bytes_sent:", StringComparison.Ordinal);
            if (at >= 0)
            {
                var start = at + " bytes_sent:".Length;
                var stop = line.IndexOf(' ', start);
                sockets[socket] = long.Parse(line.AsSpan(start, (stop < 0 ? line.Length : stop) - start), CultureInfo.InvariantCulture);
            }

            socket = null;
        }

        return sockets;
    }

    private static int PortOf(string endpoint)
    {
        var colon = endpoint.LastIndexOf(':');
        return colon >= 0 && int.TryParse(endpoint.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) ? port : -1;
    }
}
