using System.ComponentModel.DataAnnotations;

namespace OrleansCrawler.Silo.Hosting;

/// <summary>Where the embedded stores live (section "Crawler:Storage").</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Crawler:Storage";

    /// <summary>Folder of <c>results.db</c>.</summary>
    [Required]
    public string DataDirectory { get; set; } = "crawl-data";
}
