using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace OrleansCrawler.LocalServers;

/// <summary>A child process with its output captured, stopped (SIGTERM, then kill) at dispose.</summary>
public sealed partial class ChildProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Lock _lock = new();

    private ChildProcess(Process process, string name)
    {
        _process = process;
        Name = name;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Name { get; }

    public int Id => _process.Id;

    public string Output { get { lock (_lock) { return _output.ToString(); } } }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <param name="quota">Start the process inside this CPU quota (null: unconfined).</param>
    public static ChildProcess Start(string name, string fileName, IEnumerable<string> args, string? workingDirectory = null,
        IReadOnlyDictionary<string, string?>? environment = null, CpuQuota? quota = null)
    {
        if (quota is not null)
        {
            (fileName, var wrapped) = quota.Wrap(fileName, args);
            args = wrapped;
        }

        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            info.Environment[key] = value;
        }

        return new ChildProcess(Process.Start(info) ?? throw new InvalidOperationException($"could not start {fileName}"), name);
    }

    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (_process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{Name} did not print '{text}' (exited: {_process.HasExited}). Output:\n{Output}");
            }

            await Task.Delay(50);
        }
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Name} did not exit within {timeout}. Output:\n{Output}");
        }

        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>SIGTERM: what `docker stop` or Ctrl+C does.</summary>
    public void Terminate() => Signal(15);

    /// <summary>SIGKILL: a crash.</summary>
    public void KillHard() => Signal(9);

    /// <summary>Sends a signal to any process (kill -SIGNAL PID), such as a server that a child runs as another user.</summary>
    public static void SignalProcess(int processId, int signal)
    {
        if (Kill(processId, signal) != 0)
        {
            throw new InvalidOperationException($"kill -{signal} {processId} failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    private void Signal(int signal)
    {
        if (!_process.HasExited && Kill(_process.Id, signal) != 0 && !_process.HasExited)
        {
            throw new InvalidOperationException($"kill -{signal} {Name} failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                Terminate();
                if (!_process.WaitForExit(TimeSpan.FromSeconds(10)))
                {
                    _process.Kill(entireProcessTree: true);
                }
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_lock)
            {
                _output.AppendLine(line);
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
