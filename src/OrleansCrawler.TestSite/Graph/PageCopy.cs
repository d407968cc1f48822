namespace OrleansCrawler.TestSite.Graph;

/// <summary>A copy and the article page it copies (<see cref="CopyKind.None"/>: the page is not a copy).</summary>
public readonly record struct PageCopy(CopyKind Kind, int Host, int Page)
{
    public bool IsNearDuplicate => Kind is CopyKind.Republished or CopyKind.Printable;
}
