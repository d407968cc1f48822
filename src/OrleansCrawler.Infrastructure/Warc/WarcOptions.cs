namespace OrleansCrawler.Infrastructure.Warc;

/// <summary>A silo's WARC settings (section <c>Crawler:Warc</c>). A job asks for an archive with its own folder
/// (<c>--warc DIR</c>); on a silo with <see cref="Directory"/> set, a relative job folder is placed under it (the
/// silo's volume in a cluster), an absolute one is used as given.</summary>
public sealed class WarcOptions
{
    public const string SectionName = "Crawler:Warc";

    /// <summary>Where relative job folders go; null: relative to the silo's working folder.</summary>
    public string? Directory { get; set; }

    /// <summary>The rotation size for jobs that give none.</summary>
    public long RotateBytes { get; set; } = WarcWriter.DefaultRotateBytes;
}
