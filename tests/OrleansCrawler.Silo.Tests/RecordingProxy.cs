using System.Net;
using System.Net.Sockets;

namespace OrleansCrawler.Silo.Tests;

/// <summary>A TCP proxy on loopback that forwards every connection to <c>127.0.0.1:target</c> and keeps the bytes each
/// side sent, so a test can look at what crossed the wire.</summary>
public sealed class RecordingProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<(MemoryStream Sent, MemoryStream Received)> _connections = [];
    private readonly List<Task> _pumps = [];
    private readonly Task _accepting;

    public RecordingProxy(int target)
    {
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync(target);
    }

    public int Port { get; }

    /// <summary>Connections the target did not take.</summary>
    public int Refused { get; private set; }

    /// <summary>Each connection so far: the bytes its opener sent and the bytes it received.</summary>
    public IReadOnlyList<(byte[] Sent, byte[] Received)> Connections
    {
        get
        {
            lock (_connections)
            {
                return [.. _connections.Select(c => (Copy(c.Sent), Copy(c.Received)))];
            }
        }
    }

    private static byte[] Copy(MemoryStream stream)
    {
        lock (stream)
        {
            return stream.ToArray();
        }
    }

    private async Task AcceptAsync(int target)
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient inbound;
            try
            {
                inbound = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            var outbound = new TcpClient();
            try
            {
                await outbound.ConnectAsync(IPAddress.Loopback, target, _stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException)
            {
                inbound.Dispose();
                outbound.Dispose();
                Refused++;
                continue;
            }

            var record = (Sent: new MemoryStream(), Received: new MemoryStream());
            lock (_connections)
            {
                _connections.Add(record);
                _pumps.Add(PumpAsync(inbound, outbound, record.Sent));
                _pumps.Add(PumpAsync(outbound, inbound, record.Received));
            }
        }
    }

    private async Task PumpAsync(TcpClient from, TcpClient to, MemoryStream record)
    {
        var buffer = new byte[16384];
        try
        {
            while (true)
            {
                var read = await from.GetStream().ReadAsync(buffer, _stop.Token);
                if (read == 0)
                {
                    break;
                }

                lock (record)
                {
                    record.Write(buffer, 0, read);
                }

                await to.GetStream().WriteAsync(buffer.AsMemory(0, read), _stop.Token);
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // The other side went away.
        }
        finally
        {
            from.Dispose();
            to.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        Task[] pumps;
        lock (_connections)
        {
            pumps = [.. _pumps];
        }

        await Task.WhenAll(pumps);
        _stop.Dispose();
    }
}
