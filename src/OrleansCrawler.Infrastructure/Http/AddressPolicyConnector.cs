using System.Net;
using System.Net.Sockets;
using OrleansCrawler.Core.Ports;
using OrleansCrawler.Core.Safety;

namespace OrleansCrawler.Infrastructure.Http;

/// <summary>The connect callback of the fetcher's handler: resolves the host through <see cref="IHostResolver"/>
/// and connects only to an address the request's <see cref="AddressPolicy"/> allows, so the policy holds for the
/// address actually connected to (DNS rebinding cannot bypass it).</summary>
internal static class AddressPolicyConnector
{
    /// <summary>Where a request carries its policy to the connect callback.</summary>
    public static readonly HttpRequestOptionsKey<AddressPolicy> PolicyKey = new("OrleansCrawler.AddressPolicy");

    public static async ValueTask<Stream> ConnectAsync(IHostResolver resolver, SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var endpoint = context.DnsEndPoint;
        var request = context.InitialRequestMessage;
        request.Options.TryGetValue(PolicyKey, out var policy);
        var authority = request.RequestUri?.Authority ?? endpoint.Host;
        var addresses = await resolver.ResolveAsync(endpoint.Host, cancellationToken).ConfigureAwait(false);
        if (addresses.Count == 0)
        {
            throw new HttpRequestException(HttpRequestError.NameResolutionError, $"{endpoint.Host} does not resolve");
        }

        Exception? last = null;
        foreach (var address in addresses)
        {
            if (policy is not null && !policy.IsAllowed(authority, address))
            {
                continue;
            }

            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, endpoint.Port), cancellationToken).ConfigureAwait(false);
                // Wrapped so that a recording fetch learns the address its request went to (under TLS too).
                return new SendMarkingStream(new NetworkStream(socket, ownsSocket: true), address.ToString(), marksSent: false);
            }
            catch (SocketException ex)
            {
                socket.Dispose();
                last = ex;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw last ?? new AddressRefusedException(policy!.Check(authority, addresses) ?? $"private-address: {authority}");
    }
}
