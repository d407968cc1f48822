using System.Text.Json.Nodes;

namespace OrleansCrawler.TestSite;

/// <summary>Field rules (<c>ocrawl run --extract</c>) for the test web's product pages, and the fields they must give for a
/// product: shared by the tests that extract fields (one page, a crawl, a cluster) and docs/fields.md's example.</summary>
public static class ProductFieldRules
{
    public const string Yaml = """
        rules:
          - url: "http://127.0.0.1:*/**.html"
            fields:
              name: { css: "h1.product-name", required: true }
              price: { css: "span.price", attr: data-amount, required: true }
              currency: { css: "span.price", regex: '\s([A-Z]{3})$' }
              rating: { css: "div.rating", regex: 'Rated ([0-9.]+) out of 5' }
              tags: { css: "ul.tags li", all: true }
              oldPrice: { css: "s.old-price", regex: '^([0-9.]+) ', required: true }
              reviews: { css: ".reviews .review", take: count }
        """;

    /// <summary>The fields object <see cref="Yaml"/> must give for <paramref name="product"/>, as the generator made it.</summary>
    public static JsonObject Expected(ProductTruth product)
    {
        ArgumentNullException.ThrowIfNull(product);
        return new()
        {
            ["name"] = product.Name,
            ["price"] = product.Price,
            ["currency"] = product.Currency,
            ["rating"] = product.Rating,
            ["tags"] = new JsonArray([.. product.Tags.Select(t => (JsonNode?)JsonValue.Create(t))]),
            ["oldPrice"] = product.OldPrice,
            ["reviews"] = product.Reviews,
        };
    }
}
