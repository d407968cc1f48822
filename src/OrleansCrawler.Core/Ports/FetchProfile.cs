namespace OrleansCrawler.Core.Ports;

/// <summary>A job's own fetch settings, sent with each of its requests so that two jobs on one silo each get theirs
/// (<c>--user-agent</c>, <c>--timeout</c>, <c>--max-body-bytes</c>): the User-Agent header sent, the whole fetch's
/// timeout and the largest body kept.</summary>
public sealed record FetchProfile(string UserAgent, TimeSpan Timeout, int MaxBodyBytes);
