using System.Net;
using OrleansCrawler.Core.Safety;

namespace OrleansCrawler.Core.Tests.Safety;

public class AddressPolicyTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.5.6.7")]
    [InlineData("10.1.2.3")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.1.1")]
    [InlineData("169.254.169.254")]
    [InlineData("100.64.0.1")]
    [InlineData("0.0.0.0")]
    [InlineData("224.0.0.1")]
    [InlineData("::1")]
    [InlineData("::")]
    [InlineData("fe80::1")]
    [InlineData("fd00::1")]
    [InlineData("fc00::1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("::ffff:169.254.169.254")]
    public void IsPrivate_InternalAddresses(string address) => Assert.True(AddressPolicy.IsPrivate(IPAddress.Parse(address)));

    [Theory]
    [InlineData("93.184.216.34")]
    [InlineData("8.8.8.8")]
    [InlineData("172.32.0.1")]
    [InlineData("172.15.0.1")]
    [InlineData("192.169.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("2606:2800:220:1:248:1893:25c8:1946")]
    [InlineData("::ffff:8.8.8.8")]
    public void IsPrivate_PublicAddresses(string address) => Assert.False(AddressPolicy.IsPrivate(IPAddress.Parse(address)));

    [Fact]
    public void Check_SeedAuthority_IsTrusted_OtherPortIsNot()
    {
        var policy = new AddressPolicy(false, ["127.0.0.1:8080"]);
        Assert.Null(policy.Check("127.0.0.1:8080", [IPAddress.Loopback]));
        Assert.StartsWith("private-address", policy.Check("127.0.0.1:9090", [IPAddress.Loopback]));
        Assert.StartsWith("private-address", policy.Check("metadata.test", [IPAddress.Parse("169.254.169.254")]));
        Assert.Null(policy.Check("example.test", [IPAddress.Parse("93.184.216.34")]));
    }

    [Fact]
    public void Check_AllowPrivate_AllowsEverything() =>
        Assert.Null(new AddressPolicy(true, []).Check("10.0.0.1:80", [IPAddress.Parse("10.0.0.1")]));

    [Fact]
    public void Check_OneAllowedAddressAmongMany_IsEnough() =>
        Assert.Null(new AddressPolicy(false, []).Check("mixed.test", [IPAddress.Parse("10.0.0.1"), IPAddress.Parse("8.8.8.8")]));

    [Fact]
    public void Check_NoAddress_IsDns() =>
        Assert.StartsWith("dns:", new AddressPolicy(false, []).Check("nowhere.test", []));
}
