namespace OrleansCrawler.Core.Robots;

/// <summary>One Allow or Disallow line of the selected group(s), its pattern normalized.</summary>
internal readonly record struct RobotsRule(string Pattern, bool Allow);
