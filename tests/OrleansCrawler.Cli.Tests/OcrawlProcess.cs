using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace OrleansCrawler.Cli.Tests;

/// <summary>The real <c>ocrawl</c> program (as built beside the tests) run as a child process, its output captured.</summary>
public sealed partial class OcrawlProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly Lock _lock = new();

    private OcrawlProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(_stdout, e.Data);
        _process.ErrorDataReceived += (_, e) => Append(_stderr, e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Stdout { get { lock (_lock) { return _stdout.ToString(); } } }

    public string Stderr { get { lock (_lock) { return _stderr.ToString(); } } }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public static OcrawlProcess Start(string workingDirectory, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ocrawl.dll"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return new OcrawlProcess(Process.Start(info) ?? throw new InvalidOperationException("could not start ocrawl"));
    }

    /// <summary>Runs ocrawl to its end (bounded by <paramref name="timeout"/>).</summary>
    public static async Task<OcrawlProcess> RunAsync(string workingDirectory, TimeSpan timeout, params string[] args)
    {
        var process = Start(workingDirectory, args);
        await process.WaitForExitAsync(timeout);
        return process;
    }

    public async Task WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"ocrawl did not exit within {timeout}.\nstdout:\n{Stdout}\nstderr:\n{Stderr}");
        }

        _process.WaitForExit(); // drains the redirected output
    }

    /// <summary>Waits until stdout holds <paramref name="text"/>.</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!Stdout.Contains(text, StringComparison.Ordinal))
        {
            if (_process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"ocrawl did not print '{text}' (exited: {_process.HasExited}).\nstdout:\n{Stdout}\nstderr:\n{Stderr}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Asks the process to stop as Ctrl+C or `docker stop` would (SIGTERM).</summary>
    public void Terminate()
    {
        if (!_process.HasExited && Kill(_process.Id, 15) != 0)
        {
            throw new InvalidOperationException($"kill failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    /// <summary>Kills the process without warning (SIGKILL, as <c>kill -9</c>): no handler runs, nothing is flushed.</summary>
    public void KillHard()
    {
        if (!_process.HasExited && Kill(_process.Id, 9) != 0)
        {
            throw new InvalidOperationException($"kill failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    private void Append(StringBuilder sb, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lock)
        {
            sb.AppendLine(line);
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
