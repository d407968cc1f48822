using System.Net;
using OrleansCrawler.TestSite.Hosting;

namespace OrleansCrawler.TestSite.Tests;

public class HostListenersTests
{
    [Fact]
    public void TryFind_SpecificAddresses_MatchAddressAndPort()
    {
        var listeners = new HostListeners([new IPEndPoint(IPAddress.Parse("127.0.0.2"), 8000), new IPEndPoint(IPAddress.Parse("127.0.0.3"), 8000)]);

        Assert.True(listeners.TryFind(IPAddress.Parse("127.0.0.3"), 8000, out var host));
        Assert.Equal(1, host);
        Assert.True(listeners.TryFind(IPAddress.Parse("::ffff:127.0.0.2"), 8000, out host));
        Assert.Equal(0, host);
        Assert.False(listeners.TryFind(IPAddress.Parse("127.0.0.4"), 8000, out _));
        Assert.False(listeners.TryFind(IPAddress.Parse("127.0.0.2"), 8001, out _));
    }

    [Fact]
    public void TryFind_WildcardBind_MatchesByPort_WhateverAddressWasDialled()
    {
        var listeners = new HostListeners([new IPEndPoint(IPAddress.Any, 8000), new IPEndPoint(IPAddress.Any, 8001)]);

        // A container's own address, loopback, an IPv4-mapped address: the port tells the host.
        Assert.True(listeners.TryFind(IPAddress.Parse("172.18.0.5"), 8001, out var host));
        Assert.Equal(1, host);
        Assert.True(listeners.TryFind(IPAddress.Loopback, 8000, out host));
        Assert.Equal(0, host);
        Assert.True(listeners.TryFind(IPAddress.Parse("::ffff:10.0.0.7"), 8000, out host));
        Assert.Equal(0, host);
        Assert.False(listeners.TryFind(IPAddress.Loopback, 8002, out _));
        Assert.False(listeners.TryFind(null, 8000, out _));
    }
}
