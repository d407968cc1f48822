namespace OrleansCrawler.TestSite;

/// <summary>
/// What a product page of the test web shows (see <see cref="TestWebOptions.ProductPercent"/>), from the web's own
/// generator, written as the page writes it: for tests of field extraction (<c>--extract</c>), which compare every
/// product page's extracted fields to these values.
/// </summary>
/// <param name="Name">The product's name, in <c>h1.product-name</c>.</param>
/// <param name="Price">The price with two decimals (<c>19.90</c>), in <c>span.price</c>'s <c>data-amount</c> and text.</param>
/// <param name="Currency">A three-letter code, after the price in its text and in <c>data-currency</c>.</param>
/// <param name="Rating">One decimal from 1.0 to 5.0, in <c>div.rating</c>'s <c>data-rating</c> and its text.</param>
/// <param name="Tags">One to four tags, each a <c>ul.tags li</c>.</param>
/// <param name="OldPrice">The struck-out price before a discount (<c>s.old-price</c>), on about half the products; else null.</param>
/// <param name="Reviews">How many reviews (<c>div.review</c>) the page lists, 0 to 5.</param>
public sealed record ProductTruth(string Name, string Price, string Currency, string Rating, IReadOnlyList<string> Tags, string? OldPrice, int Reviews);
