namespace OrleansCrawler.WebConsole.Hosting;

/// <summary>A console setting that cannot work; the message names the setting.</summary>
public sealed class ConsoleConfigurationException(string message, Exception? inner = null) : Exception(message, inner);
