namespace OrleansCrawler.Core.Seeds;

/// <summary>A seeds file that cannot be used, with a message that names the file, the line and the value.</summary>
public sealed class SeedFileException(string message) : Exception(message);
