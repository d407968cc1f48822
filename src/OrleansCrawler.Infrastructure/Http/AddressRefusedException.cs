namespace OrleansCrawler.Infrastructure.Http;

/// <summary>Thrown from the connect callback when every address of a host is refused by the address policy.</summary>
public sealed class AddressRefusedException(string message) : IOException(message);
