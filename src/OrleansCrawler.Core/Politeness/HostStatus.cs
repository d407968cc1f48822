namespace OrleansCrawler.Core.Politeness;

public enum HostStatus
{
    /// <summary>Requests go out, paced by the host's clock.</summary>
    Active,
    /// <summary>Failed too often in a row: no requests until the parking time is over, then one probe.</summary>
    Parked,
    /// <summary>Failed again after parking: no more requests; every remaining URL is recorded as given up.</summary>
    GivenUp,
}
