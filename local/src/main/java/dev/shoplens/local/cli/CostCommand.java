package dev.shoplens.local.cli;

import dev.shoplens.local.cost.CostModel;
import dev.shoplens.local.cost.Prices;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code shoplens cost}: what a deployed stack costs a month for a catalog size and a search rate. */
@Command(name = "cost", mixinStandardHelpOptions = true,
        description = "Estimate a deployed stack's monthly cost (us-east-1 on-demand prices, dated) for a catalog and a search rate.")
final class CostCommand implements Callable<Integer> {
    @Option(names = "--profile", defaultValue = "DEV", description = "The template's Profile: DEV or PROD. Default: ${DEFAULT-VALUE}")
    CostModel.Profile profile;

    @Option(names = "--catalog-images", defaultValue = "10000", description = "Catalog images stored and indexed. Default: ${DEFAULT-VALUE}")
    long catalogImages;

    @Option(names = "--images-per-month", defaultValue = "1000", description = "Images added or replaced a month. Default: ${DEFAULT-VALUE}")
    long imagesPerMonth;

    @Option(names = "--searches-per-month", defaultValue = "100000", description = "Photo searches a month. Default: ${DEFAULT-VALUE}")
    long searchesPerMonth;

    @Option(names = "--image-kb", defaultValue = "300", description = "Average catalog image size in KB. Default: ${DEFAULT-VALUE}")
    long imageKb;

    @Option(names = "--dimensions", defaultValue = "256", description = "The model's vector width. Default: ${DEFAULT-VALUE}")
    int dimensions;

    @Option(names = "--ingest-memory-mb", defaultValue = "768", description = "The ingest function's memory "
            + "(template.yaml, chosen by bench's Lambda sizing). Default: ${DEFAULT-VALUE}")
    int ingestMemoryMb;

    @Option(names = "--ingest-ms", defaultValue = "74", description = "Ingest time per image at that memory "
            + "(bench's Lambda sizing, assumed AWS waits included). Default: ${DEFAULT-VALUE}")
    double ingestMs;

    @Option(names = "--search-memory-mb", defaultValue = "3008", description = "The search function's memory "
            + "(template.yaml, chosen by bench's Lambda sizing). Default: ${DEFAULT-VALUE}")
    int searchMemoryMb;

    @Option(names = "--search-ms", defaultValue = "51", description = "Search time at that memory (bench's Lambda "
            + "sizing, assumed AWS waits included). Default: ${DEFAULT-VALUE}")
    double searchMs;

    @Override
    public Integer call() {
        Prices prices = Prices.usEast1();
        CostModel.Estimate e = new CostModel(prices).estimate(new CostModel.Load(profile, catalogImages, imagesPerMonth,
                searchesPerMonth, imageKb * 1024, dimensions, ingestMemoryMb, ingestMs, searchMemoryMb, searchMs, 10));
        System.out.printf(Locale.ROOT, "Monthly cost, profile %s, %d catalog images, %d images and %d searches a month "
                        + "(%s on-demand prices looked up %s):%n%n", profile, catalogImages, imagesPerMonth,
                searchesPerMonth, prices.region(), prices.lookedUp());
        System.out.println("| item | $ a month | how |");
        System.out.println("| --- | ---: | --- |");
        e.lines().forEach(l -> System.out.printf(Locale.ROOT, "| %s | %.2f | %s |%n", l.item(), l.dollars(), l.formula()));
        System.out.printf(Locale.ROOT, "| **total** | **%.2f** | |%n%n", e.total());
        System.out.printf(Locale.ROOT, "Idle (nothing indexed or searched): $%.2f a month. Per 1,000 images indexed: $%.4f. "
                + "Per 1,000 searches: $%.4f.%nPrices from: %s%n", e.idleDollars(), e.per1000Images(), e.per1000Searches(),
                prices.sources());
        return 0;
    }
}
