namespace OrleansCrawler.TestSite.Graph;

internal enum PageClass : byte
{
    /// <summary>Page 0, served at <c>/</c>.</summary>
    Root,
    /// <summary>Served at <c>/s{i % 10}/p{i}.html</c>.</summary>
    Public,
    /// <summary>Served at <c>/private/p{i}.html</c>, disallowed by robots.txt.</summary>
    Private,
    /// <summary>Served at <c>/private/open/p{i}.html</c>, allowed again by a longer <c>Allow:</c>.</summary>
    PrivateOpen,
}
